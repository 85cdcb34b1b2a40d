"""How long the portable-history writers and parsers take for large histories.

Run: ``python benchmarks/bench_exports.py`` (prints a table; no pass/fail threshold).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from glutemed.export.bundle import HistoryBundle, PersonRecord
from glutemed.export.to_csv import parse_csv_zip, render_csv_zip
from glutemed.export.to_json import parse_json, render_json
from glutemed.programming.models import Goal, Profile, Side
from glutemed.progression.models import PerformedSet


def _bundle(n_sets: int) -> HistoryBundle:
    start = dt.date(2024, 1, 1)
    sets = [
        PerformedSet(
            variant_id="side-lying-abduction.cuff-ankle",
            side=Side.LEFT if i % 2 else Side.RIGHT,
            date=start + dt.timedelta(days=i // 12),
            set_index=i % 12 // 2 + 1,
            reps=8 + i % 5,
            load_kg=1.0 + (i // 240) * 0.5,
            rir=2,
            pain_during=i % 3,
            checks={"no-trunk-side-bend": True, "pelvis-stayed-stacked": i % 7 != 0},
            target_reps=(8, 12),
        )
        for i in range(n_sets)
    ]
    person = PersonRecord(name="Bench", profile=Profile(goal=Goal.HYPERTROPHY))
    return HistoryBundle(person=person, performed_sets=sets)


def _time(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def main() -> None:
    table = Table(title="Portable history: time (ms)")
    for column in ("sets", "render json", "parse json", "render csv zip", "parse csv zip"):
        table.add_column(column, justify="right")
    for n in (1_000, 10_000, 50_000):
        bundle = _bundle(n)
        as_json, as_zip = render_json(bundle), render_csv_zip(bundle)
        table.add_row(
            f"{n:,}",
            f"{_time(lambda b=bundle: render_json(b)):.0f}",
            f"{_time(lambda d=as_json: parse_json(d)):.0f}",
            f"{_time(lambda b=bundle: render_csv_zip(b)):.0f}",
            f"{_time(lambda d=as_zip: parse_csv_zip(d)):.0f}",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
