"""Benchmark: importing a long history costs the same whatever order its sets come in.

20,000 sets (ten bodyweight variants, both sides, about two years of sessions) are imported
into a fresh person twice: once in date order and once newest first (a tracker export, or a
file sorted by hand). Each import is one transaction (``import_sets``: check every set,
skip duplicates, store, then bring each progress line up to date once). A second pair of
rows imports the same history as a whole ``glutemed export`` bundle (``import_bundle``),
again in both orders. Reversed should be within about 2x of in order; before the progress
lines were recomputed once at the end, each back-dated set rebuilt its line from every
set before it, and 20,000 reversed sets took about 17x as long as in order.

    python benchmarks/bench_import.py [--sets 20000] [--repeat 3] [--db-dir /tmp]
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
from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.services.people import start_person
from glutemed.services.portability import export_bundle, import_bundle, import_sets
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.unit_of_work import SqlUnitOfWork

START = dt.date(2024, 1, 1)
TODAY = dt.date(2026, 12, 1)
REPS = [
    "side-lying-abduction.bodyweight", "reverse-lunge.bodyweight",
    "single-leg-deadlift.bodyweight", "single-leg-squat.bodyweight",
    "calf-raise.single-leg", "side-plank.short-abduction",
]
HOLDS = [
    "side-lying-abduction.isometric-hold", "side-plank.short", "single-limb-stance.bodyweight",
    "standing-abduction.isometric-wall",
]


def history(n_sets: int) -> list[PerformedSet]:
    """``n_sets`` plausible sets in date order: 3 sets x 2 sides of each variant a day."""
    variants = REPS + HOLDS
    per_day = 6 * len(variants)
    days = (TODAY - START).days
    out = []
    for i in range(n_sets):
        day, k = divmod(i, per_day)
        variant = variants[k // 6]
        side = Side.LEFT if k % 2 == 0 else Side.RIGHT
        date = START + dt.timedelta(days=(day * 2) % days)
        common = {"variant_id": variant, "side": side, "date": date, "rir": 2,
                  "pain_during": i % 3}
        if variant in HOLDS:
            out.append(PerformedSet(**common, hold_s=30 + i % 15))
        else:
            out.append(PerformedSet(**common, reps=8 + i % 5))
    return sorted(out, key=lambda s: s.date)


def _person(engine_url: str) -> tuple[object, int]:
    engine = make_engine(engine_url)
    upgrade(engine)
    catalog = load_default_catalog()
    pid = start_person(SqlUnitOfWork(engine), "Bench", Profile(goal="rehab", weeks=8),
                       catalog, START)
    return engine, pid


def time_import_sets(folder: Path, sets: list[PerformedSet], tag: str) -> float:
    engine, pid = _person(f"sqlite:///{folder / f'sets-{tag}.sqlite3'}")
    catalog = load_default_catalog()
    started = time.perf_counter()
    stored, _ = import_sets(SqlUnitOfWork(engine), pid, sets,  # type: ignore[arg-type]
                            catalog=catalog, today=TODAY)
    elapsed = time.perf_counter() - started
    assert stored == len(sets), (stored, len(sets))
    engine.dispose()  # type: ignore[attr-defined]
    return elapsed


def time_import_bundle(folder: Path, sets: list[PerformedSet], tag: str,
                       reverse: bool) -> float:
    engine, pid = _person(f"sqlite:///{folder / f'bundle-src-{tag}.sqlite3'}")
    catalog = load_default_catalog()
    import_sets(SqlUnitOfWork(engine), pid, sets, catalog=catalog,  # type: ignore[arg-type]
                today=TODAY)
    bundle = export_bundle(SqlUnitOfWork(engine), pid)  # type: ignore[arg-type]
    if reverse:
        bundle = bundle.model_copy(update={"performed_sets": bundle.performed_sets[::-1]})
    target = make_engine(f"sqlite:///{folder / f'bundle-dst-{tag}.sqlite3'}")
    upgrade(target)
    started = time.perf_counter()
    import_bundle(SqlUnitOfWork(target), bundle, today=TODAY, catalog=catalog)
    elapsed = time.perf_counter() - started
    target.dispose()
    engine.dispose()  # type: ignore[attr-defined]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db-dir", default=None, help="where the SQLite files go")
    args = parser.parse_args()
    folder = Path(args.db_dir or tempfile.mkdtemp())
    in_order = history(args.sets)
    rows: dict[str, list[float]] = {k: [] for k in (
        "import_sets, in date order", "import_sets, newest first",
        "import_bundle, in date order", "import_bundle, newest first")}
    for n in range(args.repeat):
        rows["import_sets, in date order"].append(time_import_sets(folder, in_order, f"a{n}"))
        rows["import_sets, newest first"].append(
            time_import_sets(folder, in_order[::-1], f"r{n}"))
        rows["import_bundle, in date order"].append(
            time_import_bundle(folder, in_order, f"a{n}", reverse=False))
        rows["import_bundle, newest first"].append(
            time_import_bundle(folder, in_order, f"r{n}", reverse=True))
    table = Table(title=f"import {args.sets:,} sets, SQLite ({args.repeat} runs each, median)")
    for column in ("import", "median s", "fastest s", "sets/s"):
        table.add_column(column, justify="right")
    for name, values in rows.items():
        median = statistics.median(values)
        table.add_row(name, f"{median:.2f}", f"{min(values):.2f}", f"{args.sets / median:,.0f}")
    console = Console()
    console.print(table)
    for kind in ("import_sets", "import_bundle"):
        ratio = (statistics.median(rows[f"{kind}, newest first"])
                 / statistics.median(rows[f"{kind}, in date order"]))
        console.print(f"{kind}: newest first / in date order = {ratio:.2f}x (target <= 2x)")
    console.print(describe())


if __name__ == "__main__":
    main()
