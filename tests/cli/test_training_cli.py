"""The training-log commands end to end through Typer's CliRunner, on a SQLite file.

Scripted use (options), JSON output, interactive prompts, and bad input: exit status 2, a
message naming the option or field, and nothing written.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutemed.cli import app

CUFF = "side-lying-abduction.cuff-ankle"
DAY = "2026-03-02"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'log.sqlite3'}"


def run(db: str, *args: str, input: str | None = None):
    return CliRunner().invoke(app, [*args, "--db", db], input=input)


def _count_sets(db: str) -> int:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        return int(conn.execute("SELECT count(*) FROM performed_sets").fetchone()[0])


@pytest.fixture
def started(db: str) -> str:
    result = run(
        db,
        "start",
        "--name",
        "Ann",
        "--goal",
        "hypertrophy",
        "--equipment",
        "cuff-weight",
        "--start-date",
        DAY,
        "--timezone",
        "Europe/Berlin",
    )
    assert result.exit_code == 0, result.output
    return db


def _first_item(db: str) -> dict:
    result = run(db, "today", "--date", DAY, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["items"][0]


def _log_args(item: dict) -> list[str]:
    target = item["target"]
    args = [
        "log",
        item["variant_id"],
        "--side",
        item["side"],
        "--date",
        DAY,
        "--pain",
        "1",
        "--checks",
        "pass",
        "--rir",
        "2",
    ]
    if target["hold_s"]:
        args += ["--hold-s", str(target["hold_s"][1])]
    else:
        args += ["--reps", str(target["reps"][1])]
    if target["load_kg"] is not None:
        args += ["--load-kg", str(target["load_kg"])]
    return args


def test_start_creates_the_database_and_a_program(started: str) -> None:
    session = json.loads(run(started, "today", "--date", DAY, "--json").output)
    assert session["person_name"] == "Ann" and session["due"] is True
    assert session["items"] and all(i["target"]["sets"] >= 1 for i in session["items"])
    status = json.loads(run(started, "db", "status", "--json").output)
    assert status["up_to_date"] and status["current"] == status["head"]


def test_log_prints_the_decision_and_why_explains_it(started: str) -> None:
    item = _first_item(started)
    result = run(started, *_log_args(item))
    assert result.exit_code == 0, result.output
    assert "Next:" in result.output and "Target next time" in result.output
    why = json.loads(run(started, "why", item["variant_id"], "--json").output)
    assert why["side"] == item["side"] and why["explanation"]
    assert why["rule_ids"] and why["facts"]["fired"]
    history = json.loads(run(started, "history", "--json").output)
    assert len(history) == 1 and history[0]["variant_id"] == item["variant_id"]
    assert history[0]["pain_during"] == 1 and history[0]["rir"] == 2
    progress = json.loads(run(started, "progress", "--json").output)
    assert progress["total_sets"] == 1


def test_log_json_is_the_engines_decision(started: str) -> None:
    item = _first_item(started)
    decision = json.loads(run(started, *_log_args(item), "--json").output)
    assert decision["variant_id"] == item["variant_id"] and decision["action"]
    assert decision["prescription"]["variant_id"]


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--pain", "11"], "pain_during"),
        (["--side", "sideways"], "--side"),
        (["--band", "purple"], "--band"),
        (["--checks", "maybe"], "--checks"),
        (["--date", "02/03/2026"], "--date"),
    ],
)
def test_bad_log_input_names_the_field_exits_2_and_writes_nothing(
    started: str, extra: list[str], named: str
) -> None:
    item = _first_item(started)
    args = _log_args(item)
    for flag in extra[::2]:  # replace an option already present
        if flag in args:
            i = args.index(flag)
            del args[i : i + 2]
    result = run(started, *args, *extra)
    assert result.exit_code == 2, result.output
    assert named in result.output and "Traceback" not in result.output
    assert _count_sets(started) == 0


def test_unknown_variant_suggests_close_ids(started: str) -> None:
    result = run(started, "log", "side-lying-abduction.cuf", "--side", "left", "--reps", "10")
    assert result.exit_code == 2 and "did you mean" in result.output
    assert _count_sets(started) == 0


def test_start_in_a_script_without_name_names_the_option(db: str) -> None:
    result = run(db, "start", "--goal", "rehab")
    assert result.exit_code == 2 and "--name" in result.output


def test_start_asks_for_missing_answers_in_a_terminal(db: str, monkeypatch) -> None:
    monkeypatch.setattr("glutemed.cli.prompts.interactive", lambda: True)
    answers = "Bo\nrehab\nnone\nlb\n"
    result = run(db, "start", "--start-date", DAY, "--timezone", "UTC", input=answers)
    assert result.exit_code == 0, result.output
    session = json.loads(run(db, "today", "--date", DAY, "--json").output)
    assert session["person_name"] == "Bo" and session["units"] == "lb"


def test_interactive_log_asks_each_check(started: str, monkeypatch) -> None:
    monkeypatch.setattr("glutemed.cli.prompts.interactive", lambda: True)
    item = _first_item(started)
    prompts = ["1"]  # exercise number
    prompts.append(str((item["target"]["hold_s"] or item["target"]["reps"])[1]))
    if item["target"]["load_kg"] is not None:
        prompts.append(str(item["target"]["load_kg"]))
    prompts += ["2", "1"]  # RIR, pain
    prompts += ["y"] * len(item["checks"])
    prompts.append("n")  # no warning signs
    prompts.append("side of the hip")
    result = run(started, "log", "--date", DAY, input="\n".join(prompts) + "\n")
    assert result.exit_code == 0, result.output
    stored = json.loads(run(started, "history", "--json").output)[0]
    assert stored["checks"] == {c["id"]: True for c in item["checks"]}
    assert stored["felt_in"] == "side of the hip"


def test_next_morning_pain_edit_and_delete_undo(started: str) -> None:
    run(started, *_log_args(_first_item(started)))
    set_id = json.loads(run(started, "history", "--json").output)[0]["id"]
    assert run(started, "edit-set", str(set_id), "--pain-next-morning", "3").exit_code == 0
    assert json.loads(run(started, "history", "--json").output)[0]["pain_next_morning"] == 3
    bad = run(started, "edit-set", str(set_id), "--pain-next-morning", "12")
    assert bad.exit_code == 2 and "pain_next_morning" in bad.output
    assert run(started, "delete-set", str(set_id)).exit_code == 0
    assert json.loads(run(started, "history", "--json").output) == []
    assert run(started, "delete-set", str(set_id), "--undo").exit_code == 0
    assert len(json.loads(run(started, "history", "--json").output)) == 1


def test_several_people_are_told_apart_with_person(started: str) -> None:
    result = run(
        started,
        "start",
        "--name",
        "Cy",
        "--goal",
        "rehab",
        "--start-date",
        DAY,
        "--timezone",
        "UTC",
        "--units",
        "lb",
    )
    assert result.exit_code == 0, result.output
    cy = json.loads(run(started, "today", "--person", "Cy", "--date", DAY, "--json").output)
    assert cy["person_name"] == "Cy" and cy["units"] == "lb"
    current = json.loads(run(started, "today", "--date", DAY, "--json").output)
    assert current["person_name"] == "Cy"  # start made Cy the current person
    ann = json.loads(run(started, "today", "--person", "Ann", "--date", DAY, "--json").output)
    assert ann["person_name"] == "Ann"
    missing = run(started, "today", "--person", "Anne")
    assert missing.exit_code == 2 and "Ann" in missing.output


def test_database_url_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("GLUTEMED_DATABASE_URL", url)
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.sqlite3").exists() and "upgraded" in result.output


def test_a_database_from_a_newer_glutemed_is_refused(started: str) -> None:
    with sqlite3.connect(started.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    result = run(started, "today")
    assert result.exit_code == 2 and "newer glutemed" in result.output


def test_backup_writes_a_copy_and_refuses_postgresql(started: str, tmp_path: Path) -> None:
    run(started, *_log_args(_first_item(started)))
    target = tmp_path / "copy.sqlite3"
    result = run(started, "backup", "-o", str(target))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM performed_sets").fetchone()[0] == 1
    pg = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "backup")
    assert pg.exit_code == 2 and "pg_dump" in pg.output


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "today")
    assert result.exit_code == 2 and "cannot open the database" in result.output


def test_a_warning_sign_means_see_a_clinician(started: str) -> None:
    item = _first_item(started)
    result = run(started, *_log_args(item), "--warning-sign", "night-pain")
    assert result.exit_code == 0, result.output
    assert "See a clinician" in result.output
    why = json.loads(run(started, "why", item["variant_id"], "--json").output)
    assert why["action"] == "see-clinician"
    stored = json.loads(run(started, "history", "--json").output)[0]
    assert stored["red_flags"] == ["night-pain"]
    bad = run(started, *_log_args(item), "--warning-sign", "headache")
    assert bad.exit_code == 2 and "--warning-sign" in bad.output


def test_start_in_a_terminal_asks_again_after_a_wrong_answer(db: str, monkeypatch) -> None:
    """A typo (wrong case, unknown equipment, unknown unit) is explained and re-asked."""
    monkeypatch.setattr("glutemed.cli.prompts.interactive", lambda: True)
    answers = "Bo\nRehab\nmini bnad\nMini band\nstones\nlb\n"
    result = run(db, "start", "--start-date", DAY, "--timezone", "UTC", input=answers)
    assert result.exit_code == 0, result.output
    assert "'mini-bnad'" in result.output and "try again" in result.output
    assert "an 8-week rehab program, 2 days a week" in result.output
    session = json.loads(run(db, "today", "--date", DAY, "--json").output)
    assert session["units"] == "lb"


def test_today_shows_names_with_whole_ids_at_80_columns(started: str) -> None:
    """The exercise's name is shown, and its id stays on one line where scripts can find it."""
    item = _first_item(started)
    result = CliRunner().invoke(
        app, ["today", "--date", DAY, "--db", started], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert any(item["name"] in line for line in lines)
    assert any(item["variant_id"] in line for line in lines)


def test_history_and_progress_fit_80_columns_and_keep_ids(started: str) -> None:
    item = _first_item(started)
    run(started, *_log_args(item))
    env = {"COLUMNS": "80"}
    for command in ("history", "progress"):
        result = CliRunner().invoke(app, [command, "--db", started], env=env)
        assert result.exit_code == 0, result.output
        assert all(len(line) <= 80 for line in result.output.splitlines())
        assert item["variant_id"] in result.output and item["name"] in result.output


def test_interactive_log_re_asks_out_of_range_answers(started: str, monkeypatch) -> None:
    """Out-of-range numbers are re-asked with the range; warning signs are picked by number."""
    monkeypatch.setattr("glutemed.cli.prompts.interactive", lambda: True)
    item = _first_item(started)
    prompts = ["9", "1"]  # no exercise 9: asked again
    prompts += ["abc", str((item["target"]["hold_s"] or item["target"]["reps"])[1])]
    if item["target"]["load_kg"] is not None:
        prompts.append(str(item["target"]["load_kg"]))
    prompts += ["12", "2", "-3", "1"]  # RIR 12 and pain -3 are re-asked
    prompts += ["y"] * len(item["checks"])
    prompts += ["y", "7", "2"]  # a warning sign: 7 is not on the list, 2 is night pain
    prompts.append("1")  # felt where it should be
    result = run(started, "log", "--date", DAY, input="\n".join(prompts) + "\n")
    assert result.exit_code == 0, result.output
    assert "Enter a whole number from 1 to" in result.output
    assert "Enter a whole number from 0 to 10." in result.output
    stored = json.loads(run(started, "history", "--json").output)[0]
    assert stored["rir"] == 2 and stored["pain_during"] == 1
    assert stored["red_flags"] == ["night-pain"]
    assert stored["felt_in"]  # the variant's expected place, chosen by number
    assert "see a clinician" in result.output.lower()


def test_log_and_why_say_the_decision_in_plain_words(started: str) -> None:
    """The action code stays visible for scripts, but the sentence leads with plain words."""
    item = _first_item(started)
    logged = run(started, *_log_args(item))
    assert logged.exit_code == 0, logged.output
    assert "Logged. Next: " in logged.output
    why = CliRunner().invoke(
        app,
        ["why", item["variant_id"], "--side", item["side"], "--db", started],
        env={"COLUMNS": "80"},
    )
    assert why.exit_code == 0, why.output
    person, first = why.output.splitlines()[:2]
    assert person == "Person: Ann"  # whose log, on one line
    assert first.startswith(item["name"]) and "Rules checked:" in why.output
    assert item["variant_id"] in why.output
    rules = why.output[why.output.index("Rules checked:") :]
    assert all(not line.endswith(" ") for line in rules.splitlines())  # wrapped, not padded


def test_why_with_a_mistyped_variant_suggests_the_id(started: str) -> None:
    result = run(started, "why", "side-plank.shrt")
    assert result.exit_code == 2 and "did you mean" in result.output
    assert "side-plank.short" in result.output


def test_interactive_log_offers_the_first_unfinished_exercise(started: str, monkeypatch) -> None:
    item = _first_item(started)
    args = _log_args(item)
    # Below the target range, so the decision holds and exercise 1 stays as it is.
    flag = "--reps" if "--reps" in args else "--hold-s"
    low = (item["target"]["reps"] or item["target"]["hold_s"])[0]
    args[args.index(flag) + 1] = str(low - 1)
    for _ in range(item["target"]["sets"]):
        assert run(started, *args).exit_code == 0
    monkeypatch.setattr("glutemed.cli.prompts.interactive", lambda: True)
    result = run(started, "log", "--date", DAY, input="\n")  # accept the offered number
    assert "Which exercise (#) [2]" in result.output


def test_the_why_hint_after_a_step_up_names_the_exercise_logged(started: str) -> None:
    """After a step-up the next target is a new variant; the decision is filed under the one
    that was done, so the printed 'glutemed why ...' must name that one and its side."""
    item = _first_item(started)
    for _ in range(item["target"]["sets"]):
        logged = run(started, *_log_args(item))
    hint = logged.output[logged.output.index("glutemed why ") :].split("\n")[0]
    args = hint.removeprefix("glutemed why ").split()
    assert args[0] == item["variant_id"]
    assert run(started, "why", *args).exit_code == 0


def test_start_in_a_terminal_refuses_a_taken_name_before_the_other_questions(
    started: str, monkeypatch
) -> None:
    monkeypatch.setattr("glutemed.cli.prompts.interactive", lambda: True)
    answers = "Ann\nBo\nrehab\nnone\nkg\n"
    result = run(started, "start", "--start-date", DAY, "--timezone", "UTC", input=answers)
    assert result.exit_code == 0, result.output
    taken = result.output.index("already exists")
    assert taken < result.output.index("Goal")
    assert "Started Bo" in result.output
