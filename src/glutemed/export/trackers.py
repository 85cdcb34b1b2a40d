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

The exact columns accepted are in ``docs/exports.md`` and in :data:`APPS`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.export.plain import validation_problem
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.units import KG_PER_LB

EXERCISE_MAP: dict[str, str] = {
    # side-lying abduction
    "side lying hip abduction": "side-lying-abduction.bodyweight",
    "side-lying hip abduction": "side-lying-abduction.bodyweight",
    "side lying leg raise": "side-lying-abduction.bodyweight",
    "lying side leg raise": "side-lying-abduction.bodyweight",
    "side leg raise": "side-lying-abduction.bodyweight",
    "side lying hip abduction (ankle weight)": "side-lying-abduction.cuff-ankle",
    "side lying leg raise (ankle weight)": "side-lying-abduction.cuff-ankle",
    "side lying hip abduction (band)": "side-lying-abduction.band-knees",
    # side plank
    "side plank": "side-plank.full",
    "side plank (knees)": "side-plank.short",
    "side plank on knees": "side-plank.short",
    "short side plank": "side-plank.short",
    "side plank hip abduction": "side-plank.full-abduction",
    "side plank leg raise": "side-plank.full-abduction",
    # banded side steps
    "lateral band walk": "banded-side-step.knees-light",
    "lateral band walks": "banded-side-step.knees-light",
    "banded side step": "banded-side-step.knees-light",
    "banded lateral walk": "banded-side-step.knees-light",
    "band side walk": "banded-side-step.knees-light",
    # standing abduction
    "hip abduction (cable)": "standing-abduction.cable-ankle",
    "cable hip abduction": "standing-abduction.cable-ankle",
    "standing cable hip abduction": "standing-abduction.cable-ankle",
    "standing hip abduction (band)": "standing-abduction.band-ankle",
    "banded standing hip abduction": "standing-abduction.band-ankle",
    # single-limb stance
    "single leg stance": "single-limb-stance.bodyweight",
    "single leg balance": "single-limb-stance.bodyweight",
    # compound patterns
    "squat (barbell)": "squat.back-squat",
    "back squat": "squat.back-squat",
    "barbell squat": "squat.back-squat",
    "barbell back squat": "squat.back-squat",
    "goblet squat": "squat.goblet",
    "goblet squat (kettlebell)": "squat.goblet",
    "goblet squat (dumbbell)": "squat.goblet",
    "deadlift (barbell)": "deadlift.conventional",
    "deadlift": "deadlift.conventional",
    "barbell deadlift": "deadlift.conventional",
    "conventional deadlift": "deadlift.conventional",
    "deadlift (kettlebell)": "deadlift.kettlebell",
    "kettlebell deadlift": "deadlift.kettlebell",
    "single leg deadlift": "single-leg-deadlift.bodyweight",
    "single leg romanian deadlift": "single-leg-deadlift.bodyweight",
    "single leg romanian deadlift (bodyweight)": "single-leg-deadlift.bodyweight",
    "single leg romanian deadlift (dumbbell)": "single-leg-deadlift.opposite-hand",
    "single leg deadlift (dumbbell)": "single-leg-deadlift.opposite-hand",
    "single-leg rdl": "single-leg-deadlift.bodyweight",
    "reverse lunge": "reverse-lunge.bodyweight",
    "reverse lunge (bodyweight)": "reverse-lunge.bodyweight",
    "reverse lunge (dumbbell)": "reverse-lunge.opposite-hand",
    "reverse lunge (barbell)": "reverse-lunge.barbell",
    "pistol squat": "single-leg-squat.bodyweight",
    "single leg squat": "single-leg-squat.bodyweight",
    "single leg box squat": "single-leg-squat.box",
    "box pistol squat": "single-leg-squat.box",
    # accessories
    "calf raise": "calf-raise.double-leg",
    "standing calf raise": "calf-raise.double-leg",
    "calf raise (bodyweight)": "calf-raise.double-leg",
    "single leg calf raise": "calf-raise.single-leg",
    "nordic hamstring curl": "hamstring-curl.nordic",
    "nordic curl": "hamstring-curl.nordic",
    "sliding leg curl": "hamstring-curl.slider",
    "slider hamstring curl": "hamstring-curl.slider",
    "reverse nordic": "quadriceps-isolation.reverse-nordic",
    "reverse nordic curl": "quadriceps-isolation.reverse-nordic",
}
"""Tracker exercise name (normalised: lower case, single spaces) -> catalogue variant.

Deliberately absent: the seated hip-abduction *machine* (no catalogue variant loads the hip
that way), clamshells and monster walks (different exercises). They are reported as unmapped.
"""


def normalise_name(name: str) -> str:
    """Lower case, trimmed, inner whitespace collapsed: ``'Side  Plank '`` -> ``'side plank'``."""
    return re.sub(r"\s+", " ", name.strip().lower())


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


@dataclass(frozen=True)
class _RawSet:
    row: int
    date: dt.date
    exercise: str
    reps: int | None
    seconds: float | None
    load_kg: float | None
    rpe: float | None
    note: str | None
    warmup: bool


@dataclass(frozen=True)
class App:
    """One tracker's CSV dialect: how to recognise it and how to read a row."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    read: Callable[[_Cells], _RawSet]


class _Cells:
    """One row, with typed accessors that name the row and column of a bad cell."""

    def __init__(self, app: str, row: int, cells: Mapping[str, str], unit: str) -> None:
        self.app, self.row, self.cells, self.unit = app, row, cells, unit

    def where(self, column: str) -> str:
        return f"{self.app} row {self.row}, column {column}"

    def text(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def number(self, column: str) -> float | None:
        cell = self.text(column)
        if cell == "":
            return None
        try:
            value = (
                float(cell.replace(",", "."))
                if cell.count(",") == 1 and "." not in cell
                else float(cell)
            )
        except ValueError:
            raise InputError(self.where(column), f"expected a number, got {cell!r}") from None
        if value < 0 or value != value:
            raise InputError(self.where(column), f"must be zero or more, got {cell!r}")
        return value

    def whole(self, column: str) -> int | None:
        value = self.number(column)
        if value is None:
            return None
        if value != int(value):
            raise InputError(
                self.where(column), f"expected a whole number, got {self.text(column)!r}"
            )
        return int(value)

    def date(self, column: str) -> dt.date:
        # Newer Strong exports put a narrow no-break space before AM/PM.
        cell = self.text(column).replace("\u202f", " ").replace("\xa0", " ")
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(cell, fmt).date()
            except ValueError:
                continue
        raise InputError(
            self.where(column), f"unrecognised date {cell!r}; expected e.g. 2024-01-09 18:30:00"
        )

    def kg(self, column: str, unit: str) -> float | None:
        value = self.number(column)
        if value is None or value == 0:
            return None
        if unit not in ("kg", "lb", "lbs"):
            raise InputError(self.where(column), f"unknown weight unit {unit!r}; allowed: kg, lb")
        return value if unit == "kg" else round(value * KG_PER_LB, 6)


DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d %b %Y, %H:%M",
    "%d %B %Y, %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
)


def _read_strong(c: _Cells) -> _RawSet:
    order = c.text("Set Order")
    unit = c.text("Weight Unit") or c.unit
    return _RawSet(
        row=c.row,
        date=c.date("Date"),
        exercise=c.text("Exercise Name"),
        reps=c.whole("Reps") or None,
        seconds=c.number("Seconds") or None,
        load_kg=c.kg("Weight", unit.lower()),
        rpe=c.number("RPE"),
        note=c.text("Notes") or None,
        warmup=order.upper() == "W",
    )


def _read_hevy(c: _Cells) -> _RawSet:
    pounds = "weight_lbs" in c.cells
    return _RawSet(
        row=c.row,
        date=c.date("start_time"),
        exercise=c.text("exercise_title"),
        reps=c.whole("reps") or None,
        seconds=c.number("duration_seconds") or None,
        load_kg=c.kg("weight_lbs" if pounds else "weight_kg", "lb" if pounds else "kg"),
        rpe=c.number("rpe"),
        note=c.text("exercise_notes") or None,
        warmup=c.text("set_type").lower() == "warmup",
    )


def _read_fitnotes(c: _Cells) -> _RawSet:
    pounds = "Weight (lbs)" in c.cells
    column = (
        "Weight (lbs)"
        if pounds
        else ("Weight (kgs)" if "Weight (kgs)" in c.cells else "Weight (kg)")
    )
    return _RawSet(
        row=c.row,
        date=c.date("Date"),
        exercise=c.text("Exercise"),
        reps=c.whole("Reps") or None,
        seconds=_fitnotes_time(c),
        load_kg=c.kg(column, "lb" if pounds else "kg"),
        rpe=None,
        note=c.text("Comment") or None,
        warmup=False,
    )


def _fitnotes_time(c: _Cells) -> float | None:
    """FitNotes writes durations as ``H:MM:SS`` (or plain seconds)."""
    cell = c.text("Time")
    if cell == "":
        return None
    if ":" not in cell:
        return c.number("Time") or None
    try:
        parts = [int(p) for p in cell.split(":")]
    except ValueError:
        raise InputError(c.where("Time"), f"expected H:MM:SS, got {cell!r}") from None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return float(seconds) or None


APPS: dict[str, App] = {
    "strong": App(
        "strong",
        required=("Date", "Exercise Name", "Set Order", "Weight", "Reps"),
        optional=(
            "Weight Unit",
            "Seconds",
            "RPE",
            "Notes",
            "Workout Name",
            "Duration",
            "Distance",
            "Distance Unit",
            "Workout Notes",
            "Workout Duration",
        ),
        read=_read_strong,
    ),
    "hevy": App(
        "hevy",
        required=("start_time", "exercise_title", "set_index", "reps"),
        optional=(
            "weight_kg",
            "weight_lbs",
            "duration_seconds",
            "rpe",
            "set_type",
            "exercise_notes",
            "title",
            "end_time",
            "description",
            "superset_id",
            "distance_km",
            "distance_miles",
        ),
        read=_read_hevy,
    ),
    "fitnotes": App(
        "fitnotes",
        required=("Date", "Exercise", "Reps"),
        optional=(
            "Weight (kgs)",
            "Weight (kg)",
            "Weight (lbs)",
            "Time",
            "Category",
            "Distance",
            "Distance Unit",
            "Comment",
        ),
        read=_read_fitnotes,
    ),
}
"""App name -> the columns it must have (and the ones read when present)."""


def detect_app(header: list[str]) -> str | None:
    """Which tracker wrote a CSV, from its header row (None when it is none of them)."""
    present = set(header)
    for name, app in APPS.items():
        if set(app.required) <= present:
            return name
    return None


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
            found.read(_Cells(found.name, number, dict(zip(header, cells, strict=True)), unit))
        )
    return _to_sets(found.name, raws, mapping)


def _mapping(catalog: Catalog, extra: Mapping[str, str]) -> dict[str, str]:
    mapping = dict(EXERCISE_MAP)
    for name, variant_id in extra.items():
        catalog.variant(variant_id)  # an unknown id is an error, with suggestions
        mapping[normalise_name(name)] = variant_id
    return mapping


def _to_sets(app: str, raws: list[_RawSet], mapping: Mapping[str, str]) -> TrackerImport:
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
    app: str, raw: _RawSet, variant_id: str, index: int, note: str | None
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
