"""The unit of work: all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from glutemed.errors import StorageError
from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.store.tables import PerformedSetRow, PersonRow
from glutemed.store.unit_of_work import SqlUnitOfWork

PROFILE = Profile(goal="hypertrophy")
SET = PerformedSet(variant_id="a.b", side=Side.LEFT, date=dt.date(2026, 1, 5), reps=10)


def _count(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_leaving_without_commit_writes_nothing(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        uow.sets.add(pid, SET)
    assert _count(engine, PersonRow) == 0
    assert _count(engine, PerformedSetRow) == 0


def test_an_error_half_way_rolls_back_the_first_half(engine: Engine) -> None:
    with pytest.raises(RuntimeError), SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        uow.sets.add(pid, SET)
        raise RuntimeError("power cut in the middle of the use case")
    assert _count(engine, PersonRow) == 0
    assert _count(engine, PerformedSetRow) == 0


def test_a_constraint_violation_is_a_storage_error_and_nothing_is_written(
    engine: Engine,
) -> None:
    with pytest.raises(StorageError, match="nothing was saved"), SqlUnitOfWork(engine) as uow:
        uow.people.add("Ann", PROFILE)
        uow.sets.add(987654, SET)  # no such person: the foreign key refuses
        uow.commit()
    assert _count(engine, PersonRow) == 0


def test_a_readonly_unit_of_work_cannot_commit(engine: Engine) -> None:
    with SqlUnitOfWork(engine, readonly=True) as uow, pytest.raises(StorageError):
        uow.commit()


def test_session_outside_the_block_is_an_error(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with pytest.raises(StorageError, match="not open"):
        _ = uow.session


def test_committed_work_survives_a_later_failed_unit(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", PROFILE)
        uow.sets.add(pid, SET)
        uow.commit()
    with pytest.raises(RuntimeError), SqlUnitOfWork(engine) as uow:
        uow.sets.add(pid, SET)
        raise RuntimeError
    assert _count(engine, PerformedSetRow) == 1


def test_a_postgresql_deadlock_or_serialization_failure_is_a_retryable_conflict() -> None:
    """PostgreSQL rolls the whole transaction back on a deadlock (40P01) or serialization
    failure (40001); the services retry a ConflictError, so these must map to one, while
    other database errors must not."""
    from sqlalchemy.exc import OperationalError

    from glutemed.store.unit_of_work import ConflictError, _storage_error

    class Orig(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__("deadlock detected")
            self.sqlstate = sqlstate

    for state in ("40P01", "40001"):
        error = OperationalError("UPDATE progression_state ...", {}, Orig(state))
        assert isinstance(_storage_error(error), ConflictError)
    other = OperationalError("SELECT 1", {}, Orig("08006"))  # connection failure
    assert not isinstance(_storage_error(other), ConflictError)
