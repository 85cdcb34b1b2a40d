"""Service fixtures: a fresh SQLite file always, and PostgreSQL too when a URL is given
(each PostgreSQL test in its own schema, dropped afterwards, so runs never collide), plus a
small hand-written program so that tests do not depend on the generator's choices."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Profile, Program, Session, Side, Week
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.unit_of_work import SqlUnitOfWork


def _postgres_schema_url(base_url: str) -> Iterator[str]:
    schema = f"glutemed_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A URL to an empty database: SQLite always, PostgreSQL when a URL was given."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'glutemed.sqlite3'}"
        return
    yield from _postgres_schema_url(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to the newest schema."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file URL, for tests about SQLite itself (locking, crashes, backup)."""
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'glutemed.sqlite3'}"


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
