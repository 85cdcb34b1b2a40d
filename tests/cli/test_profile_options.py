"""``glutemed plan`` and ``glutemed start`` share one declaration of the profile options.

The options are ``Annotated`` types in ``glutemed.cli.profile_options``; these tests check
that both commands show the same help and defaults, that the defaults and the ranges in the
help are the ``Profile`` model's own, and that an out-of-range value exits 2 with the
model's message under the option's name, on both commands.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from glutemed.cli import app
from glutemed.cli.profile_options import OPTION_FOR_FIELD
from glutemed.programming.models import Baseline, Profile
from glutemed.ranges import bounds_of

SHARED = ["--goal", "--days", "--weeks", "--equipment", "--level", "--mass-kg", "--height-m",
          "--sex", "--minutes", "--avoid"]


def _options(command: str) -> dict[str, Any]:
    """The command's options by their flag (typer vendors click, so duck-typed)."""
    group: Any = typer.main.get_command(app)
    return {
        param.opts[0]: param
        for param in group.commands[command].params
        if param.param_type_name == "option"
    }


def test_plan_and_start_show_the_same_help_and_defaults() -> None:
    plan, start = _options("plan"), _options("start")
    for name in SHARED:
        assert plan[name].help == start[name].help, name
        if name not in ("--goal", "--equipment"):  # start asks for these in a terminal
            assert plan[name].default == start[name].default, name


@pytest.mark.parametrize(
    ("option", "field"),
    [("--days", "days_per_week"), ("--weeks", "weeks"), ("--minutes", "minutes_per_session"),
     ("--level", "level")],
)
def test_defaults_are_the_profile_models(option: str, field: str) -> None:
    assert _options("plan")[option].default == Profile.model_fields[field].default
    assert OPTION_FOR_FIELD[field] == option


@pytest.mark.parametrize(
    ("option", "model", "field"),
    [("--days", Profile, "days_per_week"), ("--weeks", Profile, "weeks"),
     ("--minutes", Profile, "minutes_per_session"), ("--mass-kg", Profile, "mass_kg"),
     ("--height-m", Profile, "height_m"), ("--single-leg-squat", Baseline,
                                           "single_leg_squat_quality")],
)
def test_ranges_in_the_help_are_the_models(option: str, model: Any, field: str) -> None:
    help_text = _options("plan")[option].help or ""
    match = re.search(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)", help_text)
    assert match, help_text
    bounds = bounds_of(model, field)
    assert (float(match.group(1)), float(match.group(2))) == (bounds.ge, bounds.le)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "6"], "--days: 6 is out of range; allowed 1 to 4 (days per week)"),
        (["--mass-kg", "25", "--height-m", "1.5"],
         "--mass-kg: 25 is out of range; allowed 30 to 300 kg (the load model's body-segment "
         "tables are adult data)"),
    ],
)
def test_start_exits_2_with_the_range_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "log.sqlite3"
    result = CliRunner().invoke(app, ["start", "--name", "Ann", "--goal", "rehab",
                                      "--equipment", "none", "--units", "kg", *args,
                                      "--db", f"sqlite:///{db}"])
    assert result.exit_code == 2
    assert f"Error: {message}" in result.output
    assert "Traceback" not in result.output
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0


PERSON = ["--age", "--condition", "--side", "--surgery-cleared", "--fell-last-year",
          "--one-leg-10s", "--bands", "--cuff-kg", "--dumbbell-kg"]


def test_plan_and_start_share_the_person_options() -> None:
    plan, start = _options("plan"), _options("start")
    for name in PERSON:
        assert plan[name].help == start[name].help, name
        assert plan[name].default == start[name].default, name
    assert plan["--condition"].default == Profile.model_fields["condition"].default.value
    assert plan["--side"].default == Profile.model_fields["affected_side"].default.value


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--condition", "gout"],
         "--condition: unknown 'gout'; allowed: none, lateral-hip-pain, knee-pain, "
         "low-back-pain or after-surgery"),
        (["--condition", "lateral-hip-pain"],
         "--side: lateral-hip-pain needs the painful side; allowed: left, right, both"),
        (["--condition", "after-surgery", "--side", "left"],
         "--surgery-cleared: after surgery glutemed plans only once a clinician has cleared "
         "you to exercise"),
        (["--side", "middle"], "--side: unknown 'middle'"),
        (["--age", "12"], "--age: 12 is out of range; allowed 18 to 100 (age in years)"),
        (["--fell-last-year", "maybe"], "--fell-last-year: 'maybe' is not an answer; allowed: "
         "yes, no"),
        (["--cuff-kg", "2,x"], "--cuff-kg: 'x' is not a number"),
        (["--cuff-kg", "2"], "--cuff-kg: needs 'cuff-weight' in equipment"),
        (["--bands", "red"], "--bands: needs 'mini-band' or 'long-band' in equipment"),
        (["--bands", "pink", "--equipment", "mini-band"],
         "--bands: unknown 'pink'; allowed: tan, yellow, red, green, blue, black, silver or gold"),
    ],
)
def test_a_bad_person_option_names_the_option_and_the_allowed_values(
    tmp_path: Path, args: list[str], message: str
) -> None:
    for command in (["plan"], ["start", "--name", "Ann", "--units", "kg",
                                "--db", f"sqlite:///{tmp_path / 'log.sqlite3'}"]):
        equipment = [] if "--equipment" in args else ["--equipment", "none"]
        result = CliRunner().invoke(app, [*command, "--goal", "rehab", *equipment, *args])
        assert result.exit_code == 2, result.output
        assert message in " ".join(result.output.split()), result.output
        assert "Traceback" not in result.output


def test_the_person_options_reach_the_plan() -> None:
    result = CliRunner().invoke(app, [
        "plan", "--goal", "rehab", "--equipment", "mini-band,cuff-weight", "--json",
        "--condition", "lateral-hip-pain", "--side", "right", "--age", "54",
        "--bands", "yellow,red", "--cuff-kg", "2", "--fell-last-year", "no",
        "--one-leg-10s", "yes",
    ])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    profile = data["profile"]
    assert (profile["condition"], profile["affected_side"], profile["age"]) == (
        "lateral-hip-pain", "right", 54)
    assert profile["bands"] == ["red", "yellow"] and profile["cuff_kg"] == [2.0]
    assert (profile["fell_last_year"], profile["one_leg_10s"]) == (False, True)
    day1 = data["weeks"][0]["sessions"][0]["items"]
    assert {i["side"] for i in day1 if i["variant_id"].startswith("side-lying")} == {"right"}
