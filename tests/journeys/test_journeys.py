"""Golden multi-week journeys: real kinds of people followed through `today` and `log`.

Each journey (``*.yaml``) is played through the services on SQLite; its transcript (every
session's targets and decisions, then `today` on the last day) must equal the checked-in
``*.golden.txt`` - a physiotherapist can read it and so can a diff. The journeys' own
``expect:`` entries pin the clinical points, and every run is checked for the rules that
must always hold (the same ones the property tests check over random inputs):

* the target stored with each set is exactly the target `today` showed;
* nothing steps up in a session with pain above the step-up gate's 3/10, a failed check,
  unrecorded pain in rehab, or while progression is paused (Silbernagel et al. 2007's
  pain-monitoring model, as the rules file cites it);
* a step the plan proposes never lowers an earned load of the same kind (a lever edge
  excepted: its named rule scales the load by the lever ratio).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.journeys.runner import Run, journeys, load, play, transcript

from glutemed.catalog.models import Dimension
from glutemed.progression.rules import ActionKind
from glutemed.progression.situation import kg_load
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade

STEP_UP_MAX_PAIN = 3  # the step-up gate in default-rules.yaml


@pytest.fixture
def fresh(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'journey.sqlite3'}")
    upgrade(engine)
    return engine


def _last_day(path: Path) -> dt.date:
    spec = load(path)
    last = spec["steps"][-1]["date"]
    return last["to"] if isinstance(last, dict) else last


@pytest.mark.parametrize("path", journeys(), ids=lambda p: p.stem)
def test_journey_matches_its_golden_transcript(path: Path, fresh: Engine, catalog) -> None:
    run = play(path, fresh, catalog)
    text = transcript(run, fresh, catalog, _last_day(path))
    golden = path.with_suffix(".golden.txt")
    if os.environ.get("GLUTEMED_REGOLD") == "1" or not golden.exists():
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    _always(run, catalog)


def _always(run: Run, catalog) -> None:
    by_session: dict[tuple[dt.date, str, str], list] = {}
    for logged in run.logged:
        by_session.setdefault((logged.date, logged.item.slot, logged.item.side.value),
                              []).append(logged)
    for logged in run.logged:
        shown, stored = logged.item.target, logged.performed
        assert (stored.target_reps, stored.target_hold_s, stored.target_load_kg,
                stored.target_sets, stored.target_band, stored.target_band_at) == (
            shown.reps, shown.hold_s, shown.load_kg, shown.sets, shown.band, shown.band_at
        ), f"{logged.date}: stored target differs from the one shown"
        assert stored.slot == logged.item.slot
        if not logged.decision.progresses:
            continue
        day = by_session[(logged.date, logged.item.slot, logged.item.side.value)]
        pains = [x.performed.pain_during for x in day]
        assert all(p is not None and p <= STEP_UP_MAX_PAIN for p in pains), (
            f"{logged.date}: stepped up with pain {pains}")
        assert all(x.performed.checks_passed for x in day)
        assert run.todays[logged.date].paused is None, f"{logged.date}: stepped up while paused"
        if logged.decision.action is ActionKind.PLAN_STEP:
            _keeps_earned_load(logged, catalog)


def _keeps_earned_load(logged, catalog) -> None:
    before, after = logged.item.target, logged.decision.prescription
    old, new = (kg_load(catalog.variant(v)) for v in (before.variant_id, after.variant_id))
    if old is None or new is None or old.kind is not new.kind:
        return
    edges = [s for s in catalog.progressions(before.variant_id) if s.to == after.variant_id]
    if edges and edges[0].changes is Dimension.LEVER:
        return  # the lever rule scales the load by the lever ratio, by name
    assert (after.load_kg or 0) >= (before.load_kg or 0), (
        f"{logged.date}: the plan's step lowered {before.load_kg} kg to {after.load_kg} kg")
