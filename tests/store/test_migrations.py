"""Migrations: upgrade to head matches the models exactly; newer databases are refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from glutemed.errors import StorageError
from glutemed.store.engine import make_engine
from glutemed.store.migrate import (
    STORE_DIR,
    ensure_current,
    head_revision,
    schema_status,
    upgrade,
)
from glutemed.store.tables import Base

EXPECTED_TABLES = {
    "people",
    "programs",
    "planned_sessions",
    "performed_sets",
    "progression_state",
    "decisions",
    "accounts",
    "clinician_clients",
    "progress_lines",
    "login_failures",
    "devices",
    "device_pairings",
}


def test_upgrade_head_then_autogenerate_finds_no_difference(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_creates_every_table_and_stamps_head(engine: Engine) -> None:
    assert EXPECTED_TABLES <= set(inspect(engine).get_table_names())
    assert schema_status(engine).current == head_revision()


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    assert upgrade(engine).up_to_date
    assert upgrade(engine).up_to_date


def test_empty_database_is_created_on_first_use(db_url: str) -> None:
    eng = make_engine(db_url)
    assert schema_status(eng).current is None
    assert ensure_current(eng).up_to_date
    assert EXPECTED_TABLES <= set(inspect(eng).get_table_names())
    eng.dispose()


def test_auto_upgrade_off_refuses_with_instructions(db_url: str) -> None:
    eng = make_engine(db_url)
    with pytest.raises(StorageError, match="glutemed db upgrade"):
        ensure_current(eng, auto_upgrade=False)
    assert "people" not in inspect(eng).get_table_names()
    eng.dispose()


def test_database_from_a_newer_glutemed_is_refused_and_left_alone(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(StorageError, match="newer glutemed"):
        ensure_current(engine)
    with pytest.raises(StorageError, match="ffff_future"):
        upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "ffff_future"
        )


def test_migration_scripts_ship_inside_the_package() -> None:
    assert (STORE_DIR / "alembic.ini").is_file()
    assert (STORE_DIR / "migrations" / "env.py").is_file()
    assert list((STORE_DIR / "migrations" / "versions").glob("0001_*.py"))


def test_upgrading_from_0002_adds_the_login_failures_and_keeps_every_row(db_url: str) -> None:
    """0003 only adds a table: accounts, people, their links and logs survive untouched."""
    from alembic import command

    from glutemed.store.migrate import alembic_config

    eng = make_engine(db_url)
    config = alembic_config(eng)
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        for sql in (
            "INSERT INTO accounts (id, username, password_hash, role, created_at) VALUES "
            "(7, 'dr-lee', '$argon2id$kept', 'clinician', '2026-01-01')",
            "INSERT INTO people (id, name, profile, units, timezone, account_id, created_at) "
            "VALUES (3, 'Old', '{\"goal\": \"rehab\"}', 'lb', 'Europe/Berlin', 7, "
            "'2026-01-01')",
            "INSERT INTO clinician_clients (clinician_account_id, person_id) VALUES (7, 3)",
            "INSERT INTO performed_sets (person_id, variant_id, side, date, set_index, reps, "
            "checks, red_flags, created_at) VALUES (3, 'a.one', 'left', '2026-01-05', 1, 12, "
            "'{}', '[]', '2026-01-05')",
        ):
            conn.exec_driver_sql(sql)
    assert "login_failures" not in inspect(eng).get_table_names()
    assert upgrade(eng).up_to_date
    with eng.connect() as conn:
        assert conn.execute(text("SELECT username, password_hash FROM accounts")).all() == [
            ("dr-lee", "$argon2id$kept")
        ]
        assert conn.execute(text("SELECT name, units, account_id FROM people")).all() == [
            ("Old", "lb", 7)
        ]
        assert conn.execute(text("SELECT * FROM clinician_clients")).all() == [(7, 3)]
        assert conn.execute(text("SELECT reps FROM performed_sets")).scalars().all() == [12]
        assert conn.execute(text("SELECT count(*) FROM login_failures")).scalar() == 0
    eng.dispose()


def test_upgrading_from_0003_adds_devices_and_client_ids_and_keeps_every_set(db_url: str) -> None:
    """0007 adds two empty tables and a nullable column: existing sets keep every value,
    get no client id, and two of them without one never collide in the new constraint."""
    from alembic import command

    from glutemed.store.migrate import alembic_config

    eng = make_engine(db_url)
    config = alembic_config(eng)
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.exec_driver_sql(
            "INSERT INTO people (id, name, profile, units, timezone, created_at) "
            "VALUES (3, 'Old', '{\"goal\": \"rehab\"}', 'kg', 'UTC', '2026-01-01')"
        )
        for reps in (12, 14):
            conn.exec_driver_sql(
                "INSERT INTO performed_sets (person_id, variant_id, side, date, set_index, "
                "reps, checks, red_flags, created_at) VALUES (3, 'a.one', 'left', "
                f"'2026-01-05', 1, {reps}, '{{}}', '[]', '2026-01-05')"
            )
    assert "devices" not in inspect(eng).get_table_names()
    assert upgrade(eng).up_to_date
    with eng.connect() as conn:
        assert conn.execute(
            text("SELECT reps, client_id FROM performed_sets ORDER BY reps")
        ).all() == [(12, None), (14, None)]
        assert conn.execute(text("SELECT count(*) FROM devices")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM device_pairings")).scalar() == 0
    eng.dispose()
