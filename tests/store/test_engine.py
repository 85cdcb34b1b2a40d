"""make_engine: the SQLite pragmas that keep data safe, and clear errors for bad URLs."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from glutemed.errors import InputError
from glutemed.store.engine import is_sqlite, make_engine


def test_sqlite_engine_uses_wal_foreign_keys_and_busy_timeout(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url, busy_timeout_ms=1234)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    engine.dispose()


def test_sqlite_engine_creates_the_data_directory(tmp_path) -> None:
    target = tmp_path / "deep" / "er" / "glutemed.sqlite3"
    engine = make_engine(f"sqlite:///{target}")
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert target.exists()
    engine.dispose()


def test_a_write_transaction_on_sqlite_takes_the_write_lock_at_begin(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url, busy_timeout_ms=50)
    other = make_engine(sqlite_url, busy_timeout_ms=50)
    with engine.begin() as conn:
        conn.execute(text("SELECT 1"))  # a read only, yet BEGIN IMMEDIATE holds the lock
        with pytest.raises(Exception, match="locked"), other.begin() as conn2:
            conn2.execute(text("SELECT 1"))
    engine.dispose()
    other.dispose()


@pytest.mark.parametrize("url", ["nonsense", "mysql://u@h/db"])
def test_unusable_url_is_an_input_error_naming_database_url(url: str) -> None:
    with pytest.raises(InputError) as info:
        make_engine(url)
    assert info.value.field == "database_url"


def test_is_sqlite_tells_backends_apart() -> None:
    assert is_sqlite("sqlite:///x.db")
    assert not is_sqlite("postgresql+psycopg://u@h/db")


def test_a_postgresql_url_without_the_driver_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """psycopg is the ``postgres`` extra: without it, a clinic's URL gets the install line,
    not SQLAlchemy's ModuleNotFoundError."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "psycopg" else real(name, *a))
    with pytest.raises(InputError) as refused:
        make_engine("postgresql://glutemed@dbhost/clinic")
    assert refused.value.field == "database_url"
    assert "pip install 'glutemed[postgres]'" in str(refused.value)
