"""The ``glutemed`` command line: one Typer app, one sub-module per command group.

Every command module exposes ``register(app)``; this module wires them together and makes
sure no traceback reaches a person: any :class:`~glutemed.errors.GlutemedError` or invalid
value becomes a one-line message naming the field, with exit status 2.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from glutemed import __version__
from glutemed.errors import GlutemedError, format_validation_error


class FriendlyGroup(TyperGroup):
    """A command group that turns glutemed's own errors into clear messages."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context type is private
        from pydantic import ValidationError

        try:
            return super().invoke(ctx)
        except GlutemedError as exc:
            typer.echo(f"Error: {exc}", err=True)
            ctx.exit(2)
        except ValidationError as exc:
            typer.echo(f"Error: {format_validation_error(exc)}", err=True)
            ctx.exit(2)


def _flags_take_no_value() -> None:
    """Show no value type beside a flag in ``--help``.

    typer's rich help (0.29) prints ``--version <bool>``, ``--json <bool>``: it reads as if
    the flag took a value (``--version true``), which click refuses. A flag takes none, so
    it gets no type column, as in typer's plain help. Options that take a value keep
    theirs."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "flags_take_no_value", False):
        return

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.flags_take_no_value = True  # type: ignore[attr-defined]
    setattr(TyperOption, "display_type_rich", display_type_rich)  # noqa: B010


_flags_take_no_value()


def _root_app() -> typer.Typer:
    """The root group, without its commands (:data:`app` and :func:`app_for` add them)."""
    return typer.Typer(
        cls=FriendlyGroup,
        name="glutemed",
        help="Plan, coach and progress gluteus medius (hip abductor) training.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


app = _root_app()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glutemed {__version__}")
        raise typer.Exit()


def _rules(path: str | None) -> str | None:
    """Choose a clinic's own progression rules for this run (validated now), and hand the
    choice to anything this command starts (``serve --workers``)."""
    if path:
        import os
        from pathlib import Path

        from glutemed.services.rules_in_force import rules_file_in_force, use_rules_file

        use_rules_file(Path(path))
        os.environ["GLUTEMED_RULES"] = str(rules_file_in_force())  # as resolved once, there
    return path


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    rules: str | None = typer.Option(
        None, "--rules", envvar="GLUTEMED_RULES", metavar="FILE",
        help="Decide with a clinic's own progression rules (a YAML file that keeps the safety "
        "presets; see docs/progression.md). Environment GLUTEMED_RULES.",
    ),
) -> None:
    """Plan, coach and progress gluteus medius (hip abductor) training."""
    _rules(rules)


def _register_all() -> None:
    """Add every command group. Each module keeps its heavy imports inside its commands,
    so importing them all here costs little (tests/cli/test_start_up_imports.py)."""
    from glutemed.cli import (
        catalog,
        devices,
        export,
        figure,
        load,
        outcomes,
        people,
        plan,
        safety,
        serve,
        training,
    )

    for module in (catalog, figure, plan, load, serve, devices, training, people, export,
                   safety, outcomes):
        module.register(app)

_register_all()


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run ``argv`` with: the root group holding only the command it names.

    Typer builds the options of every command before it runs one (about 20 ms for the ~50
    commands here, on every start). ``glutemed today ...`` needs only ``today``, so when the
    first argument names a command or group it gets a root group holding just that one,
    with the same callback (``--version``, ``--rules``), settings and error handling: the
    command parses, runs and prints its help exactly as in the full app. Anything else --
    no arguments, a root option first, an unknown name -- runs the full :data:`app`, so
    the root help and "No such command" stay as they are.
    """
    name = argv[0] if argv else ""
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    only = _root_app()
    only.registered_callback = app.registered_callback
    only.registered_commands = commands
    only.registered_groups = groups
    return only


def main() -> None:
    """Console-script entry point (``python -m glutemed`` too)."""
    import sys

    app_for(sys.argv[1:])()
