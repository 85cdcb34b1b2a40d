"""``make_engine(url)``: one place that knows how to open each database safely.

SQLite (one person, the default):

* WAL journal, so readers never block the writer and a killed process cannot corrupt
  what was committed (the write-ahead log is replayed on the next open);
* ``synchronous=NORMAL`` -- durable across process crashes in WAL mode (only an OS crash or
  power loss may lose the last transactions, never corrupt the file);
* foreign keys on (SQLite leaves them off by default);
* ``busy_timeout`` so that a second writer waits instead of failing at once;
* writes start with ``BEGIN IMMEDIATE``: the write lock is taken at the start of the
  transaction, so two writers queue on the busy timeout instead of one failing half-way
  with "database is locked" when it tries to upgrade a read lock.

PostgreSQL (a clinic): a small pool with ``pool_pre_ping`` so a restarted server is noticed,
and ``READ COMMITTED`` with row locks taken by the repositories where they read-then-write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from glutemed.errors import InputError

READONLY = "glutemed_readonly"
"""Execution option: a read-only unit of work starts a deferred transaction on SQLite."""


def is_sqlite(engine_or_url: Engine | str) -> bool:
    """True when the URL or engine is SQLite."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def make_engine(
    url: str, *, busy_timeout_ms: int = 5000, echo: bool = False, pool_size: int | None = None
) -> Engine:
    """An engine for ``url`` with the options each backend needs to keep data safe.

    ``pool_size`` (the web server's: its worker threads plus the event loop's share) keeps
    that many connections open, so the server does not open and close one per request (on
    SQLite each opening runs four PRAGMAs). A few more (:data:`POOL_OVERFLOW`) may be made
    in a burst, then closed; they keep a short transaction on the event loop from ever
    waiting for a connection. Without ``pool_size``, a command's small default pool."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with its own wording
        raise InputError("database_url", f"not a database URL: {url!r} ({exc})") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, busy_timeout_ms=busy_timeout_ms, echo=echo,
                              pool=_pool(pool_size))
    if backend == "postgresql":
        _need_psycopg()
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, echo=echo,
                             **(_pool(pool_size) or {"pool_size": 5, "max_overflow": 10}))
    raise InputError(
        "database_url", f"unsupported database '{backend}'; use sqlite:/// or postgresql://"
    )


def _need_psycopg() -> None:
    """PostgreSQL's driver is the ``postgres`` extra (SQLite, the default, needs none): say
    how to install it instead of SQLAlchemy's ModuleNotFoundError."""
    from importlib.util import find_spec

    if find_spec("psycopg") is None:
        raise InputError(
            "database_url", "a postgresql:// URL needs the PostgreSQL driver: "
            "pip install 'glutemed[postgres]'"
        )


POOL_OVERFLOW = 4
"""Connections a sized pool may open beyond its size in a burst (closed when returned)."""


def _pool(pool_size: int | None) -> dict[str, Any]:
    """A pool of ``pool_size`` connections kept open, plus a small overflow; or nothing."""
    if pool_size is None:
        return {}
    return {"pool_size": pool_size, "max_overflow": POOL_OVERFLOW}


def _sqlite_engine(url: str, *, busy_timeout_ms: int, echo: bool, pool: dict[str, Any]) -> Engine:
    database = make_url(url).database
    in_memory = not database or database == ":memory:" or "mode=memory" in url
    if database and not in_memory and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": busy_timeout_ms / 1000},
                           **({} if in_memory else pool))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (the pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine
