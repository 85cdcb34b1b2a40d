"""``glutemed db ...`` and ``glutemed backup``: the database behind the training log.

Also the one place the command line opens the store (:func:`open_store`): settings from
``--db`` / ``GLUTEMED_DATABASE_URL``, the engine, and the schema created or upgraded on first
use -- or a clear refusal when the database comes from a newer glutemed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io

if TYPE_CHECKING:
    from sqlalchemy import Engine

DB_HELP = (
    "Database URL (default: a SQLite file in your user data directory). Also GLUTEMED_DATABASE_URL."
)

db_app = typer.Typer(
    name="db",
    help="Create, upgrade and inspect the training-log database.",
    no_args_is_help=True,
)


def db_option() -> str | None:
    """The ``--db URL`` option every storage command takes (env GLUTEMED_DATABASE_URL)."""
    return typer.Option(  # type: ignore[no-any-return]
        None, "--db", envvar="GLUTEMED_DATABASE_URL", help=DB_HELP, show_envvar=False
    )


def register(app: typer.Typer) -> None:
    """Add ``db upgrade``, ``db status`` and ``backup`` to the root app."""
    app.add_typer(db_app, name="db")
    app.command("backup")(backup)


def open_store(db: str | None, *, upgrade_schema: bool = True) -> Engine:
    """An engine for ``--db`` (or the settings), with the schema made current on first use."""
    from sqlalchemy.exc import OperationalError

    from glutemed.config import Settings
    from glutemed.errors import StorageError
    from glutemed.store.engine import make_engine
    from glutemed.store.schema_check import ensure_current

    settings = Settings.from_env(database_url=db)
    engine = make_engine(settings.database_url, busy_timeout_ms=settings.busy_timeout_ms)
    try:
        if upgrade_schema:
            ensure_current(engine, auto_upgrade=settings.auto_upgrade)
        else:
            engine.connect().close()
    except OperationalError as exc:
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        raise StorageError(f"cannot open the database {where}: {exc.orig}") from None
    return engine


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


@db_app.command("upgrade")
def upgrade(db: str | None = db_option()) -> None:
    """Create the database or bring it to the newest schema (alembic upgrade head).

    Every other command does this automatically on first use unless
    GLUTEMED_AUTO_UPGRADE=0; a clinic may prefer to run it deliberately after installing a
    new glutemed. A database written by a newer glutemed is refused and left untouched.

    Example:
        glutemed db upgrade
        glutemed db upgrade --db postgresql+psycopg://clinic@dbhost/glutemed
    """
    from glutemed.store.migrate import schema_status
    from glutemed.store.migrate import upgrade as run_upgrade

    engine = open_store(db, upgrade_schema=False)
    before = schema_status(engine).current
    after = run_upgrade(engine).current
    if before == after:
        typer.echo(f"{_where(engine)} is up to date (schema {after}).")
    else:
        typer.echo(f"{_where(engine)} upgraded: schema {before or '(empty)'} -> {after}.")
    engine.dispose()


@db_app.command("status")
def status(
    db: str | None = db_option(),
    as_json: bool = typer.Option(False, "--json", help="Print the status as JSON."),
) -> None:
    """Show where the database is and whether its schema is current.

    Example:
        glutemed db status
        glutemed db status --json
    """
    from glutemed.store.migrate import schema_status

    engine = open_store(db, upgrade_schema=False)
    state = schema_status(engine)
    data = {
        "database_url": _where(engine),
        "current": state.current,
        "head": state.head,
        "up_to_date": state.up_to_date,
        "known": state.known,
    }
    engine.dispose()
    if as_json:
        cli_io.echo_json(data)
        return
    verdict = (
        "up to date"
        if state.up_to_date
        else ("from a newer glutemed" if not state.known else "needs 'glutemed db upgrade'")
    )
    typer.echo(f"database: {data['database_url']}")
    typer.echo(f"schema:   {state.current or '(empty)'} (this glutemed: {state.head}) - {verdict}")


def backup(
    output: str | None = typer.Option(
        None, "-o", "--output", help="Backup file (default: next to the database, timestamped)."
    ),
    db: str | None = db_option(),
) -> None:
    """Copy a consistent snapshot of the SQLite training log, safe while it is in use.

    Uses SQLite's online backup API. A PostgreSQL database is backed up with the server's
    own tools (pg_dump); this command says so.

    Example:
        glutemed backup
        glutemed backup -o ~/glutemed-2026-03-01.sqlite3
    """
    from glutemed.config import Settings
    from glutemed.store.backup import backup_sqlite, default_backup_path, sqlite_path
    from glutemed.store.engine import make_engine

    source = sqlite_path(make_engine(Settings.from_env(database_url=db).database_url))
    engine = open_store(db)
    target = Path(output).expanduser() if output else default_backup_path(source, dt.datetime.now())
    written = backup_sqlite(engine, target)
    engine.dispose()
    typer.echo(f"Backed up to {written}")
