"""``glutemed plan``: JSON, Markdown and table output, and clear errors with exit status 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from glutemed.cli import app

runner = CliRunner()


def _plan(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["plan", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_has_weeks_sessions_items_with_two_number_ranges() -> None:
    code, out, _ = _plan("--goal", "hypertrophy", "--days", "2", "--weeks", "4",
                         "--equipment", "barbell,dumbbell", "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data["weeks"]) == 4
    for week in data["weeks"]:
        assert len(week["sessions"]) == 2
        for session in week["sessions"]:
            for item in session["items"]:
                assert item["role"] in {"compound", "abduction", "accessory"}
                assert item["mode"] in {"isotonic", "isometric"}
                dose = item["reps"] if item["mode"] == "isotonic" else item["hold_s"]
                assert isinstance(item["sets"], int) and len(dose) == 2
    day1 = [i["variant_id"] for i in data["weeks"][0]["sessions"][0]["items"]]
    assert "squat.back-squat" in day1  # seed article's two-day template


def test_json_output_is_byte_identical_between_runs() -> None:
    args = ("--goal", "performance", "--days", "3", "--weeks", "6",
            "--equipment", "mini-band,dumbbell,cable", "--json")
    assert _plan(*args)[1] == _plan(*args)[1]


def test_markdown_output() -> None:
    code, out, _ = _plan("--goal", "rehab", "--days", "2", "--weeks", "4",
                         "--equipment", "none", "--markdown")
    assert code == 0
    assert out.startswith("# Gluteus medius program: rehab")
    assert "## Week 4" in out and "| # | Exercise |" in out


def test_full_output_is_a_table_per_week_with_the_reasons() -> None:
    code, out, _ = _plan("--goal", "risk-reduction", "--weeks", "4", "--level", "intermediate",
                         "--mass-kg", "70", "--height-m", "1.75", "--minutes", "60", "--full")
    assert code == 0
    assert "Week 1" in out and "Week 4" in out and "Exercise" in out and "Why" in out
    assert "(seed article)" in out or "Sources:" in out


def test_default_output_summarises_each_week_in_a_few_lines() -> None:
    """At 80 columns the full tables of an 8-week plan ran to 923+ lines; the default shows
    each week's days with exercise, dose and load, and points to --full."""
    args = ("--goal", "rehab", "--days", "2", "--weeks", "8", "--equipment", "none")
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["plan", *args])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) <= 100, len(lines)
    assert all(f"Week {n}:" in result.stdout for n in range(1, 9))
    assert "Side-lying abduction hold" in result.stdout and "3 x 30-40 s hold" in result.stdout
    assert "Why" not in result.stdout and "add --full" in lines[-1]
    full = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["plan", *args, "--full"])
    assert len(full.stdout.splitlines()) > 5 * len(lines)


def test_avoid_weight_bearing_and_a_variant() -> None:
    code, out, _ = _plan("--goal", "rehab", "--weeks", "4", "--json",
                         "--avoid", "weight-bearing,side-lying-abduction.isometric-hold")
    assert code == 0
    data = json.loads(out)
    ids = {i["variant_id"] for w in data["weeks"] for s in w["sessions"] for i in s["items"]}
    assert "side-lying-abduction.isometric-hold" not in ids
    assert "single-leg-deadlift.supported" not in ids and ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "0"], "--days: 0 is out of range; allowed 1 to 4 (days per week)"),
        (["--days", "8"], "--days: 8 is out of range; allowed 1 to 4 (days per week)"),
        (["--weeks", "100"], "--weeks: 100 is out of range; allowed 4 to 16 (weeks)"),
        (["--equipment", "kettlebells"], "allowed: none, mini-band"),
        (["--equipment", "none,barbell"], "cannot be combined"),
        (["--level", "pro"], "--level: unknown 'pro'; allowed: beginner, intermediate or advanced"),
        (["--avoid", "headstand"], "allowed: weight-bearing, end-range-adduction"),
        (["--mass-kg", "70"], "give both body mass and height"),
        (["--mass-kg", "70", "--height-m", "175"],
         "--height-m: 175 is out of range; allowed 1 to 2.5 m"),
        (["--mass-kg", "25", "--height-m", "1.5"],
         "--mass-kg: 25 is out of range; allowed 30 to 300 kg"),
        (["--minutes", "5"],
         "--minutes: 5 is out of range; allowed 15 to 180 (minutes per session)"),
        (["--sex", "x", "--mass-kg", "60", "--height-m", "1.6"],
         "--sex: unknown 'x'; allowed: female or male"),
        (["--json", "--markdown"], "choose one output format"),
    ],
)
def test_bad_input_exits_2_with_the_allowed_values(args: list[str], message: str) -> None:
    code, out, err = _plan("--goal", "rehab", *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err


def test_unknown_goal_lists_the_four_goals() -> None:
    code, _, err = _plan("--goal", "strength")
    assert code == 2
    assert (
        "--goal: unknown 'strength'; allowed: hypertrophy, rehab, risk-reduction or performance"
        in err
    )


def test_every_plan_command_in_the_docs_runs_and_shows_real_variant_ids() -> None:
    """docs/programming.md's examples stay runnable as the catalogue changes."""
    import re
    import shlex
    from pathlib import Path

    from glutemed.catalog.loader import load_default_catalog

    docs = Path(__file__).resolve().parents[2] / "docs" / "programming.md"
    text = docs.read_text(encoding="utf-8").replace("\\\n", " ")
    commands = re.findall(r"^\$ glutemed plan (.+)$", text, flags=re.MULTILINE)
    assert len(commands) >= 8
    for command in commands:
        args = [a for a in shlex.split(command) if a not in {">", "program.json", "plan.md"}]
        code, _, err = _plan(*args)
        assert code == 0, (command, err)
    ids = {v.id for v in load_default_catalog().variants}
    shown = set(re.findall(r"\(`([a-z0-9-]+\.[a-z0-9-]+)`\)", text))
    assert shown and shown <= ids
