"""A read from an async route never holds the event loop on PostgreSQL's round trip.

On SQLite a reader never waits (WAL), so it runs on the loop; on PostgreSQL it runs in a
worker thread (``database_work.read``), and the loop answers other requests meanwhile.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import anyio

from glutemed.web.database_work import read


def _where(sqlite: bool) -> tuple[int, int]:
    async def scenario() -> tuple[int, int]:
        ctx: Any = SimpleNamespace(sqlite=sqlite)
        return threading.get_ident(), await read(ctx, threading.get_ident)

    return anyio.run(scenario)


def test_on_postgresql_the_read_runs_in_a_worker_thread() -> None:
    loop, read = _where(sqlite=False)
    assert read != loop


def test_on_sqlite_the_read_runs_on_the_loop() -> None:
    loop, read = _where(sqlite=True)
    assert read == loop
