"""The program's exports: ``export ics`` (a calendar of the training days) and ``export pdf``
(the printable handout with the targets in force)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option
from glutemed.cli.export_output import OUTPUT_HELP, file_slug, write_output
from glutemed.cli.export_sources import (
    PERSON_HELP,
    PROGRAM_HELP,
    ProgramSource,
    program_source,
    program_start_date,
)

if TYPE_CHECKING:
    pass


def export_ics(
    output: str | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    start: str | None = typer.Option(
        None, "--start", help="First week's start, YYYY-MM-DD (default: the program's dates)."
    ),
    days: str | None = typer.Option(
        None, "--days", help="Training weekdays, e.g. mon,thu (default: the program's dates)."
    ),
    at: str | None = typer.Option(
        None, "--at", help="Start time HH:MM for timed events (default: all-day events)."
    ),
    dtstamp: str | None = typer.Option(
        None, "--dtstamp", help="Time stamp to write, ISO 8601 UTC (default: now)."
    ),
    program_file: str | None = typer.Option(None, "--program", help=PROGRAM_HELP),
    name: str | None = typer.Option(None, "--name", help="Whose program (with --program)."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Export the program's sessions as an iCalendar file for any calendar app.

    Each session has a stable id, so importing a newer export updates the events instead of
    adding copies. Without --start/--days the sessions keep the dates 'glutemed today' uses.

    Example:
        glutemed export ics -o training.ics
        glutemed export ics --start 2026-01-05 --days mon,thu --at 18:30 -o training.ics
        glutemed export ics --program plan.json --name Ann --start 2026-01-05 -o ann.ics
    """
    from glutemed.errors import InputError
    from glutemed.export.to_ics import parse_weekdays, render_ics
    from glutemed.programming.calendar import busiest_week, default_weekdays

    src = program_source(program_file, name, person, db)
    begin = program_start_date(start, "--start")
    if begin is None and src.start is None:
        raise InputError("--start", "give the first training day (YYYY-MM-DD) with --program")
    use_stored = begin is None and days is None and src.dates is not None
    data = render_ics(
        src.program,
        person=src.name,
        program_key=src.program_key,
        start=begin or src.start or dt.date.min,
        weekdays=parse_weekdays(days) if days else default_weekdays(busiest_week(src.program)),
        dtstamp=_stamp(dtstamp),
        catalog=cli_io.catalog(),
        unit="lb" if src.units == "lb" else "kg",
        at=_time(at),
        dates=src.dates if use_stored else None,
    )
    write_output(
        data, output or f"{file_slug(src.name)}-training.ics", f"{src.name}'s calendar (ICS)"
    )


def _stamp(value: str | None) -> dt.datetime:
    from glutemed.errors import InputError

    if value is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError("--dtstamp", f"'{value}' is not an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _time(value: str | None) -> dt.time | None:
    from glutemed.errors import InputError

    if value is None:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise InputError("--at", f"'{value}' is not a time; use HH:MM") from None


def export_pdf(
    output: str | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    start: str | None = typer.Option(
        None, "--start", help="First week's start, YYYY-MM-DD (default: the program's dates)."
    ),
    days: str | None = typer.Option(
        None, "--days", help="Training weekdays for the log sheet dates, e.g. mon,thu."
    ),
    program_file: str | None = typer.Option(None, "--program", help=PROGRAM_HELP),
    name: str | None = typer.Option(None, "--name", help="Whose program (with --program)."),
    large_print: bool = typer.Option(
        False, "--large-print", help="Larger text and figures; the log sheet turned sideways."
    ),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Export a printable handout (PDF) of the program, with a log sheet to fill in by hand.

    Page 1 speaks to the person: what the program is for, when to train, how to read a
    target and how it moves on, and the pain rules. Then each exercise with its figure, the
    target in force today (for a plan file: the dose by week), every set-up step and cue and
    the technique checks; a log sheet with L and R columns; the reasons for a clinician.

    Example:
        glutemed export pdf -o ann-handout.pdf
        glutemed export pdf --large-print -o ann-large.pdf
        glutemed export pdf --person Ann --start 2026-01-05 --days mon,thu -o handout.pdf
        glutemed plan --goal rehab --days 2 --weeks 6 --equipment none --json > plan.json
        glutemed export pdf --program plan.json --name Ann -o ann-handout.pdf
    """
    from glutemed.export.handout_figures import collect_figures, handout_variant_ids
    from glutemed.export.pdf_document import FIXED_CREATED
    from glutemed.export.to_ics import parse_weekdays
    from glutemed.export.to_pdf import render_pdf
    from glutemed.programming.calendar import busiest_week, default_weekdays, weekdays_used

    src = program_source(program_file, name, person, db)
    program = src.program
    begin = program_start_date(start, "--start") or src.start
    weekdays: list[int] | None = None
    if begin is not None:
        weekdays = parse_weekdays(days) if days else weekdays_used(program, begin)
    catalog = cli_io.catalog()
    current, as_of = _targets_in_force(src, catalog)
    data = render_pdf(
        program,
        person=src.name,
        catalog=catalog,
        figures=collect_figures(handout_variant_ids(program, current), catalog),
        unit="lb" if src.units == "lb" else "kg",
        start=begin,
        weekdays=(weekdays or default_weekdays(busiest_week(program))) if begin else None,
        created=dt.datetime.combine(begin, dt.time(), tzinfo=dt.UTC) if begin else FIXED_CREATED,
        current=current,
        as_of=as_of,
        large_print=large_print,
    )
    write_output(
        data, output or f"{file_slug(src.name)}-handout.pdf", f"{src.name}'s handout (PDF)"
    )


def _targets_in_force(
    src: ProgramSource, catalog: Any
) -> tuple[dict[str, list[Any]] | None, dt.date | None]:
    """For a stored person: each exercise's prescriptions in force today, by slot, from the
    sessions service (the same answer 'glutemed today' gives). None for a plan file."""
    if src.engine is None or src.person is None:
        return None, None
    from glutemed.services.people import local_today
    from glutemed.services.todays_session import targets_in_force

    today = local_today(src.person.timezone)
    items = targets_in_force(
        cli_io.unit_of_work(src.engine, readonly=True), src.person.id, catalog, today
    )
    current: dict[str, list[Any]] = {}
    for item in items:
        current.setdefault(item.slot, []).append(item.target)
    return (current, today) if current else (None, None)
