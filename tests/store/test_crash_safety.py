"""A process killed (SIGKILL) in the middle of writing loses nothing it had committed.

The writer prints a set's id only after its transaction committed. We kill it while it is
inside a large, uncommitted transaction (and, in a second test, at an arbitrary moment
during a stream of commits) and then check that every printed id is in the database, that
none of the uncommitted rows is, and that SQLite's integrity check passes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import func, select, text

from glutemed.programming.models import Profile
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.tables import PerformedSetRow
from glutemed.store.unit_of_work import SqlUnitOfWork

SCRIPT = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from glutemed.programming.models import Side
    from glutemed.progression.models import PerformedSet
    from glutemed.store.engine import make_engine
    from glutemed.store.unit_of_work import SqlUnitOfWork
    url, pid, committed, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    engine = make_engine(url)
    def one(i, variant="crash.committed"):
        return PerformedSet(variant_id=variant, side=Side.LEFT, date=dt.date(2026, 2, 1), reps=i)
    for i in range(committed):
        with SqlUnitOfWork(engine) as uow:
            set_id = uow.sets.add(pid, one(i))
            uow.commit()
        print(set_id, flush=True)
    if mode == "stream":
        i = 0
        while True:
            with SqlUnitOfWork(engine) as uow:
                set_id = uow.sets.add(pid, one(i))
                uow.commit()
            print(set_id, flush=True)
            i += 1
    with SqlUnitOfWork(engine) as uow:
        for i in range(500):
            uow.sets.add(pid, one(i, "crash.uncommitted"))
        print("MIDWAY", flush=True)
        time.sleep(60)
        uow.commit()
    """
)


def _setup(url: str) -> int:
    engine = make_engine(url)
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", Profile(goal="rehab"))
        uow.commit()
    engine.dispose()
    return pid


def _check(url: str, printed: list[int]) -> set[int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        stored = set(conn.execute(select(PerformedSetRow.id)).scalars())
        uncommitted = conn.execute(
            select(func.count()).where(PerformedSetRow.variant_id == "crash.uncommitted")
        ).scalar_one()
    engine.dispose()
    assert set(printed) <= stored
    assert uncommitted == 0
    return stored


def test_sigkill_inside_a_transaction_keeps_every_committed_set(sqlite_url: str) -> None:
    pid = _setup(sqlite_url)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, sqlite_url, str(pid), "25", "midway"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    printed: list[int] = []
    for line in proc.stdout:
        if line.strip() == "MIDWAY":
            break
        printed.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(printed) == 25
    assert _check(sqlite_url, printed) == set(printed)


def test_sigkill_during_a_stream_of_commits_keeps_every_committed_set(sqlite_url: str) -> None:
    pid = _setup(sqlite_url)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, sqlite_url, str(pid), "5", "stream"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    printed: list[int] = []
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        printed.append(int(line))
        if len(printed) >= 40 or time.monotonic() > deadline:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    stored = _check(sqlite_url, printed)
    # commits after the last line we read may be there too (the pipe was not drained),
    # but each one whole and in order: the ids have no gaps
    assert stored == set(range(1, max(stored) + 1))
