"""Outcome readings gathered per measure and side, and the change from the first to the
latest reading judged against the measure's published smallest change (where one exists).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from glutemed.outcomes.entries import OutcomeEntry, Reading, readings_of
from glutemed.outcomes.measures import Measure, MeasureBook


@dataclass(frozen=True)
class Series:
    """One measure (and side) over time, oldest first."""

    measure: Measure
    side: str | None
    points: tuple[Reading, ...]

    @property
    def label(self) -> str:
        """``Single-leg stance (left)`` or ``VISA-G``."""
        return self.measure.short + (f" ({self.side})" if self.side else "")

    @property
    def first(self) -> Reading:
        """The baseline reading."""
        return self.points[0]

    @property
    def latest(self) -> Reading:
        """The newest reading."""
        return self.points[-1]

    @property
    def change(self) -> float:
        """Latest minus first, in the measure's unit."""
        return self.latest.value - self.first.value

    @property
    def improvement(self) -> float:
        """The change with its sign turned so that positive is better."""
        return self.measure.improved(self.first.value, self.latest.value)

    @property
    def worth_noticing(self) -> bool | None:
        """True when the improvement reaches the published smallest change; None when the
        measure has no such figure or there is only one reading."""
        if len(self.points) < 2:
            return None
        return self.measure.worth_noticing(self.first.value, self.latest.value)


def build_series(entries: Iterable[OutcomeEntry], book: MeasureBook) -> list[Series]:
    """Every measure that has readings, in the book's order, one series per side."""
    grouped: dict[tuple[str, str | None], list[Reading]] = {}
    for entry in entries:
        for reading in readings_of(entry):
            grouped.setdefault((reading.measure_id, reading.side), []).append(reading)
    out: list[Series] = []
    for measure in book.measures:
        for side in (None, "left", "right"):
            points = grouped.get((measure.id, side))
            if points:
                ordered = tuple(sorted(points, key=lambda r: r.date))
                out.append(Series(measure, side, ordered))
    return out


def dates_of(entries: Iterable[OutcomeEntry]) -> list[dt.date]:
    """The distinct dates of some entries, oldest first."""
    return sorted({e.date for e in entries})
