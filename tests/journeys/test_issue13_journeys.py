"""Issue 13's people, followed through `today` and `log` (see runner.py): the article's
staples reach every goal, ladders lead to loaded forms, and one leg day a week works.

Each test plays a journey file and checks the clinical point on what `today` showed, so it
fails if the planner stops offering it, whatever the golden transcript says.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.journeys.runner import HERE, Run, play

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Pattern, Role
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade


@pytest.fixture
def fresh(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'journey.sqlite3'}")
    upgrade(engine)
    return engine


def _shown(run: Run, catalog: Catalog) -> dict[int, list[str]]:
    """Variant ids `today` showed, by program week."""
    weeks: dict[int, list[str]] = defaultdict(list)
    for today in run.todays.values():
        if today.week is not None and today.due:
            weeks[today.week] += [i.target.variant_id for i in today.items]
    return weeks


def test_a_runner_with_a_full_gym_gets_side_steps_and_single_leg_squats(
    fresh: Engine, catalog: Catalog
) -> None:
    run = play(HERE / "runner-full-gym-two-days.yaml", fresh, catalog)
    weeks = _shown(run, catalog)
    assert weeks.keys() >= {1, 2, 3}
    for number, ids in weeks.items():
        families = {catalog.variant(i).family for i in ids}
        assert "banded-side-step" in families, number
        # single-leg squat work: the squat itself or the lateral step-down
        assert any(catalog.variant(i).pattern is Pattern.SINGLE_LEG_SQUAT for i in ids), number


def test_glute_hypertrophy_three_days_climbs_side_lying_abduction_to_the_cuff(
    fresh: Engine, catalog: Catalog
) -> None:
    """Seed article: the cuff goes on at the knee, then moves to the ankle."""
    run = play(HERE / "hypertrophy-band-and-cuff.yaml", fresh, catalog)
    side_lying = [
        i.target.variant_id for t in run.todays.values() for i in t.items
        if i.target.variant_id.startswith("side-lying-abduction.")
    ]
    assert "side-lying-abduction.cuff-knee" in side_lying
    assert "side-lying-abduction.cuff-ankle" in side_lying
    assert side_lying.index("side-lying-abduction.cuff-knee") < side_lying.index(
        "side-lying-abduction.cuff-ankle"
    )


def test_a_tennis_player_one_day_a_week_trains_every_staple_every_week(
    fresh: Engine, catalog: Catalog
) -> None:
    run = play(HERE / "tennis-one-day-a-week.yaml", fresh, catalog)
    weeks = _shown(run, catalog)
    assert sorted(weeks) == list(range(1, 13))
    for number, ids in weeks.items():
        variants = [catalog.variant(i) for i in ids]
        patterns = {v.pattern for v in variants}
        assert patterns & {Pattern.BILATERAL_SQUAT, Pattern.BILATERAL_HINGE}, number
        assert sum(v.pattern.is_single_leg_compound for v in {v.id: v for v in variants}.values()
                   ) == 1, number
        assert any(v.role is Role.ABDUCTION for v in variants), number
        assert Pattern.LATERAL in patterns, number  # lateral power every week
    assert not any(t.lighter_week for t in run.todays.values())
    assert not any("plan.lighter-week" in line for line in run.lines)
    squat_weeks = {n for n, ids in weeks.items() if "squat.back-squat" in ids}
    assert squat_weeks == {1, 2, 3, 4, 9, 10, 11, 12}  # the days take turns every four weeks
    first = min(run.todays)
    assert first == dt.date(2026, 1, 5)
