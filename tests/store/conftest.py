"""Store fixtures: every store test runs on a fresh SQLite file, and on PostgreSQL too when a
URL is given (each PostgreSQL test in its own schema, dropped afterwards, so runs never
collide)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade


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
