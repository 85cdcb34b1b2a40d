"""``glutemed today``: the session due on a day, in the person's own time zone, and the
outcome measures due with it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli import training_render as R
from glutemed.cli import values
from glutemed.cli.db import db_option

if TYPE_CHECKING:
    from sqlalchemy import Engine


def today(
    date: str | None = typer.Option(None, "--date", help="Which day, YYYY-MM-DD (default: today)."),
    person: str | None = typer.Option(None, "--person", help=values.PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the session as JSON."),
    db: str | None = db_option(),
) -> None:
    """Show the session due: each exercise and side with its target, last time, and cues.

    Example:
        glutemed today
        glutemed today --date 2026-03-05 --json
    """
    from glutemed.services.todays_session import todays_session

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    day = values.parse_date(date, who)
    uow = cli_io.unit_of_work(engine, readonly=True)
    with cli_io.about(who):
        session = todays_session(uow, who.id, cli_io.catalog(), day)
    reminder = _outcomes_reminder(engine, who.id, day)
    if as_json:
        cli_io.echo_json({**session.model_dump(mode="json"), "outcomes_due": reminder})
        return
    R.print_today(session)
    if reminder is not None:
        typer.echo(f"Outcome measures are due ({reminder['label']}, {reminder['date']}).")
        typer.echo("Record them with 'glutemed outcome add ...'.")


def _outcomes_reminder(engine: Engine, person_id: int, day: dt.date) -> dict[str, Any] | None:
    """The outcome time point due on ``day``, if any (the same rule as the web page)."""
    from glutemed.services.outcomes import schedule_view

    due = schedule_view(cli_io.unit_of_work(engine, readonly=True), person_id, day).due
    if due is None:
        return None
    return {"week": due.week, "label": due.label, "date": due.date.isoformat()}
