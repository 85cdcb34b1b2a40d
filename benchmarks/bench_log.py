"""Benchmark: log one set and get the next decision, and read the last 20 sets, at 1,000
and at 100,000 stored sets (targets: 2.5 ms and 1 ms of CPU; the history's length must
not matter).

For each ``--stored`` size a fresh person gets that many older sets first, by bulk insert
(the exercise logged below twice a week, three sets, plus 19 other exercises as often, on
both sides, going back in time from the day before the timed sessions), and their running
summaries are built once. Then the person logs ``--sessions`` sessions (two a week, three
sets of side-lying abduction with a cuff at the ankle); every ``log_set`` call -- store the
set, run the progression engine over the history window, store the decision and the new
target, commit -- is timed, and after each set ``list_sets(limit=20)`` (what
``GET /api/v1/people/{id}/sets?limit=20`` reads) is timed too. Wall-clock and CPU time are
both shown, with a CPU calibration line, because this machine may be shared.

    python benchmarks/bench_log.py [--stored 1000,100000] [--sessions 16] [--db-dir DIR]
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
from sqlalchemy import Engine

from glutemed.catalog.loader import load_default_catalog
from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Profile, Program, Session, Side, Week
from glutemed.progression.models import PerformedSet
from glutemed.services.people import save_program
from glutemed.services.set_edits import list_sets
from glutemed.services.set_logging import log_set
from glutemed.services.todays_session import todays_session
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.unit_of_work import SqlUnitOfWork

TARGET_MS = {"log_set": 2.5, "list_sets(20)": 1.0}
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


def _older_sets(pid: int, n_sets: int, variants: list[str]) -> list[dict[str, object]]:
    """``n_sets`` rows before START: each exercise twice a week, three sets, both sides."""
    rows: list[dict[str, object]] = []
    session = 0
    while len(rows) < n_sets:
        day = START - dt.timedelta(days=1 + 3 * session + session // 2)
        for variant in variants:
            for side in ("left", "right") if variant != CUFF else ("both",):
                for set_index in (1, 2, 3):
                    if len(rows) == n_sets:
                        return rows
                    rows.append({
                        "person_id": pid, "variant_id": variant, "side": side, "date": day,
                        "set_index": set_index, "reps": 10 + set_index, "load_kg": 1.0,
                        "rir": 2, "pain_during": set_index % 3, "checks": {},
                        "red_flags": [], "target_reps_low": 8, "target_reps_high": 12,
                        "created_at": dt.datetime.now(dt.UTC),
                    })
        session += 1
    return rows


def _seed(engine: Engine, pid: int, n_sets: int) -> None:
    from sqlalchemy import insert

    from glutemed.store.progress_lines import rebuild_lines
    from glutemed.store.side_days import rebuild_days
    from glutemed.store.tables import PerformedSetRow

    catalog = load_default_catalog()
    others = [v.id for v in catalog.variants if v.id != CUFF][:19]
    rows = _older_sets(pid, n_sets, [CUFF, *others])
    with engine.begin() as conn:
        for chunk in range(0, len(rows), 10_000):
            conn.execute(insert(PerformedSetRow), rows[chunk : chunk + 10_000])
    with SqlUnitOfWork(engine) as uow:
        rebuild_lines(uow.session, pid)
        rebuild_days(uow.session, pid)
        uow.commit()


def run(url: str, sessions: int, stored: int) -> dict[str, dict[str, list[float]]]:
    engine = make_engine(url)
    upgrade(engine)
    catalog = load_default_catalog()
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Bench", _program().profile)
        uow.commit()
    _seed(engine, pid, stored)
    save_program(SqlUnitOfWork(engine), pid, _program(), START)
    wall: list[float] = []
    cpu: list[float] = []
    read_wall: list[float] = []
    read_cpu: list[float] = []
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
                log_set(SqlUnitOfWork(engine), pid, performed, catalog, day)
                wall.append((time.perf_counter() - w0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                w0, c0 = time.perf_counter(), time.process_time()
                recent = list_sets(SqlUnitOfWork(engine, readonly=True), pid, limit=20)
                read_wall.append((time.perf_counter() - w0) * 1000)
                read_cpu.append((time.process_time() - c0) * 1000)
                assert len(recent) == 20
        day += dt.timedelta(days=3 if n % 2 == 0 else 4)
    engine.dispose()
    return {"log_set": {"wall": wall, "cpu": cpu},
            "list_sets(20)": {"wall": read_wall, "cpu": read_cpu}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", default="1000,100000", help="stored sets, comma list")
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--db-dir", default=None, help="where the SQLite files go")
    args = parser.parse_args()
    folder = Path(args.db_dir or tempfile.mkdtemp())
    table = Table(title="log a set + next decision; read the last 20 sets (SQLite, ms)")
    for column in ("stored sets", "call", "n", "median wall", "p95 wall", "median CPU",
                   "p95 CPU", "target (CPU)"):
        table.add_column(column, justify="right")
    for stored in (int(n) for n in args.stored.split(",")):
        url = f"sqlite:///{folder / f'bench_log_{stored}.sqlite3'}"
        for call, times in run(url, args.sessions, stored).items():
            wall, cpu = sorted(times["wall"]), sorted(times["cpu"])
            p95 = int(0.95 * (len(wall) - 1))
            median_cpu = statistics.median(cpu)
            target = TARGET_MS[call]
            table.add_row(
                f"{stored:,}", call, str(len(wall)), f"{statistics.median(wall):.2f}",
                f"{wall[p95]:.2f}", f"{median_cpu:.2f}", f"{cpu[p95]:.2f}",
                f"<= {target} {'yes' if median_cpu <= target else 'NO'}",
            )
    console = Console()
    console.print(table)
    console.print(describe())


if __name__ == "__main__":
    main()
