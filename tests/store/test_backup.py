"""Backups: a consistent SQLite snapshot; PostgreSQL is pointed at pg_dump."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from glutemed.errors import InputError
from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.store.backup import backup_sqlite, default_backup_path
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.unit_of_work import SqlUnitOfWork


def test_backup_holds_every_committed_set_and_opens_at_head(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", Profile(goal="rehab"))
        for i in range(30):
            uow.sets.add(
                pid,
                PerformedSet(variant_id="a.b", side=Side.LEFT, date=dt.date(2026, 1, 1), reps=i),
            )
        uow.commit()
    target = backup_sqlite(engine, tmp_path / "out" / "backup.sqlite3")
    copy = make_engine(f"sqlite:///{target}")
    with copy.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM performed_sets")).scalar() == 30
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert not list(target.parent.glob("*.partial"))
    copy.dispose()
    engine.dispose()


def test_backup_refuses_to_overwrite_the_database(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    source = Path(sqlite_url.removeprefix("sqlite:///"))
    with pytest.raises(InputError) as info:
        backup_sqlite(engine, source)
    assert info.value.field == "output"


def test_backup_of_postgresql_points_to_pg_dump() -> None:
    engine = make_engine("postgresql+psycopg://u@localhost/db")
    with pytest.raises(InputError, match="pg_dump"):
        backup_sqlite(engine, Path("x.sqlite3"))


def test_default_backup_name_is_next_to_the_database() -> None:
    path = default_backup_path(Path("/d/glutemed.sqlite3"), dt.datetime(2026, 1, 2, 3, 4, 5))
    assert path == Path("/d/glutemed-backup-20260102-030405.sqlite3")
