"""Training-day services: today's session, log_set, and editing the log.

Uses the hand-written program from conftest (side-lying abduction, cuff at the ankle,
3 x 8-12 at 1.0 kg per side; a short side plank 2 x 20-30 s) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.services import set_logging
from glutemed.services.decisions import last_decision
from glutemed.services.set_edits import delete_set, edit_set, list_sets, restore_set
from glutemed.services.set_logging import log_set
from glutemed.services.todays_session import todays_session
from glutemed.store.tables import DecisionRow, PerformedSetRow, ProgressionStateRow
from glutemed.store.unit_of_work import SqlUnitOfWork

CUFF = "side-lying-abduction.cuff-ankle"
SLOT = "abduction:side-lying-abduction"  # the program's slot for it (legacy_slot: role:family)
CUFF_CHECKS = (
    "no-trunk-side-bend", "pelvis-stayed-stacked", "hip-neutral-or-extended", "felt-in-side-of-hip"
)
"""Every technique check of the cuff variant (its family's): a set answers all of them."""
DAY0 = dt.date(2026, 3, 2)


def _count(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _cuff(
    side: Side,
    reps: int,
    *,
    day: dt.date = DAY0,
    load_kg: float | None = 1.0,
    pain: int | None = 1,
    ok: bool = True,
) -> PerformedSet:
    return PerformedSet(
        variant_id=CUFF,
        side=side,
        date=day,
        reps=reps,
        load_kg=load_kg,
        rir=2,
        pain_during=pain,
        checks={check: ok for check in CUFF_CHECKS},
    )


def _log(engine: Engine, person: int, catalog, performed: PerformedSet):
    return log_set(SqlUnitOfWork(engine), person, performed, catalog, performed.date)


# -- today -----------------------------------------------------------------------------------


def test_today_lists_each_side_with_target_cues_and_checks(engine, person, catalog) -> None:
    today = todays_session(SqlUnitOfWork(engine), person, catalog, DAY0)
    assert today.due and not today.finished
    assert (today.week, today.day, today.name) == (1, 1, "A")
    cuff = [i for i in today.items if i.variant_id == CUFF]
    assert [i.side for i in cuff] == [Side.LEFT, Side.RIGHT]
    assert cuff[0].target.load_kg == 1.0 and cuff[0].target.reps == (8, 12)
    assert cuff[0].target_load == "1 kg"
    assert cuff[0].cues and cuff[0].checks
    assert cuff[0].last_time == [] and cuff[0].done_today == 0


def test_the_day_between_sessions_is_a_rest_day_showing_the_next(engine, person, catalog) -> None:
    for side in (Side.LEFT, Side.RIGHT):
        _log(engine, person, catalog, _cuff(side, 10))
    rest_day = DAY0 + dt.timedelta(days=1)
    today = todays_session(SqlUnitOfWork(engine), person, catalog, rest_day)
    assert not today.due
    assert today.planned_date == DAY0 + dt.timedelta(days=3)
    assert today.name == "B"


def test_a_session_trained_today_stays_todays(engine, person, catalog) -> None:
    _log(engine, person, catalog, _cuff(Side.LEFT, 10))
    today = todays_session(SqlUnitOfWork(engine), person, catalog, DAY0)
    assert today.name == "A"
    left = next(i for i in today.items if i.variant_id == CUFF and i.side is Side.LEFT)
    assert left.done_today == 1


def test_a_step_up_mid_session_keeps_the_sessions_target_and_shows_next_time(
    engine, person, catalog
) -> None:
    """After the slot moves to the next variant mid-session, today still shows the target the
    session started with (3 of 3 done) and says what comes next time; the harder variant
    must not show 0 done, which invited another full round of sets the same day."""
    for reps in (12, 12, 12):
        _log(engine, person, catalog, _cuff(Side.LEFT, reps))
    with SqlUnitOfWork(engine) as uow:  # where a step up the ladder takes the slot
        harder = uow.state.get(person, SLOT, Side.LEFT)
        assert harder is not None and harder.session_date == DAY0
        stepped = harder.prescription.model_copy(
            update={"variant_id": "side-lying-abduction.bench", "load_kg": None}
        )
        uow.state.put(person, SLOT, Side.LEFT, stepped, harder.counters,
                      session_date=DAY0, session_target=harder.session_target,
                      state_id=harder.id)
        uow.commit()
    today = todays_session(SqlUnitOfWork(engine), person, catalog, DAY0)
    left = next(i for i in today.items if i.slot == SLOT and i.side is Side.LEFT)
    assert left.variant_id == CUFF
    assert left.done_today == 3
    assert left.next_time is not None
    assert left.next_time.variant_id == "side-lying-abduction.bench"
    later = todays_session(SqlUnitOfWork(engine), person, catalog, DAY0 + dt.timedelta(days=3))
    left = next(i for i in later.items if i.slot == SLOT and i.side is Side.LEFT)
    assert left.variant_id == "side-lying-abduction.bench" and left.done_today == 0


def test_last_performance_is_shown_next_time(engine, person, catalog) -> None:
    for reps in (12, 11, 10):
        _log(engine, person, catalog, _cuff(Side.LEFT, reps))
    later = DAY0 + dt.timedelta(days=3)
    today = todays_session(SqlUnitOfWork(engine), person, catalog, later)
    left = next(i for i in today.items if i.variant_id == CUFF and i.side is Side.LEFT)
    assert left.last_date == DAY0
    assert [s.reps for s in left.last_time] == [12, 11, 10]


# -- log_set ---------------------------------------------------------------------------------


def test_log_set_stores_set_decision_and_state_together(engine, person, catalog) -> None:
    decision = _log(engine, person, catalog, _cuff(Side.LEFT, 12))
    assert _count(engine, PerformedSetRow) == 1
    assert _count(engine, DecisionRow) == 1
    assert _count(engine, ProgressionStateRow) == 1
    stored = list_sets(SqlUnitOfWork(engine), person)[0].performed
    assert stored.target_reps == (8, 12) and stored.target_load_kg == 1.0  # target beside actual
    assert stored.set_index == 1
    last = last_decision(SqlUnitOfWork(engine), person, CUFF, Side.LEFT)
    assert last is not None and last.action == str(decision.action)
    assert last.explanation == decision.explanation
    assert last.rule_ids == [f.rule_id for f in decision.fired]


def test_sets_of_a_day_are_numbered_in_order(engine, person, catalog) -> None:
    for reps in (12, 11, 10):
        _log(engine, person, catalog, _cuff(Side.LEFT, reps))
    _log(engine, person, catalog, _cuff(Side.RIGHT, 12))
    stored = sorted(list_sets(SqlUnitOfWork(engine), person), key=lambda s: s.id)
    assert [(s.performed.side, s.performed.set_index) for s in stored] == [
        (Side.LEFT, 1),
        (Side.LEFT, 2),
        (Side.LEFT, 3),
        (Side.RIGHT, 1),
    ]


def test_left_and_right_progress_separately(engine, person, catalog) -> None:
    # double progression (docs/progression rules): every set at the top of 8-12 with checks
    # passed raises the load; a side that falls short holds.
    for reps in (12, 12, 12):
        left = _log(engine, person, catalog, _cuff(Side.LEFT, reps))
    for reps in (12, 10, 9):
        right = _log(engine, person, catalog, _cuff(Side.RIGHT, reps))
    assert str(left.action) == "progress-load" and left.prescription.load_kg > 1.0
    assert str(right.action) == "repeat" and right.prescription.load_kg == 1.0
    later = todays_session(SqlUnitOfWork(engine), person, catalog, DAY0 + dt.timedelta(days=3))
    targets = {i.side: i.target.load_kg for i in later.items if i.variant_id == CUFF}
    assert targets[Side.LEFT] == left.prescription.load_kg
    assert targets[Side.RIGHT] == 1.0


def test_load_does_not_rise_when_pain_exceeds_the_limit(engine, person, catalog) -> None:
    # Silbernagel et al. 2007 pain-monitoring model: pain during above 5/10 is too high.
    for reps in (12, 12, 12):
        decision = _log(engine, person, catalog, _cuff(Side.LEFT, reps, pain=6))
        assert (decision.prescription.load_kg or 0) <= 1.0
        assert str(decision.action) not in {"progress-load", "progress-reps", "step-up"}


def test_a_person_finishing_a_session_after_a_step_down_can_log_the_old_variant(
    engine, person, catalog
) -> None:
    first = _log(engine, person, catalog, _cuff(Side.RIGHT, 12, pain=6))
    assert first.prescription.variant_id != CUFF or str(first.action) == "repeat"
    second = _log(engine, person, catalog, _cuff(Side.RIGHT, 12, pain=6))
    assert (second.prescription.load_kg or 0) <= 1.0
    assert _count(engine, PerformedSetRow) == 2


def test_unknown_variant_is_rejected_with_suggestions_and_nothing_written(
    engine, person, catalog
) -> None:
    bad = _cuff(Side.LEFT, 10).model_copy(update={"variant_id": "side-lying-abduction.cuff"})
    with pytest.raises(InputError, match="cuff-ankle") as info:
        _log(engine, person, catalog, bad)
    assert info.value.field == "variant_id"
    assert _count(engine, PerformedSetRow) == 0


def test_variant_outside_the_program_is_rejected_naming_the_field(engine, person, catalog) -> None:
    other = PerformedSet(variant_id="squat.goblet", side=Side.BOTH, date=DAY0, reps=10)
    with pytest.raises(InputError) as info:
        _log(engine, person, catalog, other)
    assert info.value.field == "variant" and CUFF in str(info.value)
    assert _count(engine, PerformedSetRow) == 0


def test_a_set_in_the_future_is_rejected(engine, person, catalog) -> None:
    with pytest.raises(InputError) as info:
        log_set(
            SqlUnitOfWork(engine),
            person,
            _cuff(Side.LEFT, 10, day=DAY0),
            catalog,
            DAY0 - dt.timedelta(days=1),
        )
    assert info.value.field == "date"
    assert _count(engine, PerformedSetRow) == 0


def test_a_failure_while_deciding_leaves_nothing_half_written(
    engine, person, catalog, monkeypatch
) -> None:
    _log(engine, person, catalog, _cuff(Side.LEFT, 12))
    before = (_count(engine, PerformedSetRow), _count(engine, DecisionRow))

    def broken_record(*args, **kwargs):
        raise RuntimeError("disk full while storing the decision")

    monkeypatch.setattr(set_logging, "store_decision", broken_record)
    with pytest.raises(RuntimeError):
        _log(engine, person, catalog, _cuff(Side.LEFT, 12))
    assert (_count(engine, PerformedSetRow), _count(engine, DecisionRow)) == before


# -- edit, delete, restore -------------------------------------------------------------------


def test_next_morning_pain_is_added_later_and_the_decision_recomputed(
    engine, person, catalog
) -> None:
    for reps in (12, 12):
        _log(engine, person, catalog, _cuff(Side.LEFT, reps))
    _log(engine, person, catalog, _cuff(Side.LEFT, 12))
    last_set = list_sets(SqlUnitOfWork(engine), person)[0]
    decisions_before = _count(engine, DecisionRow)
    edited = edit_set(SqlUnitOfWork(engine), person, last_set.id, {"pain_next_morning": 4}, catalog)
    assert edited.performed.pain_next_morning == 4
    assert _count(engine, DecisionRow) == decisions_before + 1
    why = last_decision(SqlUnitOfWork(engine), person, CUFF, Side.LEFT)
    assert why is not None and f"set {last_set.id} was edited" in why.explanation


def test_edit_with_a_bad_value_names_the_field_and_changes_nothing(engine, person, catalog) -> None:
    _log(engine, person, catalog, _cuff(Side.LEFT, 12))
    stored = list_sets(SqlUnitOfWork(engine), person)[0]
    for changes, field in (({"pain_during": 11}, "pain_during"), ({"colour": "red"}, "colour")):
        with pytest.raises(InputError) as info:
            edit_set(SqlUnitOfWork(engine), person, stored.id, changes, catalog)
        assert info.value.field == field
    assert list_sets(SqlUnitOfWork(engine), person)[0].performed == stored.performed


def test_delete_hides_a_set_and_restore_brings_it_back(engine, person, catalog) -> None:
    _log(engine, person, catalog, _cuff(Side.LEFT, 12))
    set_id = list_sets(SqlUnitOfWork(engine), person)[0].id
    assert delete_set(SqlUnitOfWork(engine), person, set_id, catalog).deleted
    assert list_sets(SqlUnitOfWork(engine), person) == []
    assert not restore_set(SqlUnitOfWork(engine), person, set_id, catalog).deleted
    assert [s.id for s in list_sets(SqlUnitOfWork(engine), person)] == [set_id]


def test_another_persons_set_cannot_be_edited(engine, person, catalog) -> None:
    _log(engine, person, catalog, _cuff(Side.LEFT, 12))
    set_id = list_sets(SqlUnitOfWork(engine), person)[0].id
    with SqlUnitOfWork(engine) as uow:
        other = uow.people.add("Ben", uow.people.get(person).profile)
        uow.commit()
    with pytest.raises(UnknownIdError):
        edit_set(SqlUnitOfWork(engine), other, set_id, {"note": "mine now"}, catalog)


def test_concurrent_loggers_each_get_their_set_decision_and_one_state_line(
    engine, person, catalog
) -> None:
    # two devices logging at once (both legs, several sets each), on one database
    from concurrent.futures import ThreadPoolExecutor

    def log_side(side: Side) -> int:
        for reps in (12, 11, 10, 12):
            _log(engine, person, catalog, _cuff(side, reps))
        return 4

    with ThreadPoolExecutor(4) as pool:
        done = sum(pool.map(log_side, [Side.LEFT, Side.RIGHT, Side.LEFT, Side.RIGHT]))
    assert _count(engine, PerformedSetRow) == done == 16
    assert _count(engine, DecisionRow) == 16
    assert _count(engine, ProgressionStateRow) == 2  # one line per side, never duplicated
