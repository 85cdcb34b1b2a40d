"""``glutemed export ...``: the group, and the whole history as JSON or CSV.

Each command reads the store through :mod:`glutemed.services` and hands plain data to the
writers in :mod:`glutemed.export`; nothing here decides anything about training. The
program's exports (handout, calendar) are in :mod:`glutemed.cli.export_program`, the
progress ones (charts, report, FHIR) in :mod:`glutemed.cli.export_progress`, and
``glutemed import`` in :mod:`glutemed.cli.import_history`.
"""

from __future__ import annotations

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option
from glutemed.cli.export_output import OUTPUT_HELP, file_slug, write_output
from glutemed.cli.export_sources import PERSON_HELP, history_bundle, stored_sets

export_app = typer.Typer(
    name="export",
    help="Export a handout (PDF), a calendar (ICS), charts, or the whole history (CSV, JSON).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``export`` group and the ``import`` command to the root app."""
    from glutemed.cli import export_program, export_progress, import_history

    for name, command in (
        ("json", export_json),
        ("csv", export_csv),
        ("ics", export_program.export_ics),
        ("pdf", export_program.export_pdf),
        ("chart", export_progress.export_chart),
        ("report", export_progress.export_report),
        ("fhir", export_progress.export_fhir),
    ):
        export_app.command(name)(command)
    app.add_typer(export_app, name="export")
    app.command("import")(import_history.import_file)


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
    data = render_json(history_bundle(engine, who))
    write_output(
        data, output or f"{file_slug(who.name)}-history.json", f"{who.name}'s history (JSON)"
    )


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
        data = render_sets_csv(stored_sets(engine, who))
        write_output(
            data, output or f"{file_slug(who.name)}-sets.csv", f"{who.name}'s performed sets (CSV)"
        )
        return
    data = render_csv_zip(history_bundle(engine, who))
    write_output(
        data, output or f"{file_slug(who.name)}-history.zip", f"{who.name}'s history (CSV zip)"
    )
