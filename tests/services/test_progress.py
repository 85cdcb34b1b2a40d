"""Progress summary: trend per variant and left-right asymmetry, checked by hand."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.services.progress import ASYMMETRY_FLAG_PCT, asymmetry_of, progress_summary
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
    # left mean (1.5 + 2.0 + 2.5) / 3 = 2.0; right mean (1.0 + 1.0 + 1.5) / 3 = 1.1667,
    # shown as 1.2 kg; the gap is computed from the values shown:
    # (2.0 - 1.2) / 2.0 = 40.0 % of the stronger side; right is weaker
    assert (cuff.asymmetry_left, cuff.asymmetry_right) == (2.0, 1.2)
    assert cuff.asymmetry_pct == 40.0
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


def test_equal_sides_are_never_flagged_even_when_their_sessions_differ(
    engine, person, catalog
) -> None:
    """Issue 16: 12.0 vs 12.0 was flagged as an 11 % gap (the page showed the latest
    sessions, the gap compared the means). Left 12, 12, 12 reps; right 11, 12, 13 reps: both
    means are 12 reps, so the shown values are equal and the gap is 0 %."""
    sets = [
        PerformedSet(variant_id="side-lying-abduction.cuff-ankle", side=side, load_kg=None,
                     date=DAY0 + dt.timedelta(days=day), reps=reps)
        for side, reps_by_day in ((Side.LEFT, (12, 12, 12)), (Side.RIGHT, (11, 12, 13)))
        for day, reps in enumerate(reps_by_day)
    ]
    _store(engine, person, sets)
    (cuff,) = progress_summary(SqlUnitOfWork(engine), person, catalog).variants
    assert cuff.unit == "reps"
    assert (cuff.asymmetry_left, cuff.asymmetry_right) == (12, 12)
    assert cuff.asymmetry_pct == 0 and not cuff.asymmetry_flag and cuff.weaker_side is None


@given(st.floats(0, 500, allow_nan=False), st.floats(0, 500, allow_nan=False))
def test_a_gap_is_zero_exactly_when_the_shown_values_are_equal(left: float, right: float) -> None:
    gap, weaker = asymmetry_of(left, right)
    if max(left, right) <= 0:
        assert gap is None
        return
    assert gap is not None and 0 <= gap <= 100
    if left == right:
        assert gap == 0 and weaker is None
    if gap > ASYMMETRY_FLAG_PCT:
        assert left != right and weaker is not None
