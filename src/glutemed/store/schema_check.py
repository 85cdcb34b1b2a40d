"""The schema check every command makes on opening the store, without importing Alembic.

Importing Alembic (and Mako, Pygments and its DDL modules with it) costs about a third of a
command's start-up, yet nearly every time the database is already at the newest revision
and there is nothing for Alembic to do. So the check reads the one row of
``alembic_version`` and compares it with the newest revision packaged with glutemed, read
from the migration scripts' own ``revision``/``down_revision`` lines. Only when they differ
-- an empty database, one behind (to be migrated, or refused with
``GLUTEMED_AUTO_UPGRADE=0``), one from a newer glutemed (refused), or anything this reader
cannot make sense of -- does it hand over to :func:`glutemed.store.migrate.ensure_current`,
which decides exactly as before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from glutemed.store.engine import READONLY

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"

_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"^down_revision(?:\s*:[^=]*)?\s*=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE
)


@lru_cache(maxsize=1)
def packaged_head() -> str | None:
    """The newest revision among the packaged migration scripts, or None if unclear.

    The head is the one revision no other script names as its ``down_revision``. A merge
    revision (a tuple of parents), a script this reader cannot parse, or anything but a
    single head gives None, and the caller asks Alembic instead.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in VERSIONS_DIR.glob("*.py"):
        if script.name.startswith("_"):
            continue
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(2) is not None:
            parents.add(down.group(2))
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 and parents <= revisions else None


def stored_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None if there is not exactly one.

    Read in a read-only transaction (a deferred ``BEGIN`` on SQLite), so that a command
    that only looks does not queue behind a long import holding the write lock."""
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect().execution_options(**{READONLY: True}) as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:  # no table yet (an empty database), or no database: Alembic decides
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def ensure_current(engine: Engine, *, auto_upgrade: bool = True) -> None:
    """Make sure the schema is usable before any read or write (called on first use).

    At the newest revision: one indexed read, nothing imported. Otherwise Alembic creates,
    upgrades or refuses the database exactly as :func:`glutemed.store.migrate.ensure_current`
    always has.
    """
    head = packaged_head()
    if head is not None and stored_revision(engine) == head:
        return
    from glutemed.store.migrate import ensure_current as migrate_if_due

    migrate_if_due(engine, auto_upgrade=auto_upgrade)
