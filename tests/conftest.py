"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres-url",
        default=os.environ.get("GLUTEMED_TEST_POSTGRES_URL"),
        help="run the postgres-marked tests against this server "
        "(also GLUTEMED_TEST_POSTGRES_URL)",
    )


@pytest.fixture(autouse=True)
def _current_person_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test keeps the command line's current-person choice in a file of its own,
    never in the user's config directory (which other runs and people share)."""
    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("GLUTEMED_CURRENT_PERSON_FILE", str(folder / "current-person.json"))
    monkeypatch.setenv("GLUTEMED_CACHE_DIR", str(folder / "cache"))


@pytest.fixture(autouse=True)
def _shipped_rules_in_force(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts and ends with the shipped progression rules in force.

    ``glutemed --rules FILE`` chooses a clinic's rules for the whole process and exports
    GLUTEMED_RULES for the processes it starts (serve's workers): inside one pytest process
    either would leak into every later test, and a stricter gate chosen by one test once
    changed another's decisions, depending on the order the tests ran in.
    """
    from glutemed.services import rules_in_force

    # setenv first so that monkeypatch records the variable and removes it afterwards even
    # when the code under test sets it (delenv of an unset variable records nothing).
    monkeypatch.setenv("GLUTEMED_RULES", "")
    monkeypatch.delenv("GLUTEMED_RULES")
    rules_in_force.use_rules_file(None)
    yield
    rules_in_force.use_rules_file(None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalogue, loaded once."""
    return load_default_catalog()


@pytest.fixture(scope="session")
def postgres_url(request: pytest.FixtureRequest) -> str:
    """The PostgreSQL URL to test against; tests using it are skipped without one."""
    url = request.config.getoption("--postgres-url")
    if not url:
        pytest.skip(
            "no PostgreSQL URL given: to run these, point them at a server, e.g. "
            "GLUTEMED_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test "
            "(or --postgres-url URL)"
        )
    return str(url)


# -- databases: SQLite always, PostgreSQL too when a URL is given ---------------------------
# Each PostgreSQL test gets its own schema, dropped afterwards, so runs never collide.


def postgres_schema_url(base_url: str) -> Iterator[str]:
    """A URL on a new schema of ``base_url``'s database, dropped when the generator ends."""
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
    yield from postgres_schema_url(request.getfixturevalue("postgres_url"))


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


# -- a person whose first session holds the exercises the article's screen tests look at ---


ARTICLE_DAY = "2026-03-02"  # a Monday; the first session is planned for it


@pytest.fixture
def article_person(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> tuple[str, int]:
    """(database URL, person id) of someone whose first session is, in order: the side-lying
    abduction hold, the standing wall press (the 'Captain Morgan'), banded side steps with a
    light band at the knees, and the goblet squat. A hand-written program, so the screen
    tests do not depend on the generator's choices."""
    import datetime as dt

    from glutemed.catalog.models import BandLevel, LoadSite, Mode, Role
    from glutemed.programming.models import Prescription, Profile, Program, Session, Side, Week
    from glutemed.services.people import save_program
    from glutemed.store.unit_of_work import SqlUnitOfWork

    def rx(variant_id: str, **dose: object) -> Prescription:
        variant = catalog.variant(variant_id)
        return Prescription.model_validate({
            "variant_id": variant_id, "role": variant.role, "side": Side.BOTH, "sets": 3,
            "rest_s": 60, "rir": (2, 3), "rationale": "hand-written for the screen tests",
            **dose,
        })

    items = [
        rx("side-lying-abduction.isometric-hold", mode=Mode.ISOMETRIC, hold_s=(30, 40)),
        rx("single-limb-stance.wall-press", mode=Mode.ISOMETRIC, hold_s=(20, 30)),
        rx("banded-side-step.knees-light", mode=Mode.ISOTONIC, reps=(10, 15),
           band=BandLevel.YELLOW, band_at=LoadSite.KNEES),
        rx("squat.goblet", mode=Mode.ISOTONIC, reps=(8, 12), load_kg=12.0),
    ]
    assert all(i.role in (Role.ABDUCTION, Role.COMPOUND) for i in items)
    profile = Profile(goal="rehab", days_per_week=1, weeks=4)
    program = Program(
        profile=profile,
        weeks=[
            Week(number=n, focus="screen test", sessions=[Session(day=1, name="A", items=items)])
            for n in range(1, 5)
        ],
        rationale=["hand-written for the screen tests"],
    )
    url = f"sqlite:///{tmp_path_factory.mktemp('article') / 'glutemed.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        person_id = uow.people.add("Ann", profile, timezone="UTC")
        uow.commit()
    save_program(SqlUnitOfWork(engine), person_id, program, dt.date.fromisoformat(ARTICLE_DAY))
    engine.dispose()
    return url, person_id
