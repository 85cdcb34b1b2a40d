"""Progress charts: the numbers behind them (hand-checked) and valid, deterministic files."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.export import charts
from glutemed.programming.models import Program, Side
from glutemed.progression.models import PerformedSet

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
START = dt.date(2026, 1, 5)


def _set(day: int, side: Side, **kw: object) -> PerformedSet:
    fields: dict[str, object] = {
        "variant_id": "side-lying-abduction.cuff-ankle",
        "side": side,
        "date": START + dt.timedelta(days=day),
        "reps": 12,
    }
    fields.update(kw)
    return PerformedSet(**fields)  # type: ignore[arg-type]


def test_trend_keeps_the_best_of_each_day_and_side() -> None:
    """Heaviest load and most reps are each the day's maximum (the core's day best), even
    when two sets carry them; a deleted set never reaches this function."""
    sets = [
        _set(0, Side.LEFT, load_kg=1.0, reps=15),
        _set(0, Side.LEFT, load_kg=1.5, reps=10, set_index=2),
        _set(0, Side.RIGHT, load_kg=1.5, reps=12),
        _set(3, Side.LEFT, load_kg=1.5, reps=12),
    ]
    points = charts.trend_data(sets, "side-lying-abduction.cuff-ankle")
    assert [(p.date.day, p.side, p.load_kg, p.reps) for p in points] == [
        (5, Side.LEFT, 1.5, 15),
        (5, Side.RIGHT, 1.5, 12),
        (8, Side.LEFT, 1.5, 12),
    ]
    assert all(p.demand_nm is None for p in points)  # no body given -> no modelled demand


def test_trend_adds_modelled_demand_that_rises_with_load(catalog: Catalog) -> None:
    sets = [_set(0, Side.LEFT, load_kg=1.0), _set(7, Side.LEFT, load_kg=2.0)]
    points = charts.trend_data(
        sets, "side-lying-abduction.cuff-ankle", catalog=catalog, mass_kg=70, height_m=1.75
    )
    demands = [p.demand_nm for p in points]
    assert demands[0] is not None and demands[1] is not None
    assert demands[1] > demands[0]


def test_weekly_volume_counts_sets_per_iso_week_by_role(catalog: Catalog) -> None:
    sets = [
        _set(0, Side.LEFT),
        _set(0, Side.RIGHT),
        _set(6, Side.LEFT),  # Sunday 11 January: still ISO week 2
        _set(7, Side.LEFT, variant_id="squat.goblet"),  # Monday 12 January: week 3
    ]
    assert charts.volume_data(sets, catalog) == {
        "2026-W02": {"abduction": 3},
        "2026-W03": {"compound": 1},
    }


def test_adherence_caps_performed_at_planned(program: Program) -> None:
    sets = [_set(d, Side.LEFT) for d in (0, 1, 2)] + [_set(14, Side.LEFT)]
    weeks = charts.adherence_data(program, sets, START)
    assert [(w.week, w.planned, w.performed) for w in weeks] == [
        (1, 2, 2),  # three training days count as the two planned
        (2, 2, 0),
        (3, 2, 1),
        (4, 2, 0),
    ]


def test_asymmetry_uses_load_then_reps_and_signs_right_positive() -> None:
    sets = [
        _set(0, Side.LEFT, load_kg=2.0),
        _set(0, Side.RIGHT, load_kg=1.0),
        _set(7, Side.LEFT, variant_id="side-plank.short", reps=None, hold_s=40.0),
        _set(7, Side.RIGHT, variant_id="side-plank.short", reps=None, hold_s=50.0),
        _set(9, Side.LEFT, variant_id="side-plank.short", reps=None, hold_s=60.0),  # no right
    ]
    rows = {r.variant_id: r for r in charts.asymmetry_data(sets)}
    cuff = rows["side-lying-abduction.cuff-ankle"]
    assert (cuff.measure, cuff.percent) == ("load", pytest.approx(-50.0))  # (1-2)/2
    plank = rows["side-plank.short"]
    assert plank.date == START + dt.timedelta(days=7)
    assert (plank.measure, plank.percent) == ("hold_s", pytest.approx(20.0))  # (50-40)/50


def _all_charts(
    program: Program, sets: list[PerformedSet], catalog: Catalog, fmt: str
) -> list[bytes]:
    points = charts.trend_data(sets, "side-lying-abduction.cuff-ankle")
    return [
        charts.trend_chart(points, title="Cuff at the ankle", fmt=fmt),  # type: ignore[arg-type]
        charts.volume_chart(charts.volume_data(sets, catalog), fmt=fmt),  # type: ignore[arg-type]
        charts.adherence_chart(
            charts.adherence_data(program, sets, START),
            fmt=fmt,  # type: ignore[arg-type]
        ),
        charts.asymmetry_chart(charts.asymmetry_data(sets), fmt=fmt, catalog=catalog),  # type: ignore[arg-type]
    ]


SETS = [
    _set(d, side, load_kg=1.0 + d / 7) for d in (0, 3, 7, 10) for side in (Side.LEFT, Side.RIGHT)
]


def test_png_charts_are_png_files(program: Program, catalog: Catalog) -> None:
    for data in _all_charts(program, SETS, catalog, "png"):
        assert data.startswith(PNG_SIGNATURE)
        assert len(data) > 5_000


def test_svg_charts_are_valid_svg_and_deterministic(program: Program, catalog: Catalog) -> None:
    first = _all_charts(program, SETS, catalog, "svg")
    second = _all_charts(program, SETS, catalog, "svg")
    assert first == second
    for data in first:
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox")
        assert b"dc:date" not in data


def test_empty_history_still_draws_a_chart(program: Program, catalog: Catalog) -> None:
    for data in _all_charts(program, [], catalog, "svg"):
        ET.fromstring(data)


def test_unknown_format_names_the_allowed_ones() -> None:
    with pytest.raises(InputError, match="format: must be one of png, svg"):
        charts.volume_chart({}, fmt="gif")  # type: ignore[arg-type]


def test_a_single_day_of_history_draws_a_trend_without_date_warnings() -> None:
    """One logged day used to leave matplotlib's date locator with no interval (a warning,
    which pytest turns into an error here); the axis is now widened to a week."""
    points = charts.trend_data([_set(0, Side.LEFT, reps=15)], "side-lying-abduction.cuff-ankle")
    for fmt in ("svg", "png"):
        data = charts.trend_chart(points, title="One day", fmt=fmt)  # type: ignore[arg-type]
        assert data
