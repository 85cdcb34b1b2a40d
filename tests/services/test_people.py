"""start_person: a person, their program and its calendar in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from glutemed.errors import InputError
from glutemed.programming.models import Profile
from glutemed.services.people import local_today, schedule, start_person
from glutemed.store.tables import PersonRow, PlannedSessionRow, ProgramRow
from glutemed.store.unit_of_work import SqlUnitOfWork

PROFILE = Profile(goal="rehab", days_per_week=2, weeks=4, equipment=frozenset({"cuff-weight"}))


def _count(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_start_person_stores_person_program_and_every_session(engine: Engine, catalog) -> None:
    pid = start_person(
        SqlUnitOfWork(engine),
        "Ann",
        PROFILE,
        catalog,
        dt.date(2026, 3, 2),
        units="lb",
        timezone="Europe/Berlin",
    )
    with SqlUnitOfWork(engine, readonly=True) as uow:
        person = uow.people.get(pid)
        program = uow.programs.active(pid)
        assert program is not None
        sessions = uow.programs.sessions(program.id)
    assert (person.name, person.units, person.timezone) == ("Ann", "lb", "Europe/Berlin")
    assert program.version == 1 and program.program.profile == PROFILE
    assert len(sessions) == sum(len(w.sessions) for w in program.program.weeks)
    assert sessions[0].planned_date == dt.date(2026, 3, 2)


def test_two_sessions_a_week_fall_three_days_apart(kit) -> None:
    dates = [d for _, _, _, d, _ in schedule(kit.hand_program(weeks=2), dt.date(2026, 3, 2))]
    assert dates == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 5),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 12),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"units": "stone"}, "units"), ({"timezone": "Mars/Olympus"}, "timezone")],
)
def test_bad_input_names_the_field_and_writes_nothing(
    engine: Engine, catalog, kwargs, field
) -> None:
    with pytest.raises(InputError) as info:
        start_person(SqlUnitOfWork(engine), "Ann", PROFILE, catalog, dt.date(2026, 3, 2), **kwargs)
    assert info.value.field == field
    assert _count(engine, PersonRow) == _count(engine, ProgramRow) == 0


def test_duplicate_name_leaves_no_orphan_program(engine: Engine, catalog) -> None:
    day = dt.date(2026, 3, 2)
    start_person(SqlUnitOfWork(engine), "Ann", PROFILE, catalog, day)
    sessions_before = _count(engine, PlannedSessionRow)
    with pytest.raises(InputError) as info:
        start_person(SqlUnitOfWork(engine), "Ann", PROFILE, catalog, day)
    assert info.value.field == "name"
    assert _count(engine, PersonRow) == _count(engine, ProgramRow) == 1
    assert _count(engine, PlannedSessionRow) == sessions_before


def test_local_today_follows_the_persons_time_zone() -> None:
    late_evening_utc = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert local_today("UTC", late_evening_utc) == dt.date(2026, 3, 1)
    assert local_today("Europe/Berlin", late_evening_utc) == dt.date(2026, 3, 2)
    assert local_today("America/New_York", late_evening_utc) == dt.date(2026, 3, 1)


def test_editing_the_program_in_force_keeps_the_sessions_already_trained(
    engine: Engine, catalog
) -> None:
    """An edited prescription must not send the person back to week 1 (found in the web app:
    a new program version used to start with every session open)."""
    from glutemed.services.people import save_program

    day0 = dt.date(2026, 3, 2)
    pid = start_person(SqlUnitOfWork(engine), "Ann", PROFILE, catalog, day0)
    with SqlUnitOfWork(engine) as uow:
        program = uow.programs.active(pid)
        assert program is not None
        first, second = uow.programs.sessions(program.id)[:2]
        uow.programs.mark_completed(first.id, day0)
        uow.programs.mark_completed(second.id, day0 + dt.timedelta(days=3))
        uow.commit()

    save_program(SqlUnitOfWork(engine), pid, program.program, day0, keep_completed=True)
    with SqlUnitOfWork(engine, readonly=True) as uow:
        edited = uow.programs.active(pid)
        assert edited is not None and edited.version == 2
        marks = uow.programs.completed_marks(edited.id)
        due = uow.programs.first_open_session(edited.id)
    assert marks == {
        (first.week, first.day): day0,
        (second.week, second.day): day0 + dt.timedelta(days=3),
    }
    assert due is not None and (due.week, due.day) != (first.week, first.day)

    save_program(SqlUnitOfWork(engine), pid, program.program, day0, keep_completed=False)
    with SqlUnitOfWork(engine, readonly=True) as uow:
        fresh = uow.programs.active(pid)
        assert fresh is not None and fresh.version == 3
        assert uow.programs.completed_marks(fresh.id) == {}
