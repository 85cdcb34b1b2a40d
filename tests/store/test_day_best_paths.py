"""The SQL-aggregate path and the in-memory path agree on the best of every day.

Three places show a day's best: the web progress page (from ``SetsRepository.aggregates``,
one ``GROUP BY`` query), the chart exporter (``charts.trend_data`` over the sets) and the
progress summary (the store's running ``progress_lines``). For random histories -- loaded,
unloaded, 0 kg, reps and holds mixed, every side, sets deleted and some restored -- all of
them must equal the core's :func:`~glutemed.progression.day_best.day_bests` over the live
sets, on SQLite and on PostgreSQL. A deleted set leaking into any path fails the test.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from glutemed.catalog.catalog import Catalog
from glutemed.export import charts
from glutemed.programming.models import Profile, Side
from glutemed.progression.day_best import Measure, best_value, day_bests, measure_of
from glutemed.progression.models import PerformedSet
from glutemed.services.progress import progress_summary
from glutemed.store.unit_of_work import SqlUnitOfWork
from glutemed.web.progress import trend_series

DAY0 = dt.date(2026, 1, 5)
VARIANTS = ["side-lying-abduction.cuff-ankle", "side-plank.short", "banded-side-step.knees-light"]
NAMES = itertools.count()

a_set = st.builds(
    lambda variant, side, day, index, reps, hold, load: PerformedSet(
        variant_id=variant,
        side=side,
        date=DAY0 + dt.timedelta(days=day),
        set_index=index,
        reps=reps if hold is None else None,
        hold_s=hold,
        load_kg=load,
    ),
    st.sampled_from(VARIANTS),
    st.sampled_from(Side),
    st.integers(0, 4),
    st.integers(1, 4),
    st.integers(0, 30),
    st.none() | st.sampled_from([12.5, 30.0, 45.0]),
    st.none() | st.sampled_from([0.0, 0.5, 1.0, 2.5, 20.0]),
)
fate = st.sampled_from(["live", "deleted", "restored"])


def _store(engine: Engine, history: list[tuple[PerformedSet, str]]) -> tuple[int, list]:
    """Log the history, delete (and restore) as told; returns the person and the live sets."""
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add(f"P{next(NAMES)}", Profile(goal="rehab"))
        ids = [uow.sets.add(pid, performed) for performed, _ in history]
        for set_id, (_, what) in zip(ids, history, strict=True):
            if what != "live":
                uow.sets.mark_deleted(pid, set_id, True)
            if what == "restored":
                uow.sets.mark_deleted(pid, set_id, False)
        uow.commit()
    return pid, [performed for performed, what in history if what != "deleted"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(a_set, fate), max_size=18))
def test_sql_aggregates_charts_and_summary_agree_with_the_core(
    engine: Engine, catalog: Catalog, history: list[tuple[PerformedSet, str]]
) -> None:
    pid, live = _store(engine, history)
    with SqlUnitOfWork(engine) as uow:
        aggregates = uow.sets.aggregates(pid)
        stored = [s.performed for s in uow.sets.recent(pid)]
    expected = day_bests(live)

    # the SQL path (what the web page reads) against the in-memory path, deletions excluded
    assert [a.best for a in aggregates] == expected
    assert day_bests(stored) == expected

    series = trend_series(aggregates)
    found = progress_summary(SqlUnitOfWork(engine), pid, catalog)
    summary = {v.variant_id: v for v in found.variants}
    assert set(series) == set(summary) == {b.variant_id for b in expected}
    for variant_id, lines in series.items():
        mine = [b for b in expected if b.variant_id == variant_id]
        measure = measure_of(mine)
        # the web page's lines equal the exported chart's points, day by day and side by side
        points = charts.trend_data(live, variant_id)
        plotted = charts._trend_measure(points, "kg")[1]
        chart = {(p.side.value, p.date.isoformat()): float(plotted(p)) for p in points}
        page = {(line.side, day): value for line in lines for day, value in line.points}
        assert page == chart
        unit = {Measure.LOAD: "kg", Measure.HOLD: "s", Measure.REPS: "reps"}[measure]
        assert {line.unit for line in lines} == {unit}
        # for someone who trains in pounds, both show pounds, and still agree
        plotted_lb = charts._trend_measure(points, "lb")[1]
        chart_lb = {(p.side.value, p.date.isoformat()): float(plotted_lb(p)) for p in points}
        lines_lb = trend_series(aggregates, "lb")[variant_id]
        assert {(ln.side, d): v for ln in lines_lb for d, v in ln.points} == chart_lb
        assert {ln.unit for ln in lines_lb} == {"lb" if measure is Measure.LOAD else unit}
        # the progress summary's measure and each side's best and latest day agree too
        assert summary[variant_id].measure == measure.value
        for trend in summary[variant_id].sides:
            side_days = [b for b in mine if b.side is trend.side]
            assert trend.best == round(max(best_value(b, measure) for b in side_days), 1)
            assert trend.last == round(best_value(side_days[-1], measure), 1)
            line = (variant_id, trend.side)
            assert trend.sets == sum(1 for s in live if (s.variant_id, s.side) == line)
