"""The store's contract: the same assertions on the in-memory fake and on SqlUnitOfWork.

The training path's repositories first, then the accounts, login sessions and login
failures the account and login services take (``services/account_ports.py``).

Every test here takes ``new_uow``: a factory of units of work on one empty store, which is
the fake (``tests/fakes``), SQLite, and PostgreSQL when GLUTEMED_TEST_POSTGRES_URL is set.
What the services rely on (orders, filters, the errors for bad input, all-or-nothing) is
asserted once and must hold on all of them, so the fake the service tests run on cannot
drift from the real store. A behaviour added to the fake belongs here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from tests.conftest import postgres_schema_url
from tests.fakes.unit_of_work import FakeUnitOfWork

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet, RedFlag
from glutemed.progression.rules import ActionKind
from glutemed.progression.side_days import SideRecord
from glutemed.services import accounts, logins
from glutemed.services.account_ports import AccountsUnitOfWork
from glutemed.services.set_logging import log_set
from glutemed.services.todays_session import todays_session
from glutemed.store.decision_records import NewDecision
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.records import Maxima, ProgressLine
from glutemed.store.unit_of_work import ConflictError, SqlUnitOfWork

NewUow = Callable[[], AccountsUnitOfWork]
DAY0 = dt.date(2026, 3, 2)
CUFF = "side-lying-abduction.cuff-ankle"
PLANK = "side-plank.short"
SLOT = "abduction:side-lying-abduction"
CUFF_CHECKS = (
    "no-trunk-side-bend", "pelvis-stayed-stacked", "hip-neutral-or-extended", "felt-in-side-of-hip"
)


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_uow(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[NewUow]:
    """Units of work on one empty store of each kind."""
    if request.param == "fake":
        fake = FakeUnitOfWork()
        yield lambda: FakeUnitOfWork(fake.tables)
        return
    if request.param == "sqlite":
        yield from _sql_store(f"sqlite:///{tmp_path_factory.mktemp('db')}/c.sqlite3")
        return
    for url in postgres_schema_url(request.getfixturevalue("postgres_url")):
        yield from _sql_store(url)


def _sql_store(url: str) -> Iterator[NewUow]:
    engine = make_engine(url)
    upgrade(engine)
    yield lambda: SqlUnitOfWork(engine)
    engine.dispose()


def cuff(side: Side, reps: int, day: dt.date = DAY0, **more: object) -> PerformedSet:
    fields: dict[str, object] = {
        "variant_id": CUFF, "side": side, "date": day, "reps": reps, "load_kg": 1.0,
        "rir": 2, "pain_during": 1, "checks": {c: True for c in CUFF_CHECKS}, **more}
    return PerformedSet.model_validate(fields)


def plank(side: Side, hold_s: int, day: dt.date = DAY0) -> PerformedSet:
    return PerformedSet(variant_id=PLANK, side=side, date=day, hold_s=hold_s, rir=2)


def add_person(new_uow: NewUow, name: str = "Ann", **profile: object) -> int:
    with new_uow() as uow:
        person_id = uow.people.add(name, Profile.model_validate({"goal": "rehab", **profile}),
                                   timezone="Europe/Berlin")
        uow.commit()
    return person_id


def add_program(new_uow: NewUow, person_id: int, kit, start: dt.date = DAY0) -> int:
    from glutemed.services.people import schedule

    program = kit.hand_program()
    with new_uow() as uow:
        program_id = uow.programs.add(person_id, program, start, schedule(program, start))
        uow.commit()
    return program_id


# -- people ----------------------------------------------------------------------------------


def test_a_person_reads_back_as_stored_and_names_are_unique(new_uow: NewUow) -> None:
    person_id = add_person(new_uow, "  Ann ", mass_kg=70.0, height_m=1.7)
    with new_uow() as uow:
        ann = uow.people.get(person_id)
        assert (ann.name, ann.units, ann.timezone, ann.profile.mass_kg) == (
            "Ann", "kg", "Europe/Berlin", 70.0)
        facts = uow.people.log_facts(person_id)
        assert (facts.name, facts.mass_kg, facts.first_program_start) == ("Ann", 70.0, None)
        assert facts.created_at.tzinfo is not None
        assert uow.people.brief(person_id).paused is None
        for bad, field in (({"name": "Ann"}, "name"), ({"name": "Bo", "units": "st"}, "units"),
                           ({"name": " "}, "name"), ({"name": "x\x00"}, "name")):
            with pytest.raises(InputError) as info:
                uow.people.add(str(bad["name"]), Profile(goal="rehab"),
                               units=str(bad.get("units", "kg")))
            assert info.value.field == field
    with new_uow() as uow:
        for check in (uow.people.get, uow.people.require, uow.people.check,
                      uow.people.log_facts, uow.people.brief):
            with pytest.raises(UnknownIdError):
                check(person_id + 1)


def test_the_first_program_start_and_an_open_pause_reach_the_logging_reads(
    new_uow: NewUow, kit
) -> None:
    person_id = add_person(new_uow)
    add_program(new_uow, person_id, kit, DAY0)
    add_program(new_uow, person_id, kit, DAY0 + dt.timedelta(days=14))
    with new_uow() as uow:
        uow.pauses.open(person_id, DAY0, "numbness")
        uow.commit()
    with new_uow() as uow:
        assert uow.people.log_facts(person_id).first_program_start == DAY0
        brief = uow.people.brief(person_id)
        assert brief.paused == "numbness" and brief.name == "Ann"


# -- programs --------------------------------------------------------------------------------


def test_program_versions_sessions_and_their_completion(new_uow: NewUow, kit) -> None:
    person_id = add_person(new_uow)
    first = add_program(new_uow, person_id, kit)
    second = add_program(new_uow, person_id, kit)
    with new_uow() as uow:
        active = uow.programs.active(person_id)
        assert active is not None and (active.id, active.version) == (second, 2)
        assert active.program == kit.hand_program()
        sessions = uow.programs.sessions(second)
        assert [s.sequence for s in sessions] == list(range(1, 9))
        assert [(s.week, s.day, s.planned_date) for s in sessions[:3]] == [
            (1, 1, DAY0), (1, 2, DAY0 + dt.timedelta(days=3)), (2, 1, DAY0 + dt.timedelta(7))]
        assert sessions[0].items == kit.hand_program().weeks[0].sessions[0].items
        open_ = uow.programs.first_open_session(second)
        assert open_ is not None and open_.id == sessions[0].id
        uow.programs.mark_completed(sessions[0].id, DAY0)
        uow.programs.mark_completed(sessions[1].id, DAY0)
        uow.commit()
    with new_uow() as uow:
        assert uow.programs.completed_marks(second) == {(1, 1): DAY0, (1, 2): DAY0}
        done = uow.programs.session_on(second, DAY0)
        assert done is not None and done.id == sessions[1].id  # the last one trained that day
        assert uow.programs.session_on(second, DAY0 + dt.timedelta(1)) is None
        now = uow.programs.active_with_sessions(person_id, DAY0)
        assert now is not None and now.id == second
        assert now.done_on_day is not None and now.done_on_day.id == sessions[1].id
        assert now.first_open is not None and now.first_open.id == sessions[2].id
        assert now.first_open.item(SLOT) is not None and now.first_open.item("nope") is None
        later = uow.programs.active_with_sessions(person_id, DAY0 + dt.timedelta(1))
        assert later is not None and later.done_on_day is None
        after = uow.programs.sessions_after(second, 2, 3)
        assert [s.sequence for s in after] == [3, 4, 5]
        ref = uow.programs.session_ref(sessions[4].id)
        assert ref is not None and (ref.sequence, ref.week) == (5, 3)
        found = uow.programs.find_item(second, PLANK)
        assert found is not None and found.variant_id == PLANK
        assert uow.programs.find_item(second, "side-plank.full") is None
        assert uow.programs.first_open_session(first) is not None  # the old version kept
        assert uow.programs.active(person_id + 1) is None
        assert uow.programs.active_with_sessions(person_id + 1, DAY0) is None


def test_a_new_version_keeps_the_sessions_marked_completed(new_uow: NewUow, kit) -> None:
    from glutemed.services.people import schedule

    person_id = add_person(new_uow)
    program = kit.hand_program()
    with new_uow() as uow:
        new = uow.programs.add(person_id, program, DAY0, schedule(program, DAY0),
                               completed={(1, 1): DAY0})
        uow.commit()
    with new_uow() as uow:
        assert uow.programs.completed_marks(new) == {(1, 1): DAY0}
        first = uow.programs.first_open_session(new)
        assert first is not None and (first.week, first.day) == (1, 2)


# -- sets ------------------------------------------------------------------------------------


def test_sets_read_back_newest_first_with_their_filters(new_uow: NewUow) -> None:
    person_id = add_person(new_uow)
    other = add_person(new_uow, "Bo")
    day1 = DAY0 + dt.timedelta(days=1)
    with new_uow() as uow:
        a = uow.sets.store(person_id, cuff(Side.LEFT, 12, day1))
        b = uow.sets.store(person_id, cuff(Side.RIGHT, 11, DAY0), client_id="dev-1")
        c = uow.sets.store(person_id, plank(Side.LEFT, 25, day1))
        uow.sets.store(other, cuff(Side.LEFT, 9, day1))
        uow.commit()
    assert a.performed == cuff(Side.LEFT, 12, day1) and b.client_id == "dev-1"
    with new_uow() as uow:
        assert uow.sets.get(person_id, b.id).performed == b.performed
        assert [s.id for s in uow.sets.recent(person_id)] == [c.id, a.id, b.id]
        assert [s.id for s in uow.sets.recent(person_id, limit=2)] == [c.id, a.id]
        assert [s.id for s in uow.sets.recent(person_id, variant_id=CUFF)] == [a.id, b.id]
        assert [s.id for s in uow.sets.recent(person_id, since=day1)] == [c.id, a.id]
        uow.sets.mark_deleted(person_id, a.id, True)
        uow.commit()
    with new_uow() as uow:
        assert uow.sets.get(person_id, a.id).deleted
        assert [s.id for s in uow.sets.recent(person_id, limit=5)] == [c.id, b.id]
        assert [s.id for s in uow.sets.recent(person_id, include_deleted=True)] == [
            c.id, a.id, b.id]
        with pytest.raises(InputError) as info:
            uow.sets.replace(person_id, a.id, cuff(Side.LEFT, 10, day1))
        assert info.value.field == "set_id"
        for person, set_id in ((other, a.id), (person_id, 0), (person_id, 2**40)):
            with pytest.raises(UnknownIdError):
                uow.sets.get(person, set_id)
        uow.sets.mark_deleted(person_id, a.id, False)
        uow.sets.replace(person_id, a.id, cuff(Side.LEFT, 8, day1))
        uow.commit()
    with new_uow() as uow:
        assert uow.sets.get(person_id, a.id).performed.reps == 8
        assert not uow.sets.get(person_id, a.id).deleted


def test_a_resent_client_id_and_unstorable_text_are_refused(new_uow: NewUow) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.sets.store(person_id, cuff(Side.LEFT, 12), client_id="phone-1")
        uow.commit()
    with pytest.raises(ConflictError), new_uow() as uow:
        uow.sets.store(person_id, cuff(Side.LEFT, 11), client_id="phone-1")
    with new_uow() as uow:
        for note in ("x" * 2001, "nul \x00 here"):
            with pytest.raises(InputError) as info:
                uow.sets.store(person_id, cuff(Side.LEFT, 11).model_copy(update={"note": note}))
            assert info.value.field == "note"
        assert len(uow.sets.recent(person_id)) == 1


def _own(record: SideRecord) -> list[tuple[str, Side, dt.date, int | None]]:
    """A record's own sets, in one order (the store hands them over in none)."""
    return sorted((s.variant_id, s.side, s.date, s.reps or s.hold_s) for s in record.own)


def _days(record: SideRecord) -> list[tuple[dt.date, list[str], int | None, bool]]:
    return sorted((d.date, sorted(d.variants), d.worst_pain, d.may_warn) for d in record.days)


def test_the_decisions_read_the_last_session_and_the_days_count(new_uow: NewUow) -> None:
    person_id = add_person(new_uow)
    days = [DAY0 + dt.timedelta(days=n) for n in (0, 10, 20, 30)]
    with new_uow() as uow:
        for day in days:
            uow.sets.store(person_id, cuff(Side.LEFT, 12, day))
            uow.sets.store(person_id, cuff(Side.RIGHT, 11, day))
            uow.sets.store(person_id, plank(Side.LEFT, 20, day))
            uow.sets.store(person_id, plank(Side.BOTH, 21, day))
        uow.sets.store(person_id, cuff(Side.LEFT, 10, days[2], pain_during=3))
        uow.sets.store(person_id, cuff(Side.RIGHT, 9, days[2], note="a sharp twinge"))
        uow.sets.store(person_id, cuff(Side.LEFT, 8, days[2], note="pulled"))
        uow.commit()
    with new_uow() as uow:
        read = uow.sets.decision_record(
            person_id, variant_id=CUFF, side=Side.LEFT, since=DAY0, recent_since=days[2],
            until=days[2], sessions=2, limit=50)
        assert _own(read) == [(CUFF, Side.LEFT, days[1], 12), (CUFF, Side.LEFT, days[2], 8),
                              (CUFF, Side.LEFT, days[2], 10), (CUFF, Side.LEFT, days[2], 12)]
        assert _days(read) == [(days[2], [CUFF, PLANK], 3, True),  # the left leg's row
                               (days[2], [PLANK], None, False)]  # both legs' row
        assert [s.note for s in read.warn_sets] == ["pulled"]  # the right leg's is not read
        newest = uow.sets.decision_record(
            person_id, variant_id=CUFF, side=Side.LEFT, since=DAY0, recent_since=DAY0,
            until=days[3], sessions=1, limit=1)
        assert _own(newest) == [(CUFF, Side.LEFT, days[3], 12)]
        assert sorted(d.date for d in newest.days if PLANK in d.variants) == [
            days[0], days[0], days[1], days[1], days[2], days[2], days[3], days[3]]
        assert newest.warn_sets == ()
        both = uow.sets.decision_record(
            person_id, variant_id=PLANK, side=Side.BOTH, since=DAY0, recent_since=days[3],
            until=days[3], sessions=3, limit=50)
        assert _own(both) == [(PLANK, Side.BOTH, d, 21) for d in days[1:]]
        assert _days(both) == [(days[3], [PLANK], None, False)]
        nothing_near = uow.sets.decision_record(
            person_id, variant_id=CUFF, side=Side.RIGHT, since=DAY0,
            recent_since=days[3] + dt.timedelta(1), until=days[3], sessions=4, limit=50)
        assert nothing_near.days == () and len(nothing_near.own) == 4 + 1
        assert [s.note for s in nothing_near.warn_sets] == ["a sharp twinge"]
        last = uow.sets.last_session(person_id, CUFF, days[3])
        assert [(s.performed.side, s.performed.reps) for s in last] == [
            (Side.LEFT, 12), (Side.LEFT, 10), (Side.LEFT, 8), (Side.RIGHT, 11), (Side.RIGHT, 9)]
        assert uow.sets.last_session(person_id, CUFF, DAY0) == []
        assert uow.sets.count_on(person_id, [CUFF], Side.LEFT, days[2]) == 3
        assert uow.sets.count_on(person_id, [CUFF, PLANK], Side.LEFT, days[2]) == 4
        assert uow.sets.count_on(person_id, [CUFF], Side.BOTH, days[2]) == 0


def test_progress_lines_follow_adds_back_dated_sets_and_deletes(new_uow: NewUow) -> None:
    person_id = add_person(new_uow)
    day = [DAY0 + dt.timedelta(days=n) for n in range(6)]
    with new_uow() as uow:
        for n in (1, 2, 3, 4):
            uow.sets.store(person_id, cuff(Side.LEFT, 8 + n, day[n], load_kg=1.0 + n / 2,
                                           pain_during=n))
        uow.sets.store(person_id, cuff(Side.LEFT, 7, day[4]))
        back = uow.sets.store(person_id, cuff(Side.LEFT, 6, day[0], pain_during=6))
        uow.sets.store(person_id, plank(Side.RIGHT, 30, day[5]))
        uow.commit()
    expected = [
        ProgressLine(variant_id=CUFF, side=Side.LEFT, sessions=5, sets=6, first_date=day[0],
                     first=Maxima(1.0, 6, None), last_date=day[4],
                     recent=[Maxima(2.0, 10, None), Maxima(2.5, 11, None),
                             Maxima(3.0, 12, None)],
                     best=Maxima(3.0, 12, None), max_pain=6),
        ProgressLine(variant_id=PLANK, side=Side.RIGHT, sessions=1, sets=1, first_date=day[5],
                     first=Maxima(None, None, 30), last_date=day[5],
                     recent=[Maxima(None, None, 30)], best=Maxima(None, None, 30),
                     max_pain=None),
    ]
    with new_uow() as uow:
        assert uow.sets.progress_lines(person_id) == expected
        uow.sets.mark_deleted(person_id, back.id, True)
        uow.commit()
    with new_uow() as uow:
        [line, _] = uow.sets.progress_lines(person_id)
        assert (line.sessions, line.sets, line.first_date, line.max_pain) == (4, 5, day[1], 4)


# -- progression state, pauses, decisions ----------------------------------------------------


def test_state_lines_by_slot_and_side(new_uow: NewUow, kit) -> None:
    person_id = add_person(new_uow)
    rx = kit.cuff_rx()
    with new_uow() as uow:
        uow.state.put(person_id, SLOT, Side.LEFT, rx, {"stalls": 1}, session_date=DAY0,
                      session_target=rx, session_base_sets=3)
        uow.state.put(person_id, SLOT, Side.BOTH, rx)
        uow.state.put(person_id, "other", Side.RIGHT, rx)
        uow.commit()
    with new_uow() as uow:
        left = uow.state.get(person_id, SLOT, Side.LEFT)
        assert left is not None
        assert (left.prescription, left.counters, left.session_date, left.session_target,
                left.session_base_sets) == (rx, {"stalls": 1}, DAY0, rx, 3)
        assert [(s.slot, s.side) for s in uow.state.all(person_id)] == [
            (SLOT, Side.LEFT), (SLOT, Side.BOTH), ("other", Side.RIGHT)]
        assert [s.side for s in uow.state.all(person_id, Side.BOTH)] == [Side.BOTH]
        assert [(s.slot, s.side) for s in uow.state.of_side(person_id, Side.LEFT)] == [
            (SLOT, Side.LEFT), (SLOT, Side.BOTH)]
        assert [s.side for s in uow.state.of_side(person_id, Side.BOTH)] == [Side.BOTH]
        assert uow.state.get(person_id, SLOT, Side.RIGHT) is None
        heavier = rx.model_copy(update={"load_kg": 1.5})
        uow.state.put(person_id, SLOT, Side.LEFT, heavier, state_id=left.id)  # counters kept
        uow.state.put(person_id, "other", Side.RIGHT, heavier, {"stalls": 0})
        uow.commit()
    with new_uow() as uow:
        left = uow.state.get(person_id, SLOT, Side.LEFT)
        assert left is not None and left.prescription.load_kg == 1.5
        assert left.counters == {"stalls": 1} and left.session_date is None
        other = uow.state.get(person_id, "other", Side.RIGHT)
        assert other is not None and other.counters == {"stalls": 0}
        assert len(uow.state.all(person_id)) == 3


def test_pauses_open_extend_and_clear(new_uow: NewUow) -> None:
    person_id = add_person(new_uow)
    when = dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC)
    with new_uow() as uow:
        assert uow.pauses.active(person_id) is None
        first = uow.pauses.open(person_id, DAY0, "numbness")
        uow.pauses.clear(first, by="Dr Lee", note="cleared", cleared_at=when)
        second = uow.pauses.open(person_id, DAY0, "night pain")
        uow.pauses.extend(second, "night pain; fever")
        uow.commit()
    with new_uow() as uow:
        active = uow.pauses.active(person_id)
        assert active is not None and (active.id, active.reason) == (second, "night pain; fever")
        [old, new] = uow.pauses.all(person_id)
        assert (old.id, old.cleared_by, old.clearance_note, old.cleared_at) == (
            first, "Dr Lee", "cleared", when)
        assert new.cleared_at is None and new.id == second


def test_decisions_by_set_variant_slot_and_side(new_uow: NewUow, kit) -> None:
    person_id = add_person(new_uow)
    rx = kit.cuff_rx()

    def decision(set_id: int, variant: str, side: Side, day: dt.date) -> NewDecision:
        return NewDecision(
            person_id=person_id, performed_set_id=set_id, slot=SLOT, variant_id=variant,
            side=side, date=day, action=ActionKind.REPEAT, rule_ids=["r1"],
            facts={"fired": [], "facts": {"pain": 1}}, explanation="kept",
            prescription_before=rx, prescription_after=rx)

    later = DAY0 + dt.timedelta(days=3)
    with new_uow() as uow:
        s1 = uow.sets.store(person_id, cuff(Side.LEFT, 12)).id
        s2 = uow.sets.store(person_id, cuff(Side.RIGHT, 12)).id
        d1 = uow.decisions.add(decision(s1, CUFF, Side.LEFT, DAY0))
        d2 = uow.decisions.add(decision(s2, CUFF, Side.RIGHT, DAY0))
        d3 = uow.decisions.add(decision(s1, "side-lying-abduction.bench", Side.LEFT, later))
        uow.commit()
    with new_uow() as uow:
        newest = uow.decisions.last(person_id)
        assert newest is not None and newest.id == d3
        assert newest.facts == {"fired": [], "facts": {"pain": 1}}
        assert newest.prescription_after == rx and newest.rule_ids == ["r1"]
        by_slot = uow.decisions.last(person_id, SLOT, Side.RIGHT)
        assert by_slot is not None and by_slot.id == d2
        by_variant = uow.decisions.last(person_id, CUFF, Side.LEFT)
        assert by_variant is not None and by_variant.id == d1
        moved = uow.decisions.last(person_id, "side-lying-abduction.bench")
        assert moved is not None and moved.id == d3
        by_slot = uow.decisions.last(person_id, SLOT, Side.LEFT)  # the slot names all three
        assert by_slot is not None and by_slot.id == d3
        assert uow.decisions.last(person_id, "side-plank.short") is None
        for_set = uow.decisions.for_set(s1)
        assert for_set is not None and for_set.id == d3
        assert [d.id for d in uow.decisions.recent(person_id)] == [d3, d2, d1]
        assert [d.id for d in uow.decisions.recent(person_id, 2)] == [d3, d2]
        assert sorted(uow.decisions.slot_variants(person_id)) == [
            (SLOT, "side-lying-abduction.bench", later), (SLOT, CUFF, DAY0)]


def test_leaving_without_commit_discards_everything(new_uow: NewUow, kit) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.sets.store(person_id, cuff(Side.LEFT, 12))
        uow.pauses.open(person_id, DAY0, "numbness")
        uow.state.put(person_id, SLOT, Side.LEFT, kit.cuff_rx())
    with pytest.raises(RuntimeError), new_uow() as uow:
        uow.people.add("Bo", Profile(goal="rehab"))
        raise RuntimeError("a use case failing half-way")
    with new_uow() as uow:
        assert uow.sets.recent(person_id) == []
        assert uow.pauses.active(person_id) is None
        assert uow.state.all(person_id) == []
        with pytest.raises(UnknownIdError):
            uow.people.get(person_id + 1)


# -- a use case, end to end ------------------------------------------------------------------


def test_logging_a_session_gives_the_same_decisions_state_and_pause(
    new_uow: NewUow, kit, catalog
) -> None:
    """The training path through the real services: a gated step up moves the stored dose,
    a warning sign opens a pause that then holds every side."""
    from glutemed.services.people import save_program

    person_id = add_person(new_uow)
    save_program(new_uow(), person_id, kit.hand_program(), DAY0)
    actions = [log_set(new_uow(), person_id, cuff(Side.LEFT, 12), catalog, DAY0).action
               for _ in range(3)]
    assert actions[-1] is ActionKind.PROGRESS_LOAD
    flagged = log_set(new_uow(), person_id, cuff(
        Side.RIGHT, 12, red_flags=frozenset({RedFlag.FEVER})), catalog, DAY0)
    assert flagged.action is ActionKind.SEE_CLINICIAN
    held = [log_set(new_uow(), person_id, cuff(Side.RIGHT, 12), catalog, DAY0)
            for _ in range(2)][-1]
    assert held.action is not ActionKind.PROGRESS_LOAD and held.prescription.load_kg == 1.0
    with new_uow() as uow:
        left = uow.state.get(person_id, SLOT, Side.LEFT)
        assert left is not None and left.prescription.load_kg is not None
        assert left.prescription.load_kg > 1.0 and left.session_date == DAY0
        pause = uow.pauses.active(person_id)
        assert pause is not None and pause.started_on == DAY0
        assert [d.action for d in uow.decisions.recent(person_id)][-4:] == [
            ActionKind.SEE_CLINICIAN, *actions[::-1]]
        assert len(uow.sets.recent(person_id)) == 6
    today = todays_session(new_uow(), person_id, catalog, DAY0)
    assert today.paused is not None
    assert {(i.side, i.done_today) for i in today.items if i.slot == SLOT} == {
        (Side.LEFT, 3), (Side.RIGHT, 3)}


# -- accounts, login sessions and login failures ---------------------------------------------

PASSWORD = "correct horse battery"


def test_accounts_are_found_folded_and_a_taken_username_is_refused(new_uow: NewUow) -> None:
    with new_uow() as uow:
        lee = uow.accounts.add("Dr-Lee", "hash-lee", "clinician")
        ann = uow.accounts.add("ann", "hash-ann", "client")
        uow.commit()
    with new_uow() as uow:
        found = uow.accounts.by_username("DR-LEE")
        assert found is not None
        assert (found.id, found.username, found.role, found.password_hash, found.disabled_at
                ) == (lee, "Dr-Lee", "clinician", "hash-lee", None)
        assert isinstance(found.created_at, dt.datetime)
        assert [(a.id, a.username) for a in uow.accounts.all()] == [(lee, "Dr-Lee"), (ann, "ann")]
        client = uow.accounts.get(ann)
        assert client is not None and client.role == "client"
        assert uow.accounts.get(ann + 1000) is None
        assert uow.accounts.by_username("nobody") is None
        with pytest.raises(InputError, match="'dr-lee' is taken \\(as 'Dr-Lee'\\)"):
            uow.accounts.add("dr-lee", "h", "client")
        with pytest.raises(InputError, match="use clinician or client"):
            uow.accounts.add("bo", "h", "admin")
        with pytest.raises(InputError, match="1 to 80 characters"):
            uow.accounts.add("x" * 81, "h", "client")


def test_a_password_change_disabling_and_deleting_an_account(new_uow: NewUow) -> None:
    with new_uow() as uow:
        lee = uow.accounts.add("lee", "h1", "clinician")
        ann = uow.accounts.add("ann", "h2", "client")
        person = uow.people.add("Ann", Profile(goal="rehab"), account_id=ann,
                                clinician_account_id=lee)
        uow.accounts.assign_client(lee, person)
        uow.login_sessions.add(ann, "token-1", 100.0, 200.0, "1.2.3.4", "Firefox")
        uow.commit()
    with new_uow() as uow:
        uow.accounts.set_password_hash(ann, "h3")
        uow.accounts.set_disabled(ann, dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
        uow.commit()
    with new_uow() as uow:
        got = uow.accounts.get(ann)
        assert got is not None and got.password_hash == "h3" and got.disabled_at is not None
        assert uow.login_sessions.live("token-1", 150.0) is None  # a disabled account's
        uow.accounts.set_disabled(ann, None)
        live = uow.login_sessions.live("token-1", 150.0)
        assert live is not None and (live[0].ip, live[1].id) == ("1.2.3.4", ann)
        assert uow.accounts.own_people(ann) == [person]
        assert uow.accounts.names_of_clients(lee) == {person: "Ann"}
        uow.accounts.delete(ann)
        uow.commit()
    with new_uow() as uow:
        assert uow.accounts.get(ann) is None
        assert uow.people.get(person).account_id is None  # the person stays, without a login
        assert uow.login_sessions.count_live(0.0) == {}
        assert uow.accounts.clients_of(lee) == [person]
    with pytest.raises(ConflictError), new_uow() as uow:  # lee still has a client
        uow.accounts.delete(lee)


def test_a_clinicians_clients_move_to_another(new_uow: NewUow) -> None:
    with new_uow() as uow:
        lee = uow.accounts.add("lee", "h", "clinician")
        kim = uow.accounts.add("kim", "h", "clinician")
        ann = uow.people.add("Ann", Profile(goal="rehab"), clinician_account_id=lee)
        bo = uow.people.add("Bo", Profile(goal="rehab"), clinician_account_id=lee)
        cy = uow.people.add("Cy", Profile(goal="rehab"))  # linked, not added by lee
        for person in (ann, bo, cy):
            uow.accounts.assign_client(lee, person)
        uow.commit()
    with new_uow() as uow:
        assert uow.accounts.transfer_clients(lee, kim) == 2
        uow.commit()
    with new_uow() as uow:
        assert uow.accounts.names_of_clients(kim) == {ann: "Ann", bo: "Bo"}
        assert uow.accounts.names_of_clients(lee) == {}
        assert (uow.accounts.clients_of(kim), uow.accounts.clients_of(lee)) == ([ann, bo, cy], [])
        uow.accounts.delete(lee)
        uow.commit()
    with new_uow() as uow:
        assert [a.username for a in uow.accounts.all()] == ["kim"]


def test_login_sessions_live_order_touch_end_and_prune(new_uow: NewUow) -> None:
    with new_uow() as uow:
        ann = uow.accounts.add("ann", "h", "client")
        bo = uow.accounts.add("bo", "h", "client")
        first = uow.login_sessions.add(ann, "t1", 100.0, 1000.0, "1" * 80, "ua" * 150)
        second = uow.login_sessions.add(ann, "t2", 200.0, 1000.0, "2.2.2.2", "Safari")
        old = uow.login_sessions.add(bo, "t3", 100.0, 300.0, "3.3.3.3", "Edge")
        uow.commit()
    with new_uow() as uow:
        assert [s.id for s in uow.login_sessions.of_account(ann, 250.0)] == [second, first]
        stored = uow.login_sessions.of_account(ann, 250.0)[1]
        assert (len(stored.ip), len(stored.user_agent), stored.created_at_s) == (64, 200, 100.0)
        uow.login_sessions.touch(first, 400.0)
        assert [s.id for s in uow.login_sessions.of_account(ann, 250.0)] == [first, second]
        assert uow.login_sessions.count_live(250.0) == {ann: 2, bo: 1}
        assert [s.id for s in uow.login_sessions.of_account(bo, 250.0)] == [old]
        assert uow.login_sessions.live("t3", 300.0) is None  # expired
        assert uow.login_sessions.live("nope", 0.0) is None
        assert uow.login_sessions.end(bo, first) == 0  # not bo's
        assert uow.login_sessions.prune(300.0) == 1
        assert uow.login_sessions.count_live(0.0) == {ann: 2}
        assert uow.login_sessions.end_all(ann, keep=second) == 1
        uow.login_sessions.end_by_hash("t2")
        assert uow.login_sessions.count_live(0.0) == {}
        uow.commit()
    with new_uow() as uow:
        assert uow.login_sessions.of_account(ann, 0.0) == []


def test_login_failures_newest_first_cleared_and_pruned(new_uow: NewUow) -> None:
    with new_uow() as uow:
        ids = [uow.login_failures.add("eve", "1.2.3.4", at) for at in (100.0, 300.0, 200.0)]
        uow.login_failures.add("bob", "1.2.3.4", 250.0)
        uow.login_failures.add("eve", "5.6.7.8", 50.0)
        uow.commit()
    with new_uow() as uow:
        assert uow.login_failures.newest("eve", "1.2.3.4", 0.0, 10) == [300.0, 200.0, 100.0]
        assert uow.login_failures.newest("eve", "1.2.3.4", 150.0, 1) == [300.0]
        assert uow.login_failures.newest_from("1.2.3.4", 0.0, 3) == [300.0, 250.0, 200.0]
        uow.login_failures.remove(ids[1])
        assert uow.login_failures.newest("eve", "1.2.3.4", 0.0, 10) == [200.0, 100.0]
        assert uow.login_failures.prune(100.0) == 2  # eve's at 100 and at 50
        uow.login_failures.clear("eve", "1.2.3.4")
        assert uow.login_failures.newest_from("1.2.3.4", 0.0, 10) == [250.0]
        uow.commit()


def test_the_account_services_log_in_start_clients_and_hand_them_over(
    new_uow: NewUow, catalog
) -> None:
    with new_uow() as uow:
        lee = accounts.create_account(uow, " dr-lee ", PASSWORD, "clinician")
        kim = accounts.create_account(uow, "dr-kim", PASSWORD, "clinician")
        uow.commit()
    ann = accounts.start_client(new_uow(), lee.id, "ann", PASSWORD, "Ann",
                                Profile(goal="rehab"), catalog, DAY0)
    with new_uow() as uow:
        assert accounts.authenticate(uow, "DR-LEE", PASSWORD) == lee
        assert accounts.authenticate(uow, "dr-lee", "wrong password!") is None
        assert accounts.authenticate(uow, "nobody", PASSWORD) is None
        assert accounts.people_visible_to(uow, lee.id) == [ann.person_id]
        assert accounts.people_visible_to(uow, ann.account.id) == [ann.person_id]
        logins.start(uow, ann.account.id, "token", now_s=10.0, max_age_s=100.0, ip="1.1.1.1",
                     user_agent="Firefox")
        uow.commit()
    assert accounts.client_login(new_uow(), lee, ann.person_id) == ann.account
    assert accounts.client_login(new_uow(), kim, ann.person_id) is None
    assert accounts.set_enabled(new_uow(), ann.account.id, False, dt.datetime.now(dt.UTC)) == 1
    with new_uow() as uow:
        assert accounts.authenticate(uow, "ann", PASSWORD) == accounts.Account(
            ann.account.id, "ann", "client", disabled=True)
    summary = {s.username: (s.role, s.people, s.sessions)
               for s in accounts.list_accounts(new_uow(), 20.0)}
    assert summary == {"dr-lee": ("clinician", ["Ann"], 0), "dr-kim": ("clinician", [], 0),
                       "ann": ("client", ["Ann"], 0)}
    with pytest.raises(InputError, match="--transfer-to"):
        accounts.plan_deletion(new_uow(), lee, None)
    plan = accounts.plan_deletion(new_uow(), lee, kim)
    assert plan.clients == ["Ann"]
    accounts.delete_account(new_uow(), plan)
    with new_uow() as uow:
        assert accounts.find_account(uow, "dr-kim") == kim
        assert accounts.people_visible_to(uow, kim.id) == [ann.person_id]
        assert accounts.get_account(uow, lee.id) is None
