"""The progress page's numbers: per-variant trend lines and left-right asymmetry.

Asymmetry comes from the ``progress_summary`` service and the trend points from the per-day
aggregates the store computes in SQL (so a long history costs one query, not a load of every
set); they are only laid out here. Nothing is decided here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
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


def _best(agg: Any) -> tuple[float, str] | None:
    if agg.best_load_kg:
        return float(agg.best_load_kg), "kg"
    if agg.best_hold_s is not None:
        return float(agg.best_hold_s), "s"
    if agg.best_reps is not None:
        return float(agg.best_reps), "reps"
    return None


def progress_view(ctx: WebContext, person_id: int) -> ProgressView:
    """Trend series per variant and side, and the latest left-right gap."""
    summary = usecases.progress_summary(ctx, person_id)
    with ctx.uow(readonly=True) as uow:
        aggregates = uow.sets.aggregates(person_id)
    series: dict[str, dict[str, Series]] = defaultdict(dict)
    dates = set()
    pain_flags = 0
    for agg in sorted(aggregates, key=lambda a: a.date):
        dates.add(agg.date)
        if agg.max_pain is not None and agg.max_pain > PAIN_DURING_LIMIT_0_10:
            pain_flags += 1
        best = _best(agg)
        if best is None:
            continue
        line = series[agg.variant_id].setdefault(
            agg.side.value, Series(agg.variant_id, agg.side.value, unit=best[1])
        )
        line.points.append((agg.date.isoformat(), best[0]))
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
        series={k: list(v.values()) for k, v in series.items()},
        asymmetry=asymmetry,
        sessions=len(dates),
        pain_flags=pain_flags,
        summary=summary,
    )
