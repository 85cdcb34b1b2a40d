"""An imported history gives the same progress whatever order its sets come in.

``import_sets`` and ``import_bundle`` store every set first and recompute each progress
line once at the end of the same transaction (before, each set dated before its line's
latest session rebuilt the line: quadratic in a history imported newest first). The time
it takes is measured in ``benchmarks/bench_import.py``; here, that the result is the same.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from glutemed.catalog.catalog import Catalog
from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.services.people import start_person
from glutemed.services.portability import export_bundle, import_bundle, import_sets
from glutemed.services.progress import progress_summary
from glutemed.store.unit_of_work import SqlUnitOfWork

START = dt.date(2026, 1, 5)
TODAY = dt.date(2026, 3, 1)


def _history() -> list[PerformedSet]:
    """Six weeks of a hold and a lunge, both sides, three sets each, in date order."""
    sets = []
    for week in range(6):
        for day in (0, 3):
            date = START + dt.timedelta(days=7 * week + day)
            for side in (Side.LEFT, Side.RIGHT):
                for n in range(3):
                    sets.append(PerformedSet(
                        variant_id="side-lying-abduction.isometric-hold", side=side,
                        date=date, hold_s=30 + week * 2 + n, pain_during=(week + n) % 4))
                    sets.append(PerformedSet(
                        variant_id="reverse-lunge.bodyweight", side=side, date=date,
                        reps=8 + week % 4 + n, rir=2))
    return sets


def _person(engine: Engine, catalog: Catalog, name: str) -> int:
    return start_person(SqlUnitOfWork(engine), name, Profile(goal="rehab"), catalog, START)


def _progress(engine: Engine, person_id: int, catalog: Catalog) -> object:
    return progress_summary(SqlUnitOfWork(engine), person_id, catalog).model_dump(
        exclude={"person_id"})


def test_sets_imported_newest_first_give_the_progress_of_sets_in_order(
    engine: Engine, catalog: Catalog
) -> None:
    in_order, reversed_ = _person(engine, catalog, "A"), _person(engine, catalog, "B")
    history = _history()
    assert import_sets(SqlUnitOfWork(engine), in_order, history, catalog=catalog,
                       today=TODAY) == (len(history), 0)
    assert import_sets(SqlUnitOfWork(engine), reversed_, history[::-1], catalog=catalog,
                       today=TODAY) == (len(history), 0)
    assert _progress(engine, reversed_, catalog) == _progress(engine, in_order, catalog)
    summary = progress_summary(SqlUnitOfWork(engine), reversed_, catalog)
    hold = next(v for v in summary.variants
                if v.variant_id == "side-lying-abduction.isometric-hold")
    left = next(s for s in hold.sides if s.side is Side.LEFT)
    assert (left.sessions, left.sets) == (12, 36)  # 6 weeks x 2 days; x 3 sets
    assert (left.first, left.last, left.best) == (32, 42, 42)  # week 1's best; week 6's


def test_a_bundle_imported_newest_first_gives_the_same_progress(
    engine: Engine, catalog: Catalog
) -> None:
    source = _person(engine, catalog, "Source")
    import_sets(SqlUnitOfWork(engine), source, _history(), catalog=catalog, today=TODAY)
    bundle = export_bundle(SqlUnitOfWork(engine), source)
    backwards = bundle.model_copy(update={"performed_sets": bundle.performed_sets[::-1]})
    copy = import_bundle(SqlUnitOfWork(engine), backwards, today=TODAY, name="Copy",
                         catalog=catalog)
    assert _progress(engine, copy, catalog) == _progress(engine, source, catalog)
