"""Schema versions: create, upgrade, or refuse a database from a newer glutemed.

The Alembic scripts ship inside the package (``store/alembic.ini``, ``store/migrations``),
so an installed glutemed can upgrade its own database without a source checkout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from glutemed.errors import StorageError

STORE_DIR = Path(__file__).resolve().parent


def alembic_config(engine: Engine | None = None) -> Config:
    """The packaged Alembic configuration, pointed at ``engine`` when given."""
    config = Config(str(STORE_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(STORE_DIR / "migrations"))
    if engine is not None:
        url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    """The newest schema revision this version of glutemed knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a first revision
        raise StorageError("no migrations are packaged with glutemed")
    return head


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database stands relative to this glutemed."""

    current: str | None
    head: str
    known: bool

    @property
    def up_to_date(self) -> bool:
        """True when no migration is needed."""
        return self.current == self.head


def schema_status(engine: Engine) -> SchemaStatus:
    """The database's revision, the package's head, and whether the first is known to us."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    known = current is None or _is_known(script, current)
    return SchemaStatus(current=current, head=head_revision(), known=known)


def _is_known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises ResolutionError/CommandError for unknown ids
        return False


def upgrade(engine: Engine) -> SchemaStatus:
    """Bring the database to the newest schema, in one transaction holding the write lock.

    Refuses (``StorageError``) a database written by a newer glutemed: downgrading its
    schema would lose data, and writing to it could corrupt it.
    """
    status = schema_status(engine)
    _refuse_unknown(status)
    if status.up_to_date:
        return status
    config = alembic_config(engine)
    with engine.connect() as conn, _foreign_keys_off(conn):
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            _check_references(conn)
    return schema_status(engine)


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite only: foreign keys off while the schema changes (SQLite's documented way).

    SQLite changes most of a table's definition by building a new table and dropping the
    old one, and with foreign keys on, dropping a table first deletes its rows -- which
    cascades into every row that points at it (a person's programs and sets, a client's
    login link). The pragma only takes effect outside a transaction, so it is set on the
    connection before the migration's transaction begins and set back afterwards;
    :func:`_check_references` proves nothing was left dangling before the commit.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_references(conn: Connection) -> None:
    """On SQLite, refuse (roll back) a migration that left a reference pointing nowhere."""
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StorageError(
            f"the migration left {len(broken)} reference(s) pointing nowhere (first: table "
            f"{broken[0][0]}, row {broken[0][1]}); nothing was changed"
        )


def ensure_current(engine: Engine, *, auto_upgrade: bool = True) -> SchemaStatus:
    """Make sure the schema is usable before any read or write (called on first use)."""
    status = schema_status(engine)
    _refuse_unknown(status)
    if status.up_to_date:
        return status
    if not auto_upgrade:
        raise StorageError(
            f"the database is at schema revision {status.current or '(empty)'} but this "
            f"glutemed needs {status.head}; run 'glutemed db upgrade' (or set "
            "GLUTEMED_AUTO_UPGRADE=1)"
        )
    return upgrade(engine)


def _refuse_unknown(status: SchemaStatus) -> None:
    if not status.known:
        raise StorageError(
            f"the database is at schema revision {status.current}, which this glutemed does "
            f"not know (newest known: {status.head}); it was probably written by a newer "
            "glutemed. Upgrade glutemed; nothing was changed."
        )
