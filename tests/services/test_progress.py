"""Progress summary: trend per variant and left-right asymmetry, checked by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.services.progress import progress_summary
from glutemed.store.unit_of_work import SqlUnitOfWork

CUFF = "side-lying-abduction.cuff-ankle"
DAY0 = dt.date(2026, 3, 2)


def _store(engine: Engine, person: int, sets: list[PerformedSet]) -> None:
    with SqlUnitOfWork(engine) as uow:
        for s in sets:
            uow.sets.add(person, s)
        uow.commit()


def _set(side: Side, day: int, load_kg: float, reps: int = 10, pain: int = 0) -> PerformedSet:
    return PerformedSet(
        variant_id=CUFF,
        side=side,
        date=DAY0 + dt.timedelta(days=day),
        reps=reps,
        load_kg=load_kg,
        pain_during=pain,
    )


def test_trend_is_first_and_latest_best_load_per_side(engine, person, catalog) -> None:
    _store(
        engine,
        person,
        [
            _set(Side.LEFT, 0, 1.0),
            _set(Side.LEFT, 0, 1.5),  # session best 1.5
            _set(Side.LEFT, 3, 2.0, pain=3),
            _set(Side.LEFT, 7, 2.5),
            _set(Side.RIGHT, 0, 1.0),
            _set(Side.RIGHT, 3, 1.0),
            _set(Side.RIGHT, 7, 1.5),
        ],
    )
    summary = progress_summary(SqlUnitOfWork(engine), person, catalog)
    assert summary.total_sets == 7
    (cuff,) = summary.variants
    assert cuff.measure == "load" and cuff.unit == "kg"
    left, right = cuff.sides
    assert (left.side, left.sessions, left.sets) == (Side.LEFT, 3, 4)
    assert (left.first, left.last, left.best, left.change) == (1.5, 2.5, 2.5, 1.0)
    assert left.max_pain == 3
    assert (right.first, right.last, right.change) == (1.0, 1.5, 0.5)
    # asymmetry over the last 3 sessions per side, by hand:
    # left mean (1.5 + 2.0 + 2.5) / 3 = 2.0; right mean (1.0 + 1.0 + 1.5) / 3 = 1.1667
    # gap = (2.0 - 1.1667) / 2.0 = 41.7 % of the stronger side; right is weaker
    assert cuff.asymmetry_pct == 41.7
    assert cuff.weaker_side is Side.RIGHT and cuff.asymmetry_flag


def test_loads_are_shown_in_pounds_for_a_person_who_prefers_them(engine, person, catalog) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.people.set_units(person, "lb")
        uow.commit()
    _store(engine, person, [_set(Side.LEFT, 0, 4.5359237)])  # exactly 10 lb
    summary = progress_summary(SqlUnitOfWork(engine), person, catalog)
    assert summary.units == "lb"
    assert summary.variants[0].unit == "lb" and summary.variants[0].sides[0].last == 10.0


def test_holds_use_the_longest_hold_and_one_side_has_no_asymmetry(engine, person, catalog) -> None:
    _store(
        engine,
        person,
        [
            PerformedSet(variant_id="side-plank.short", side=Side.LEFT, date=DAY0, hold_s=20),
            PerformedSet(variant_id="side-plank.short", side=Side.LEFT, date=DAY0, hold_s=25),
        ],
    )
    (plank,) = progress_summary(SqlUnitOfWork(engine), person, catalog).variants
    assert (plank.measure, plank.unit, plank.sides[0].best) == ("hold_s", "s", 25.0)
    assert plank.asymmetry_pct is None and not plank.asymmetry_flag


def test_deleted_sets_do_not_count(engine, person, catalog) -> None:
    _store(engine, person, [_set(Side.LEFT, 0, 1.0), _set(Side.LEFT, 1, 9.0)])
    with SqlUnitOfWork(engine) as uow:
        newest = uow.sets.recent(person)[0]
        uow.sets.mark_deleted(person, newest.id, True)
        uow.commit()
    summary = progress_summary(SqlUnitOfWork(engine), person, catalog)
    assert summary.total_sets == 1 and summary.variants[0].sides[0].best == 1.0
