"""``glutemed people list`` and ``glutemed people use NAME``: whose log the commands act on.

Every person-scoped command (today, log, history, edit-set, delete-set, progress, why,
export, import of sets) acts on ``--person NAME`` when given, else on the current person,
else on the only (or first) person. ``start`` makes the new person the current one; these
two commands show and switch it (see :mod:`glutemed.cli.current_person`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option

if TYPE_CHECKING:
    from sqlalchemy import Engine

people_app = typer.Typer(
    name="people",
    help="List the people in the training log and choose the current one.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``people list`` and ``people use`` to the root app."""
    app.add_typer(people_app, name="people")


@people_app.command("list")
def list_people(
    as_json: bool = typer.Option(False, "--json", help="Print the people as JSON."),
    db: str | None = db_option(),
) -> None:
    """Show everyone in the log; the current person (used without --person) is marked.

    Example:
        glutemed people list
        glutemed people list --json
    """
    engine = cli_io.open_store(db)
    with cli_io.unit_of_work(engine, readonly=True) as uow:
        everyone = uow.people.all()
    current = cli_io.person(engine, None).id if everyone else None
    if as_json:
        cli_io.echo_json([
            {"id": p.id, "name": p.name, "goal": p.profile.goal.value, "current": p.id == current}
            for p in everyone
        ])
        return
    if not everyone:
        typer.echo("Nobody is set up yet; run 'glutemed start'.")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table("", "Name", "Goal", "Id", box=None, pad_edge=False)
    for p in everyone:
        mark = "*" if p.id == current else ""
        table.add_row(mark, escape(p.name), p.profile.goal.value, str(p.id))
    console = cli_io.console()
    console.print(table)
    console.print(
        "* the current person: commands without --person act on them. "
        "Switch with: glutemed people use NAME"
    )


@people_app.command("use")
def use(
    name: str = typer.Argument(..., help="The person's name (see glutemed people list)."),
    db: str | None = db_option(),
) -> None:
    """Make NAME the current person: commands without --person act on them from now on.

    Example:
        glutemed people use Bo
    """
    from glutemed.errors import StorageError

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, name)
    problem = remember_current(engine, who.id, who.name)
    if problem:
        raise StorageError(problem)


def remember_current(engine: Engine, person_id: int, name: str) -> str | None:
    """Store the choice and say so; the reason it could not be stored, if it could not."""
    from glutemed.cli.current_person import remember

    try:
        remember(engine, person_id, name)
    except OSError as exc:
        return (
            f"could not remember {name} as the current person ({exc.strerror}: "
            f"{exc.filename}); use --person {name}, or set GLUTEMED_CURRENT_PERSON_FILE"
        )
    typer.echo(f"{name} is now the current person: commands without --person act on {name}.")
    return None
