"""Progress exports: ``export chart`` (PNG/SVG), ``export report`` (a PDF for a referrer or the
client) and ``export fhir`` (outcome measures as FHIR Observations)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option
from glutemed.cli.export_output import OUTPUT_HELP, file_slug, write_output
from glutemed.cli.export_sources import PERSON_HELP, active_program, program_start_date, stored_sets

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from glutemed.store.records import PersonRecord


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
    from glutemed.cli.values import choice
    from glutemed.export import charts

    choice("KIND", kind, list(charts.KINDS))
    chosen = fmt or (Path(output).suffix.lstrip(".").lower() if output and output != "-" else "")
    chosen = chosen or "png"
    choice("--format", chosen, list(charts.FORMATS))
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    data = _draw(kind, chosen, variant, engine, who)
    write_output(
        data, output or f"{file_slug(who.name)}-{kind}.{chosen}", f"{who.name}'s {kind} chart"
    )


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
    sets = stored_sets(engine, who)
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
        record, _ = active_program(engine, who)
        weeks = charts.adherence_data(record.program, sets, record.start_date)
        return charts.adherence_chart(weeks, fmt=fmt)
    return charts.asymmetry_chart(charts.asymmetry_data(sets), fmt=fmt, catalog=catalog)


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
    from glutemed.cli.values import choice
    from glutemed.export.report_pdf import AUDIENCES, render_report_pdf
    from glutemed.services.outcomes import report_data
    from glutemed.services.people import local_today

    choice("--for", audience, list(AUDIENCES))
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    day = program_start_date(date, "--date") or local_today(who.timezone)
    data = report_data(cli_io.unit_of_work(engine, readonly=True), who.id, cli_io.catalog(),
                       day, audience="client" if audience == "client" else "referrer",
                       condition=condition)
    created = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    write_output(render_report_pdf(data, created=created),
           output or f"{file_slug(who.name)}-report.pdf", "the progress report (PDF)")


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
    write_output(render_fhir_json(document), output or f"{file_slug(who.name)}-fhir.json",
           "the FHIR bundle (JSON)")
