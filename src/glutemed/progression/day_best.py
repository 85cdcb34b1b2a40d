"""The best of a day: one definition for every progress figure (pure core).

The web progress page reads it from SQL aggregates (one ``GROUP BY`` query, so a long
history costs one query), the progress summary from the store's running lines, and the chart
exporter from the sets themselves. All three build a :class:`DayBest` here and judge it with
:func:`measure_of` and :meth:`DayBest.value`, so they cannot drift apart; a property test
(``tests/store/test_day_best_paths.py``) proves the SQL path equals :func:`day_bests` on
SQLite and PostgreSQL.

The rule, for one variant, one side and one calendar day, over the **live** sets only (a
deleted set is kept for undo but counts for nothing; the caller passes live sets, the store
filters ``deleted_at IS NULL``):

* **loaded sets** -- the heaviest external load of the day. A load of 0 kg is no load.
* **reps** -- the most repetitions in one set.
* **holds** -- the longest hold, in seconds.

Each is its own maximum, so they can come from different sets (the heaviest set need not be
the longest one). That is what SQL's ``MAX`` gives per column in one pass, and it never
changes the number a chart plots: a progress line shows one *measure* per variant, chosen by
:func:`measure_of` -- the load when any day had one, else the hold when any set was a hold,
else reps -- and the heaviest load is the heaviest load whichever set carried it. Left,
right and both legs are separate lines: sides are never merged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple, Protocol

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet


class Measure(StrEnum):
    """What a progress line is judged by (and plotted in)."""

    LOAD = "load"
    HOLD = "hold_s"
    REPS = "reps"


class Best(Protocol):
    """Anything carrying a day's three maxima (a :class:`DayBest`, a chart's trend point)."""

    @property
    def load_kg(self) -> float | None: ...

    @property
    def reps(self) -> int | None: ...

    @property
    def hold_s(self) -> float | None: ...


def _loaded(load_kg: float | None) -> float | None:
    """A load of 0 kg (or none) is no load: an unloaded day must not make a line 'loaded'."""
    return load_kg if load_kg else None


class DayBest(NamedTuple):
    """The best of one day of one variant on one side (see the module docstring).

    A named tuple rather than a frozen dataclass: the web page builds one per day of a
    person's whole history, and a tuple is several times cheaper to make.
    """

    variant_id: str
    side: Side
    date: dt.date
    load_kg: float | None
    reps: int | None
    hold_s: float | None

    @classmethod
    def of_maxima(
        cls,
        variant_id: str,
        side: Side,
        date: dt.date,
        *,
        load_kg: float | None,
        reps: int | None,
        hold_s: float | None,
    ) -> DayBest:
        """From per-column maxima of the day's live sets (what SQL ``MAX`` returns)."""
        return cls(variant_id, side, date, _loaded(load_kg), reps, hold_s)

    def value(self, measure: Measure) -> float:
        """This day's number in ``measure`` (0 when the day has none, e.g. an unloaded day
        on a loaded line, so the line shows the drop instead of skipping the day)."""
        return best_value(self, measure)


def _merge(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def day_bests(sets: Iterable[PerformedSet]) -> list[DayBest]:
    """One :class:`DayBest` per (variant, side, date) of ``sets``, in that order.

    ``sets`` must be live sets: this function cannot see a deletion.
    """
    maxima: dict[tuple[str, str, dt.date], tuple[float | None, int | None, float | None]] = {}
    for s in sets:
        key = (s.variant_id, s.side.value, s.date)
        load, reps, hold = maxima.get(key, (None, None, None))
        merged_reps = _merge(reps, s.reps)
        maxima[key] = (
            _merge(load, s.load_kg),
            None if merged_reps is None else int(merged_reps),
            _merge(hold, s.hold_s),
        )
    return [
        DayBest.of_maxima(v, Side(side), day, load_kg=load, reps=reps, hold_s=hold)
        for (v, side, day), (load, reps, hold) in sorted(maxima.items())
    ]


def measure_of(bests: Iterable[Best]) -> Measure:
    """The measure of a line: load when any day had a load, else hold, else reps."""
    seen = list(bests)
    if any(_loaded(b.load_kg) for b in seen):
        return Measure.LOAD
    if any(b.hold_s is not None for b in seen):
        return Measure.HOLD
    return Measure.REPS


def best_value(best: Best, measure: Measure) -> float:
    """``best``'s number in ``measure``; 0 when it has none."""
    raw = {
        Measure.LOAD: _loaded(best.load_kg),
        Measure.HOLD: best.hold_s,
        Measure.REPS: best.reps,
    }[measure]
    return float(raw or 0.0)


__all__ = ["Best", "DayBest", "Measure", "best_value", "day_bests", "measure_of"]
