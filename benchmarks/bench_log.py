"""Benchmark: log one set and get the next decision, on SQLite (target: under 5 ms).

A person with a small program logs eight weeks of sessions (two a week, three sets per side
of side-lying abduction with a cuff at the ankle); every ``log_set`` call -- store the set,
run the progression engine over the history window, store the decision and the new target,
commit -- is timed. Wall-clock and CPU time are both shown, with a CPU calibration line,
because this machine may be shared.

    python benchmarks/bench_log.py [--sessions 16] [--db sqlite:///path.sqlite3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from machine import describe
from rich.console import Console
from rich.table import Table

from glutemed.catalog.loader import load_default_catalog
from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Profile, Program, Session, Side, Week
from glutemed.progression.models import PerformedSet
from glutemed.services.people import save_program
from glutemed.services.sessions import default_rules, log_set, todays_session
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.unit_of_work import SqlUnitOfWork

TARGET_MS = 5.0
CUFF = "side-lying-abduction.cuff-ankle"
START = dt.date(2026, 3, 2)


def _program() -> Program:
    rx = Prescription(
        variant_id=CUFF,
        role=Role.ABDUCTION,
        mode=Mode.ISOTONIC,
        side=Side.BOTH,
        sets=3,
        reps=(8, 12),
        load_kg=1.0,
        rest_s=60,
        rir=(1, 3),
        rationale="benchmark",
    )
    sessions = [Session(day=1, name="A", items=[rx]), Session(day=2, name="B", items=[rx])]
    return Program(
        profile=Profile(goal="hypertrophy", weeks=8),
        weeks=[Week(number=n, focus="benchmark", sessions=sessions) for n in range(1, 9)],
        rationale=["benchmark"],
    )


def run(url: str, sessions: int) -> dict[str, list[float]]:
    engine = make_engine(url)
    upgrade(engine)
    catalog = load_default_catalog()
    rules = default_rules()
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Bench", _program().profile)
        uow.commit()
    save_program(SqlUnitOfWork(engine), pid, _program(), START)
    wall: list[float] = []
    cpu: list[float] = []
    day = START
    for n in range(sessions):
        today = todays_session(SqlUnitOfWork(engine), pid, catalog, day)
        for item in today.items:
            for set_number in range(item.target.sets):
                reps = (item.target.reps or (8, 12))[1] - (set_number + n) % 3
                performed = PerformedSet(
                    variant_id=item.variant_id,
                    side=item.side,
                    date=day,
                    reps=reps,
                    load_kg=item.target.load_kg,
                    rir=2,
                    pain_during=n % 3,
                    checks={"trunk-still": True},
                )
                w0, c0 = time.perf_counter(), time.process_time()
                log_set(SqlUnitOfWork(engine), pid, performed, catalog, day, rules=rules)
                wall.append((time.perf_counter() - w0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        day += dt.timedelta(days=3 if n % 2 == 0 else 4)
    engine.dispose()
    return {"wall": wall, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--db", default=None, help="database URL (default: a temp SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench_log.sqlite3'}"
    times = run(url, args.sessions)
    table = Table(title=f"log_set + next decision ({len(times['wall'])} sets, {url.split(':')[0]})")
    for column in ("clock", "median ms", "p95 ms", "mean ms", "max ms", f"target < {TARGET_MS} ms"):
        table.add_column(column, justify="right")
    for name, values in times.items():
        ordered = sorted(values)
        median = statistics.median(ordered)
        table.add_row(
            name,
            f"{median:.2f}",
            f"{ordered[int(0.95 * (len(ordered) - 1))]:.2f}",
            f"{statistics.fmean(ordered):.2f}",
            f"{ordered[-1]:.2f}",
            "yes" if median < TARGET_MS else "NO",
        )
    console = Console()
    console.print(table)
    console.print(describe())


if __name__ == "__main__":
    main()
