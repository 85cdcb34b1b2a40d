"""Where the web app's database work runs: the event loop never waits for a lock or a
network round trip.

Every write of the web app goes through :func:`write`, a coroutine, so that the caller
never blocks the event loop on a lock:

* **SQLite, database free** (nearly always): the transaction runs right here on the event
  loop. A logged set is 2-3 ms of CPU with nothing to wait for; a worker thread added the
  hop there and back and two threads taking the GIL from each other (in
  ``benchmarks/bench_api.py`` the app's own p99 fell from 14.6-17.1 ms to 11.2 ms; see
  docs/web.md).
* **SQLite, database busy** -- another of this process's writes holds its write lock, or
  another process (the command line, a second server) holds SQLite's: the loop does not
  wait. The first attempt opens a unit of work whose busy timeout is zero, so it fails at
  once and rolls back whole; the same work then runs in a worker thread, which queues on
  the process's write lock and then on SQLite's busy timeout. The in-process lock exists
  because SQLite's own busy handler waits by sleeping in growing steps, so threads
  contending for the file lose far more time sleeping than writing.
* **PostgreSQL**: always in a worker thread (every statement is a network round trip),
  with no lock of the app's own; the service's row locks keep concurrent writers apart.

Every read of an ``async`` route goes through :func:`read`: on the loop on SQLite (a reader
never waits there), in a worker thread on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from starlette.concurrency import run_in_threadpool

from glutemed.web.context import WebContext

if TYPE_CHECKING:
    from glutemed.store.unit_of_work import SqlUnitOfWork

T = TypeVar("T")


async def read(ctx: WebContext, work: Callable[[], T]) -> T:
    """Run a short read for an ``async`` route without holding the event loop on a wait.

    On SQLite a reader never waits (WAL, deferred ``BEGIN``): the read runs on the loop,
    as quick as a thread hop. On PostgreSQL every statement is a network round trip, so
    the read runs in a worker thread and the loop serves other requests meanwhile."""
    if ctx.sqlite:
        return work()
    return await run_in_threadpool(work)


async def write(
    ctx: WebContext, work: Callable[[SqlUnitOfWork], T], *, quick: bool = True
) -> T:
    """Run ``work`` (one service call, one transaction) without ever blocking the event
    loop on a lock (see the module docstring). ``work`` must do nothing but its
    transaction, because on SQLite it may be started twice: a first attempt that found the
    database busy was rolled back whole before it is run again. ``quick=False`` is for work
    that is slow even when nothing waits (a password's argon2 hash): a worker thread always.
    """
    if not ctx.sqlite:
        return await run_in_threadpool(work, ctx.uow())
    from glutemed.store.unit_of_work import DatabaseBusy

    if quick and ctx.write_lock.acquire(blocking=False):
        try:
            return work(ctx.uow(wait=False))
        except DatabaseBusy:
            pass  # another process is writing: wait for it in a thread, not here
        finally:
            ctx.write_lock.release()
    return await run_in_threadpool(_write_waiting, ctx, work)


def _write_waiting(ctx: WebContext, work: Callable[[SqlUnitOfWork], T]) -> T:
    with ctx.write_lock:
        return work(ctx.uow())

