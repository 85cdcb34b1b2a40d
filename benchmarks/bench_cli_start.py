"""Benchmark: cold start of the everyday commands (target: ``today``, ``log``, ``why`` <= 0.3 s).

Each command runs as a fresh process, the way a person types it, on a SQLite database that
already holds a person, a program and a few weeks of sets (the schema at the newest
revision, so nothing is migrated). Every command is run ``--repeat`` times, interleaved, and
the median and the fastest wall-clock time are shown with the process's CPU time (user +
system, from ``getrusage``): on a shared machine the wall clock includes waiting for a core,
the CPU time does not.

Byte-code caches are on, as for anyone who installed glutemed (pip compiles them): the
benchmark unsets ``PYTHONDONTWRITEBYTECODE`` for its commands, so a source checkout writes
them on the warm-up runs. Without them every module is compiled from source on every start.

    python benchmarks/bench_cli_start.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe
from rich.console import Console
from rich.table import Table

TARGET_S = 0.3
DAY = "2026-12-03"
HOLD = "side-lying-abduction.isometric-hold"
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "today": ["today", "--date", DAY],
    "log": ["log", HOLD, "--side", "left", "--hold-s", "40", "--pain", "1", "--rir", "3",
            "--checks", "pass", "--date", DAY],
    "why": ["why", HOLD, "--side", "left"],
    "history": ["history"],
}
TARGETED = {"today", "log", "why"}


def _glutemed() -> list[str]:
    """The installed console script beside this Python, else ``python -m glutemed``."""
    script = Path(sys.executable).with_name("glutemed")
    if script.exists():
        return [str(script)]
    found = shutil.which("glutemed")
    return [found] if found else [sys.executable, "-m", "glutemed"]


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process running ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    env = dict(os.environ, GLUTEMED_DATABASE_URL=f"sqlite:///{folder / 'cli.sqlite3'}",
               GLUTEMED_AUTO_UPGRADE="1")
    env.pop("GLUTEMED_PERSON", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    base = _glutemed()
    subprocess.run(
        [*base, "start", "--name", "Bench", "--goal", "rehab", "--days", "2", "--weeks", "8",
         "--equipment", "mini-band,dumbbell", "--start-date", "2026-11-02", "--timezone", "UTC"],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True,
    )
    for _ in range(2):  # warm the byte-code caches and the database file
        for argv in COMMANDS.values():
            _run([*base, *argv], env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):
        for name, argv in COMMANDS.items():
            samples[name].append(_run([*base, *argv], env))
    table = Table(title=f"glutemed cold start ({args.repeat} runs each, interleaved)")
    for column in ("command", "median wall s", "fastest wall s", "median CPU s",
                   f"target <= {TARGET_S} s"):
        table.add_column(column, justify="right")
    for name, runs in samples.items():
        median = statistics.median(w for w, _ in runs)
        verdict = ("yes" if median <= TARGET_S else "NO") if name in TARGETED else "-"
        table.add_row(name, f"{median:.3f}", f"{min(w for w, _ in runs):.3f}",
                      f"{statistics.median(c for _, c in runs):.3f}", verdict)
    console = Console()
    console.print(table)
    console.print(describe())
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
