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
