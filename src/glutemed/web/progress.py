"""The progress page's numbers: per-variant trend lines and left-right asymmetry.

Asymmetry comes from the ``progress_summary`` service and the trend points from the per-day
aggregates the store computes in SQL (so a long history costs one query, not a load of every
set); they are only laid out here. What a day's best is, and which measure a line shows,
is the core's one definition (:mod:`glutemed.progression.day_best`) -- the same the chart
exporter uses. Nothing is decided here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from glutemed.progression.day_best import Measure, measure_of
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
from glutemed.store.repositories import SessionAggregate
from glutemed.units import in_units
from glutemed.web import usecases
from glutemed.web.context import WebContext


@dataclass
class Series:
    """One variant and side over time."""

    variant_id: str
    side: str
    points: list[tuple[str, float]] = field(default_factory=list)
    unit: str = ""


@dataclass
class ProgressView:
    """What the page draws."""

    series: dict[str, list[Series]]
    asymmetry: dict[str, tuple[float, float, float, str, bool]]
    """variant -> (left, right, gap %, unit, flagged), all from the progress service"""
    sessions: int
    pain_flags: int
    summary: Any = None


def trend_series(
    aggregates: Sequence[SessionAggregate], units: str = "kg"
) -> dict[str, list[Series]]:
    """Per variant, one line per side: each day's best in the variant's one measure.

    The measure is chosen once per variant (all sides, all days), so a line never mixes
    kilograms with reps; a day without that measure plots as 0, as in the exported chart.
    Loads are stored in kg and shown in the person's ``units``, as everywhere else.
    """
    unit_of = {Measure.LOAD: units, Measure.HOLD: "s", Measure.REPS: "reps"}
    by_variant: dict[str, list[SessionAggregate]] = defaultdict(list)
    for agg in sorted(aggregates, key=lambda a: a.date):  # variants in order of first day
        by_variant[agg.variant_id].append(agg)
    series: dict[str, list[Series]] = {}
    for variant_id, group in by_variant.items():
        measure = measure_of(a.best for a in group)
        lines: dict[str, Series] = {}
        for agg in group:
            line = lines.setdefault(
                agg.side.value, Series(variant_id, agg.side.value, unit=unit_of[measure])
            )
            value = agg.best.value(measure)
            if measure is Measure.LOAD:
                value = in_units(value, units)
            line.points.append((agg.date.isoformat(), value))
        series[variant_id] = list(lines.values())
    return series


def progress_view(ctx: WebContext, person_id: int) -> ProgressView:
    """Trend series per variant and side, and the latest left-right gap."""
    summary = usecases.progress_summary(ctx, person_id)
    with ctx.uow(readonly=True) as uow:
        aggregates = uow.sets.aggregates(person_id)
    dates = {agg.date for agg in aggregates}
    pain_flags = sum(
        1
        for agg in aggregates
        if agg.max_pain is not None and agg.max_pain > PAIN_DURING_LIMIT_0_10
    )
    asymmetry = {}
    for variant in summary.variants:
        by_side = {t.side.value: t.last for t in variant.sides}
        if variant.asymmetry_pct is not None and "left" in by_side and "right" in by_side:
            asymmetry[variant.variant_id] = (
                by_side["left"],
                by_side["right"],
                float(variant.asymmetry_pct),
                str(variant.unit),
                bool(variant.asymmetry_flag),
            )
    return ProgressView(
        series=trend_series(aggregates, summary.units),
        asymmetry=asymmetry,
        sessions=len(dates),
        pain_flags=pain_flags,
        summary=summary,
    )
