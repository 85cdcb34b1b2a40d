"""Import workout history exported by popular tracker apps: Strong, Hevy and FitNotes.

People change tools; their history should come with them. Each app exports one CSV row per
set; this module reads those rows, maps the app's exercise names to catalogue variants with
the explicit table :data:`EXERCISE_MAP` (plus any mapping the person adds), and returns
performed sets. Names that are not in the table are **reported, never guessed**: a "hip
abduction machine" is not a side-lying abduction, and silently pretending otherwise would
corrupt the progression history.

What the apps do not record is left empty rather than invented: side is ``both`` (these apps
do not log legs separately), pain and technique checks are blank. RPE becomes reps in
reserve as ``RIR = 10 − RPE`` (the usual RPE-RIR scale), rounded and kept within 0–10.
Warm-up sets are skipped. Loads are converted to kg.

The exact columns accepted are in ``docs/exports.md`` and in
:data:`~glutemed.export.tracker_apps.APPS` (the dialects); the name table is
:data:`~glutemed.export.tracker_names.EXERCISE_MAP`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.export.plain import validation_problem
from glutemed.export.tracker_apps import APPS, App, Cells, RawSet, detect_app
from glutemed.export.tracker_names import EXERCISE_MAP, normalise_name
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet


@dataclass(frozen=True)
class TrackerImport:
    """What an import found: the sets, and what it could not use (and why)."""

    app: str
    sets: list[PerformedSet]
    unmapped: dict[str, int] = field(default_factory=dict)
    """Exercise name as written in the file -> number of rows skipped for it."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Reason -> number of rows (warm-up sets, rows with neither reps nor time)."""
    rows: list[str] = field(default_factory=list)
    """Where each set came from, e.g. ``strong row 7`` (an import's refusal names it)."""


def _rows(data: bytes, app_name: str | None) -> tuple[App, list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("file", f"not UTF-8 text (byte {exc.start})") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader, [])]
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"row {reader.line_num}", str(exc)) from None
    name = app_name or detect_app(header)
    if name is None:
        raise InputError(
            "format", "not a Strong, Hevy or FitNotes export (see docs/exports.md for columns)"
        )
    if name not in APPS:
        raise InputError("format", f"unknown tracker {name!r}; allowed: {', '.join(APPS)}")
    app = APPS[name]
    missing = [col for col in app.required if col not in header]
    if missing:
        raise InputError(f"{name} row 1", f"missing column(s) {', '.join(missing)}")
    return app, header, rows


def import_tracker_csv(
    data: bytes,
    *,
    catalog: Catalog,
    app: str | None = None,
    unit: str = "kg",
    extra_map: Mapping[str, str] | None = None,
) -> TrackerImport:
    """Read a tracker export; every bad cell names its row and column, and nothing is half-read.

    ``unit`` is the weight unit of files that do not say (newer Strong exports); ``extra_map``
    adds or overrides name -> variant mappings, e.g. ``{"Clamshell": "side-plank.short"}``.
    """
    mapping = _mapping(catalog, extra_map or {})
    found, header, rows = _rows(data, app)
    raws = []
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise InputError(
                f"{found.name} row {number}",
                f"has {len(cells)} cells but the header has {len(header)}",
            )
        raws.append(
            found.read(Cells(found.name, number, dict(zip(header, cells, strict=True)), unit))
        )
    return _to_sets(found.name, raws, mapping)


def _mapping(catalog: Catalog, extra: Mapping[str, str]) -> dict[str, str]:
    mapping = dict(EXERCISE_MAP)
    for name, variant_id in extra.items():
        catalog.variant(variant_id)  # an unknown id is an error, with suggestions
        mapping[normalise_name(name)] = variant_id
    return mapping


def _to_sets(app: str, raws: list[RawSet], mapping: Mapping[str, str]) -> TrackerImport:
    unmapped: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    sets: list[PerformedSet] = []
    rows: list[str] = []
    counters: Counter[tuple[dt.date, str]] = Counter()
    noted: set[tuple[dt.date, str]] = set()
    for raw in raws:
        variant_id = mapping.get(normalise_name(raw.exercise))
        if variant_id is None:
            unmapped[raw.exercise] += 1
            continue
        if raw.warmup:
            skipped["warm-up set"] += 1
            continue
        if raw.reps is None and raw.seconds is None:
            skipped["no reps or time"] += 1
            continue
        key = (raw.date, variant_id)
        counters[key] += 1
        note = raw.note if key not in noted else None
        noted.add(key)
        sets.append(_performed(app, raw, variant_id, min(counters[key], 20), note))
        rows.append(f"{app} row {raw.row}")
    return TrackerImport(
        app, sets, dict(sorted(unmapped.items())), dict(sorted(skipped.items())), rows
    )


def _performed(
    app: str, raw: RawSet, variant_id: str, index: int, note: str | None
) -> PerformedSet:
    rir = None if raw.rpe is None else max(0, min(10, round(10 - raw.rpe)))
    try:
        return PerformedSet(
            variant_id=variant_id,
            side=Side.BOTH,
            date=raw.date,
            set_index=index,
            reps=raw.reps,
            hold_s=raw.seconds if raw.reps is None else None,
            load_kg=raw.load_kg,
            rir=rir,
            note=note,
        )
    except ValidationError as exc:
        raise validation_problem(exc, f"{app} row {raw.row}") from None
