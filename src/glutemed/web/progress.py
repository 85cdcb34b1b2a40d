"""The progress page's numbers: one chart per program exercise, left-right gaps, decisions.

Asymmetry comes from the ``progress_summary`` service and the trend points from the per-day
aggregates the store computes in SQL (so a long history costs one query, not a load of every
set); they are only laid out here. What a day's best is, and which measure a line shows,
is the core's one definition (:mod:`glutemed.progression.day_best`) -- the same the chart
exporter uses. Nothing is decided here.

A chart follows one exercise of the program (its slot) across the ladder rungs progression
moved it to, with each change of rung marked. Its x-axis is the calendar, shared by the
left and right lines, so a day with only one side trained sits where it belongs in time.
Each rung is scaled in its own measure (kilograms, reps or seconds), and a line never joins
two rungs. Decisions are listed once per session (the last one of that day for that
exercise and side), not after every set.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from glutemed.progression.day_best import Measure, measure_of
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
from glutemed.store.decision_records import StoredDecision
from glutemed.store.records import SessionAggregate
from glutemed.units import Unit, in_units
from glutemed.web import usecases
from glutemed.web.context import WebContext


@dataclass
class Series:
    """One variant and side over time."""

    variant_id: str
    side: str
    points: list[tuple[str, float]] = field(default_factory=list)
    unit: str = ""


# -- chart geometry (SVG user units) ---------------------------------------------------------
CHART_W, CHART_H = 320, 150
X0, X1 = 40.0, 308.0  # plot area, left to right
Y_TOP, Y_BOTTOM = 12.0, 100.0  # plot area, top to bottom
SIDE_STYLE = {
    "left": {"colour": "#0b5cad", "dash": "", "marker": "circle", "label": "left"},
    "right": {"colour": "#a4161a", "dash": "6 3", "marker": "square", "label": "right"},
    "both": {"colour": "#1d6b2f", "dash": "", "marker": "diamond", "label": "both legs"},
}
"""Left and right differ in line pattern and marker shape as well as colour."""


@dataclass
class ChartPoint:
    """One training day of one side: where it is drawn and what it says."""

    x: float
    y: float
    day: str
    value: float
    text: str


@dataclass
class ChartLine:
    """One side on one rung: consecutive days of the same variant, never across rungs."""

    side: str
    variant_id: str
    name: str
    unit: str
    points: list[ChartPoint]

    @property
    def style(self) -> dict[str, str]:
        """Colour, dash pattern and marker of this side."""
        return SIDE_STYLE.get(self.side, SIDE_STYLE["both"])


@dataclass
class RungMark:
    """Where a chart's exercise moved to another rung of its ladder."""

    x: float
    day: str
    variant_id: str
    name: str


@dataclass
class SlotChart:
    """One program exercise over time, across its rungs."""

    slot: str
    name: str
    lines: list[ChartLine]
    marks: list[RungMark]
    x_ticks: list[tuple[float, str]]
    scales: list[tuple[str, str]]
    """(unit, top of its scale as text), one per measure the rungs use, first rung first."""
    days: int

    @property
    def description(self) -> str:
        """The chart in words, for screen readers and as its text alternative."""
        parts = [f"{self.name}: best set per training day, {self.x_ticks[0][1]} to "
                 f"{self.x_ticks[-1][1]}"]
        for line in self.lines:
            first, last = line.points[0], line.points[-1]
            who = f"{line.style['label']}, {line.name}"
            parts.append(f"{who}: from {first.text} to {last.text}" if len(line.points) > 1
                         else f"{who}: {first.text}")
        parts += [f"moved on to {m.name} on {m.day}" for m in self.marks]
        return "; ".join(parts) + "."


@dataclass
class ProgressView:
    """What the page draws."""

    series: dict[str, list[Series]]
    asymmetry: dict[str, tuple[float, float, float, str, bool]]
    """variant -> (left, right, gap %, unit, flagged), all from the progress service: the
    two values are the ones the gap compares"""
    sessions: int
    pain_flags: int
    summary: Any = None
    charts: list[SlotChart] = field(default_factory=list)


def trend_series(
    aggregates: Sequence[SessionAggregate], units: Unit = "kg"
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


def shown(value: float, unit: str) -> str:
    """A value as the page shows it: whole reps and seconds, loads to one decimal."""
    if unit in ("reps", "s"):
        return f"{round(value):d} {unit}"
    return f"{value:.1f} {unit}"


def slot_charts(
    series: Mapping[str, list[Series]],
    slot_of: Mapping[str, str],
    names: Mapping[str, str],
) -> list[SlotChart]:
    """One chart per program exercise (slot), its rungs in the order they were first done."""
    by_slot: dict[str, list[str]] = defaultdict(list)
    for variant_id in series:
        by_slot[slot_of.get(variant_id, variant_id)].append(variant_id)
    charts = [_chart(slot, variants, series, names) for slot, variants in by_slot.items()]
    return sorted(charts, key=lambda c: min(line.points[0].day for line in c.lines))


def _first_day(lines: list[Series]) -> str:
    return min(line.points[0][0] for line in lines if line.points)


def _chart(
    slot: str, variants: list[str], series: Mapping[str, list[Series]],
    names: Mapping[str, str],
) -> SlotChart:
    variants = sorted(variants, key=lambda v: _first_day(series[v]))
    days = sorted({d for v in variants for line in series[v] for d, _ in line.points})
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    span = (last - first).days

    def x_of(day: str) -> float:
        if span == 0:
            return round((X0 + X1) / 2, 1)
        return round(X0 + (X1 - X0) * (dt.date.fromisoformat(day) - first).days / span, 1)

    tops: dict[str, float] = {}
    for v in variants:
        for line in series[v]:
            top = max((value for _, value in line.points), default=0.0)
            tops[line.unit] = max(tops.get(line.unit, 0.0), top)
    lines = [
        ChartLine(
            side=line.side, variant_id=v, name=names.get(v, v), unit=line.unit,
            points=[
                ChartPoint(
                    x=x_of(day),
                    y=round(Y_BOTTOM - (Y_BOTTOM - Y_TOP) * value / (tops[line.unit] or 1.0), 1),
                    day=day, value=value, text=shown(value, line.unit),
                )
                for day, value in line.points
            ],
        )
        for v in variants
        for line in series[v]
        if line.points
    ]
    marks = [
        RungMark(x=x_of(_first_day(series[v])), day=_first_day(series[v]), variant_id=v,
                 name=names.get(v, v))
        for v in variants[1:]
    ]
    ticks = [(x_of(days[0]), _label(days[0]))]
    if span > 0:
        ticks.append((x_of(days[-1]), _label(days[-1])))
    scales = [(unit, shown(top, unit)) for unit, top in tops.items()]
    return SlotChart(
        slot=slot, name=names.get(slot, slot), lines=lines, marks=marks, x_ticks=ticks,
        scales=scales, days=len(days),
    )


def _label(day: str) -> str:
    return f"{dt.date.fromisoformat(day):%d %b}"


def decisions_by_session(
    decisions: Sequence[StoredDecision],
) -> list[tuple[StoredDecision, int]]:
    """The last decision of each session (day, exercise, side), newest first, with how many
    sets' decisions it stands for: the list reads once per session, not once per set."""
    latest: dict[tuple[dt.date, str, str], StoredDecision] = {}
    counts: dict[tuple[dt.date, str, str], int] = defaultdict(int)
    for decision in decisions:  # newest first: the first seen of a session is its last
        key = (decision.date, decision.slot, decision.side.value)
        latest.setdefault(key, decision)
        counts[key] += 1
    return [(d, counts[key]) for key, d in latest.items()]


def progress_view(ctx: WebContext, person_id: int) -> ProgressView:
    """One chart per program exercise and the latest left-right gaps."""
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
        left, right = variant.asymmetry_left, variant.asymmetry_right
        if variant.asymmetry_pct is not None and left is not None and right is not None:
            asymmetry[variant.variant_id] = (
                left, right, float(variant.asymmetry_pct), str(variant.unit),
                bool(variant.asymmetry_flag),
            )
    series = trend_series(aggregates, summary.units)
    names = {v.id: v.name for v in ctx.catalog.variants}
    return ProgressView(
        series=series,
        asymmetry=asymmetry,
        sessions=len(dates),
        pain_flags=pain_flags,
        summary=summary,
        charts=slot_charts(series, usecases.slots_of_variants(ctx, person_id), names),
    )
