"""``glutemed export ...`` and ``glutemed import FILE``: handouts, calendars, charts, history.

Each command reads the store through :mod:`glutemed.services` and hands plain data to the
writers in :mod:`glutemed.export`; nothing here decides anything about training. Imports are
all-or-nothing: a file is parsed and checked completely before the one transaction that
stores it, so a malformed file (named with its row and column) leaves the store untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from glutemed.programming.models import Program
    from glutemed.progression.models import PerformedSet
    from glutemed.store.records import PersonRecord, ProgramRecord

PERSON_HELP = "Whose data (default: the current person, see 'glutemed people list')."
OUTPUT_HELP = "Write to this file ('-' for standard output)."
MANY_ROWS = 200
"""Show a progress bar from this many rows on: below it the work is instant."""

export_app = typer.Typer(
    name="export",
    help="Export a handout (PDF), a calendar (ICS), charts, or the whole history (CSV, JSON).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``export`` group and the ``import`` command to the root app."""
    app.add_typer(export_app, name="export")
    app.command("import")(import_file)


# -- helpers -----------------------------------------------------------------------------------










def _program(
    engine: Engine, person: PersonRecord
) -> tuple[ProgramRecord, dict[tuple[int, int], dt.date]]:
    """The person's active program and where the store placed each session."""
    from glutemed.errors import InputError

    with cli_io.unit_of_work(engine, readonly=True) as uow:
        record: ProgramRecord | None = uow.programs.active(person.id)
        if record is None:
            raise InputError(
                "person",
                f"{person.name} has no program yet; run 'glutemed start'"
                + cli_io.person_hint(person),
            )
        dates = uow.programs.session_dates(record.id)
    return record, dates


@dataclass(frozen=True)
class _Source:
    """The program to export and whose it is: from the store, or from a plan file.

    ``engine`` and ``person_id`` are set for a stored person (the handout then asks the
    sessions service for the targets in force)."""

    name: str
    units: str
    program: Program
    program_key: str
    start: dt.date | None
    dates: dict[tuple[int, int], dt.date] | None
    engine: Engine | None = None
    person: PersonRecord | None = None


PROGRAM_HELP = (
    "Export this program file instead of a stored one: the JSON of 'glutemed plan --json' "
    "or a history from 'glutemed export json' (nothing is read from or written to the store)."
)


def _source(
    program_file: str | None, name: str | None, person: str | None, db: str | None
) -> _Source:
    if program_file is not None:
        return _Source(name or "you", "kg", _load_program(program_file), "plan", None, None)
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    record, dates = _program(engine, who)
    key = f"program-{record.version}"
    return _Source(
        who.name, who.units, record.program, key, record.start_date, dates, engine, who
    )


def _load_program(path: str) -> Program:
    """A program from a plan JSON (extra display fields dropped) or a history's active one."""
    from glutemed.errors import InputError
    from glutemed.export.to_json import parse_json
    from glutemed.programming.models import Prescription, Program, Session, Week

    try:
        data = Path(path).read_bytes()
        raw = json.loads(data)
    except OSError as exc:
        raise InputError("--program", f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError("--program", f"{path} is not JSON ({exc})") from None
    if isinstance(raw, dict) and raw.get("format") == "glutemed-history":
        bundle = parse_json(data)
        active = [p for p in bundle.programs if p.active] or bundle.programs
        if not active:
            raise InputError("--program", f"{path} holds no program")
        return active[-1].program
    if not isinstance(raw, dict):
        raise InputError("--program", f"{path} is not a program (expected a JSON object)")

    def keep(model: Any, value: Any) -> Any:
        return (
            {k: v for k, v in value.items() if k in model.model_fields}
            if isinstance(value, dict)
            else value
        )

    program = keep(Program, raw)
    program["weeks"] = [keep(Week, w) for w in program.get("weeks") or []]
    for week in program["weeks"]:
        week["sessions"] = [keep(Session, x) for x in week.get("sessions") or []]
        for session in week["sessions"]:
            session["items"] = [keep(Prescription, i) for i in session.get("items") or []]
    return Program.model_validate(program)


def _sets(engine: Engine, person: PersonRecord) -> list[PerformedSet]:
    with cli_io.unit_of_work(engine, readonly=True) as uow:
        return [s.performed for s in reversed(uow.sets.recent(person.id))]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "person"


def _parse_date(value: str | None, field: str) -> dt.date | None:
    from glutemed.errors import InputError

    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"'{value}' is not a date; use YYYY-MM-DD") from None
    # A program's first day: the same plausible range as 'glutemed start --start-date'
    # (a year-1 or year-9999 start would run the calendar off the end of dates).
    from glutemed.progression.validity import check_start_date, default_limits

    return check_start_date(day, dt.date.today(), default_limits(), field=field)


def _write(data: bytes, output: str, what: str) -> None:
    """Write ``data`` to ``output`` (or stdout for ``-``) and say where it went (on stderr)."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from glutemed.errors import InputError

    path = Path(output)
    if path.parent and not path.parent.exists():
        raise InputError("--output", f"the folder {path.parent} does not exist")
    path.write_bytes(data)
    typer.echo(f"Wrote {what} to {path} ({len(data):,} bytes).", err=True)


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr for long jobs (``total`` None: not known in advance)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    if (total is not None and total < MANY_ROWS) or not console.is_terminal:
        yield lambda _: None
        return

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _bundle(engine: Engine, person: PersonRecord) -> Any:
    from glutemed.services.portability import export_bundle

    with _progress("Reading history", None) as step:
        return export_bundle(cli_io.unit_of_work(engine, readonly=True), person.id, progress=step)


# -- export json / csv -------------------------------------------------------------------------


@export_app.command("json")
def export_json(
    output: str | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Export everything about a person as one JSON file (lossless; 'glutemed import' reads it).

    Example:
        glutemed export json -o ann.json
        glutemed export json --person Ann -o - | jq '.performed_sets | length'
    """
    from glutemed.export.to_json import render_json

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    data = render_json(_bundle(engine, who))
    _write(data, output or f"{_slug(who.name)}-history.json", f"{who.name}'s history (JSON)")


@export_app.command("csv")
def export_csv(
    output: str | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    sets_only: bool = typer.Option(
        False, "--sets-only", help="Just the performed sets, one CSV table (for spreadsheets)."
    ),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Export the history as a zip of CSV tables (lossless), or only the sets as one CSV.

    The zip holds person.csv, programs.csv, program_items.csv, sets.csv, decisions.csv and
    progression.csv; 'glutemed import' reads it back. Columns: docs/exports.md.

    Example:
        glutemed export csv -o ann-history.zip
        glutemed export csv --sets-only -o ann-sets.csv
    """
    from glutemed.export.to_csv import render_csv_zip, render_sets_csv

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    if sets_only:
        data = render_sets_csv(_sets(engine, who))
        _write(data, output or f"{_slug(who.name)}-sets.csv", f"{who.name}'s performed sets (CSV)")
        return
    data = render_csv_zip(_bundle(engine, who))
    _write(data, output or f"{_slug(who.name)}-history.zip", f"{who.name}'s history (CSV zip)")


# -- export ics / pdf --------------------------------------------------------------------------


@export_app.command("ics")
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

    src = _source(program_file, name, person, db)
    begin = _parse_date(start, "--start")
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
    _write(data, output or f"{_slug(src.name)}-training.ics", f"{src.name}'s calendar (ICS)")


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


@export_app.command("pdf")
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

    src = _source(program_file, name, person, db)
    program = src.program
    begin = _parse_date(start, "--start") or src.start
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
    _write(data, output or f"{_slug(src.name)}-handout.pdf", f"{src.name}'s handout (PDF)")


def _targets_in_force(
    src: _Source, catalog: Any
) -> tuple[dict[str, list[Any]] | None, dt.date | None]:
    """For a stored person: each exercise's prescriptions in force today, by slot, from the
    sessions service (the same answer 'glutemed today' gives). None for a plan file."""
    if src.engine is None or src.person is None:
        return None, None
    from glutemed.services.people import local_today
    from glutemed.services.sessions import targets_in_force

    today = local_today(src.person.timezone)
    items = targets_in_force(
        cli_io.unit_of_work(src.engine, readonly=True), src.person.id, catalog, today
    )
    current: dict[str, list[Any]] = {}
    for item in items:
        current.setdefault(item.slot, []).append(item.target)
    return (current, today) if current else (None, None)


# -- export chart ------------------------------------------------------------------------------


@export_app.command("chart")
def export_chart(
    kind: str = typer.Argument(..., help="trend, volume, adherence, asymmetry or outcomes."),
    variant: str | None = typer.Option(None, "--variant", help="The exercise (for trend)."),
    output: str | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    fmt: str | None = typer.Option(
        None, "--format", help="png or svg (default: from the file name, else png)."
    ),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Draw a progress chart as PNG or SVG.

    trend: load (or reps / hold) per side over time, with the modelled hip abduction moment
    when the profile has body mass and height; volume: sets per week by role; adherence:
    planned against trained sessions per program week; asymmetry: left against right;
    outcomes: every outcome measure over time, with the published smallest change worth
    noticing drawn where one exists.

    Example:
        glutemed export chart trend --variant side-lying-abduction.cuff-ankle -o trend.png
        glutemed export chart asymmetry -o asymmetry.svg
        glutemed export chart outcomes -o outcomes.png
    """
    from glutemed.errors import InputError
    from glutemed.export import charts

    if kind not in charts.KINDS:
        raise InputError("KIND", f"unknown chart '{kind}'; allowed: {', '.join(charts.KINDS)}")
    chosen = fmt or (Path(output).suffix.lstrip(".").lower() if output and output != "-" else "")
    chosen = chosen or "png"
    if chosen not in charts.FORMATS:
        raise InputError("--format", f"unknown '{chosen}'; allowed: {', '.join(charts.FORMATS)}")
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    data = _draw(kind, chosen, variant, engine, who)
    _write(data, output or f"{_slug(who.name)}-{kind}.{chosen}", f"{who.name}'s {kind} chart")


def _draw(kind: str, fmt: Any, variant: str | None, engine: Engine, who: PersonRecord) -> bytes:
    from glutemed.errors import InputError
    from glutemed.export import charts
    from glutemed.export.text import variant_name
    from glutemed.units import Unit

    if kind == "outcomes":
        from glutemed.export.outcome_charts import outcomes_chart
        from glutemed.services.outcomes import outcome_series

        return outcomes_chart(
            outcome_series(cli_io.unit_of_work(engine, readonly=True), who.id), fmt=fmt
        )
    catalog = cli_io.catalog()
    sets = _sets(engine, who)
    if kind == "trend":
        if variant is None:
            raise InputError("--variant", "the trend chart needs --variant VARIANT_ID")
        catalog.variant(variant)
        points = charts.trend_data(
            sets,
            variant,
            catalog=catalog,
            mass_kg=who.profile.mass_kg,
            height_m=who.profile.height_m,
        )
        unit: Unit = "lb" if who.units == "lb" else "kg"
        title = variant_name(variant, catalog)
        return charts.trend_chart(points, title=title, fmt=fmt, unit=unit)
    if kind == "volume":
        return charts.volume_chart(charts.volume_data(sets, catalog), fmt=fmt)
    if kind == "adherence":
        record, _ = _program(engine, who)
        weeks = charts.adherence_data(record.program, sets, record.start_date)
        return charts.adherence_chart(weeks, fmt=fmt)
    return charts.asymmetry_chart(charts.asymmetry_data(sets), fmt=fmt, catalog=catalog)


# -- export report / fhir ----------------------------------------------------------------------


@export_app.command("report")
def export_report(
    output: str | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    audience: str = typer.Option("referrer", "--for", help="referrer or client."),
    condition: str | None = typer.Option(
        None, "--condition", help="The condition in words, e.g. 'lateral hip pain'."),
    date: str | None = typer.Option(None, "--date", help="Report as of this day (default: today)."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """A progress report (PDF) for a referrer or the client: outcomes, charts, adherence,
    the exercises in force and the decisions that mattered.

    Example:
        glutemed export report -o ann-report.pdf --condition "lateral hip pain"
        glutemed export report --for client -o my-progress.pdf
    """
    from glutemed.cli.training import _choice
    from glutemed.export.report_pdf import AUDIENCES, render_report_pdf
    from glutemed.services.outcomes import report_data
    from glutemed.services.people import local_today

    _choice("--for", audience, list(AUDIENCES))
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    day = _parse_date(date, "--date") or local_today(who.timezone)
    data = report_data(cli_io.unit_of_work(engine, readonly=True), who.id, cli_io.catalog(),
                       day, audience="client" if audience == "client" else "referrer",
                       condition=condition)
    created = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    _write(render_report_pdf(data, created=created),
           output or f"{_slug(who.name)}-report.pdf", "the progress report (PDF)")


@export_app.command("fhir")
def export_fhir(
    output: str | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    identify: bool = typer.Option(
        False, "--identify", help="Put the person's name in the Patient (default: pseudonymous)."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """A FHIR R4 Bundle: Patient (pseudonymous by default), CarePlan with a ServiceRequest per
    exercise, Observations for outcome measures and tests, and a summary of sessions.

    Example:
        glutemed export fhir -o bundle.json
        glutemed export fhir --identify -o - | jq '.entry | length'
    """
    from glutemed.export.to_fhir import render_fhir_json
    from glutemed.services.outcomes import fhir_document

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    document = fhir_document(cli_io.unit_of_work(engine, readonly=True), who.id,
                             cli_io.catalog(), dt.datetime.now(dt.UTC), identify=identify)
    _write(render_fhir_json(document), output or f"{_slug(who.name)}-fhir.json",
           "the FHIR bundle (JSON)")


# -- import ------------------------------------------------------------------------------------

IMPORT_FORMATS = ("auto", "json", "csv", "strong", "hevy", "fitnotes")


def import_file(
    file: str = typer.Argument(..., help="The file to import."),
    fmt: str = typer.Option("auto", "--format", help="auto, json, csv, strong, hevy, fitnotes."),
    person: str | None = typer.Option(
        None, "--person", help="Add sets to this person (sets.csv and tracker files)."
    ),
    name: str | None = typer.Option(
        None, "--name", help="Import a whole history under this name instead of its own."
    ),
    unit: str = typer.Option(
        "kg", "--unit", help="Weight unit of tracker files that do not say (kg or lb)."
    ),
    mapping: list[str] = typer.Option(  # noqa: B008 - typer reads options from defaults
        [],
        "--map",
        help="Tracker files: 'Exercise name=variant-id'; glutemed files: 'old-id=variant-id' "
        "for an id this catalogue does not have (repeatable).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and report; store nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    db: str | None = db_option(),
) -> None:
    """Import a history (glutemed JSON or CSV zip) or sets from Strong, Hevy or FitNotes.

    The file is checked completely first: a malformed one is rejected with its row and
    column named, and nothing is stored. So is an impossible set (an unknown variant id, a
    hold on a reps-only exercise, a band where there is none, implausible numbers, a date in
    the future or before the program started). A whole history becomes a new person; sets
    from a sets.csv or a tracker app are added to --person. Tracker exercise names that are
    not in glutemed's table are listed, not guessed; add them with --map.

    Example:
        glutemed import ann-history.json --name "Ann (clinic copy)"
        glutemed import strong_workouts.csv --person Ann --map "Clamshell=side-plank.short"
        glutemed import hevy.csv --person Ann --unit lb --dry-run
    """
    from glutemed.errors import InputError

    if fmt not in IMPORT_FORMATS:
        raise InputError("--format", f"unknown '{fmt}'; allowed: {', '.join(IMPORT_FORMATS)}")
    if unit not in ("kg", "lb"):
        raise InputError("--unit", f"unknown '{unit}'; allowed: kg, lb")
    max_bytes = _import_limit()
    data = _read_limited(Path(file), max_bytes)
    kind = _detect(data, fmt)
    if kind in ("json", "zip"):
        report = _import_history(data, kind, name, _extra_map(mapping), dry_run, db, max_bytes)
    else:
        report = _import_sets(data, kind, person, unit, _extra_map(mapping), dry_run, db)
    _report(report, as_json)


def _import_limit() -> int:
    """GLUTEMED_IMPORT_MAX_MB, in bytes."""
    from glutemed.config import Settings

    return Settings.from_env().import_max_mb * 1024 * 1024


def _read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused by its size before it is read when it is over the limit."""
    from glutemed.errors import InputError
    from glutemed.export.import_limits import too_large

    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise too_large(f"{path.name} is", size, max_bytes)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError("FILE", f"cannot read {path}: {exc.strerror}") from None
    if len(data) > max_bytes:  # it grew while being read, or is not a regular file
        raise too_large(f"{path.name} is more than", max_bytes, max_bytes)
    return data


def _detect(data: bytes, fmt: str) -> str:
    """``json``, ``zip``, ``sets`` (a lone sets.csv) or a tracker app name."""
    from glutemed.errors import InputError
    from glutemed.export.csv_columns import SET_COLUMNS
    from glutemed.export.tracker_apps import detect_app

    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if fmt == "json" or (fmt == "auto" and head.startswith(b"{")):
        return "json"
    if head.startswith(b"PK"):
        return "zip"
    if fmt in ("strong", "hevy", "fitnotes"):
        return fmt
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    header = [h.strip().strip('"') for h in re.split(r"[;,]", first)]
    if {c.name for c in SET_COLUMNS[:3]} <= set(header):
        return "sets"
    app = detect_app(header)
    if app is None:
        raise InputError(
            "FILE",
            "not a glutemed history (JSON or CSV zip), a glutemed sets.csv, or a Strong, Hevy "
            "or FitNotes export; see docs/exports.md for the accepted columns",
        )
    return app


def _extra_map(pairs: list[str]) -> dict[str, str]:
    from glutemed.errors import InputError

    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError("--map", f"'{pair}' is not 'Exercise name=variant-id'")
        exercise, variant_id = pair.rsplit("=", 1)
        out[exercise.strip()] = variant_id.strip()
    return out


def _import_history(
    data: bytes,
    kind: str,
    name: str | None,
    variant_map: dict[str, str],
    dry_run: bool,
    db: str | None,
    max_bytes: int,
) -> dict[str, Any]:
    from glutemed.errors import InputError
    from glutemed.export.to_csv import parse_csv_zip
    from glutemed.export.to_json import parse_json
    from glutemed.services.people import local_today
    from glutemed.services.portability import checked_bundle, import_bundle

    bundle = parse_json(data) if kind == "json" else parse_csv_zip(data, max_bytes=max_bytes)
    report: dict[str, Any] = {
        "kind": "history",
        "person": name or bundle.person.name,
        "programs": len(bundle.programs),
        "sets": len(bundle.performed_sets),
        "deleted_sets": sum(1 for s in bundle.performed_sets if s.deleted),
        "decisions": len(bundle.decisions),
        "stored": False,
    }
    if dry_run:
        checked_bundle(
            bundle, today=local_today(bundle.person.timezone), catalog=cli_io.catalog(),
            variant_map=variant_map,
        )
        return report
    engine = cli_io.open_store(db)
    try:
        with _progress("Importing sets", len(bundle.performed_sets)) as step:
            person_id = import_bundle(
                cli_io.unit_of_work(engine),
                bundle,
                today=local_today(bundle.person.timezone),
                name=name,
                progress=step,
                catalog=cli_io.catalog(),
                variant_map=variant_map,
            )
    except InputError as exc:
        if exc.field != "name":
            raise
        raise InputError("--name", f"{exc}; import under another name with --name") from None
    return {**report, "person_id": person_id, "stored": True}


def _import_sets(
    data: bytes,
    kind: str,
    person: str | None,
    unit: str,
    extra: dict[str, str],
    dry_run: bool,
    db: str | None,
) -> dict[str, Any]:
    from glutemed.export.to_csv import parse_sets_csv_rows
    from glutemed.export.trackers import import_tracker_csv
    from glutemed.services.portability import check_sets, import_sets

    catalog = cli_io.catalog()
    sets: Sequence[PerformedSet]
    if kind == "sets":
        rows = parse_sets_csv_rows(data)
        # An old id is renamed with --map OLD=NEW; an unknown one is refused with its row.
        sets = [
            s.model_copy(update={"variant_id": extra.get(s.variant_id, s.variant_id)})
            for _, s in rows
        ]
        labels = [where for where, _ in rows]
        unmapped: dict[str, int] = {}
        skipped: dict[str, int] = {}
    else:
        found = import_tracker_csv(data, catalog=catalog, app=kind, unit=unit, extra_map=extra)
        sets, unmapped, skipped = found.sets, found.unmapped, found.skipped
        labels = found.rows
    report: dict[str, Any] = {
        "kind": kind,
        "sets": len(sets),
        "unmapped": unmapped,
        "skipped": skipped,
        "stored": False,
    }
    if not sets:
        return report
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    if dry_run:  # every check the import makes, nothing stored
        with cli_io.about(who):
            check_sets(
                cli_io.unit_of_work(engine, readonly=True), who.id, sets, catalog=catalog,
                labels=labels,
            )
        return {**report, "person": who.name}
    with _progress("Importing sets", len(sets)) as step, cli_io.about(who):
        stored, duplicates = import_sets(
            cli_io.unit_of_work(engine), who.id, sets, progress=step, catalog=catalog,
            labels=labels,
        )
    if duplicates:
        report["skipped"] = {**report["skipped"], "already in the log": duplicates}
    return {**report, "sets": stored, "person": who.name, "stored": True}


def _report(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        cli_io.echo_json(report)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    verb = "Imported" if report["stored"] else "Would import (nothing stored)"
    if report["kind"] == "history":
        deleted = report.get("deleted_sets", 0)
        kept = f" ({deleted} of them deleted, kept so they can be restored)" if deleted else ""
        console.print(
            f"{verb}: {report['person']} with {report['programs']} program(s), "
            f"{report['sets']} set(s){kept} and {report['decisions']} decision(s)."
        )
        return
    who = f" for {report['person']}" if report.get("person") else ""
    console.print(f"{verb} {report['sets']} set(s){who} from a {report['kind']} file.")
    for reason, count in report["skipped"].items():
        console.print(f"Skipped {count} row(s): {reason}.")
    if report["unmapped"]:
        table = Table("Exercise name in the file", "Rows", title="Not imported: no mapping")
        for exercise, count in report["unmapped"].items():
            table.add_row(exercise, str(count))
        console.print(table)
        console.print("Add a mapping with --map 'Name=variant-id' (see 'glutemed exercises list').")
