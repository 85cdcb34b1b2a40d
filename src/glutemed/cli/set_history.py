"""The logged sets: ``history`` lists them, ``edit-set`` corrects one (or adds the next
morning's pain), ``delete-set`` removes or restores one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io
from glutemed.cli import training_render as R
from glutemed.cli import values
from glutemed.cli.db import db_option

if TYPE_CHECKING:
    pass


def history(
    variant: str | None = typer.Option(None, "--variant", help="Only this variant."),
    limit: int = typer.Option(50, "--limit", help="How many sets, newest first."),
    person: str | None = typer.Option(None, "--person", help=values.PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the sets as JSON."),
    db: str | None = db_option(),
) -> None:
    """List logged sets, newest first, with the target beside what was done.

    Example:
        glutemed history
        glutemed history --variant side-plank.short --limit 10 --json
    """
    from glutemed.errors import InputError
    from glutemed.services.set_edits import list_sets

    if limit < 1:
        raise InputError("--limit", "must be at least 1")
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    uow = cli_io.unit_of_work(engine, readonly=True)
    sets = list_sets(uow, who.id, variant_id=variant, limit=limit)
    if as_json:
        cli_io.echo_json([R.set_json(s) for s in sets])
        return
    cli_io.say_person(who)
    catalog = cli_io.catalog()
    names = {v.id: v.name for v in catalog.variants}
    R.print_history(sets, who.units, names)


def edit_set(
    set_id: int = typer.Argument(..., help="The set's id (see glutemed history)."),
    pain_next_morning: int | None = typer.Option(
        None, "--pain-next-morning", help="Pain the next morning, 0-10."
    ),
    pain: int | None = typer.Option(None, "--pain", help="Pain during the set, 0-10."),
    reps: int | None = typer.Option(None, "--reps", help="Repetitions done."),
    hold_s: float | None = typer.Option(None, "--hold-s", help="Seconds held."),
    load_kg: float | None = typer.Option(None, "--load-kg", help="External load in kg."),
    rir: int | None = typer.Option(None, "--rir", help="Reps in reserve, 0-10."),
    felt: str | None = typer.Option(None, "--felt", help="Where you felt it."),
    note: str | None = typer.Option(None, "--note", help="A note."),
    person: str | None = typer.Option(None, "--person", help=values.PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Correct a logged set, or add the next morning's pain to it.

    If the set was behind the latest decision for its exercise, the decision is made again.

    Example:
        glutemed edit-set 42 --pain-next-morning 3
    """
    from glutemed.errors import InputError
    from glutemed.services.set_edits import edit_set as edit

    changes = {
        k: v
        for k, v in {
            "pain_next_morning": pain_next_morning,
            "pain_during": pain,
            "reps": reps,
            "hold_s": hold_s,
            "load_kg": load_kg,
            "rir": rir,
            "felt_in": felt,
            "note": note,
        }.items()
        if v is not None
    }
    if not changes:
        raise InputError("options", "give at least one field to change, e.g. --pain-next-morning")
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    with cli_io.about(who):
        stored = edit(cli_io.unit_of_work(engine), who.id, set_id, changes, cli_io.catalog())
    typer.echo(f"Set {stored.id} of {who.name} updated: {', '.join(sorted(changes))}.")


def delete_set(
    set_id: int = typer.Argument(..., help="The set's id (see glutemed history)."),
    undo: bool = typer.Option(False, "--undo", help="Restore a deleted set."),
    person: str | None = typer.Option(None, "--person", help=values.PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Delete a logged set (undo with --undo).

    Example:
        glutemed delete-set 42
        glutemed delete-set 42 --undo
    """
    from glutemed.services.set_edits import delete_set as delete
    from glutemed.services.set_edits import restore_set

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    action = restore_set if undo else delete
    with cli_io.about(who):
        stored = action(cli_io.unit_of_work(engine), who.id, set_id, cli_io.catalog())
    verb = "restored" if undo else f"deleted (undo: glutemed delete-set {stored.id} --undo)"
    typer.echo(f"Set {stored.id} of {who.name} {verb}.")
