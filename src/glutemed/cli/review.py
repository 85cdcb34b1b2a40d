"""Looking back: ``progress`` (the trend per exercise and the left-right gap) and ``why`` (the
rules and facts behind the last decision for an exercise)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io
from glutemed.cli import training_render as R
from glutemed.cli import values
from glutemed.cli.db import db_option

if TYPE_CHECKING:
    pass


def progress(
    person: str | None = typer.Option(None, "--person", help=values.PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    db: str | None = db_option(),
) -> None:
    """Per-exercise trend (first, latest, best) and the left-right gap.

    The measure is the best load of a session when a load was used, else the longest hold
    or the most reps. The gap compares the last three sessions of each side, as a
    percentage of the stronger side; more than 10 % is flagged.

    Example:
        glutemed progress
        glutemed progress --json
    """
    from glutemed.services.progress import progress_summary

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    summary = progress_summary(cli_io.unit_of_work(engine, readonly=True), who.id, cli_io.catalog())
    if as_json:
        cli_io.echo_json(summary.model_dump(mode="json"))
        return
    R.print_progress(summary, who.name)


def why(
    variant: str = typer.Argument(..., help="Variant id (as logged, or the program's)."),
    side: str | None = typer.Option(None, "--side", help="left, right or both."),
    person: str | None = typer.Option(None, "--person", help=values.PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    db: str | None = db_option(),
) -> None:
    """Explain the last progression decision for an exercise: the rules and facts behind it.

    Example:
        glutemed why side-lying-abduction.cuff-ankle
        glutemed why side-plank.short --side left --json
    """
    from glutemed.errors import InputError
    from glutemed.programming.models import Side
    from glutemed.services.decisions import last_decision

    values.choice("--side", side, ["left", "right", "both"])
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    decision = last_decision(
        cli_io.unit_of_work(engine, readonly=True), who.id, variant, Side(side) if side else None
    )
    if decision is None:
        cli_io.catalog().variant(variant)  # a typo: name the closest ids rather than "no decision"
        with cli_io.about(who):
            raise InputError("VARIANT", f"no decision yet for {variant}; log a set first")
    if as_json:
        cli_io.echo_json(R.decision_json(decision))
        return
    cli_io.say_person(who)
    names = {v.id: v.name for v in cli_io.catalog().variants}
    R.print_why(decision, who.units, names.get(decision.variant_id))
