"""Progress: per-variant trend and left-right asymmetry.

The database does the heavy lifting (one ``GROUP BY variant, side, date`` over the log), so
a summary over 100,000 sets stays fast; Python only walks the per-session aggregates.

What the numbers mean:

* **measure** -- the best external load of a session (kg) when any set of the variant had a
  load; otherwise the longest hold (s) for holds, or the most reps in one set.
* **trend** -- first and latest session value of that measure, and the change between them.
* **asymmetry** -- for exercises done per side, the gap between left and right over the most
  recent ``ASYMMETRY_SESSIONS`` sessions of each side, as a percentage of the stronger side
  (0 % = symmetrical). A gap above ``ASYMMETRY_FLAG_PCT`` is flagged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from statistics import fmean

from pydantic import BaseModel, ConfigDict

from glutemed.catalog.catalog import Catalog
from glutemed.errors import UnknownIdError
from glutemed.programming.models import Side
from glutemed.services.units import to_display
from glutemed.store.repositories import SessionAggregate
from glutemed.store.unit_of_work import SqlUnitOfWork

ASYMMETRY_SESSIONS = 3
"""Sessions per side averaged for the asymmetry figure (one session is too noisy)."""

ASYMMETRY_FLAG_PCT = 10.0
"""Gap flagged as worth attention. Return-to-sport testing commonly asks for a limb
symmetry index of at least 90 %, i.e. a gap of no more than 10 %."""


class SideTrend(BaseModel):
    """One side's sessions of one variant."""

    model_config = ConfigDict(frozen=True)

    side: Side
    sessions: int
    sets: int
    first_date: dt.date
    last_date: dt.date
    first: float
    last: float
    best: float
    change: float
    max_pain: int | None


class VariantProgress(BaseModel):
    """Trend and asymmetry for one variant."""

    model_config = ConfigDict(frozen=True)

    variant_id: str
    name: str
    measure: str
    unit: str
    sides: list[SideTrend]
    asymmetry_pct: float | None
    weaker_side: Side | None
    asymmetry_flag: bool


class ProgressSummary(BaseModel):
    """Every variant the person has logged."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    units: str
    total_sets: int
    variants: list[VariantProgress]


def progress_summary(uow: SqlUnitOfWork, person_id: int, catalog: Catalog) -> ProgressSummary:
    """Per-variant trend and left-right asymmetry, from SQL aggregates of the whole log."""
    with uow:
        person = uow.people.get(person_id)
        rows = uow.sets.aggregates(person_id)
    by_variant: dict[str, list[SessionAggregate]] = defaultdict(list)
    for row in rows:
        by_variant[row.variant_id].append(row)
    variants = [
        _variant_progress(variant_id, aggregates, catalog, person.units)
        for variant_id, aggregates in sorted(by_variant.items())
    ]
    return ProgressSummary(
        person_id=person_id,
        units=person.units,
        total_sets=sum(r.sets for r in rows),
        variants=variants,
    )


def _measure(aggregates: Sequence[SessionAggregate]) -> str:
    if any(a.best_load_kg for a in aggregates):
        return "load"
    if any(a.best_hold_s is not None for a in aggregates):
        return "hold_s"
    return "reps"


def _value(aggregate: SessionAggregate, measure: str) -> float:
    raw = {
        "load": aggregate.best_load_kg,
        "hold_s": aggregate.best_hold_s,
        "reps": aggregate.best_reps,
    }[measure]
    return float(raw or 0.0)


def _variant_progress(
    variant_id: str, aggregates: Sequence[SessionAggregate], catalog: Catalog, units: str
) -> VariantProgress:
    try:
        name = catalog.variant(variant_id).name
    except UnknownIdError:  # a variant removed from a newer catalogue: keep its history
        name = variant_id
    measure = _measure(aggregates)
    per_side: dict[Side, list[SessionAggregate]] = defaultdict(list)
    for a in aggregates:
        per_side[a.side].append(a)
    convert: Callable[[float], float] = (
        (lambda kg: to_display(kg, units)) if measure == "load" else (lambda v: v)
    )
    sides = [_side_trend(side, rows, measure, convert) for side, rows in sorted(per_side.items())]
    gap, weaker = _asymmetry(per_side, measure)
    return VariantProgress(
        variant_id=variant_id,
        name=name,
        measure=measure,
        unit=units if measure == "load" else ("s" if measure == "hold_s" else "reps"),
        sides=sides,
        asymmetry_pct=gap,
        weaker_side=weaker,
        asymmetry_flag=gap is not None and gap > ASYMMETRY_FLAG_PCT,
    )


def _side_trend(
    side: Side, rows: Sequence[SessionAggregate], measure: str, convert: Callable[[float], float]
) -> SideTrend:
    values = [_value(r, measure) for r in rows]
    shown = [round(convert(v), 1) for v in values]
    pains = [r.max_pain for r in rows if r.max_pain is not None]
    return SideTrend(
        side=side,
        sessions=len(rows),
        sets=sum(r.sets for r in rows),
        first_date=rows[0].date,
        last_date=rows[-1].date,
        first=shown[0],
        last=shown[-1],
        best=max(shown),
        change=round(shown[-1] - shown[0], 1),
        max_pain=max(pains) if pains else None,
    )


def _asymmetry(
    per_side: dict[Side, list[SessionAggregate]], measure: str
) -> tuple[float | None, Side | None]:
    left, right = per_side.get(Side.LEFT), per_side.get(Side.RIGHT)
    if not left or not right:
        return None, None
    mean_left = fmean(_value(a, measure) for a in left[-ASYMMETRY_SESSIONS:])
    mean_right = fmean(_value(a, measure) for a in right[-ASYMMETRY_SESSIONS:])
    stronger = max(mean_left, mean_right)
    if stronger <= 0:
        return None, None
    gap = round(abs(mean_left - mean_right) / stronger * 100, 1)
    weaker = None if gap == 0 else (Side.LEFT if mean_left < mean_right else Side.RIGHT)
    return gap, weaker
