"""The program editor's pure edit (glutemed.programming.editing): what each operation does
to a generated program, and what it refuses, naming the field."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.errors import InputError
from glutemed.programming.editing import (
    AddExercise,
    ChangeDose,
    ChangeWeekdays,
    MoveExercise,
    RemoveExercise,
    SwapExercise,
    apply_edit,
    change_prescription,
    prescription_at,
    swap_choices,
)
from glutemed.programming.generator import generate_program
from glutemed.programming.models import Mode, Profile, Program, slot_of

START = dt.date(2026, 12, 7)
KIT = frozenset({"mini-band", "cuff-weight"})


@pytest.fixture(scope="module")
def setup() -> tuple[Catalog, Program]:
    catalog = load_default_catalog()
    return catalog, generate_program(Profile(goal="rehab", equipment=KIT, days_per_week=2),
                                     catalog)


def _day(program: Program, day: int = 1, week: int = 0) -> list[str]:
    return [slot_of(i) for i in program.weeks[week].sessions[day - 1].items]


def test_a_swap_keeps_every_weeks_dose_and_the_slot(setup: tuple[Catalog, Program]) -> None:
    catalog, program = setup
    item = program.weeks[0].sessions[0].items[0]
    choice = swap_choices(catalog, item, KIT)[0]
    done = apply_edit(program, START, SwapExercise(day=1, item=0, variant_id=choice.id),
                      catalog, KIT, "dr-lee")
    slot = slot_of(item)
    for old_week, new_week in zip(program.weeks, done.program.weeks, strict=True):
        for was, now in zip(old_week.sessions[0].items, new_week.sessions[0].items,
                            strict=True):
            if slot_of(was) == slot:
                assert now.variant_id == choice.id and slot_of(now) == slot
                assert (now.sets, now.reps, now.hold_s, now.rest_s) == (
                    was.sets, was.reps, was.hold_s, was.rest_s)
                assert "dr-lee" in now.rationale
            else:
                assert now == was
    assert done.start_date == START and "swapped for" in done.what
    assert program.weeks[0].sessions[0].items[0] == item  # the input is not changed


def test_swap_choices_share_role_and_mode_and_need_only_what_the_client_has(
        setup: tuple[Catalog, Program]) -> None:
    catalog, program = setup
    for item in program.weeks[0].sessions[0].items:
        for v in swap_choices(catalog, item, KIT):
            assert v.role is item.role and item.mode in v.modes
            assert set(v.equipment) <= KIT and v.id != item.variant_id


def test_a_swap_to_another_mode_or_role_is_refused(setup: tuple[Catalog, Program]) -> None:
    catalog, program = setup
    items = program.weeks[0].sessions[0].items
    index, item = next((n, i) for n, i in enumerate(items) if i.mode is Mode.ISOMETRIC)
    reps_only = next(v for v in catalog.filter(equipment=KIT)
                     if v.role is item.role and Mode.ISOMETRIC not in v.modes)
    with pytest.raises(InputError) as caught:
        apply_edit(program, START, SwapExercise(day=1, item=index, variant_id=reps_only.id),
                   catalog, KIT, "dr-lee")
    assert caught.value.field == "variant_id" and "not done for holds" in str(caught.value)
    other_role = next(v for v in catalog.filter(equipment=KIT) if v.role is not item.role)
    with pytest.raises(InputError, match=f"is a {other_role.role.value} exercise"):
        apply_edit(program, START, SwapExercise(day=1, item=index, variant_id=other_role.id),
                   catalog, KIT, "dr-lee")


@given(st.data())
def test_a_move_keeps_the_same_exercises_in_every_week(
        setup: tuple[Catalog, Program], data: st.DataObject) -> None:
    catalog, program = setup
    n = len(program.weeks[0].sessions[0].items)
    item = data.draw(st.integers(0, n - 1))
    to = data.draw(st.integers(0, n + 2))
    done = apply_edit(program, START, MoveExercise(day=1, item=item, to=to), catalog, KIT, "x")
    moved = slot_of(program.weeks[0].sessions[0].items[item])
    for old_week, new_week in zip(program.weeks, done.program.weeks, strict=True):
        before, after = old_week.sessions[0].items, new_week.sessions[0].items
        assert Counter(map(slot_of, before)) == Counter(map(slot_of, after))
        rest = [slot_of(i) for i in before if slot_of(i) != moved]
        assert [s for s in map(slot_of, after) if s != moved] == rest  # others keep order
    if done.program.weeks[0].sessions[0].items:
        assert _day(done.program).index(moved) == min(to, n - 1)


def test_remove_then_add_and_the_new_slot_is_unique(setup: tuple[Catalog, Program]) -> None:
    catalog, program = setup
    gone = apply_edit(program, START, RemoveExercise(day=1, item=0), catalog, KIT, "x").program
    assert _day(gone) == _day(program)[1:]
    added = apply_edit(program, START, AddExercise(
        day=1, variant_id="side-plank.short", sets=2, hold_s=(20, 30)), catalog, KIT, "x")
    new = added.program.weeks[0].sessions[0].items[-1]
    taken = {slot_of(i) for w in program.weeks for s in w.sessions for i in s.items}
    assert slot_of(new) not in taken and new.hold_s == (20, 30) and new.reps is None
    like = next(i for w in program.weeks for s in w.sessions for i in s.items
                if i.role is new.role)
    assert (new.rest_s, new.rir) == (like.rest_s, like.rir)  # taken from the program


def test_add_refuses_a_dose_in_the_wrong_mode_or_missing(setup: tuple[Catalog, Program]) -> None:
    catalog, program = setup
    with pytest.raises(InputError) as caught:
        apply_edit(program, START, AddExercise(day=1, variant_id="side-plank.short", sets=2),
                   catalog, KIT, "x")
    assert caught.value.field == "reps"
    with pytest.raises(InputError, match="range"):
        apply_edit(program, START, AddExercise(day=1, variant_id="side-plank.short", sets=2,
                                               hold_s=(30, 20)), catalog, KIT, "x")


def test_a_dose_edit_changes_only_what_is_given(setup: tuple[Catalog, Program]) -> None:
    catalog, program = setup
    item = program.weeks[0].sessions[0].items[0]
    done = apply_edit(program, START, ChangeDose(day=1, item=0, sets=5), catalog, KIT, "x")
    now = done.program.weeks[0].sessions[0].items[0]
    assert now == item.model_copy(update={"sets": 5})
    wrong = "reps" if item.mode is Mode.ISOMETRIC else "hold_s"
    with pytest.raises(InputError) as caught:
        apply_edit(program, START, ChangeDose(day=1, item=0, **{wrong: (5, 10)}), catalog,
                   KIT, "x")
    assert caught.value.field == wrong
    with pytest.raises(InputError, match="give at least one"):
        apply_edit(program, START, ChangeDose(day=1, item=0), catalog, KIT, "x")


def test_weekdays_are_as_many_as_the_weeks_sessions_and_distinct(
        setup: tuple[Catalog, Program]) -> None:
    catalog, program = setup
    done = apply_edit(program, START, ChangeWeekdays(weekdays=(5, 2)), catalog, KIT, "x")
    assert done.program.weekdays == (2, 5) and done.what == "sessions on Tuesday, Friday"
    for bad in ((1,), (2, 2), (0, 3)):
        with pytest.raises(InputError) as caught:
            apply_edit(program, START, ChangeWeekdays(weekdays=bad), catalog, KIT, "x")
        assert caught.value.field == "weekdays"


def test_changing_one_prescription_leaves_every_other_one(
        setup: tuple[Catalog, Program]) -> None:
    """The dose form and the API's PUT both call this: week 2, day 1, item 0 only."""
    _, program = setup
    old = prescription_at(program, 2, 1, 0)
    done = change_prescription(program, 2, 1, 0, {"sets": 5, "rest_s": 90})
    for wn, (was_week, now_week) in enumerate(zip(program.weeks, done.weeks, strict=True),
                                              start=1):
        for sn, (was, now) in enumerate(zip(was_week.sessions, now_week.sessions,
                                            strict=True), start=1):
            for i, (a, b) in enumerate(zip(was.items, now.items, strict=True)):
                if (wn, sn, i) == (2, 1, 0):
                    assert (b.sets, b.rest_s) == (5, 90)
                    assert b.model_copy(update={"sets": a.sets, "rest_s": a.rest_s}) == old
                else:
                    assert b == a


def test_changing_a_prescription_in_every_week(setup: tuple[Catalog, Program]) -> None:
    _, program = setup
    old = prescription_at(program, 1, 1, 0)
    done = change_prescription(program, 1, 1, 0, {"sets": 5}, every_week=True)
    pairs = [(a, b) for w0, w1 in zip(program.weeks, done.weeks, strict=True)
             for s0, s1 in zip(w0.sessions, w1.sessions, strict=True)
             for a, b in zip(s0.items, s1.items, strict=True)]
    assert all(b.sets == 5 for a, b in pairs if a == old)
    assert all(b == a for a, b in pairs if a != old)


@pytest.mark.parametrize(("week", "session", "item", "field"),
                         [(0, 1, 0, "week"), (99, 1, 0, "week"), (1, 8, 0, "session"),
                          (1, 1, 50, "item")])
def test_a_prescription_not_in_the_program_is_named(
        setup: tuple[Catalog, Program], week: int, session: int, item: int, field: str
) -> None:
    _, program = setup
    with pytest.raises(InputError) as caught:
        change_prescription(program, week, session, item, {"sets": 2})
    assert caught.value.field == field and "give a whole number from" in str(caught.value)
