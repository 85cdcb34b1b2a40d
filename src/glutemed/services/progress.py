"""Progress: per-variant trend and left-right asymmetry.

The summary reads ``progress_lines``: one running summary row per exercise and side that
the store keeps up to date on every add, edit, delete and restore (recomputed in SQL from
the log for anything but a plain append). So the summary costs the same for 100 sets as for
100,000, and never drifts from the log.

What the numbers mean:

* **measure** -- the best external load of a session (kg) when any set of the variant had a
  load; otherwise the longest hold (s) for holds, or the most reps in one set. This is the
  core's one definition of a day's best (:mod:`glutemed.progression.day_best`), which the
  web page's trend lines and the exported charts use too.
* **trend** -- first and latest session value of that measure, and the change between them.
* **asymmetry** -- for exercises done per side, the gap between left and right over the most
  recent ``ASYMMETRY_SESSIONS`` sessions of each side, as a percentage of the stronger side
  (0 % = symmetrical). A gap above ``ASYMMETRY_FLAG_PCT`` is flagged. The two values compared
  are the per-side means rounded as they are shown (whole reps and seconds, loads to 0.1 in
  the person's unit), and the gap is computed from those shown values: two sides that read
  the same are never flagged.
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
from glutemed.progression.day_best import Measure, best_value, measure_of
from glutemed.services.ports import UnitOfWork
from glutemed.store.progress_lines import RECENT_SESSIONS
from glutemed.store.records import ProgressLine
from glutemed.units import Unit, to_display

ASYMMETRY_SESSIONS = RECENT_SESSIONS
"""Sessions per side averaged for the asymmetry figure (one session is too noisy)."""

ASYMMETRY_FLAG_PCT = 10.0
"""Gap flagged as worth attention. Return-to-sport testing commonly asks for a limb
symmetry index of at least 90 %, i.e. a gap of no more than 10 %. A clinical convention
recalled from practice, not a figure checked against a source (docs/evidence.md)."""

SHOWN_DECIMALS = {Measure.LOAD: 1, Measure.HOLD: 0, Measure.REPS: 0}
"""How a measure is shown: whole reps and whole seconds; a load to 0.1 kg or lb."""


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
    asymmetry_left: float | None = None
    """The left side's value the gap compares (mean of its recent sessions, as shown)."""
    asymmetry_right: float | None = None
    """The right side's value the gap compares."""


class ProgressSummary(BaseModel):
    """Every variant the person has logged."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    units: Unit
    total_sets: int
    variants: list[VariantProgress]


def progress_summary(uow: UnitOfWork, person_id: int, catalog: Catalog) -> ProgressSummary:
    """Per-variant trend and left-right asymmetry from the running per-line summaries."""
    with uow:
        person = uow.people.get(person_id)
        lines = uow.sets.progress_lines(person_id)
    variants = variants_of(lines, catalog, person.units)
    total = sum(line.sets for line in lines)
    return ProgressSummary(
        person_id=person_id, units=person.units, total_sets=total, variants=variants,
    )


def variants_of(lines: Sequence[ProgressLine], catalog: Catalog,
                units: Unit) -> list[VariantProgress]:
    """Trend and asymmetry of every variant in these stored progress lines (for a caller
    that already holds a unit of work open, such as the clinic's needs-attention list)."""
    by_variant: dict[str, list[ProgressLine]] = defaultdict(list)
    for line in lines:
        by_variant[line.variant_id].append(line)
    return [
        _variant_progress(variant_id, group, catalog, units)
        for variant_id, group in sorted(by_variant.items())
    ]


def slots_of_variants(uow: UnitOfWork, person_id: int) -> dict[str, str]:
    """Which program exercise (slot) each logged variant belongs to, from the decisions: a
    slot owns its own variant and every rung its decisions moved it to. A variant reached by
    more than one slot goes to the one that reached it first; a variant no decision names is
    its own slot."""
    with uow:
        uow.people.get(person_id)
        rows = uow.decisions.slot_variants(person_id)
    first: dict[str, tuple[dt.date, str]] = {}
    for slot, variant_id, day in rows:
        for vid in (slot, variant_id):
            if vid not in first or (day, slot) < first[vid]:
                first[vid] = (day, slot)
    return {vid: slot for vid, (_, slot) in first.items()}


def _variant_progress(
    variant_id: str, lines: Sequence[ProgressLine], catalog: Catalog, units: Unit
) -> VariantProgress:
    try:
        name = catalog.variant(variant_id).name
    except UnknownIdError:  # a variant removed from a newer catalogue: keep its history
        name = variant_id
    measure = measure_of(line.best for line in lines)
    convert: Callable[[float], float] = (
        (lambda kg: to_display(kg, units)) if measure is Measure.LOAD else (lambda v: v)
    )
    sides = [_side_trend(line, measure, convert) for line in sorted(lines, key=lambda x: x.side)]
    compared = _compared({line.side: line for line in lines}, measure, convert)
    gap, weaker = asymmetry_of(*compared) if compared else (None, None)
    return VariantProgress(
        variant_id=variant_id,
        name=name,
        measure=measure.value,
        unit={Measure.LOAD: units, Measure.HOLD: "s", Measure.REPS: "reps"}[measure],
        sides=sides,
        asymmetry_pct=gap,
        weaker_side=weaker,
        asymmetry_flag=gap is not None and gap > ASYMMETRY_FLAG_PCT,
        asymmetry_left=compared[0] if compared and gap is not None else None,
        asymmetry_right=compared[1] if compared and gap is not None else None,
    )


def _side_trend(line: ProgressLine, measure: Measure,
                convert: Callable[[float], float]) -> SideTrend:
    first = round(convert(best_value(line.first, measure)), 1)
    last = round(convert(best_value(line.recent[-1], measure)), 1)
    return SideTrend(
        side=line.side,
        sessions=line.sessions,
        sets=line.sets,
        first_date=line.first_date,
        last_date=line.last_date,
        first=first,
        last=last,
        best=round(convert(best_value(line.best, measure)), 1),
        change=round(last - first, 1),
        max_pain=line.max_pain,
    )


def _compared(
    per_side: dict[Side, ProgressLine], measure: Measure, convert: Callable[[float], float]
) -> tuple[float, float] | None:
    """Left and right as shown: each side's mean over its recent sessions, in the person's
    unit, rounded as the page and the command line show it."""
    left, right = per_side.get(Side.LEFT), per_side.get(Side.RIGHT)
    if left is None or right is None:
        return None
    digits = SHOWN_DECIMALS[measure]
    return tuple(  # type: ignore[return-value]
        round(convert(fmean(best_value(v, measure) for v in line.recent[-ASYMMETRY_SESSIONS:])),
              digits)
        for line in (left, right)
    )


def asymmetry_of(left: float, right: float) -> tuple[float | None, Side | None]:
    """The gap between two shown values as a percentage of the stronger (one decimal), and
    the weaker side; equal values always give 0 % and no weaker side."""
    stronger = max(left, right)
    if stronger <= 0:
        return None, None
    gap = round(abs(left - right) / stronger * 100, 1)
    weaker = None if gap == 0 else (Side.LEFT if left < right else Side.RIGHT)
    return gap, weaker
