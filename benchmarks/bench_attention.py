"""Benchmark: the clinic's needs-attention list for a caseload (target: 30 clients under
250 ms on SQLite).

Creates a clinician's clients, each started three weeks ago with a generated program and 40
logged sets (with pain scores), and times ``attention_list`` over all of them: what the
clinician's ``/clinic`` page and ``GET /api/v1/clinic/attention`` compute per request.

    python benchmarks/bench_attention.py [--clients 30] [--db postgresql+psycopg://...]
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

from glutemed.catalog.loader import load_default_catalog
from glutemed.programming.models import Profile
from glutemed.progression.models import PerformedSet
from glutemed.services.attention import attention_list
from glutemed.services.people import start_person
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.unit_of_work import SqlUnitOfWork

TARGET_MS = 250.0
RUNS = 9
TODAY = dt.date(2026, 12, 3)


def fill(url: str, clients: int) -> list[int]:
    """``clients`` people, each with a program from three weeks ago and 40 sets."""
    catalog = load_default_catalog()
    engine = make_engine(url)
    upgrade(engine)
    ids = []
    profile = Profile(goal="rehab", equipment=frozenset({"mini-band"}), days_per_week=3)
    for n in range(clients):
        pid = start_person(SqlUnitOfWork(engine), f"Client {n}", profile, catalog,
                           TODAY - dt.timedelta(days=21))
        with SqlUnitOfWork(engine) as uow:
            item = uow.programs.active(pid).program.weeks[0].sessions[0].items[0]  # type: ignore[union-attr]
            dose = {"reps": 10} if item.reps else {"hold_s": 20}
            for k in range(40):
                uow.sets.add(pid, PerformedSet(
                    variant_id=item.variant_id, side="left" if k % 2 else "right",
                    date=TODAY - dt.timedelta(days=20 - k // 2), pain_during=k % 5, **dose))
            uow.commit()
        ids.append(pid)
    engine.dispose()
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        ids = fill(url, args.clients)
        engine = make_engine(url)
        catalog = load_default_catalog()
        with SqlUnitOfWork(engine) as uow:
            people = [uow.people.get(i) for i in ids]
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            rows = attention_list(SqlUnitOfWork(engine, readonly=True), people, catalog,
                                  lambda _: TODAY)
            times.append((time.perf_counter() - start) * 1000)
        engine.dispose()
    median = statistics.median(times)
    table = Table(title=f"needs-attention list, {len(rows)} clients")
    table.add_column("median ms", justify="right")
    table.add_column("max ms", justify="right")
    table.add_column(f"target < {TARGET_MS:.0f} ms")
    table.add_row(f"{median:.1f}", f"{max(times):.1f}", "ok" if median < TARGET_MS else "SLOW")
    Console().print(table)
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
