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


app = typer.Typer(
    cls=FriendlyGroup,
    name="glutemed",
    help="Plan, coach and progress gluteus medius (hip abductor) training.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glutemed {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Plan, coach and progress gluteus medius (hip abductor) training."""


def _register_all() -> None:
    from glutemed.cli import catalog

    catalog.register(app)
    __import__("glutemed.cli.figure", fromlist=["register"]).register(app)
    __import__("glutemed.cli.plan", fromlist=["register"]).register(app)
    __import__("glutemed.cli.load", fromlist=["register"]).register(app)
    __import__("glutemed.cli.serve", fromlist=["register"]).register(app)
    __import__("glutemed.cli.devices", fromlist=["register"]).register(app)
    __import__("glutemed.cli.training", fromlist=["register"]).register(app)
    __import__("glutemed.cli.export", fromlist=["register"]).register(app)


_register_all()


def main() -> None:
    """Console-script entry point."""
    app()
