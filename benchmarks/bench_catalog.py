"""Benchmark: loading and validating the knowledge base, and the catalogue look-ups.

Every ``glutemed`` command and every web worker loads the catalogue once at start-up, so its
load time is paid on each command line call. Target: a full load (read, parse, validate,
cross-file checks) under 300 ms. Judged on the best of N runs (the ``timeit`` convention:
on a shared machine other processes only ever add time); the median is shown too.

    python benchmarks/bench_catalog.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from glutemed.catalog.loader import load_catalog

RUNS = 15
TARGET_LOAD_MS = 300.0


def _time_ms(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return min(samples), statistics.median(samples)


def main() -> None:
    catalog = load_catalog()
    families = [f.family for f in catalog.families]
    rows = [
        ("load + validate catalogue", *_time_ms(load_catalog), TARGET_LOAD_MS),
        (
            "ladder_order, every family",
            *_time_ms(lambda: [catalog.ladder_order(f) for f in families]),
            None,
        ),
        (
            "filter (equipment none, weight-bearing)",
            *_time_ms(lambda: catalog.filter(equipment=set(), weight_bearing=True)),
            None,
        ),
        ("suggest for a typo", *_time_ms(lambda: catalog.suggest("side-plank.ful")), None),
    ]
    print(f"{len(catalog.variants)} variants in {len(families)} families, best/median of {RUNS}")
    print(f"{'operation':<42} {'best ms':>9} {'median ms':>10} {'target':>8}")
    for name, best, median, target in rows:
        verdict = "" if target is None else ("ok" if best < target else "SLOW")
        print(f"{name:<42} {best:>9.2f} {median:>10.2f} {verdict:>8}")


if __name__ == "__main__":
    main()
