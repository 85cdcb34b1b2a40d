"""Benchmark: progress summary over 100,000 performed sets (target: under 200 ms).

Fills one person's log with 100,000 sets (20 variants x 2 sides, three sets per session, over
years of sessions) by bulk insert and summarises it once, then times ``progress_summary``,
which reads the per-(variant, side) running summaries the store keeps on every write.
A second table times the write side: appending sets onto the full log.

    python benchmarks/bench_progress.py [--sets 100000] [--db postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, insert

from glutemed.catalog.loader import load_default_catalog
from glutemed.programming.models import Profile
from glutemed.services.progress import progress_summary
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.progress_lines import rebuild_lines
from glutemed.store.tables import PerformedSetRow
from glutemed.store.unit_of_work import SqlUnitOfWork

TARGET_MS = 200.0
RUNS = 7


def fill(url: str, n_sets: int) -> tuple[int, float]:
    """Create a person with ``n_sets`` sets; returns their id and the seconds it took."""
    catalog = load_default_catalog()
    variants = [v.id for v in catalog.variants][:20]
    engine = make_engine(url)
    upgrade(engine)
    start = time.perf_counter()
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Bench", Profile(goal="hypertrophy"))
        uow.commit()
    rows = []
    day0 = dt.date(2020, 1, 6)
    for i in range(n_sets):
        session, set_index = divmod(i, 3 * 2 * len(variants))
        variant = variants[(set_index // 6) % len(variants)]
        rows.append(
            {
                "person_id": pid,
                "variant_id": variant,
                "side": "left" if set_index % 2 == 0 else "right",
                "date": day0 + dt.timedelta(days=session),
                "set_index": 1 + (set_index // 2) % 3,
                "reps": 8 + i % 5,
                "load_kg": 1.0 + (session // 10) * 0.5,
                "rir": 2,
                "pain_during": i % 4,
                "checks": {"trunk-still": True},
                "red_flags": [],
                "target_reps_low": 8,
                "target_reps_high": 12,
            }
        )
    with engine.begin() as conn:
        for chunk in range(0, len(rows), 10_000):
            conn.execute(insert(PerformedSetRow), rows[chunk : chunk + 10_000])
    # the bulk insert bypasses the repository, so summarise the log once, as the
    # migration that introduced progress_lines does
    with SqlUnitOfWork(engine) as uow:
        rebuild_lines(uow.session, pid)
        uow.commit()
    engine.dispose()
    return pid, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="database URL (default: a temp SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench_progress.sqlite3'}"
    pid, fill_s = fill(url, args.sets)
    catalog = load_default_catalog()
    engine = make_engine(url)
    progress_summary(SqlUnitOfWork(engine, readonly=True), pid, catalog)  # warm the caches
    wall: list[float] = []
    summary = None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        summary = progress_summary(SqlUnitOfWork(engine, readonly=True), pid, catalog)
        wall.append((time.perf_counter() - t0) * 1000)
    assert summary is not None and summary.total_sets == args.sets
    table = Table(title=f"progress_summary over {args.sets:,} sets ({url.split(':')[0]})")
    for column in (
        "variants",
        "sessions",
        "median ms",
        "min ms",
        "max ms",
        f"target < {TARGET_MS:g} ms",
    ):
        table.add_column(column, justify="right")
    median = statistics.median(wall)
    table.add_row(
        str(len(summary.variants)),
        f"{sum(s.sessions for v in summary.variants for s in v.sides):,}",
        f"{median:.1f}",
        f"{min(wall):.1f}",
        f"{max(wall):.1f}",
        "yes" if median < TARGET_MS else "NO",
    )
    console = Console()
    console.print(table)
    console.print(f"(filling the log took {fill_s:.1f} s; {RUNS} timed runs after one warm-up)")
    console.print(_append_table(engine, pid))
    engine.dispose()


def _append_table(engine: Engine, pid: int) -> Table:
    """What keeping the summaries costs a write: append sets onto the 100,000-set log."""
    last = SqlUnitOfWork(engine, readonly=True)
    with last:
        newest = last.sets.recent(pid, limit=1)[0].performed
    wall: list[float] = []
    for i in range(30):
        performed = newest.model_copy(update={"date": newest.date + dt.timedelta(days=1 + i)})
        t0 = time.perf_counter()
        with SqlUnitOfWork(engine) as uow:
            uow.sets.add(pid, performed)
            uow.commit()
        wall.append((time.perf_counter() - t0) * 1000)
    table = Table(title="appending a set (store + running summary, one transaction)")
    for column in ("appends", "median ms", "max ms"):
        table.add_column(column, justify="right")
    table.add_row(str(len(wall)), f"{statistics.median(wall):.2f}", f"{max(wall):.2f}")
    return table


if __name__ == "__main__":
    main()
