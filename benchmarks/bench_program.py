"""Benchmark: generating a 16-week program (target: under 20 ms per program).

Run with ``python benchmarks/bench_program.py``. Times ``generate_program`` for one profile
per goal at the heaviest settings (16 weeks, 4 leg days, all equipment, body data given so the
load model is consulted when it is installed) and prints a Rich table.
"""

from __future__ import annotations

import os
import statistics
import time

from rich.console import Console
from rich.table import Table

from glutemed.catalog.loader import load_default_catalog
from glutemed.programming.generator import generate_program
from glutemed.programming.models import Goal, Level, Profile

TARGET_MS = 20.0
RUNS = 50


def main() -> None:
    catalog = load_default_catalog()
    table = Table(title=f"generate_program, 16 weeks x 4 days ({RUNS} runs each)")
    for column in ("goal", "items", "min ms", "median ms", "max ms", f"< {TARGET_MS:g} ms"):
        table.add_column(column, justify="right" if column != "goal" else "left")
    for goal in Goal:
        profile = Profile(
            goal=goal, days_per_week=4, weeks=16, equipment=frozenset(catalog.equipment_ids),
            level=Level.INTERMEDIATE, minutes_per_session=90, mass_kg=72.0, height_m=1.74,
        )
        generate_program(profile, catalog)  # warm-up
        times_ms = []
        for _ in range(RUNS):
            start = time.perf_counter()
            program = generate_program(profile, catalog)
            times_ms.append((time.perf_counter() - start) * 1000)
        items = sum(len(s.items) for w in program.weeks for s in w.sessions)
        median = statistics.median(times_ms)
        table.add_row(
            goal.value, str(items), f"{min(times_ms):.2f}", f"{median:.2f}",
            f"{max(times_ms):.2f}", "yes" if median < TARGET_MS else "NO",
        )
    load_1m = os.getloadavg()[0]
    table.caption = (
        f"load average {load_1m:.1f} on {os.cpu_count()} CPUs: on a busy machine read the min "
        "column; the median is the target's measure"
    )
    Console().print(table)


if __name__ == "__main__":
    main()
