"""A stored profile whose body mass the load model cannot use stays readable, and stays stored.

Until 0.1.0 a profile accepted 20-30 kg, which the load model (adult segment tables) does
not; since the bound became one rule, such a stored profile would fail to load and lock the
person's log away. The store reads that mass (and its height) as unknown, and leaves the
stored numbers exactly as they were: no migration rewrites what someone entered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, insert, select

from glutemed.store.engine import make_engine
from glutemed.store.migrate import alembic_config, head_revision, schema_status, upgrade
from glutemed.store.tables import PersonRow, ProgramRow
from glutemed.store.unit_of_work import SqlUnitOfWork


@pytest.fixture
def at_0002(db_url: str) -> Iterator[Engine]:
    """A database at revision 0002 (the 0.1.0 schema)."""
    eng = make_engine(db_url)
    config = alembic_config(eng)
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    yield eng
    eng.dispose()


def _profile(mass_kg: float | None, height_m: float | None) -> dict[str, object]:
    return {"goal": "rehab", "days_per_week": 2, "weeks": 8, "equipment": [],
            "level": "beginner", "minutes_per_session": 45, "baseline": None,
            "mass_kg": mass_kg, "height_m": height_m, "sex": "female",
            "avoid_variants": [], "avoid_weight_bearing": False, "avoid_provocations": []}


def _add(eng: Engine, name: str, profile: dict[str, object]) -> int:
    with eng.begin() as conn:
        person_id = int(conn.execute(
            insert(PersonRow.__table__).values(
                name=name, profile=profile, units="kg", timezone="UTC",
                created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            ).returning(PersonRow.__table__.c.id)
        ).scalar_one())
        conn.execute(insert(ProgramRow.__table__).values(
            person_id=person_id, version=1, start_date=dt.date(2026, 11, 2),
            program={"profile": profile, "weeks": [], "rationale": []}, active=True,
            created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        ))
    return person_id


def test_light_body_is_read_as_unknown_and_kept_as_stored(at_0002: Engine) -> None:
    light = _add(at_0002, "Light", _profile(25.0, 1.40))
    usual = _add(at_0002, "Usual", _profile(62.0, 1.68))
    upgrade(at_0002)
    assert schema_status(at_0002).current == head_revision()
    with SqlUnitOfWork(at_0002, readonly=True) as uow:
        moved = uow.people.get(light).profile
        kept = uow.people.get(usual).profile
    assert (moved.mass_kg, moved.height_m) == (None, None)
    assert moved.sex == "female" and moved.goal.value == "rehab"  # the rest is untouched
    assert (kept.mass_kg, kept.height_m) == (62.0, 1.68)
    with at_0002.connect() as conn:
        programs = dict(conn.execute(
            select(ProgramRow.__table__.c.person_id, ProgramRow.__table__.c.program)
        ).all())
    assert programs[light]["profile"]["mass_kg"] == 25.0  # stored as entered, not deleted
    assert programs[light]["profile"]["height_m"] == 1.40
    assert programs[usual]["profile"]["mass_kg"] == 62.0
    with at_0002.connect() as conn:
        people = dict(conn.execute(
            select(PersonRow.__table__.c.id, PersonRow.__table__.c.profile)
        ).all())
    assert (people[light]["mass_kg"], people[light]["height_m"]) == (25.0, 1.40)
    with SqlUnitOfWork(at_0002, readonly=True) as uow:
        program = uow.programs.active(light)
    assert program is not None and program.program.profile.mass_kg is None
