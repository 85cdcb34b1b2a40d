"""A small, realistic history shared by the export tests (hand-built, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from glutemed.catalog.models import BandLevel, LoadSite, Mode, Role
from glutemed.export.bundle import (
    DecisionRecord,
    HistoryBundle,
    PersonRecord,
    ProgramRecord,
    ProgressionRecord,
)
from glutemed.programming.models import Goal, Prescription, Profile, Program, Session, Side, Week
from glutemed.progression.models import PerformedSet

PROFILE = Profile(
    goal=Goal.REHAB,
    days_per_week=2,
    weeks=4,
    equipment=frozenset({"mini-band", "dumbbell", "cuff-weight"}),
    mass_kg=68.0,
    height_m=1.70,
    sex="female",
)


def _items(week: int) -> list[Prescription]:
    return [
        Prescription(
            variant_id="side-lying-abduction.isometric-hold",
            role=Role.ABDUCTION,
            mode=Mode.ISOMETRIC,
            side=Side.BOTH,
            sets=3 + (week > 2),
            hold_s=(30, 45),
            rest_s=60,
            rir=(2, 3),
            rationale="Holds near neutral hip position, where the abductors are strongest.",
        ),
        Prescription(
            variant_id="single-leg-deadlift.supported",
            role=Role.COMPOUND,
            mode=Mode.ISOTONIC,
            side=Side.BOTH,
            sets=3,
            reps=(8, 12),
            rest_s=90,
            rir=(2, 3),
            rationale="One single-leg hinge per session.",
        ),
        Prescription(
            variant_id="banded-side-step.knees-light",
            role=Role.ABDUCTION,
            mode=Mode.ISOTONIC,
            side=Side.BOTH,
            sets=2,
            reps=(10, 20),
            band=BandLevel.YELLOW,
            band_at=LoadSite.KNEES,
            rest_s=60,
            rir=(1, 3),
            optional=True,
            rationale="Band at the knees first; a stronger band before moving it down.",
        ),
    ]


def make_program(weeks: int = 4) -> Program:
    return Program(
        profile=PROFILE,
        weeks=[
            Week(
                number=w,
                focus="volume" if w <= 2 else "variant",
                sessions=[
                    Session(day=1, name="Leg day A", items=_items(w)),
                    Session(day=2, name="Leg day B", items=_items(w)[:2]),
                ],
            )
            for w in range(1, weeks + 1)
        ],
        rationale=["Rehabilitation starts with isometrics.", "Pain is monitored every set."],
    )


def make_sets() -> list[PerformedSet]:
    start = dt.date(2026, 1, 5)
    sets = []
    for day in range(0, 21, 3):
        for side in (Side.LEFT, Side.RIGHT):
            for index in (1, 2, 3):
                sets.append(
                    PerformedSet(
                        variant_id="side-lying-abduction.isometric-hold",
                        side=side,
                        date=start + dt.timedelta(days=day),
                        set_index=index,
                        hold_s=30.0 + day + (5 if side is Side.RIGHT else 0),
                        rir=2,
                        pain_during=2,
                        checks={"no-trunk-side-bend": True, "pelvis-stayed-stacked": index != 3},
                        target_hold_s=(30, 45),
                    )
                )
                sets.append(
                    PerformedSet(
                        variant_id="single-leg-deadlift.opposite-hand",
                        side=side,
                        date=start + dt.timedelta(days=day),
                        set_index=index,
                        reps=8 + day // 6,
                        load_kg=6.0 + day / 3 * 0.5 - (1.0 if side is Side.LEFT else 0.0),
                        rir=2,
                        note='felt steady, "good" day' if index == 1 else None,
                        target_reps=(8, 12),
                        target_load_kg=6.0,
                    )
                )
    return sets


@pytest.fixture()
def program() -> Program:
    return make_program()


@pytest.fixture()
def bundle() -> HistoryBundle:
    program = make_program()
    return HistoryBundle(
        person=PersonRecord(
            name="Ana Example", profile=PROFILE, unit="kg", timezone="Europe/Lisbon"
        ),
        programs=[
            ProgramRecord(
                key="program-1",
                start_date=dt.date(2026, 1, 5),
                program=program,
                completed={1: dt.date(2026, 1, 5), 2: dt.date(2026, 1, 8)},
            )
        ],
        performed_sets=make_sets(),
        decisions=[
            DecisionRecord(
                date=dt.date(2026, 1, 20),
                variant_id="side-lying-abduction.isometric-hold",
                side=Side.LEFT,
                action="progress-hold",
                explanation="Every hold reached the top of the range with checks passed.",
                slot="side-lying-abduction.isometric-hold",
                rule_ids=["hold-progression"],
                facts={"sets_at_top": 3, "pain_during_max": 2, "checks_passed": True},
                prescription_before=program.weeks[0].sessions[0].items[0],
                prescription_after=program.weeks[2].sessions[0].items[0],
                performed_set=2,
            )
        ],
        progression=[
            ProgressionRecord(
                slot="side-lying-abduction.isometric-hold",
                side=Side.LEFT,
                prescription=program.weeks[2].sessions[0].items[0],
                counters={"stalls": 0, "successes": 1},
            )
        ],
    )
