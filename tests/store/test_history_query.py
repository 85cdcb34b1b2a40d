"""The raw history window (the reference ``side_days`` is checked against) is read
through indexes bounded on both dates.

Written as one ``OR``, SQLite walked the person's whole log backwards from today whenever
the window held fewer sets than the limit, so each logged set cost more the longer the log
(26 ms at 100,000 sets; ``benchmarks/bench_log.py``). Each branch of the query must now be
an index search with a lower and an upper date bound, whatever the log holds; and the rows
must be exactly the window's, newest first.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine
from tests.store import raw_window

from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.store.unit_of_work import SqlUnitOfWork

TODAY = dt.date(2026, 6, 1)


def _params(person_id: int) -> dict[str, object]:
    return {"person_id": person_id, "variant_id": "a.one", "sides": ["left", "both"],
            "since": TODAY - dt.timedelta(days=84), "recent_since": TODAY - dt.timedelta(days=28),
            "until": TODAY, "limit": 400}


def test_each_branch_is_an_index_search_bounded_on_both_dates(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return  # the plan is SQLite's; PostgreSQL's planner is not this test's subject
    sql = str(raw_window.DECISION_HISTORY.params(**_params(1)).compile(
        dialect=engine.dialect,
        compile_kwargs={"literal_binds": True, "render_postcompile": True}))
    with engine.connect() as conn:
        plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    searches = [step for step in plan if "performed_sets" in step]
    assert len(searches) == 2, plan
    for step in searches:
        assert step.startswith("SEARCH performed_sets USING INDEX"), plan
        assert "date>" in step and "date<" in step, plan  # bounded below and above


def test_the_window_is_this_exercise_for_12_weeks_and_the_side_for_4(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("W", Profile(goal="rehab"))
        days = [TODAY - dt.timedelta(days=d) for d in (0, 10, 27, 29, 60, 84, 85, 400)]
        for day in days:
            for variant, side in (("a.one", Side.LEFT), ("b.two", Side.LEFT),
                                  ("a.one", Side.RIGHT), ("b.two", Side.BOTH)):
                uow.sets.add(pid, PerformedSet(variant_id=variant, side=side, date=day,
                                               reps=10))
        uow.sets.add(pid, PerformedSet(variant_id="a.one", side=Side.LEFT,
                                       date=TODAY + dt.timedelta(days=1), reps=9))
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        window = raw_window.decision_history(
            uow.session, pid, variant_id="a.one", sides=[Side.LEFT, Side.BOTH],
            since=TODAY - dt.timedelta(days=84), recent_since=TODAY - dt.timedelta(days=28),
            until=TODAY, limit=400)
    got = [(s.variant_id, s.side.value, (TODAY - s.date).days) for s in window]
    expected = sorted(
        [("a.one", "left", d) for d in (0, 10, 27, 29, 60, 84)]
        + [(v, side, d) for d in (0, 10, 27) for v, side in (("b.two", "left"),
                                                             ("b.two", "both"))],
        key=lambda t: -t[2],
    )
    assert sorted(got, key=lambda t: -t[2]) == expected
    assert [d for *_, d in got] == sorted((d for *_, d in got), reverse=True)  # oldest first


def test_the_latest_sets_read_as_columns_equal_the_orm_read(engine: Engine) -> None:
    """``recent(limit=N)`` reads plain columns; a filter sends it through the ORM. Both
    must give the same stored sets, every field (flags, checks, targets, device id)."""
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("R", Profile(goal="rehab"))
        for n in range(30):
            performed = PerformedSet(
                variant_id="a.one" if n % 3 else "b.two", side=Side.LEFT if n % 2 else Side.BOTH,
                date=TODAY - dt.timedelta(days=n // 4), reps=8 + n % 5, load_kg=n % 4 or None,
                pain_during=n % 6, rir=n % 4, checks={"trunk-still": n % 2 == 0} if n % 5 else {},
                red_flags=frozenset({"numbness-tingling"}) if n == 7 else frozenset(),
                note="felt fine" if n == 3 else None, target_reps=(8, 12), target_sets=3,
                slot="abduction:a",
            )
            stored = uow.sets.store(pid, performed, client_id=f"{n:032x}" if n % 2 else None)
            if n == 5:
                uow.sets.mark_deleted(pid, stored.id, True)
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        fast = uow.sets.recent(pid, limit=20)
        orm = [s for s in uow.sets.recent(pid, include_deleted=True) if not s.deleted][:20]
    assert len(fast) == 20
    assert fast == orm
