"""Alembic environment for glutemed.

glutemed runs migrations programmatically (:mod:`glutemed.store.migrate`) and hands over an
open connection in ``config.attributes["connection"]``, so the URL, the SQLite pragmas and
the write lock come from :func:`glutemed.store.engine.make_engine`. Running the ``alembic``
command directly also works: it then reads ``sqlalchemy.url`` from the config.

``render_as_batch=True`` makes column and constraint changes work on SQLite (copy and move)
while other backends alter in place.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from glutemed.store.engine import make_engine
from glutemed.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit SQL to stdout (``alembic upgrade --sql``) for an administrator to review."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate over the connection glutemed passed in, or one made from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = make_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
