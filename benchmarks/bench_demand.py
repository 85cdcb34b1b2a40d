"""Benchmark: demand for every catalogue variant for one person (issue 3 target < 5 ms).

Run: ``python benchmarks/bench_demand.py [--mass-kg 70 --height-m 1.75]``. Data files are
loaded once beforehand (as in a running app); the timed part is the pure model only. The
target is judged on the best of N runs (the ``timeit`` convention: on a shared machine other
processes only ever add time); the median is shown too.
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.console import Console
from rich.table import Table

from glutemed.biomech.anthropometrics import Person
from glutemed.biomech.demand import Demand, demand_or_none
from glutemed.biomech.loader import load_default_body_parameters, load_default_variant_models
from glutemed.catalog.loader import load_default_catalog

TARGET_MS = 5.0


def _all_demands(person: Person) -> list[tuple[str, Demand | None]]:
    catalog = load_default_catalog()
    return [(v.id, demand_or_none(v, person)) for v in catalog.variants]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mass-kg", type=float, default=70.0)
    parser.add_argument("--height-m", type=float, default=1.75)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    person = Person(args.mass_kg, args.height_m)
    load_default_catalog(), load_default_body_parameters(), load_default_variant_models()
    timings_ms = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = _all_demands(person)
        timings_ms.append((time.perf_counter() - start) * 1000)

    console = Console()
    table = Table(title=f"Demand per variant, {person.mass_kg:g} kg, {person.height_m:g} m")
    for column in ("Variant", "N·m", "N·m/kg", "× BW", "Hip"):
        table.add_column(column, justify="left" if column in ("Variant", "Hip") else "right")
    for variant_id, demand in results:
        if demand is None:
            table.add_row(variant_id, "-", "-", "-", "not modelled")
        else:
            table.add_row(variant_id, f"{demand.moment_nm:.1f}",
                          f"{demand.moment_nm_per_kg:.2f}", f"{demand.abductor_force_bw:.2f}",
                          demand.hip)
    console.print(table)
    timing = Table(title=f"All {len(results)} variants, {args.repeat} runs")
    for column in ("median ms", "min ms", "max ms", "target ms", "met"):
        timing.add_column(column, justify="right")
    median = statistics.median(timings_ms)
    timing.add_row(f"{median:.2f}", f"{min(timings_ms):.2f}", f"{max(timings_ms):.2f}",
                   f"{TARGET_MS:g}", "yes" if min(timings_ms) < TARGET_MS else "NO")
    console.print(timing)


if __name__ == "__main__":
    main()
