"""Benchmark: one progression decision, the engine's share of "log a set and get the next
decision" (the storage issue's target for the whole call is 5 ms on SQLite).

The history grows from a single session to 400 sets (the most the session service hands
over) and to 5,000 sets (a person's whole log, passed unfiltered). The engine reads at most
the last 12 sessions, so the cost should stay flat apart from the single filtering pass.
Judged on the best of N runs (the ``timeit`` convention); the median is shown too.

    python benchmarks/bench_progression.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from glutemed.catalog.loader import load_default_catalog
from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Side
from glutemed.progression.engine import decide
from glutemed.progression.models import PerformedSet
from glutemed.progression.rules import load_default_rules

RUNS = 30
TARGET_MS = 2.0
START = dt.date(2026, 1, 5)
VARIANTS = ["side-lying-abduction.cuff-knee", "side-plank.short", "banded-side-step.knees-light"]


def _history(n_sets: int) -> list[PerformedSet]:
    out = []
    for i in range(n_sets):
        variant = VARIANTS[i % len(VARIANTS)]
        hold = variant == "side-plank.short"
        out.append(PerformedSet(
            variant_id=variant, side=Side.LEFT if i % 2 else Side.RIGHT,
            date=START + dt.timedelta(days=(i // 18) * 3), set_index=1 + (i // 6) % 3,
            reps=None if hold else 12 + i % 4, hold_s=35.0 if hold else None,
            load_kg=1.0 if variant.endswith("cuff-knee") else None,
            pain_during=i % 4, checks={"no-trunk-side-bend": True},
        ))
    return out


def _time_ms(fn: Callable[[], object]) -> tuple[float, float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return min(samples), statistics.median(samples)


def main() -> None:
    catalog = load_default_catalog()
    rules = load_default_rules()
    p = Prescription(
        variant_id="side-lying-abduction.cuff-knee", role=Role.ABDUCTION, mode=Mode.ISOTONIC,
        side=Side.LEFT, sets=3, reps=(10, 15), load_kg=1.0, rest_s=60, rir=(1, 3),
        rationale="benchmark",
    )
    print(f"{'decide() with a history of':<32}{'best ms':>10}{'median ms':>12}{'target':>10}")
    failed = False
    for n_sets in (3, 400, 5000):
        history = _history(n_sets)
        today = max(s.date for s in history)
        best, median = _time_ms(
            lambda h=history, t=today: decide(rules, h, p, catalog, t, side=Side.LEFT)
        )
        target = TARGET_MS if n_sets <= 400 else None
        verdict = "" if target is None else ("ok" if best <= target else "SLOW")
        failed |= verdict == "SLOW"
        shown = f"<= {target:g}" if target else "-"
        print(f"{f'{n_sets} sets':<32}{best:>10.2f}{median:>12.2f}{shown:>10} {verdict}")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
