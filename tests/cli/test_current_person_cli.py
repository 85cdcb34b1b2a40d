"""Issue 12, item 7: whose data a command acts on is always clear.

``start`` makes the new person the current one and says so; ``people list`` shows who is
current and ``people use`` switches; every person-scoped command names the person on one
line; an error about a program or exercise names the person and ``--person``. The choice is
a command-line setting (a file, here one per test: ``tests/conftest.py``), kept per database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutemed.cli import app

DAY = "2026-03-02"
HOLD = "side-lying-abduction.isometric-hold"


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def _start(db: str, name: str, *extra: str) -> str:
    code, out, err = run(db, "start", "--name", name, "--goal", "rehab", "--days", "2",
                         "--weeks", "8", "--equipment", "mini-band,dumbbell",
                         "--start-date", DAY, "--timezone", "UTC", *extra)
    assert code == 0, out + err
    return out


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'log.sqlite3'}"


def test_start_makes_the_new_person_current_and_today_shows_them(db: str) -> None:
    """The issue's repro: after 'start --name Bo', 'today' showed Ana."""
    _start(db, "Ana")
    out = _start(db, "Bo", "--goal", "hypertrophy", "--equipment", "barbell,dumbbell")
    assert "Bo is now the current person" in out
    today = json.loads(run(db, "today", "--date", DAY, "--json")[1])
    assert today["person_name"] == "Bo"
    assert run(db, "today", "--date", DAY)[1].startswith("Bo - week 1")


def test_an_exercise_not_in_the_program_names_whose_program_and_person(db: str) -> None:
    """The issue's repro: the README's next 'log' failed with 'not in your program' and
    no word of whose program it was or of --person."""
    _start(db, "Ana")
    _start(db, "Bo", "--goal", "hypertrophy", "--equipment", "barbell,dumbbell")
    code, _, err = run(db, "log", HOLD, "--side", "left", "--hold-s", "40", "--date", DAY)
    assert code == 2 and "not in" in err and "program" in err
    assert "Bo's" in err and "--person" in err
    code, out, err = run(db, "log", HOLD, "--side", "left", "--hold-s", "40", "--date", DAY,
                         "--person", "Ana")
    assert code == 0 and out.splitlines()[0] == "Person: Ana", out + err


def test_people_list_marks_the_current_person_and_use_switches(db: str) -> None:
    _start(db, "Ana")
    _start(db, "Bo")
    listed = json.loads(run(db, "people", "list", "--json")[1])
    assert [(p["name"], p["current"]) for p in listed] == [("Ana", False), ("Bo", True)]
    table = run(db, "people", "list")[1]
    assert any(line.startswith("*") and "Bo" in line for line in table.splitlines())
    code, out, _ = run(db, "people", "use", "Ana")
    assert code == 0 and out.strip() == (
        "Ana is now the current person: commands without --person act on Ana."
    )
    assert json.loads(run(db, "today", "--date", DAY, "--json")[1])["person_name"] == "Ana"
    code, _, err = run(db, "people", "use", "Anna")
    assert code == 2 and "unknown person 'Anna'" in err and "Ana" in err


def test_every_person_scoped_command_names_the_person(db: str, tmp_path: Path) -> None:
    _start(db, "Ana")
    logged = run(db, "log", HOLD, "--side", "left", "--hold-s", "40", "--pain", "1",
                 "--checks", "pass", "--date", DAY)[1]
    assert logged.splitlines()[0] == "Person: Ana"
    assert run(db, "history")[1].splitlines()[0] == "Person: Ana"
    assert run(db, "why", HOLD, "--side", "left")[1].splitlines()[0] == "Person: Ana"
    assert run(db, "today", "--date", DAY)[1].startswith("Ana - ")
    assert run(db, "progress")[1].startswith("Ana: ")
    set_id = json.loads(run(db, "history", "--json")[1])[0]["id"]
    assert run(db, "edit-set", str(set_id), "--pain-next-morning", "1")[1].startswith(
        f"Set {set_id} of Ana updated"
    )
    assert run(db, "delete-set", str(set_id))[1].startswith(f"Set {set_id} of Ana deleted")
    code, _, err = run(db, "export", "json", "-o", str(tmp_path / "a.json"))
    assert code == 0 and "Wrote Ana's history (JSON)" in err


def test_json_output_stays_pure_json(db: str) -> None:
    _start(db, "Ana")
    code, out, _ = run(db, "log", HOLD, "--side", "left", "--hold-s", "40", "--date", DAY,
                       "--json")
    assert code == 0 and json.loads(out)["variant_id"] == HOLD


def test_a_missing_program_names_the_person_and_how_to_choose_another(db: str) -> None:
    from glutemed.programming.models import Profile
    from glutemed.store.engine import make_engine
    from glutemed.store.unit_of_work import SqlUnitOfWork

    _start(db, "Ana")
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        cy = uow.people.add("Cy", Profile(goal="rehab"))
        uow.commit()
    engine.dispose()
    run(db, "people", "use", "Cy")
    code, _, err = run(db, "today")
    assert code == 2 and "Cy has no program" in err and "--person" in err
    assert cy == 2


def test_the_choice_is_kept_per_database(db: str, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    _start(db, "Ana")
    _start(db, "Bo")
    _start(other, "Cy")
    _start(other, "Di")
    run(db, "people", "use", "Ana")
    assert json.loads(run(other, "today", "--date", DAY, "--json")[1])["person_name"] == "Di"
    assert json.loads(run(db, "today", "--date", DAY, "--json")[1])["person_name"] == "Ana"
    stored = json.loads(Path(os.environ["GLUTEMED_CURRENT_PERSON_FILE"]).read_text())
    assert len(stored) == 2  # one entry per database, never inside the database itself


def test_a_stale_or_spoilt_choice_falls_back_to_the_first_person(db: str, tmp_path: Path) -> None:
    _start(db, "Ana")
    _start(db, "Bo")
    settings = Path(os.environ["GLUTEMED_CURRENT_PERSON_FILE"])
    data = json.loads(settings.read_text())
    (key,) = data
    data[key] = {"id": 2, "name": "Someone else"}  # the database was made again
    settings.write_text(json.dumps(data))
    assert json.loads(run(db, "today", "--date", DAY, "--json")[1])["person_name"] == "Ana"
    settings.write_text("{not json")
    assert json.loads(run(db, "today", "--date", DAY, "--json")[1])["person_name"] == "Ana"


def test_an_unwritable_settings_folder_still_starts_the_person(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("GLUTEMED_CURRENT_PERSON_FILE", str(blocked / "current.json"))
    result = CliRunner().invoke(app, ["start", "--name", "Ana", "--goal", "rehab",
                                      "--start-date", DAY, "--db", db])
    assert result.exit_code == 0 and "could not remember Ana" in result.stderr
    code, _, err = run(db, "people", "use", "Ana")
    assert code == 2 and "GLUTEMED_CURRENT_PERSON_FILE" in err
