"""Logging a set does the same database work however long the person's log is.

The decision reads a bounded window (this exercise's last 12 sessions within 12 weeks set by
set, the side's days over 4 weeks in summary), the progress line and the stored progression
state: sets logged long ago must cost nothing. Measured as work, not time: SQLite's virtual
machine steps (``sqlite3.Connection.set_progress_handler`` called on every step) and the
rows the history read hands to the engine (the exercise's sets, the side's days) are counted
while one set is logged, once with a short log and once with thousands of older sets -- they
must be equal. A read that walked the whole log (as the
history query once did, written as one ``OR``) would take more steps with the long log.
The time itself is measured in ``benchmarks/bench_log.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Profile, Program, Session, Side, Week
from glutemed.progression.models import PerformedSet
from glutemed.progression.side_days import SideRecord
from glutemed.services.people import save_program
from glutemed.services.set_logging import log_set
from glutemed.services.todays_session import todays_session
from glutemed.store import side_days
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.progress_lines import rebuild_lines
from glutemed.store.side_days import rebuild_days
from glutemed.store.tables import PerformedSetRow
from glutemed.store.unit_of_work import SqlUnitOfWork

CUFF = "side-lying-abduction.cuff-ankle"
START = dt.date(2026, 3, 2)


def _program() -> Program:
    rx = Prescription(variant_id=CUFF, role=Role.ABDUCTION, mode=Mode.ISOTONIC, side=Side.BOTH,
                      sets=3, reps=(8, 12), load_kg=1.0, rest_s=60, rir=(1, 3),
                      rationale="bounded reads")
    sessions = [Session(day=1, name="A", items=[rx]), Session(day=2, name="B", items=[rx])]
    return Program(profile=Profile(goal="hypertrophy", weeks=8),
                   weeks=[Week(number=n, focus="test", sessions=sessions) for n in range(1, 9)],
                   rationale=["bounded reads"])


def _old_rows(pid: int, n_sets: int, variants: list[str]) -> list[dict[str, Any]]:
    """``n_sets`` sets logged more than a year before START (outside every window)."""
    rows: list[dict[str, Any]] = []
    for i in range(n_sets):
        rows.append({
            "person_id": pid, "variant_id": variants[i % len(variants)], "side": "both",
            "date": START - dt.timedelta(days=400 + i // 40), "set_index": 1 + i % 3,
            "reps": 10, "load_kg": 1.0, "rir": 2, "pain_during": i % 4, "checks": {},
            "red_flags": [], "target_reps_low": 8, "target_reps_high": 12,
            "created_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        })
    return rows


def _work_of_logging(folder: Path, old_sets: int, catalog: Catalog,
                     monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[tuple[int, int]], str]:
    """(VM steps, history rows per set, the last decision's action) for the third set of a
    session, on a log that already holds ``old_sets`` old sets."""
    engine = make_engine(f"sqlite:///{folder / f'log_{old_sets}.sqlite3'}")
    upgrade(engine)
    steps = [0]
    counting = [False]

    def step() -> int:
        if counting[0]:
            steps[0] += 1
        return 0

    event.listen(engine, "connect", lambda conn, _rec: conn.set_progress_handler(step, 1))
    engine.dispose()  # pooled connections are made again, with the handler
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Bounded", _program().profile)
        uow.commit()
    others = [v.id for v in catalog.variants][:10]
    with engine.begin() as conn:
        if old_sets:
            conn.execute(insert(PerformedSetRow), _old_rows(pid, old_sets, [CUFF, *others]))
    with SqlUnitOfWork(engine) as uow:
        rebuild_lines(uow.session, pid)
        rebuild_days(uow.session, pid)
        uow.commit()
    save_program(SqlUnitOfWork(engine), pid, _program(), START)
    rows: list[tuple[int, int]] = []
    real = side_days.decision_record

    def counted(*args: Any, **kwargs: Any) -> SideRecord:
        found = real(*args, **kwargs)
        rows.append((len(found.own), len(found.days)))
        return found

    monkeypatch.setattr(side_days, "decision_record", counted)
    item = todays_session(SqlUnitOfWork(engine), pid, catalog, START).items[0]
    action = ""
    for n in range(3):
        performed = PerformedSet(variant_id=item.variant_id, side=item.side, date=START,
                                 reps=12, load_kg=item.target.load_kg, rir=2, pain_during=1,
                                 checks={"trunk-still": True})
        counting[0] = n == 2
        action = log_set(SqlUnitOfWork(engine), pid, performed, catalog, START).action.value
        counting[0] = False
    monkeypatch.undo()
    engine.dispose()
    return steps[0], rows, action


def test_old_sets_cost_a_logged_set_no_database_work(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both logs hold old sets of the exercise: with none at all, the index search for its
    # last days ends one step sooner (it meets no older entry), whatever the log's length.
    short = _work_of_logging(tmp_path, 600, catalog, monkeypatch)
    long = _work_of_logging(tmp_path, 6_000, catalog, monkeypatch)
    assert short[0] > 0  # the handler did count
    # the window held only today's sets, and today's summary once one was stored
    assert long[1] == short[1] == [(0, 0), (1, 1), (2, 1)]
    assert long[0] == short[0], f"{long[0]} VM steps with 6,000 old sets vs {short[0]} with 600"
    assert long[2] == short[2]  # and the same decision
