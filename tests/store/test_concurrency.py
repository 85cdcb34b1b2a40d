"""Several writers at once: threads in one process, and separate processes on one file.

Every writer commits its own sets in its own transactions; at the end every committed set
must be there exactly once, and SQLite's integrity check must pass.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, func, select, text

from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.tables import PerformedSetRow
from glutemed.store.unit_of_work import SqlUnitOfWork

WRITERS = 6
SETS_EACH = 20


def _add_person(engine: Engine) -> int:
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", Profile(goal="rehab"))
        uow.commit()
    return pid


def _write(engine: Engine, pid: int, writer: int) -> list[int]:
    ids = []
    for i in range(SETS_EACH):
        performed = PerformedSet(
            variant_id=f"writer.{writer}",
            side=Side.LEFT,
            date=dt.date(2026, 1, 1),
            set_index=1 + i % 20,
            reps=i,
        )
        with SqlUnitOfWork(engine) as uow:
            ids.append(uow.sets.add(pid, performed))
            uow.commit()
    return ids


def test_threads_writing_at_once_lose_nothing(engine: Engine) -> None:
    pid = _add_person(engine)
    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(lambda w: _write(engine, pid, w), range(WRITERS)))
    ids = [i for batch in results for i in batch]
    assert len(set(ids)) == WRITERS * SETS_EACH
    with SqlUnitOfWork(engine, readonly=True) as uow:
        stored = uow.sets.recent(pid)
    assert sorted(s.id for s in stored) == sorted(ids)
    for writer in range(WRITERS):
        reps = sorted(
            s.performed.reps or 0 for s in stored if s.performed.variant_id == f"writer.{writer}"
        )
        assert reps == list(range(SETS_EACH))


WRITER_SCRIPT = textwrap.dedent(
    """
    import datetime as dt, sys
    from glutemed.programming.models import Side
    from glutemed.progression.models import PerformedSet
    from glutemed.store.engine import make_engine
    from glutemed.store.unit_of_work import SqlUnitOfWork
    url, pid, writer, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    engine = make_engine(url, busy_timeout_ms=30000)
    for i in range(n):
        s = PerformedSet(variant_id="proc." + writer, side=Side.RIGHT,
                         date=dt.date(2026, 1, 2), reps=i)
        with SqlUnitOfWork(engine) as uow:
            uow.sets.add(pid, s)
            uow.commit()
    """
)


def test_processes_writing_one_sqlite_file_at_once_lose_nothing(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    pid = _add_person(engine)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_SCRIPT, sqlite_url, str(pid), str(w), str(SETS_EACH)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with engine.connect() as conn:
        per_writer = dict(
            conn.execute(
                select(PerformedSetRow.variant_id, func.count()).group_by(
                    PerformedSetRow.variant_id
                )
            ).all()
        )
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert per_writer == {f"proc.{w}": SETS_EACH for w in range(4)}
    engine.dispose()
