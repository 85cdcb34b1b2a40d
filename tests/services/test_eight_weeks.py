"""Eight weeks of logging through the services: the log, the decisions and the targets shown
for the next session always agree, and load never rises on a painful day.

A person trains the hand-written program (side-lying abduction, cuff at the ankle, 3 x 8-12)
twice a week: the left side always reaches the top of the range; the right side falls short
in weeks 1-2, has a painful session (6/10, above the pain-monitoring limit of 5/10,
Silbernagel et al. 2007) in week 3, then recovers.
"""

from __future__ import annotations

import datetime as dt

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.services.decisions import recent_decisions
from glutemed.services.set_edits import list_sets
from glutemed.services.set_logging import log_set
from glutemed.services.todays_session import todays_session
from glutemed.store.unit_of_work import SqlUnitOfWork

CUFF = "side-lying-abduction.cuff-ankle"
SLOT = "abduction:side-lying-abduction"  # legacy_slot(role, family) of the hand-written item
DAY0 = dt.date(2026, 3, 2)


def _performance(side: Side, week: int) -> tuple[list[int], int]:
    if side is Side.LEFT:
        return [12, 12, 12], 1
    if week <= 2:
        return [11, 10, 9], 2
    if week == 3:
        return [10, 9, 8], 6
    return [12, 12, 12], 1


def test_eight_weeks_keep_log_decisions_and_targets_in_step(engine, kit, catalog) -> None:
    from glutemed.services.people import save_program

    def every_check_yes(variant_id: str) -> dict[str, bool]:
        variant = catalog.variant(variant_id)
        return {c.id: True for c in catalog.family_of(variant).checks_for(variant)}

    program = kit.hand_program(weeks=8)
    with SqlUnitOfWork(engine) as uow:
        person = uow.people.add("Eight", program.profile)
        uow.commit()
    save_program(SqlUnitOfWork(engine), person, program, DAY0)
    day = DAY0
    start_load = {Side.LEFT: 1.0, Side.RIGHT: 1.0}
    for session_number in range(16):
        week = session_number // 2 + 1
        today = todays_session(SqlUnitOfWork(engine), person, catalog, day)
        assert today.due
        for item in [i for i in today.items if i.slot == SLOT]:
            reps, pain = _performance(item.side, week)
            before = item.target.load_kg or 0.0
            for r in reps:
                decision = log_set(
                    SqlUnitOfWork(engine),
                    person,
                    PerformedSet(
                        variant_id=item.variant_id,
                        side=item.side,
                        date=day,
                        reps=r,
                        load_kg=item.target.load_kg,
                        band=item.target.band,
                        band_at=item.target.band_at,
                        rir=1,
                        pain_during=pain,
                        checks=every_check_yes(item.variant_id),
                    ),
                    catalog,
                    day,
                )
                if pain > 5:  # never load through pain beyond the limit
                    assert (decision.prescription.load_kg or 0.0) <= before
                    assert str(decision.action) not in {"progress-load", "step-up"}
        # the targets shown next time are exactly what the last decisions prescribed
        latest = {}
        for d in reversed(recent_decisions(SqlUnitOfWork(engine), person, limit=200)):
            latest[(d.slot, d.side)] = d.prescription_after
        day += dt.timedelta(days=3 if session_number % 2 == 0 else 4)
        shown = todays_session(SqlUnitOfWork(engine), person, catalog, day)
        for item in [i for i in shown.items if i.slot == SLOT]:
            expected = latest[(SLOT, item.side)]
            assert item.variant_id == expected.variant_id
            assert item.target.load_kg == expected.load_kg
            assert item.target.reps == expected.reps
    sets = list_sets(SqlUnitOfWork(engine), person)
    decisions = recent_decisions(SqlUnitOfWork(engine), person, limit=1000)
    assert len(sets) == len(decisions) == 16 * 2 * 3  # one decision per set, none lost
    assert todays_session(SqlUnitOfWork(engine), person, catalog, day).finished
    left = latest[(SLOT, Side.LEFT)]
    # the left side met every target for eight weeks: it must have moved on from 1.0 kg
    assert (left.load_kg or 0.0) > start_load[Side.LEFT] or left.variant_id != CUFF
