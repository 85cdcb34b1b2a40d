"""Issue 13's gates, followed through `today` and `log` (see runner.py): a performance
athlete's hops get harder only after clean landings in sessions in a row and never gain
reps; the 72-year-old keeps her hand on the counter until the support gate lets it go, one
step at a time. Both rules are glutemed's choices, expert opinion (default-rules.yaml).

Each test reads what `today` showed, so it fails if the gate stops holding, whatever the
golden transcript says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.journeys.runner import HERE, play

from glutemed.catalog.catalog import Catalog
from glutemed.programming.conditions import support_steps
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade


@pytest.fixture
def fresh(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'journey.sqlite3'}")
    upgrade(engine)
    return engine


def test_a_fit_athletes_hops_stay_stuck_and_short_for_two_weeks_and_never_gain_reps(
    fresh: Engine, catalog: Catalog
) -> None:
    """Before the landing gate: stick-short -> stick-long -> continuous within two weeks,
    then 7-10, 9-12 reps. Every session here is at the top with every check passed."""
    run = play(HERE / "performance-side-steps.yaml", fresh, catalog)
    hops = [(today.week, i.target) for _, today in sorted(run.todays.items())
            if today.due for i in today.items if i.target.variant_id.startswith("lateral-hop.")]
    assert hops
    assert all(t.variant_id == "lateral-hop.stick-short" for week, t in hops
               if week is not None and week <= 2)
    assert all(t.reps is not None and t.reps[1] <= 8 for _, t in hops)


def test_the_balance_support_comes_off_by_the_gate_one_step_at_a_time(
    fresh: Engine, catalog: Catalog
) -> None:
    hand, fingertips, hands_free = support_steps()
    run = play(HERE / "balance-risk-no-equipment.yaml", fresh, catalog)
    notes: dict[str, list[str]] = {}
    for _, today in sorted(run.todays.items()):
        for item in today.items if today.due else ():
            if item.slot.endswith(":single-limb-stance"):
                notes.setdefault(item.slot, []).append(item.target.setup_note or "")
    (stance,) = notes.values()
    # the steps in order, none skipped, never back to none
    order = [s for i, s in enumerate(stance) if i == 0 or s != stance[i - 1]]
    assert order == [hand, fingertips, hands_free], order
    # a hand on the counter for at least the first two sessions (two clean ones needed)
    assert stance[:2] == [hand, hand]
