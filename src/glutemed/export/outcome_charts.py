"""Outcome measures over time as charts (PNG or SVG), with the smallest change worth
noticing drawn where a published figure exists.

The line for a measure with such a figure is drawn at the baseline value moved by that much
in the better direction, and labelled with its source's first author and year; reaching it
means the change is at least the published smallest change. A measure without a figure says
so on the chart instead of showing a made-up line. Deterministic like the other charts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from glutemed.export.charts import Format, _dates_axis, _empty, _figure, _save
from glutemed.outcomes.series import Series

SIDE_COLOURS = {None: "#1f4e79", "left": "#1f77b4", "right": "#d62728"}
SWC_COLOUR = "#2e7d32"


def swc_level(series: Series) -> float | None:
    """Where the first reading would be after improving by the smallest change, or None."""
    change = series.measure.smallest_change
    if change is None:
        return None
    sign = 1 if series.measure.better == "higher" else -1
    return series.first.value + sign * change.value


def _source_short(series: Series) -> str:
    change = series.measure.smallest_change
    if change is None:
        return ""
    author = change.source.split(",")[0].split(" ")[0]
    year = next((p.strip(" .") for p in change.source.split(".") if p.strip().isdigit()), "")
    return f"{author} {year}".strip()


def group_by_measure(series: Sequence[Series]) -> list[list[Series]]:
    """Series of one measure together (left and right on one chart)."""
    groups: dict[str, list[Series]] = {}
    for s in series:
        groups.setdefault(s.measure.id, []).append(s)
    return list(groups.values())


def _draw(ax: Any, group: Sequence[Series]) -> None:
    measure = group[0].measure
    dates = [p.date for s in group for p in s.points]
    for s in group:
        ax.plot(
            [p.date for p in s.points], [p.value for p in s.points], marker="o",
            color=SIDE_COLOURS.get(s.side, "#333"), label=s.side or measure.short,
        )
        level = swc_level(s)
        if level is not None:
            ax.axhline(level, color=SWC_COLOUR, linestyle="--", linewidth=1)
            ax.annotate(
                f"smallest change worth noticing ({_source_short(s)})", (0.01, level),
                xycoords=("axes fraction", "data"), fontsize=7, color=SWC_COLOUR,
                va="bottom",
            )
    if measure.smallest_change is None:
        ax.text(0.99, 0.02, "no published smallest change", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=7, color="#666")
    ax.set_ylim(measure.low, _top(measure.high, [p.value for s in group for p in s.points]))
    ax.set_title(f"{measure.short}" + (f" ({measure.unit})" if measure.unit else ""),
                 fontsize=9)
    ax.set_ylabel(f"{'higher' if measure.better == 'higher' else 'lower'} is better",
                  fontsize=7)
    if len(group) > 1:
        ax.legend(fontsize=7, loc="best")
    _dates_axis(ax, dates)


def _top(high: float, values: Sequence[float]) -> float:
    """The axis top: the measure's maximum for bounded scales, else just above the data."""
    if high <= 100:
        return high
    return max(1.0, math.ceil(max(values) * 1.2))


def measure_chart(group: Sequence[Series], *, fmt: Format = "svg") -> bytes:
    """One measure (both sides if it has two) over time."""
    with _figure(6.0, 3.0) as (fig, ax):
        if not group:
            _empty(ax, "No outcome measures recorded yet")
        else:
            _draw(ax, group)
        return _save(fig, fmt)


def outcomes_chart(series: Sequence[Series], *, fmt: Format = "png") -> bytes:
    """Every measure recorded, one small chart each, in a grid two wide."""
    groups = group_by_measure(series)
    if not groups:
        return measure_chart([], fmt=fmt)
    rows = math.ceil(len(groups) / 2)
    with _figure(9.0, 2.6 * rows, nrows=rows, ncols=2) as (fig, axes):
        flat = list(axes.flat)
        for ax, group in zip(flat, groups, strict=False):
            _draw(ax, group)
        for ax in flat[len(groups):]:
            ax.set_visible(False)
        return _save(fig, fmt)
