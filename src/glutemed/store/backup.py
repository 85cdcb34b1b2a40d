"""Backups of the training log.

SQLite: the online backup API copies a consistent snapshot page by page while other
processes keep reading and writing, which a plain file copy of a WAL database cannot
promise. PostgreSQL is out of scope here: a clinic's database is backed up with the server's
own tools (``pg_dump``), which know about roles, schemas and point-in-time recovery.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from glutemed.errors import InputError, StorageError


def default_backup_path(database: Path, now: dt.datetime) -> Path:
    """``glutemed-YYYYMMDD-HHMMSS.sqlite3`` next to the database file."""
    return database.with_name(f"{database.stem}-backup-{now:%Y%m%d-%H%M%S}.sqlite3")


def sqlite_path(engine: Engine) -> Path:
    """The file behind a SQLite engine, or an input error for anything else."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    if url.get_backend_name() != "sqlite":
        raise InputError(
            "database_url",
            "backup covers SQLite files only; back up PostgreSQL with the server's own tools, "
            "e.g. 'pg_dump --format=custom --file=glutemed.dump DBNAME'",
        )
    if not url.database or url.database == ":memory:":
        raise InputError("database_url", "an in-memory database has nothing to back up")
    return Path(url.database).expanduser()


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Copy a consistent snapshot of the SQLite database to ``target``; returns the path."""
    source_path = sqlite_path(engine)
    if not source_path.exists():
        raise InputError("database_url", f"no database file at {source_path}")
    if target.resolve() == source_path.resolve():
        raise InputError("output", "the backup must not overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(source_path)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        partial.replace(target)  # atomic: a reader never sees half a backup
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"backup failed: {exc}") from exc
    return target
