"""The start-up schema check: one version row read at head, Alembic whenever it is not.

The fast path must never let a database that needs a migration (or must be refused) through:
each case below is one a wrong shortcut would get wrong.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from glutemed.errors import StorageError
from glutemed.store import schema_check
from glutemed.store.engine import make_engine
from glutemed.store.migrate import alembic_config, head_revision
from glutemed.store.schema_check import ensure_current, packaged_head, stored_revision


def _at(db_url: str, revision: str) -> Engine:
    from alembic import command

    eng = make_engine(db_url)
    config = alembic_config(eng)
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return eng


def test_the_packaged_head_read_from_the_scripts_is_alembics_head() -> None:
    assert packaged_head() == head_revision()


def test_an_unreadable_script_sends_the_check_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "0001_a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (tmp_path / "0002_b.py").write_text('revision = "0002"\ndown_revision = ("0001", "x")\n')
    monkeypatch.setattr(schema_check, "VERSIONS_DIR", tmp_path)
    packaged_head.cache_clear()
    try:
        assert packaged_head() is None
        (tmp_path / "0002_b.py").write_text('revision: str = "0002"\ndown_revision = "0001"\n')
        packaged_head.cache_clear()
        assert packaged_head() == "0002"
    finally:
        packaged_head.cache_clear()


def test_a_database_at_head_reads_its_one_row(engine: Engine) -> None:
    assert stored_revision(engine) == head_revision()
    ensure_current(engine)
    assert stored_revision(engine) == head_revision()


def test_an_empty_database_is_created(db_url: str) -> None:
    eng = make_engine(db_url)
    assert stored_revision(eng) is None
    ensure_current(eng)
    assert stored_revision(eng) == head_revision()
    assert "performed_sets" in inspect(eng).get_table_names()
    eng.dispose()


def test_a_database_behind_the_code_is_migrated_and_keeps_its_rows(db_url: str) -> None:
    eng = _at(db_url, "0006")
    with eng.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO people (id, name, profile, units, timezone, created_at) "
            "VALUES (3, 'Old', '{\"goal\": \"rehab\"}', 'kg', 'UTC', '2026-01-01')"
        )
    ensure_current(eng)
    assert stored_revision(eng) == head_revision()
    assert "devices" in inspect(eng).get_table_names()
    with eng.connect() as conn:
        assert conn.execute(text("SELECT name FROM people")).scalars().all() == ["Old"]
    eng.dispose()


def test_a_database_behind_the_code_is_refused_when_auto_upgrade_is_off(db_url: str) -> None:
    eng = _at(db_url, "0006")
    with pytest.raises(StorageError, match="glutemed db upgrade"):
        ensure_current(eng, auto_upgrade=False)
    assert stored_revision(eng) == "0006"
    eng.dispose()


def test_a_database_from_a_newer_glutemed_is_refused_and_left_alone(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(StorageError, match="newer glutemed"):
        ensure_current(engine)
    assert stored_revision(engine) == "ffff_future"


def test_at_head_the_check_imports_no_alembic(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    code = (
        "import sys\n"
        "from glutemed.store.engine import make_engine\n"
        "from glutemed.store.schema_check import ensure_current\n"
        f"ensure_current(make_engine({url!r}))\n"
        "assert 'alembic' not in sys.modules, 'alembic imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
