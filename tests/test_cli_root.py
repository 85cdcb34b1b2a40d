"""The root of the command line: help, version, and no traceback ever reaching a person."""

from __future__ import annotations

import pytest
import typer
from pydantic import BaseModel, Field
from typer.testing import CliRunner

from glutemed import __version__
from glutemed.cli import FriendlyGroup, app
from glutemed.errors import CatalogError, GlutemedError, InputError


def test_help_lists_the_command_groups() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "gluteus medius" in result.stdout
    assert "exercises" in result.stdout and "anatomy" in result.stdout


def test_no_arguments_shows_help() -> None:
    result = CliRunner().invoke(app, [])
    assert "Usage" in result.output and "exercises" in result.output


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"glutemed {__version__}"


def test_version_is_shown_as_a_flag_and_takes_no_value() -> None:
    """typer's help printed ``--version <bool>`` as if it took a value; it is a flag."""
    help_text = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["--help"]).stdout
    row = next(line for line in help_text.splitlines() if "--version" in line)
    assert "<bool>" not in row and "Show the version and exit." in row
    assert CliRunner().invoke(app, ["--version=yes"]).exit_code == 2
    listing = CliRunner(env={"COLUMNS": "100"}).invoke(app, ["exercises", "list", "--help"])
    rows = [line for line in listing.stdout.splitlines() if line.startswith("│ --")]
    json_row = next(line for line in rows if "--json" in line)
    family_row = next(line for line in rows if "--family" in line)
    assert "<bool>" not in json_row and "<str>" in family_row  # options with values keep it


def _broken() -> None:
    raise InputError("mass_kg", "must be between 20 and 300")


def test_glutemed_error_inside_a_command_is_a_one_line_message_with_exit_2() -> None:
    probe = typer.Typer(cls=FriendlyGroup)
    probe.command("boom")(_broken)
    probe.command("other")(lambda: None)
    result = CliRunner().invoke(probe, ["boom"])
    assert result.exit_code == 2
    assert result.stderr == "Error: mass_kg: must be between 20 and 300\n"
    assert "Traceback" not in result.output


def test_error_raised_deep_inside_a_real_subcommand_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A broken data file found while ``exercises list`` runs: file and line, no traceback."""

    def broken_catalogue() -> None:
        raise CatalogError(["side-plank.yaml:12: variants[0].level: Field required"])

    monkeypatch.setattr("glutemed.cli.io.catalog", broken_catalogue)
    result = CliRunner().invoke(app, ["exercises", "list"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: invalid catalogue data:")
    assert "side-plank.yaml:12: variants[0].level" in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(CatalogError([]), GlutemedError)


class _Weight(BaseModel):
    load_kg: float = Field(gt=0)


def _invalid() -> None:
    _Weight(load_kg=-1)


def test_pydantic_validation_error_names_the_field() -> None:
    probe = typer.Typer(cls=FriendlyGroup)
    probe.command("bad")(_invalid)
    probe.command("other")(lambda: None)
    result = CliRunner().invoke(probe, ["bad"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: load_kg:")
    assert "greater than 0" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "argv",
    [
        ["today", "--help"],
        ["why", "--help"],
        ["log", "--help"],
        ["exercises", "--help"],
        ["exercises", "list", "--help"],
        ["exercises", "show", "no-such.variant"],
        ["today", "--no-such-option"],
        ["plan", "--goal", "nonsense"],
    ],
)
def test_a_named_command_runs_alone_exactly_as_in_the_full_app(argv: list[str]) -> None:
    """``glutemed COMMAND`` builds only that command (app_for): same output, same exit."""
    from glutemed.cli import app_for

    only = app_for(argv)
    assert only is not app
    assert [c.name for c in only.registered_commands] + [
        g.name for g in only.registered_groups
    ] == [argv[0]]
    runner = CliRunner(env={"COLUMNS": "100"})
    alone, full = runner.invoke(only, argv), runner.invoke(app, argv)
    assert (alone.exit_code, alone.stdout, alone.stderr) == (
        full.exit_code, full.stdout, full.stderr
    )


@pytest.mark.parametrize("argv", [[], ["--help"], ["--version"], ["tody"], ["--rules", "x"]])
def test_anything_but_a_command_name_first_runs_the_full_app(argv: list[str]) -> None:
    from glutemed.cli import app_for

    assert app_for(argv) is app
