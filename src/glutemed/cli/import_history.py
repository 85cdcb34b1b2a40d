"""``glutemed import FILE``: a history bundle, a sets CSV, or a tracker's export (Strong, Hevy,
FitNotes), parsed and checked completely before the one transaction that stores it, so a
malformed file (named with its row and column) leaves the store untouched."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option
from glutemed.cli.export_output import progress_bar

if TYPE_CHECKING:
    from glutemed.progression.models import PerformedSet


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
    from glutemed.cli.values import choice

    choice("--format", fmt, list(IMPORT_FORMATS))
    choice("--unit", unit, ["kg", "lb"])
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
        with progress_bar("Importing sets", len(bundle.performed_sets)) as step:
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
    with progress_bar("Importing sets", len(sets)) as step, cli_io.about(who):
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
