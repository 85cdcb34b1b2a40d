"""Repositories: every field crosses the row <-> core boundary unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, update
from tests.store import raw_window

from glutemed.catalog.models import BandLevel, LoadSite, Mode, Role
from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Prescription, Profile, Program, Session, Side, Week
from glutemed.progression.models import PerformedSet, RedFlag
from glutemed.progression.rules import ActionKind
from glutemed.store.decision_records import NewDecision
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.tables import DecisionRow
from glutemed.store.unit_of_work import SqlUnitOfWork

DAY = dt.date(2026, 3, 2)
PROFILE = Profile(goal="rehab", days_per_week=2, weeks=4, mass_kg=70, height_m=1.7)


def _rx(variant: str = "side-lying-abduction.cuff-ankle", load_kg: float = 1.0) -> Prescription:
    return Prescription(
        variant_id=variant,
        role=Role.ABDUCTION,
        mode=Mode.ISOTONIC,
        side=Side.BOTH,
        sets=3,
        reps=(8, 12),
        load_kg=load_kg,
        rest_s=60,
        rir=(1, 3),
        rationale="test",
    )


def _full_set() -> PerformedSet:
    return PerformedSet(
        variant_id="banded-side-step.band-ankles",
        side=Side.LEFT,
        date=DAY,
        set_index=2,
        reps=11,
        band=BandLevel.GREEN,
        band_at=LoadSite.ANKLES,
        rir=2,
        pain_during=3,
        pain_next_morning=1,
        checks={"no-trunk-lean": True, "toes-forward": False},
        felt_in="side of the hip",
        note="felt strong",
        target_reps=(8, 12),
        target_load_kg=None,
    )


def test_performed_set_round_trips_every_field(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        set_id = uow.sets.add(pid, _full_set())
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        stored = uow.sets.get(pid, set_id)
    assert stored.performed == _full_set()
    assert not stored.deleted


def test_hold_set_with_target_hold_and_load_round_trips(engine: Engine) -> None:
    hold = PerformedSet(
        variant_id="side-plank.knees",
        side=Side.RIGHT,
        date=DAY,
        hold_s=32.5,
        load_kg=2.5,
        target_hold_s=(20, 40),
        target_load_kg=2.5,
    )
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ben", PROFILE)
        set_id = uow.sets.add(pid, hold)
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert uow.sets.get(pid, set_id).performed == hold


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reps=st.integers(0, 500),
    load=st.one_of(st.none(), st.floats(0, 500, allow_nan=False)),
    pain=st.one_of(st.none(), st.integers(0, 10)),
    checks=st.dictionaries(st.text(min_size=1, max_size=12), st.booleans(), max_size=4),
    # Any text but NUL, which the store refuses on every database (PostgreSQL cannot hold
    # it; see test_text_a_database_cannot_store_is_422_naming_the_field_on_both_databases).
    note=st.one_of(st.none(), st.text(st.characters(exclude_characters="\x00"), max_size=200)),
)
def test_any_valid_set_round_trips(tmp_path_factory, reps, load, pain, checks, note) -> None:
    url = f"sqlite:///{tmp_path_factory.mktemp('h') / 'db.sqlite3'}"
    eng = make_engine(url)
    upgrade(eng)
    performed = PerformedSet(
        variant_id="x.y",
        side=Side.BOTH,
        date=DAY,
        reps=reps,
        load_kg=load,
        pain_during=pain,
        checks=checks,
        note=note,
    )
    with SqlUnitOfWork(eng) as uow:
        pid = uow.people.add("P", PROFILE)
        set_id = uow.sets.add(pid, performed)
        uow.commit()
    with SqlUnitOfWork(eng, readonly=True) as uow:
        assert uow.sets.get(pid, set_id).performed == performed
    eng.dispose()


def test_duplicate_person_name_is_rejected_naming_the_field(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.people.add("Ann", PROFILE)
        uow.commit()
    with SqlUnitOfWork(engine) as uow, pytest.raises(InputError) as info:
        uow.people.add("Ann", PROFILE)
    assert info.value.field == "name"


def test_person_lookup_defaults_to_the_first_and_suggests_names(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        first = uow.people.add("Ann", PROFILE, units="lb", timezone="Europe/Berlin")
        uow.people.add("Ben", PROFILE)
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        person = uow.people.by_name(None)
        assert (person.id, person.units, person.timezone) == (first, "lb", "Europe/Berlin")
        assert person.profile == PROFILE
        with pytest.raises(UnknownIdError, match="Ann"):
            uow.people.by_name("Anne")


def test_program_versions_increase_and_only_the_newest_is_active(engine: Engine) -> None:
    program = Program(
        profile=PROFILE,
        weeks=[Week(number=1, focus="f", sessions=[Session(day=1, name="A", items=[_rx()])])],
        rationale=["r"],
    )
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        uow.programs.add(pid, program, DAY, [(1, 1, "A", DAY, [_rx()])])
        second = uow.programs.add(pid, program, DAY, [(1, 1, "A", DAY, [_rx(load_kg=2)])])
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        active = uow.programs.active(pid)
        assert active is not None
        assert (active.id, active.version, active.program) == (second, 2, program)
        sessions = uow.programs.sessions(second)
        assert [s.items[0].load_kg for s in sessions] == [2]


def test_soft_delete_and_restore(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        set_id = uow.sets.add(pid, _full_set())
        uow.sets.mark_deleted(pid, set_id, True)
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        assert uow.sets.recent(pid) == []
        assert uow.sets.get(pid, set_id).deleted
        uow.sets.mark_deleted(pid, set_id, False)
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert [s.id for s in uow.sets.recent(pid)] == [set_id]


def test_a_person_cannot_reach_another_persons_set(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        ann = uow.people.add("Ann", PROFILE)
        ben = uow.people.add("Ben", PROFILE)
        set_id = uow.sets.add(ann, _full_set())
        uow.commit()
    with SqlUnitOfWork(engine) as uow, pytest.raises(UnknownIdError):
        uow.sets.get(ben, set_id)


def test_state_and_decisions_round_trip(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        uow.state.put(pid, "abduction:side-lying-abduction", Side.LEFT, _rx(load_kg=1.5),
                      session_date=DAY, session_target=_rx(load_kg=1.0), session_base_sets=4)
        uow.decisions.add(
            NewDecision(
                person_id=pid,
                performed_set_id=None,
                slot="abduction:side-lying-abduction",
                variant_id="side-lying-abduction.cuff-ankle",
                side=Side.LEFT,
                date=DAY,
                action=ActionKind.PROGRESS_LOAD,
                rule_ids=["double-progression"],
                facts={"double-progression": {"all_sets_at_top": True}},
                explanation="All sets at the top of the range.",
                prescription_before=_rx(load_kg=1.0),
                prescription_after=_rx(load_kg=1.5),
            )
        )
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        state = uow.state.get(pid, "abduction:side-lying-abduction", Side.LEFT)
        assert state is not None and state.prescription.load_kg == 1.5
        assert state.session_date == DAY and state.session_base_sets == 4
        assert state.session_target is not None and state.session_target.load_kg == 1.0
        assert uow.state.get(pid, "abduction:side-lying-abduction", Side.RIGHT) is None
        last = uow.decisions.last(pid, "abduction:side-lying-abduction")
        assert last is not None
        assert last.action is ActionKind.PROGRESS_LOAD
        assert last.facts == {"double-progression": {"all_sets_at_top": True}}
        assert last.prescription_after.load_kg == 1.5


def test_a_decision_stored_as_hold_reads_as_repeat(engine: Engine) -> None:
    """Rows written before 0.2 (or by a tool that kept the old name) say "hold"; the typed
    stored form reads them as ``repeat``, so every page compares one enum value."""
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        did = uow.decisions.add(NewDecision(
            person_id=pid, performed_set_id=None, slot="abduction:side-lying-abduction",
            variant_id="side-lying-abduction.cuff-ankle", side=Side.LEFT, date=DAY,
            action=ActionKind.REPEAT, rule_ids=[], facts={}, explanation="Same again.",
            prescription_before=_rx(load_kg=1.0), prescription_after=_rx(load_kg=1.0),
        ))
        uow.session.execute(update(DecisionRow).where(DecisionRow.id == did)
                            .values(action="hold"))
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        raw = uow.session.scalar(select(DecisionRow.action).where(DecisionRow.id == did))
        assert raw == "hold"
        last = uow.decisions.last(pid)
        assert last is not None and last.action is ActionKind.REPEAT


def test_accounts_and_clinician_clients(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        clinician = uow.accounts.add("dr-k", "argon2-hash", "clinician")
        pid = uow.people.add("Ann", PROFILE)
        uow.accounts.assign_client(clinician, pid)
        uow.accounts.assign_client(clinician, pid)  # idempotent
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert uow.accounts.clients_of(clinician) == [pid]
        with pytest.raises(InputError) as info:
            uow.accounts.add("x", "h", "admin")
        assert info.value.field == "role"


def test_decision_history_rebuilds_the_same_sets_as_validation(engine: Engine) -> None:
    """The raw history window reads plain columns, as the store's fast reads do; it
    must give exactly the model, field types included, that the ORM read of the same row
    gives."""
    flagged = _full_set().model_copy(
        update={"side": Side.BOTH, "red_flags": frozenset({RedFlag.NIGHT_PAIN})}
    )
    hold = PerformedSet(
        variant_id="banded-side-step.band-ankles",
        side=Side.LEFT,
        date=DAY,
        hold_s=30,
        load_kg=2.5,
        target_hold_s=(20, 40),
        target_load_kg=2.5,
    )
    written = [_full_set(), hold, flagged]
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Hal", PROFILE)
        ids = [uow.sets.add(pid, s) for s in written]
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        history = raw_window.decision_history(
            uow.session,
            pid,
            variant_id="banded-side-step.band-ankles",
            sides=[Side.LEFT, Side.BOTH],
            since=DAY,
            recent_since=DAY,
            until=DAY,
            limit=10,
        )
        validated = [uow.sets.get(pid, i).performed for i in ids]
    assert history == validated == written
    for fast, slow in zip(history, validated, strict=True):
        for name in PerformedSet.model_fields:
            assert type(getattr(fast, name)) is type(getattr(slow, name)), name
        assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
    assert history[2].red_flags == frozenset({RedFlag.NIGHT_PAIN})


def test_a_name_two_clinicians_share_is_found_by_id_never_guessed(engine: Engine) -> None:
    """Names are unique per clinician: the command line's ``--person NAME`` refuses a name
    several people share, naming the ids, and ``#ID`` picks one."""
    with SqlUnitOfWork(engine) as uow:
        lee = uow.accounts.add("dr-lee", "x", "clinician")
        kim = uow.accounts.add("dr-kim", "x", "clinician")
        first = uow.people.add("Ann", PROFILE, clinician_account_id=lee)
        second = uow.people.add("Ann", PROFILE, clinician_account_id=kim)
        with pytest.raises(InputError, match="you already have a client called 'Ann'"):
            uow.people.add("Ann", PROFILE, clinician_account_id=lee)
        solo = uow.people.add("Ann", PROFILE)  # nobody's client: the third name space
        with pytest.raises(InputError, match="a person called 'Ann' already exists"):
            uow.people.add("Ann", PROFILE)
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        with pytest.raises(InputError) as shared:
            uow.people.by_name("Ann")
        assert f"'#{first}'" in str(shared.value) and f"'#{solo}'" in str(shared.value)
        assert uow.people.by_name(f"#{second}").id == second
        with pytest.raises(UnknownIdError):
            uow.people.by_name("#999999")
