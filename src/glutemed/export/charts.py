"""Progress charts: per-variant trend, weekly volume, adherence and left-right asymmetry.

Each chart has two halves: a pure ``*_data`` function that turns performed sets (and the
program) into the numbers plotted - tested on its own - and a ``*_chart`` function that draws
them with matplotlib and returns PNG or SVG bytes. matplotlib is imported inside the drawing
functions (Agg backend, no display) so importing this module stays cheap.

SVG output is deterministic: ``svg.hashsalt`` is fixed and no date is written, so the same
history gives the same bytes and charts can be compared in tests and version control.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from glutemed.catalog.catalog import Catalog
from glutemed.errors import GlutemedError, InputError
from glutemed.export.text import variant_name
from glutemed.programming.models import Program, Side
from glutemed.progression.day_best import DayBest, Measure, best_value, day_bests, measure_of
from glutemed.progression.models import PerformedSet
from glutemed.units import Unit, in_units

Format = Literal["png", "svg"]
FORMATS = ("png", "svg")
KINDS = ("trend", "volume", "adherence", "asymmetry", "outcomes")
SIDE_COLOURS = {Side.LEFT: "#1f6fb4", Side.RIGHT: "#d9622b", Side.BOTH: "#4a4a4a"}
SIDE_MARKERS = {Side.LEFT: "o", Side.RIGHT: "s", Side.BOTH: "^"}
"""Each side's marker (circle, square, triangle): the lines differ by more than colour."""


# -- the numbers -----------------------------------------------------------------------------
@dataclass(frozen=True)
class TrendPoint:
    """The best of one day on one side (:mod:`glutemed.progression.day_best`: heaviest load,
    most reps in a set, longest hold), and the highest modelled demand among its sets."""

    date: dt.date
    side: Side
    load_kg: float | None
    reps: int | None
    hold_s: float | None
    demand_nm: float | None = None


def trend_data(
    sets: Sequence[PerformedSet],
    variant_id: str,
    *,
    catalog: Catalog | None = None,
    mass_kg: float | None = None,
    height_m: float | None = None,
) -> list[TrendPoint]:
    """Per day and side, the best of ``variant_id``'s live sets (and its demand when modelled).

    The day's best is the core's one definition, shared with the web progress page.
    """
    mine = [s for s in sets if s.variant_id == variant_id]
    demand = _demand_function(variant_id, catalog, mass_kg, height_m)
    peak: dict[tuple[dt.date, Side], float] = {}
    for s in mine if demand else ():
        moment = demand(s)
        if moment is not None:
            peak[(s.date, s.side)] = max(moment, peak.get((s.date, s.side), moment))
    points = [
        TrendPoint(b.date, b.side, b.load_kg, b.reps, b.hold_s, peak.get((b.date, b.side)))
        for b in day_bests(mine)
    ]
    return sorted(points, key=lambda p: (p.date, p.side.value))


def _demand_function(
    variant_id: str, catalog: Catalog | None, mass_kg: float | None, height_m: float | None
) -> Any:
    """``set -> N·m`` from the load model, or None when it cannot say (no body, not modelled)."""
    if catalog is None or mass_kg is None or height_m is None:
        return None
    try:
        from glutemed.biomech.anthropometrics import Person
        from glutemed.biomech.demand import demand_or_none

        variant = catalog.variant(variant_id)
        person = Person(mass_kg=mass_kg, height_m=height_m)
        if demand_or_none(variant, person) is None:
            return None
    except (ImportError, GlutemedError):
        return None

    def moment(s: PerformedSet) -> float | None:
        try:
            found = demand_or_none(variant, person, external_kg=s.load_kg, band=s.band)
        except GlutemedError:
            return None
        return None if found is None else float(found.moment_nm)

    return moment


def iso_week(day: dt.date) -> str:
    """``2026-W02``: weeks as a person's calendar shows them (ISO 8601, Monday first)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def volume_data(
    sets: Sequence[PerformedSet], catalog: Catalog | None = None
) -> dict[str, dict[str, int]]:
    """Sets per ISO week, split by role (abduction, compound, accessory; ``other`` if unknown)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s in sets:
        out[iso_week(s.date)][_role(s.variant_id, catalog)] += 1
    return {week: dict(sorted(roles.items())) for week, roles in sorted(out.items())}


def _role(variant_id: str, catalog: Catalog | None) -> str:
    if catalog is None:
        return "other"
    try:
        return catalog.variant(variant_id).role.value
    except GlutemedError:
        return "other"


@dataclass(frozen=True)
class AdherenceWeek:
    """Sessions planned and sessions with at least one set logged, in one program week."""

    week: int
    planned: int
    performed: int


def adherence_data(
    program: Program, sets: Sequence[PerformedSet], start: dt.date
) -> list[AdherenceWeek]:
    """Per program week, planned sessions and days on which something was logged.

    Week *w* is the seven days from ``start + 7 (w − 1)``. A session counts as performed
    when any set was logged on a separate day of that week, up to the number planned: an
    extra day of training does not make up for a missed week.
    """
    days_by_week: dict[int, set[dt.date]] = defaultdict(set)
    for s in sets:
        offset = (s.date - start).days
        if offset >= 0:
            days_by_week[offset // 7 + 1].add(s.date)
    return [
        AdherenceWeek(w, len(week.sessions), min(len(week.sessions), len(days_by_week[w])))
        for w, week in enumerate(program.weeks, start=1)
    ]


@dataclass(frozen=True)
class Asymmetry:
    """Left against right for one variant, over the latest day both sides were trained."""

    variant_id: str
    date: dt.date
    measure: Measure
    left: float
    right: float

    @property
    def percent(self) -> float:
        """(right − left) / larger side × 100: positive means the right side did more."""
        larger = max(self.left, self.right)
        return 0.0 if larger == 0 else (self.right - self.left) / larger * 100


def asymmetry_data(sets: Sequence[PerformedSet]) -> list[Asymmetry]:
    """Per variant, the best left and right of the last day both sides were logged.

    The day's best and the measure compared are the core's one definition
    (:func:`~glutemed.progression.day_best.measure_of` over the two sides): the load when
    either side had one, else hold seconds, else reps.
    """
    by_day: dict[tuple[str, dt.date], dict[Side, DayBest]] = defaultdict(dict)
    for best in day_bests(s for s in sets if s.side is not Side.BOTH):
        by_day[(best.variant_id, best.date)][best.side] = best
    latest: dict[str, tuple[dt.date, dict[Side, DayBest]]] = {}
    for (variant_id, day), sides in sorted(by_day.items()):
        if len(sides) == 2:
            latest[variant_id] = (day, sides)
    return [_asymmetry(v, day, sides) for v, (day, sides) in sorted(latest.items())]


def _asymmetry(variant_id: str, day: dt.date, sides: dict[Side, DayBest]) -> Asymmetry:
    left, right = sides[Side.LEFT], sides[Side.RIGHT]
    measure = measure_of((left, right))
    return Asymmetry(variant_id, day, measure, left.value(measure), right.value(measure))


# -- the drawings ----------------------------------------------------------------------------
@contextmanager
def _figure(
    width_in: float = 7.0, height_in: float = 4.0, nrows: int = 1, ncols: int = 1
) -> Iterator[tuple[Any, Any]]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(
        {
            "svg.hashsalt": "glutemed",
            "svg.fonttype": "path",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        fig, ax = plt.subplots(
            nrows, ncols, figsize=(width_in, height_in), dpi=100, squeeze=nrows * ncols == 1
        )
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def _save(fig: Any, fmt: Format) -> bytes:
    if fmt not in FORMATS:
        raise InputError("format", f"must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out = io.BytesIO()
    metadata: dict[str, Any] = (
        {"Date": None, "Creator": "glutemed"} if fmt == "svg" else {"Software": "glutemed"}
    )
    fig.tight_layout()
    fig.savefig(out, format=fmt, metadata=metadata)
    return out.getvalue()


def _empty(ax: Any, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_xticks([])
    ax.set_yticks([])


def trend_chart(
    points: Sequence[TrendPoint], *, title: str, fmt: Format = "png", unit: Unit = "kg"
) -> bytes:
    """Load (or reps / hold) per side over time; modelled demand on a second axis if known."""
    with _figure() as (fig, ax):
        if not points:
            _empty(ax, "No sets logged for this exercise yet")
        else:
            measure = _trend_measure(points, unit)
            for side in (Side.LEFT, Side.RIGHT, Side.BOTH):
                mine = [p for p in points if p.side is side]
                if mine:
                    ax.plot(
                        [p.date for p in mine],
                        [measure[1](p) for p in mine],
                        marker=SIDE_MARKERS[side],
                        color=SIDE_COLOURS[side],
                        label=side.value,
                    )
            ax.set_ylabel(measure[0])
            _dates_axis(ax, [p.date for p in points])
            _demand_axis(ax, points)
        ax.set_title(title)
        return _save(fig, fmt)


def _dates_axis(ax: Any, dates: Sequence[dt.date]) -> None:
    """Date ticks; a history of one or two days is widened to a week so ticks can be placed."""
    import matplotlib.dates

    mdates: Any = matplotlib.dates  # untyped constructors
    first, last = min(dates), max(dates)
    if (last - first).days < 7:
        middle = first + (last - first) / 2
        ax.set_xlim(middle - dt.timedelta(days=4), middle + dt.timedelta(days=4))
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _trend_measure(points: Sequence[TrendPoint], unit: Unit) -> tuple[str, Any]:
    """Axis label and value of each point, in the line's one measure (the core's rule)."""
    measure = measure_of(points)
    if measure is Measure.LOAD:
        return f"load ({unit})", lambda p: in_units(best_value(p, measure), unit)
    if measure is Measure.HOLD:
        return "hold (s, best of the day)", lambda p: best_value(p, measure)
    return "reps (best set of the day)", lambda p: best_value(p, measure)


def _demand_axis(ax: Any, points: Sequence[TrendPoint]) -> None:
    """Modelled hip abduction moment per side, dashed, on a second axis; one shared legend."""
    known = [p for p in points if p.demand_nm is not None]
    handles, labels = ax.get_legend_handles_labels()
    if known:
        twin = ax.twinx()
        for side in (Side.LEFT, Side.RIGHT, Side.BOTH):
            mine = [p for p in known if p.side is side]
            if mine:
                twin.plot(
                    [p.date for p in mine],
                    [p.demand_nm for p in mine],
                    linestyle="--",
                    color=SIDE_COLOURS[side],
                    alpha=0.55,
                    label=f"{side.value}: modelled moment",
                )
        twin.set_ylabel("modelled hip abduction moment (N\u00b7m)")
        more = twin.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    ax.legend(handles, labels, loc="best", frameon=True, framealpha=0.85, fontsize=8)


def volume_chart(volume: dict[str, dict[str, int]], *, fmt: Format = "png") -> bytes:
    """Stacked bars: sets per week, by role."""
    with _figure() as (fig, ax):
        if not volume:
            _empty(ax, "No sets logged yet")
        else:
            weeks = list(volume)
            roles = sorted({r for counts in volume.values() for r in counts})
            bottom = [0] * len(weeks)
            for role in roles:
                heights = [volume[w].get(role, 0) for w in weeks]
                ax.bar(weeks, heights, bottom=bottom, label=role)
                bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
            ax.set_ylabel("sets")
            ax.legend(frameon=False)
            ax.tick_params(axis="x", labelrotation=45)
        ax.set_title("Weekly volume (sets per week)")
        return _save(fig, fmt)


def adherence_chart(weeks: Sequence[AdherenceWeek], *, fmt: Format = "png") -> bytes:
    """Planned against performed sessions per program week."""
    with _figure() as (fig, ax):
        if not weeks:
            _empty(ax, "The program has no weeks")
        else:
            xs = [w.week for w in weeks]
            ax.bar(
                [x - 0.2 for x in xs],
                [w.planned for w in weeks],
                width=0.4,
                label="planned",
                color="#c8c8c8",
            )
            ax.bar(
                [x + 0.2 for x in xs],
                [w.performed for w in weeks],
                width=0.4,
                label="performed",
                color="#2a8c55",
            )
            ax.set_xticks(xs)
            ax.set_xlabel("program week")
            ax.set_ylabel("sessions")
            ax.set_ylim(0, max(w.planned for w in weeks) + 1)
            ax.yaxis.get_major_locator().set_params(integer=True)
            ax.legend(frameon=False, ncols=2, loc="upper center")
            total = sum(w.planned for w in weeks)
            done = sum(w.performed for w in weeks)
            ax.set_title(f"Adherence: {done} of {total} sessions ({done / max(total, 1):.0%})")
        if not weeks:
            ax.set_title("Adherence")
        return _save(fig, fmt)


def asymmetry_chart(
    rows: Sequence[Asymmetry], *, fmt: Format = "png", catalog: Catalog | None = None
) -> bytes:
    """Horizontal bars of (right − left) / larger side, with a ±10 % band shaded."""
    with _figure(7.0, max(2.5, 0.45 * len(rows) + 1.5)) as (fig, ax):
        if not rows:
            _empty(ax, "No exercise logged on both sides on the same day yet")
        else:
            names = [textwrap.fill(variant_name(r.variant_id, catalog), 26) for r in rows]
            values = [r.percent for r in rows]
            colours = [
                SIDE_COLOURS[Side.RIGHT] if v > 0 else SIDE_COLOURS[Side.LEFT] for v in values
            ]
            ax.axvspan(-10, 10, color="#eeeeee", zorder=0)
            ax.barh(names, values, color=colours, zorder=2)
            ax.axvline(0, color="#333", linewidth=0.8)
            limit = max(25.0, max(abs(v) for v in values) * 1.15)
            ax.set_xlim(-limit, limit)
            ax.set_xlabel("(right \u2212 left) / larger side, %   (below 0: left stronger)")
            ax.invert_yaxis()
        ax.set_title("Left\u2013right asymmetry, latest day with both sides")
        return _save(fig, fmt)
