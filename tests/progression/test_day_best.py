"""The best of a day: hand-checked cases and properties that hold for any history."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from glutemed.programming.models import Side
from glutemed.progression.day_best import (
    DayBest,
    Measure,
    best_value,
    day_bests,
    measure_of,
)
from glutemed.progression.models import PerformedSet

DAY = dt.date(2026, 1, 5)
CUFF = "side-lying-abduction.cuff-ankle"


def _set(**kw: object) -> PerformedSet:
    fields: dict[str, object] = {"variant_id": CUFF, "side": Side.LEFT, "date": DAY}
    fields.update(kw)
    return PerformedSet(**fields)  # type: ignore[arg-type]


def test_each_maximum_is_taken_on_its_own_even_from_different_sets() -> None:
    sets = [_set(load_kg=2.0, reps=8), _set(load_kg=1.0, reps=14, set_index=2)]
    assert day_bests(sets) == [DayBest(CUFF, Side.LEFT, DAY, load_kg=2.0, reps=14, hold_s=None)]


def test_sides_and_days_are_never_merged() -> None:
    sets = [
        _set(reps=10),
        _set(reps=12, side=Side.RIGHT),
        _set(reps=15, side=Side.BOTH),
        _set(reps=9, date=DAY + dt.timedelta(days=1)),
    ]
    assert [(b.side, b.date.day, b.reps) for b in day_bests(sets)] == [
        (Side.BOTH, 5, 15),
        (Side.LEFT, 5, 10),
        (Side.LEFT, 6, 9),
        (Side.RIGHT, 5, 12),
    ]


def test_a_load_of_zero_kg_is_no_load() -> None:
    (best,) = day_bests([_set(load_kg=0.0, reps=12)])
    assert best.load_kg is None
    assert measure_of([best]) is Measure.REPS
    from_sql = DayBest.of_maxima(CUFF, Side.LEFT, DAY, load_kg=0.0, reps=12, hold_s=None)
    assert from_sql == best


def test_the_measure_is_load_then_hold_then_reps() -> None:
    loaded = DayBest(CUFF, Side.LEFT, DAY, 1.5, 10, None)
    held = DayBest(CUFF, Side.LEFT, DAY, None, None, 40.0)
    reps = DayBest(CUFF, Side.LEFT, DAY, None, 12, None)
    assert measure_of([reps, held, loaded]) is Measure.LOAD
    assert measure_of([reps, held]) is Measure.HOLD
    assert measure_of([reps]) is Measure.REPS
    assert measure_of([]) is Measure.REPS


def test_a_day_without_the_lines_measure_counts_as_zero() -> None:
    unloaded = DayBest(CUFF, Side.LEFT, DAY, None, 12, None)
    assert unloaded.value(Measure.LOAD) == 0.0
    assert unloaded.value(Measure.REPS) == 12.0


sets = st.builds(
    lambda variant, side, day, reps, hold, load: PerformedSet(
        variant_id=variant,
        side=side,
        date=DAY + dt.timedelta(days=day),
        reps=reps if hold is None else None,
        hold_s=hold,
        load_kg=load,
    ),
    st.sampled_from(["a.one", "b.two"]),
    st.sampled_from(Side),
    st.integers(0, 3),
    st.integers(0, 30),
    st.none() | st.sampled_from([10.0, 22.5, 40.0]),
    st.none() | st.sampled_from([0.0, 1.0, 2.5]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(sets, max_size=20), st.randoms(use_true_random=False))
def test_the_day_best_ignores_the_order_sets_were_logged_in(
    history: list[PerformedSet], rnd: random.Random
) -> None:
    shuffled = list(history)
    rnd.shuffle(shuffled)
    assert day_bests(shuffled) == day_bests(history)


@settings(max_examples=60, deadline=None)
@given(st.lists(sets, min_size=1, max_size=20))
def test_every_day_best_is_the_largest_value_of_its_own_sets(
    history: list[PerformedSet],
) -> None:
    bests = day_bests(history)
    assert len(bests) == len({(s.variant_id, s.side, s.date) for s in history})
    for best in bests:
        mine = [
            s
            for s in history
            if (s.variant_id, s.side, s.date) == (best.variant_id, best.side, best.date)
        ]
        for measure in Measure:
            assert best_value(best, measure) == max(best_value(s, measure) for s in mine)
