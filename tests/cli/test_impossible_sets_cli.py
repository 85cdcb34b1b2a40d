"""Issue 12, item 6 on the command line: impossible sets and dates are refused with exit
status 2 and a message naming the field, no traceback, and nothing stored.

Each test is one of the issue's repros (they crashed or stored the set before the fix).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutemed.cli import app

DAY = "2026-03-02"
HOLD = "side-lying-abduction.isometric-hold"


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _rows(db: str, table: str = "performed_sets") -> list[tuple[object, ...]]:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        return list(conn.execute(f"SELECT * FROM {table} ORDER BY id"))


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Ana, as in the README: a rehab program with a mini-band and a dumbbell, from DAY."""
    url = f"sqlite:///{tmp_path / 'log.sqlite3'}"
    code, out, err = run(url, "start", "--name", "Ana", "--goal", "rehab", "--days", "2",
                         "--weeks", "8", "--equipment", "mini-band,dumbbell",
                         "--start-date", DAY, "--timezone", "UTC")
    assert code == 0, out + err
    code, out, err = run(url, "log", HOLD, "--side", "left", "--hold-s", "40", "--pain", "2",
                         "--checks", "pass", "--date", DAY)
    assert code == 0, out + err
    return url


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--hold-s", "40", "--date", "0001-01-01"), "date"),  # OverflowError before
        (("--hold-s", "40", "--date", "9999-12-31"), "date"),  # stored before
        (("--hold-s", "40", "--date", "2030-01-07"), "date"),  # a date years ahead
        (("--hold-s", "3600"), "hold_s"),
        (("--reps", "500"), "reps"),  # a hold-only exercise
        (("--hold-s", "40", "--load-kg", "500"), "load_kg"),
        (("--hold-s", "40", "--band", "red"), "band"),
    ],
)
def test_an_impossible_set_exits_2_naming_the_field_and_stores_nothing(
    db: str, args: tuple[str, ...], field: str
) -> None:
    before = _rows(db), _rows(db, "decisions"), _rows(db, "progression_state")
    code, out, err = run(db, "log", HOLD, "--side", "left", "--pain", "1", *args)
    assert code == 2, out
    assert err.startswith(f"Error: {field}: ") and "Traceback" not in err + out
    assert (_rows(db), _rows(db, "decisions"), _rows(db, "progression_state")) == before


def test_a_per_side_exercise_logged_both_asks_for_a_side(db: str) -> None:
    code, _, err = run(db, "log", HOLD, "--side", "both", "--hold-s", "40")
    assert code == 2 and "side: " in err and "allowed: left or right" in err


def test_an_id_past_the_database_range_is_not_found_not_a_crash(db: str) -> None:
    for command in (("edit-set", "99999999999999999999", "--pain", "2"),
                    ("delete-set", "99999999999999999999")):
        code, out, err = run(db, *command)
        assert code == 2 and "no set 99999999999999999999 in Ana's log" in err, out + err
        assert "--person" in err


def test_editing_a_set_into_the_future_is_refused(db: str) -> None:
    set_id = json.loads(run(db, "history", "--json")[1])[0]["id"]
    before = _rows(db)
    code, _, err = run(db, "edit-set", str(set_id), "--hold-s", "3600")
    assert code == 2 and "hold_s" in err
    assert _rows(db) == before


def test_a_start_date_in_year_9999_is_refused_without_a_traceback(db: str) -> None:
    code, out, err = run(db, "start", "--name", "Bo", "--goal", "rehab",
                         "--start-date", "9999-12-31")
    assert code == 2 and err.startswith("Error: --start-date: 9999-12-31 is out of range")
    assert "Traceback" not in out + err
    code, out, _ = run(db, "people", "list", "--json")
    assert [p["name"] for p in json.loads(out)] == ["Ana"]


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31"])
def test_exports_refuse_a_start_that_runs_off_the_calendar(
    db: str, tmp_path: Path, start: str
) -> None:
    for kind in ("ics", "pdf"):
        code, out, err = run(db, "export", kind, "--start", start, "-o", str(tmp_path / "x"))
        assert code == 2 and err.startswith("Error: --start: "), out + err
        assert not (tmp_path / "x").exists()


def _history_with(db: str, tmp_path: Path, **changes: object) -> Path:
    path = tmp_path / "ana.json"
    assert run(db, "export", "json", "-o", str(path))[0] == 0
    data = json.loads(path.read_text())
    data["performed_sets"][0].update(changes)
    path.write_text(json.dumps(data))
    return path


def test_a_history_with_an_unknown_variant_names_the_set_and_the_closest_ids(
    db: str, tmp_path: Path
) -> None:
    path = _history_with(db, tmp_path, variant_id="side-lying-abduction.isometric-hld")
    code, _, err = run(db, "import", str(path), "--name", "Copy")
    assert code == 2 and "set 1 (2026-03-02).variant_id" in err and HOLD in err
    assert "--map" in err
    dry = run(db, "import", str(path), "--name", "Copy", "--dry-run")
    assert dry[0] == 2  # a dry run makes the same checks
    code, out, err = run(db, "import", str(path), "--name", "Copy",
                         "--map", f"side-lying-abduction.isometric-hld={HOLD}")
    assert code == 0 and "Imported: Copy" in out, out + err


def test_a_history_with_a_year_1_date_is_refused_and_charts_still_work(
    db: str, tmp_path: Path
) -> None:
    path = _history_with(db, tmp_path, date="0001-01-01")
    code, _, err = run(db, "import", str(path), "--name", "Copy")
    assert code == 2 and "set 1 (0001-01-01" in err and "before the first program's start" in err
    code, out, _ = run(db, "people", "list", "--json")
    assert [p["name"] for p in json.loads(out)] == ["Ana"]
    chart = tmp_path / "trend.svg"
    code, out, err = run(db, "export", "chart", "trend", "--variant", HOLD, "-o", str(chart))
    assert code == 0 and chart.read_bytes().startswith(b"<?xml"), out + err


def test_a_sets_csv_row_dated_in_the_future_is_named_and_nothing_is_stored(
    db: str, tmp_path: Path
) -> None:
    path = tmp_path / "sets.csv"
    assert run(db, "export", "csv", "--sets-only", "-o", str(path))[0] == 0
    lines = path.read_text().splitlines()
    ahead = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    lines.append(lines[1].replace(DAY, ahead, 1))
    path.write_text("\n".join(lines) + "\n")
    before = _rows(db)
    code, _, err = run(db, "import", str(path), "--person", "Ana")
    assert code == 2 and "sets.csv row 3: date" in err and "in the future" in err
    assert _rows(db) == before


def test_a_tracker_row_before_the_program_started_is_named(db: str, tmp_path: Path) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        '2026-03-03 18:30:00;"Legs";"Side Plank";1;0;kg;0;;;;30;"";""\n'
        '2024-01-09 18:30:00;"Legs";"Side Plank";1;0;kg;0;;;;30;"";""\n'
    )
    before = _rows(db)
    code, _, err = run(db, "import", str(path), "--person", "Ana")
    assert code == 2 and "strong row 3: date" in err and "before the start of Ana's log" in err
    assert _rows(db) == before
