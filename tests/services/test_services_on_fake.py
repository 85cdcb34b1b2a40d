"""The training use cases on the in-memory unit of work: no engine, no SQLite file.

Start a person, log sets (the decision, the progression state it moves, a safety pause a
warning sign opens), today, why and the history, each through the real service functions
typed against :class:`glutemed.services.ports.UnitOfWork`. Any attempt to make a database
engine here fails the test (see :func:`no_database`), so these prove the services need
nothing but the protocol. ``test_store_contract.py`` holds the fake to the SQL store.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.fakes.unit_of_work import FakeUnitOfWork, as_unit_of_work

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet, RedFlag
from glutemed.progression.rules import ActionKind
from glutemed.services.decisions import last_decision, recent_decisions
from glutemed.services.people import save_program, start_person
from glutemed.services.ports import UnitOfWork
from glutemed.services.progress import progress_summary
from glutemed.services.safety import active_pause, clear_pause
from glutemed.services.set_edits import delete_set, edit_set, list_sets, restore_set
from glutemed.services.set_logging import log_set
from glutemed.services.todays_session import todays_session

CUFF = "side-lying-abduction.cuff-ankle"
SLOT = "abduction:side-lying-abduction"
CUFF_CHECKS = (
    "no-trunk-side-bend", "pelvis-stayed-stacked", "hip-neutral-or-extended", "felt-in-side-of-hip"
)
DAY0 = dt.date(2026, 3, 2)  # a Monday: the hand-written program's first session
LATER = DAY0 + dt.timedelta(days=3)  # its second session


pytestmark = pytest.mark.usefixtures("no_database")


@pytest.fixture
def ann(uow: FakeUnitOfWork, kit) -> int:
    """Ann with the hand-written program (cuff side-lying abduction 3 x 8-12 at 1.0 kg per
    side, short side plank) from DAY0."""
    with uow:
        person_id = uow.people.add("Ann", kit.hand_program().profile, timezone="Europe/Berlin")
        uow.commit()
    save_program(uow, person_id, kit.hand_program(), DAY0)
    return person_id


def cuff(side: Side, reps: int, *, day: dt.date = DAY0, pain: int = 1,
         flags: frozenset[RedFlag] = frozenset()) -> PerformedSet:
    return PerformedSet(variant_id=CUFF, side=side, date=day, reps=reps, load_kg=1.0, rir=2,
                        pain_during=pain, checks={c: True for c in CUFF_CHECKS},
                        red_flags=flags)


def log(uow: UnitOfWork, person_id: int, catalog, performed: PerformedSet):
    return log_set(uow, person_id, performed, catalog, performed.date)


def test_the_fake_is_a_unit_of_work() -> None:
    """What the services are typed against (``tests/test_quality.py`` has mypy prove it)."""
    uow = as_unit_of_work(FakeUnitOfWork())
    with uow:
        with pytest.raises(UnknownIdError):
            uow.people.get(1)


def test_starting_a_person_stores_a_generated_program_and_today_shows_it(
    uow: FakeUnitOfWork, catalog, kit
) -> None:
    person_id = start_person(uow, "Bo", Profile(goal="rehab", days_per_week=2), catalog, DAY0,
                             units="lb", clinician_account_id=7)
    today = todays_session(uow, person_id, catalog, DAY0)
    assert today.person_name == "Bo" and today.units == "lb"
    assert today.due and not today.finished and today.week == 1
    assert today.items and all(i.done_today == 0 and i.last_time == [] for i in today.items)
    assert uow.accounts.clients_of(7) == [person_id]
    with uow, pytest.raises(InputError) as info:
        uow.people.add("Bo", Profile(goal="rehab"), clinician_account_id=7)
    assert info.value.field == "name"


def test_a_logged_set_stores_the_set_its_decision_and_the_state_line(
    uow: FakeUnitOfWork, ann: int, catalog
) -> None:
    decision = log(uow, ann, catalog, cuff(Side.LEFT, 12))
    [stored] = list_sets(uow, ann)
    assert stored.performed.target_reps == (8, 12) and stored.performed.target_load_kg == 1.0
    assert stored.performed.slot == SLOT and stored.planned_session_id is not None
    why = last_decision(uow, ann, CUFF, Side.LEFT)
    assert why is not None and why.action is decision.action
    assert why.performed_set_id == stored.id and why.explanation == decision.explanation
    with uow:
        state = uow.state.get(ann, SLOT, Side.LEFT)
        assert uow.state.get(ann, SLOT, Side.RIGHT) is None
    assert state is not None and state.session_date == DAY0
    assert state.session_target is not None and state.session_target.load_kg == 1.0


def test_a_gated_step_up_moves_the_stored_dose_for_that_side_only(
    uow: FakeUnitOfWork, ann: int, catalog
) -> None:
    for reps in (12, 12, 12):
        left = log(uow, ann, catalog, cuff(Side.LEFT, reps))
    for reps in (12, 10, 9):
        right = log(uow, ann, catalog, cuff(Side.RIGHT, reps))
    assert left.action is ActionKind.PROGRESS_LOAD and left.prescription.load_kg > 1.0
    assert right.action is ActionKind.REPEAT and right.prescription.load_kg == 1.0
    with uow:
        moved = uow.state.get(ann, SLOT, Side.LEFT)
        kept = uow.state.get(ann, SLOT, Side.RIGHT)
    assert moved is not None and moved.prescription.load_kg == left.prescription.load_kg
    assert kept is not None and kept.prescription.load_kg == 1.0
    today = todays_session(uow, ann, catalog, DAY0)
    left_item = next(i for i in today.items if i.slot == SLOT and i.side is Side.LEFT)
    assert left_item.done_today == 3 and left_item.target.load_kg == 1.0  # today's target
    assert left_item.next_time is not None
    assert left_item.next_time.load_kg == left.prescription.load_kg
    later = todays_session(uow, ann, catalog, LATER)
    targets = {i.side: i.target.load_kg for i in later.items if i.slot == SLOT}
    assert targets == {Side.LEFT: left.prescription.load_kg, Side.RIGHT: 1.0}
    assert [i.last_date for i in later.items if i.slot == SLOT] == [DAY0, DAY0]


def test_a_warning_sign_opens_a_pause_that_refuses_progression_until_cleared(
    uow: FakeUnitOfWork, ann: int, catalog
) -> None:
    flagged = log(uow, ann, catalog,
                  cuff(Side.LEFT, 12, flags=frozenset({RedFlag.NUMBNESS_TINGLING})))
    assert flagged.action is ActionKind.SEE_CLINICIAN
    pause = active_pause(uow, ann)
    assert pause is not None and pause.active and pause.started_on == DAY0
    with uow:
        assert uow.pauses.active(ann) is not None
        decision_id = uow.decisions.last(ann).id  # type: ignore[union-attr]
        assert uow.pauses.active(ann).decision_id == decision_id  # type: ignore[union-attr]
    for reps in (12, 12, 12):
        held = log(uow, ann, catalog, cuff(Side.RIGHT, reps))
    assert held.action is not ActionKind.PROGRESS_LOAD and held.prescription.load_kg == 1.0
    assert todays_session(uow, ann, catalog, DAY0).paused is not None
    cleared = clear_pause(uow, ann, by="Dr Lee", note="seen, cleared to train", confirmed=True)
    assert not cleared.active and active_pause(uow, ann) is None
    for reps in (12, 12, 12):
        after = log(uow, ann, catalog, cuff(Side.RIGHT, reps, day=LATER))
    assert after.action is ActionKind.PROGRESS_LOAD and after.prescription.load_kg > 1.0


def test_why_and_history_read_back_newest_first_and_follow_edits(
    uow: FakeUnitOfWork, ann: int, catalog
) -> None:
    for reps in (12, 11):
        log(uow, ann, catalog, cuff(Side.LEFT, reps))
    log(uow, ann, catalog, cuff(Side.LEFT, 10, day=LATER))
    history = list_sets(uow, ann)
    assert [(s.performed.date, s.performed.reps) for s in history] == [
        (LATER, 10), (DAY0, 11), (DAY0, 12)]
    assert [s.performed.set_index for s in history] == [1, 2, 1]
    reasons = recent_decisions(uow, ann)
    assert [d.performed_set_id for d in reasons] == [s.id for s in history]
    newest = history[0]
    edited = edit_set(uow, ann, newest.id, {"pain_next_morning": 4}, catalog, today=LATER)
    assert edited.performed.pain_next_morning == 4
    why = last_decision(uow, ann, CUFF, Side.LEFT)
    assert why is not None and f"set {newest.id} was edited" in why.explanation
    assert delete_set(uow, ann, newest.id, catalog).deleted
    assert [s.id for s in list_sets(uow, ann)] == [s.id for s in history[1:]]
    assert not restore_set(uow, ann, newest.id, catalog).deleted
    summary = progress_summary(uow, ann, catalog)
    assert summary.total_sets == 3
    [line] = [s for v in summary.variants for s in v.sides]
    assert (line.side, line.sessions, line.first_date, line.last_date) == (
        Side.LEFT, 2, DAY0, LATER)


def test_a_refused_set_leaves_nothing_behind(uow: FakeUnitOfWork, ann: int, catalog) -> None:
    log(uow, ann, catalog, cuff(Side.LEFT, 12))
    before = uow.tables.copy()
    with pytest.raises(InputError) as info:
        log(uow, ann, catalog, PerformedSet(
            variant_id="side-plank.full", side=Side.LEFT, date=DAY0, hold_s=20, rir=2,
            pain_during=1))
    assert info.value.field == "variant"
    with pytest.raises(UnknownIdError):
        edit_set(uow, ann, 999, {"reps": 9}, catalog, today=DAY0)
    assert uow.tables == before


def test_leaving_the_block_without_commit_discards_the_work(uow: FakeUnitOfWork, ann: int
                                                           ) -> None:
    with uow:
        uow.pauses.open(ann, DAY0, "a test reason")
        assert uow.pauses.active(ann) is not None
    with uow:
        assert uow.pauses.active(ann) is None


def test_units_of_work_on_the_same_tables_see_each_others_commits(kit) -> None:
    writer = FakeUnitOfWork()
    reader = FakeUnitOfWork(writer.tables)
    with writer:
        person_id = writer.people.add("Cy", kit.hand_program().profile)
        writer.commit()
    with reader:
        assert reader.people.get(person_id).name == "Cy"
