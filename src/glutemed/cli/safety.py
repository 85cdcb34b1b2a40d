"""Warning signs on the command line: see why progression is paused, and clear it.

A ``see-clinician`` decision pauses progression for the whole person until it is cleared
(:mod:`glutemed.services.safety`). On the command line (single-person use) the person clears
it themselves, and only with an explicit confirmation that a clinician has assessed the hip,
and a note of who and what they advised; the record keeps it beside the pause.
"""

from __future__ import annotations

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option

PERSON_HELP = "Whose record (default: the only or first person)."

safety_app = typer.Typer(
    help="Warning signs: why progression is paused, and clearing it after a clinician's "
    "assessment.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``glutemed safety`` to the root app."""
    app.add_typer(safety_app, name="safety")


@safety_app.command("status")
def status(
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print every pause as JSON."),
    db: str | None = db_option(),
) -> None:
    """Show whether progression is paused after a warning sign, and every past pause.

    Example:
        glutemed safety status
        glutemed safety status --person Ana --json
    """
    from glutemed.services.safety import pauses

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    found = pauses(cli_io.unit_of_work(engine, readonly=True), who.id)
    if as_json:
        cli_io.echo_json({"person": who.name, "pauses": [
            {"started_on": p.started_on, "reason": p.reason, "active": p.active,
             "cleared_at": p.cleared_at, "cleared_by": p.cleared_by,
             "clearance_note": p.clearance_note} for p in found]})
        return
    console = cli_io.console()
    active = [p for p in found if p.active]
    if not active:
        console.print(f"{who.name}: progression is not paused.")
    for pause in found:
        state = "PAUSED" if pause.active else (
            f"cleared {pause.cleared_at:%Y-%m-%d} by {pause.cleared_by}: {pause.clearance_note}"
            if pause.cleared_at else "cleared")
        console.print(f"- since {pause.started_on}: {pause.reason} [{state}]", markup=False)
    if active:
        console.print(active[0].advice, markup=False)


@safety_app.command("clear")
def clear(
    note: str = typer.Option(..., "--note", help="Who assessed you and what they advised."),
    confirm: bool = typer.Option(
        False, "--confirm", help="Confirm that a clinician has assessed the hip and cleared "
        "you to train (required)."
    ),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Resume progression after a warning sign, once a clinician has cleared you.

    Example:
        glutemed safety clear --note "Seen by Dr Lee on 2026-12-04: cleared to train" --confirm
    """
    from glutemed.services.safety import clear_pause

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    done = clear_pause(cli_io.unit_of_work(engine), who.id, by=f"{who.name} (self-reported)",
                       note=note, confirmed=confirm)
    cli_io.console().print(
        f"{who.name}: progression resumes (pause of {done.started_on} cleared). Start at the "
        "targets shown by 'glutemed today' and stop if the warning sign comes back.",
        markup=False,
    )
