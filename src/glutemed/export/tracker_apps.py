"""The trackers' CSV dialects: Strong, Hevy and FitNotes, how each is recognised by its
header and how one of its rows is read.

Every cell is read through :class:`Cells`, whose typed accessors name the app, row and
column of a bad cell. A row becomes a :class:`RawSet` (the app's own words, loads in kg);
turning raw sets into performed sets is :mod:`glutemed.export.trackers`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from glutemed.errors import InputError
from glutemed.units import KG_PER_LB


@dataclass(frozen=True)
class RawSet:
    """One set as the app wrote it, before its exercise name is mapped."""

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
    read: Callable[[Cells], RawSet]


class Cells:
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


def _read_strong(c: Cells) -> RawSet:
    order = c.text("Set Order")
    unit = c.text("Weight Unit") or c.unit
    return RawSet(
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


def _read_hevy(c: Cells) -> RawSet:
    pounds = "weight_lbs" in c.cells
    return RawSet(
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


def _read_fitnotes(c: Cells) -> RawSet:
    pounds = "Weight (lbs)" in c.cells
    column = (
        "Weight (lbs)"
        if pounds
        else ("Weight (kgs)" if "Weight (kgs)" in c.cells else "Weight (kg)")
    )
    return RawSet(
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


def _fitnotes_time(c: Cells) -> float | None:
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
