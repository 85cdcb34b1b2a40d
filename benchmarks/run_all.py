"""Run every benchmark in this folder, one after another, and summarise them in a table.

Run: ``python benchmarks/run_all.py [NAME ...]`` (names without ``bench_``/``.py``, e.g.
``demand log``). Each script prints its own detailed table; this runner adds one summary
line per script (exit status and wall time) so a regression is visible at a glance.
Scripts run in separate processes so one's imports and caches do not flatter another.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    scripts = [
        p for p in sorted(HERE.glob("bench_*.py"))
        if not wanted or p.stem.removeprefix("bench_") in wanted
    ]
    summary = Table(title="glutemed benchmarks")
    summary.add_column("benchmark")
    summary.add_column("status")
    summary.add_column("wall time (s)", justify="right")
    failed = 0
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)])
        elapsed = time.perf_counter() - started
        failed += code != 0
        summary.add_row(script.stem, "ok" if code == 0 else f"exit {code}", f"{elapsed:.1f}")
    Console().print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
