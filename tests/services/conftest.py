"""Service fixtures: a small hand-written program so that tests do not depend on the
generator's choices. The databases (``db_url``, ``engine``: SQLite always, PostgreSQL when a
URL is given) come from ``tests/conftest.py``."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine
from tests.fakes.unit_of_work import FakeUnitOfWork

from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Profile, Program, Session, Side, Week
from glutemed.store.unit_of_work import SqlUnitOfWork

DAY0 = dt.date(2026, 3, 2)  # a Monday


def cuff_rx(load_kg: float = 1.0, sets: int = 3) -> Prescription:
    """Side-lying abduction with a cuff at the ankle, 3 x 8-12, both legs (per side)."""
    return Prescription(
        variant_id="side-lying-abduction.cuff-ankle",
        role=Role.ABDUCTION,
        mode=Mode.ISOTONIC,
        side=Side.BOTH,
        sets=sets,
        reps=(8, 12),
        load_kg=load_kg,
        rest_s=60,
        rir=(1, 3),
        rationale="test prescription",
    )


def plank_rx() -> Prescription:
    """Short side plank held 20-30 s, per side."""
    return Prescription(
        variant_id="side-plank.short",
        role=Role.ABDUCTION,
        mode=Mode.ISOMETRIC,
        side=Side.BOTH,
        sets=2,
        hold_s=(20, 30),
        rest_s=60,
        rir=(1, 3),
        rationale="test prescription",
    )


def hand_program(weeks: int = 4) -> Program:
    """A small, hand-written program so tests do not depend on the generator's choices."""
    profile = Profile(goal="hypertrophy", days_per_week=2, weeks=max(weeks, 4))
    week = [
        Session(day=1, name="A", items=[cuff_rx(), plank_rx()]),
        Session(day=2, name="B", items=[cuff_rx()]),
    ]
    return Program(
        profile=profile,
        weeks=[Week(number=n, focus="test", sessions=week) for n in range(1, weeks + 1)],
        rationale=["hand-written for tests"],
    )


@pytest.fixture
def person(engine: Engine) -> int:
    """A person with the hand-written program starting on DAY0; returns their id."""
    from glutemed.services.people import save_program

    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", hand_program().profile, timezone="Europe/Berlin")
        uow.commit()
    save_program(SqlUnitOfWork(engine), pid, hand_program(), DAY0)
    return pid


@pytest.fixture
def kit() -> SimpleNamespace:
    """The helpers above, for tests (conftest modules are not importable by name)."""
    return SimpleNamespace(DAY0=DAY0, cuff_rx=cuff_rx, plank_rx=plank_rx, hand_program=hand_program)


@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Making any SQLAlchemy engine is a failure: for the tests that run on the fake
    (``pytestmark = pytest.mark.usefixtures("no_database")``)."""
    import sqlalchemy

    from glutemed.store import engine as store_engine

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a service test on the fake tried to make a database engine")

    monkeypatch.setattr(sqlalchemy, "create_engine", refuse)
    monkeypatch.setattr(store_engine, "create_engine", refuse, raising=False)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """An empty in-memory unit of work (tests/fakes)."""
    return FakeUnitOfWork()
