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
    "login_sessions",
    "devices",
    "device_pairings",
    "attention_acks",
    "program_changes",
    "program_access",
    "program_templates",
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


def test_upgrading_from_0003_keeps_every_row_and_scopes_names_per_clinician(db_url: str) -> None:
    """0005 rebuilds people and accounts on SQLite: with foreign keys on, dropping the old
    table would have deleted every program and set of every person (ON DELETE CASCADE). The
    rows survive; each person's clinician comes from clinician_clients; every username gets
    its folded key (Python's folding, the same on both databases)."""
    from alembic import command

    from glutemed.store.migrate import alembic_config

    eng = make_engine(db_url)
    config = alembic_config(eng)
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        for sql in (
            "INSERT INTO accounts (id, username, password_hash, role, created_at) VALUES "
            "(7, 'Dr-Lee', '$argon2id$kept', 'clinician', '2026-01-01'), "
            "(8, 'İrene', '$argon2id$too', 'client', '2026-01-01')",
            "INSERT INTO people (id, name, profile, units, timezone, account_id, created_at) "
            "VALUES (3, 'Irene', '{\"goal\": \"rehab\"}', 'kg', 'UTC', 8, '2026-01-01'), "
            "(4, 'Solo', '{\"goal\": \"rehab\"}', 'lb', 'UTC', NULL, '2026-01-01')",
            "INSERT INTO clinician_clients (clinician_account_id, person_id) VALUES (7, 3)",
            "INSERT INTO programs (id, person_id, version, start_date, program, active, "
            "created_at) VALUES (11, 3, 1, '2026-01-05', '{}', true, '2026-01-05'), "
            "(12, 4, 1, '2026-01-05', '{}', true, '2026-01-05')",
            "INSERT INTO planned_sessions (program_id, sequence, week, day, name, "
            "planned_date, items) VALUES (11, 1, 1, 1, 'A', '2026-01-05', '[]')",
            "INSERT INTO performed_sets (person_id, variant_id, side, date, set_index, reps, "
            "checks, red_flags, created_at) VALUES (3, 'a.one', 'left', '2026-01-05', 1, 12, "
            "'{}', '[]', '2026-01-05'), (4, 'a.one', 'right', '2026-01-05', 1, 9, '{}', "
            "'[]', '2026-01-05')",
            "INSERT INTO login_failures (username, ip, failed_at_s) VALUES ('eve', '1.2.3.4', 1)",
        ):
            conn.exec_driver_sql(sql)
    assert upgrade(eng).up_to_date
    with eng.connect() as conn:
        def rows(sql: str) -> list[tuple[object, ...]]:
            return [tuple(r) for r in conn.execute(text(sql)).all()]

        assert rows("SELECT id, username, username_key, password_hash, disabled_at "
                    "FROM accounts ORDER BY id") == [
            (7, "Dr-Lee", "dr-lee", "$argon2id$kept", None),
            (8, "İrene", "i\u0307rene", "$argon2id$too", None),
        ]
        assert rows("SELECT id, name, units, account_id, clinician_account_id FROM people "
                    "ORDER BY id") == [(3, "Irene", "kg", 8, 7), (4, "Solo", "lb", None, None)]
        assert rows("SELECT * FROM clinician_clients") == [(7, 3)]
        assert rows("SELECT id, person_id FROM programs ORDER BY id") == [(11, 3), (12, 4)]
        assert rows("SELECT program_id, name FROM planned_sessions") == [(11, "A")]
        assert rows("SELECT person_id, reps FROM performed_sets ORDER BY person_id") == [
            (3, 12), (4, 9)
        ]
        assert rows("SELECT username FROM login_failures") == [("eve",)]
        assert rows("SELECT count(*) FROM login_sessions") == [(0,)]
    with eng.begin() as conn:  # a second clinician may now have a client called Irene
        conn.exec_driver_sql(
            "INSERT INTO accounts (id, username, username_key, password_hash, role, "
            "created_at) VALUES (9, 'dr-kim', 'dr-kim', 'x', 'clinician', '2026-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO people (name, profile, units, timezone, clinician_account_id, "
            "created_at) VALUES ('Irene', '{}', 'kg', 'UTC', 9, '2026-01-02')"
        )
    eng.dispose()


def test_names_stay_unique_within_one_clinician_and_among_people_without_one(
    engine: Engine,
) -> None:
    from sqlalchemy.exc import IntegrityError

    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO accounts (id, username, username_key, password_hash, role, "
            "created_at) VALUES (1, 'dr-lee', 'dr-lee', 'x', 'clinician', '2026-01-01')"
        )
    person = (
        "INSERT INTO people (name, profile, units, timezone, clinician_account_id, created_at) "
        "VALUES ('Ann', '{}', 'kg', 'UTC', {who}, '2026-01-02')"
    )
    for who in ("1", "NULL"):
        with engine.begin() as conn:
            conn.exec_driver_sql(person.replace("{who}", who))
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.exec_driver_sql(person.replace("{who}", who))


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
