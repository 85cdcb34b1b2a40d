"""Today's session: what is due, at the target the progression state holds for each slot.

What "today's session" means: sessions are done in program order. The due session is the
one already trained today (so more sets can be logged to it), else the first one not yet
trained; if its calendar date is still ahead, today is a rest day and the session is
returned with ``due = False``. The program is a template (which exercises a session holds,
and what it proposes next); the target shown for each is the one
:mod:`glutemed.services.placement` computes from the stored progression state, the same the
log judges a set against (:mod:`glutemed.services.set_logging`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.programming.conditions import education_for
from glutemed.programming.models import Prescription, Side, slot_of
from glutemed.progression.models import PerformedSet
from glutemed.progression.safety import ADVICE
from glutemed.services import placement as places
from glutemed.services.ports import UnitOfWork
from glutemed.store.records import (
    PersonRecord,
    PlannedSessionRecord,
    StateRecord,
)
from glutemed.units import Unit, format_load

if TYPE_CHECKING:
    from glutemed.progression.targets import Target


class CheckView(BaseModel):
    """A technique check to answer after a set."""

    model_config = ConfigDict(frozen=True)

    id: str
    question: str


class TodayItem(BaseModel):
    """One exercise for one side in today's session."""

    model_config = ConfigDict(frozen=True)

    slot: str
    variant_id: str
    name: str
    side: Side
    target: Prescription
    target_load: str
    setup: list[str]
    cues: list[str]
    checks: list[CheckView]
    last_date: dt.date | None
    last_time: list[PerformedSet]
    done_today: int
    planned_variant_id: str
    """The variant the program's calendar has in this slot this week (the target may be
    behind it, waiting for the step-up gate, or ahead of it)."""
    plan_note: str | None = None
    """Why the target differs from the program's week, in plain words (or None)."""
    next_time: Prescription | None = None
    """After today's sets: the prescription for the next session, when a decision changed
    it (the target stays what this session started with)."""


class PauseInfo(BaseModel):
    """Progression paused for the person after a warning sign (shown on every screen)."""

    model_config = ConfigDict(frozen=True)

    started_on: dt.date
    reason: str
    advice: str


class TodaysSession(BaseModel):
    """The session due on a date, with targets, last performance and cues."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    person_name: str
    units: Unit
    date: dt.date
    due: bool
    finished: bool
    planned_session_id: int | None
    week: int | None
    day: int | None
    name: str | None
    planned_date: dt.date | None
    items: list[TodayItem]
    paused: PauseInfo | None = None
    lighter_week: bool = False
    education: list[str] = Field(default_factory=list)
    """Everyday advice for the person's condition (lateral hip pain: no crossed legs, ...),
    shown beside the session, not only in the program's reasons."""


def todays_session(
    uow: UnitOfWork, person_id: int, catalog: Catalog, today: dt.date
) -> TodaysSession:
    """The session due on ``today`` (a rest day gives the next one with ``due=False``)."""
    with uow:
        person = uow.people.get(person_id)
        program = uow.programs.active(person_id)
        if program is None:
            raise InputError(
                "person", f"{person.name} has no program yet; run 'glutemed start' (or choose "
                "another person with --person)"
            )
        pause = uow.pauses.active(person_id)
        paused = None if pause is None else PauseInfo(
            started_on=pause.started_on, reason=pause.reason, advice=ADVICE
        )
        planned = uow.programs.session_on(program.id, today) or uow.programs.first_open_session(
            program.id
        )
        if planned is None:
            return TodaysSession(
                person_id=person_id, person_name=person.name, units=person.units, date=today,
                due=False, finished=True, planned_session_id=None, week=None, day=None,
                name=None, planned_date=None, items=[], paused=paused,
                education=education_for(person.profile),
            )
        states = {(s.slot, s.side): s for s in uow.state.all(person_id)}
        items = [
            _today_item(uow, person, catalog, item, side, planned,
                        places.state_for(states, slot_of(item), side), today)
            for item in planned.items
            for side in places.sides_of(item, states, catalog)
        ]
        return TodaysSession(
            person_id=person_id, person_name=person.name, units=person.units, date=today,
            due=planned.planned_date <= today, finished=False,
            planned_session_id=planned.id, week=planned.week, day=planned.day,
            name=planned.name, planned_date=planned.planned_date, items=items, paused=paused,
            lighter_week=places.is_lighter_week(
                planned.week, program.program.profile.days_per_week
            ),
            education=education_for(person.profile),
        )


def targets_in_force(
    uow: UnitOfWork, person_id: int, catalog: Catalog, today: dt.date
) -> list[TodayItem]:
    """Every exercise still ahead in the program, each side with the prescription in force.

    What a handout printed today must show: where progression has taken each exercise (the
    progression state), not the original plan's numbers. Each item is built exactly as
    :func:`todays_session` builds the day's items (the same function), so the two can never
    disagree. Exercises (program slots) come in the order they first appear in the sessions
    not yet trained (a session trained today still counts); none when the program is
    finished.
    """
    with uow:
        person = uow.people.get(person_id)
        program = uow.programs.active(person_id)
        if program is None:
            raise InputError("person", f"{person.name} has no program; run 'glutemed start'")
        ahead = [
            s for s in uow.programs.sessions(program.id)
            if s.completed_on is None or s.completed_on >= today
        ]
        first: dict[str, tuple[Prescription, PlannedSessionRecord]] = {}
        for planned in ahead:
            for item in planned.items:
                first.setdefault(slot_of(item), (item, planned))
        states = {(s.slot, s.side): s for s in uow.state.all(person_id)}
        return [
            _today_item(uow, person, catalog, item, side, planned,
                        places.state_for(states, slot_of(item), side), today)
            for item, planned in first.values()
            for side in places.sides_of(item, states, catalog)
        ]


def _today_item(
    uow: UnitOfWork,
    person: PersonRecord,
    catalog: Catalog,
    item: Prescription,
    side: Side,
    planned: PlannedSessionRecord,
    state: StateRecord | None,
    today: dt.date,
) -> TodayItem:
    found = places.target_for(item, state, side, today, planned.week,
                              person.profile.days_per_week)
    target = found.prescription
    variant = catalog.variant(target.variant_id)
    coaching = catalog.coaching(variant)
    last = [
        s
        for s in uow.sets.last_session(person.id, target.variant_id, today)
        if s.performed.side is side
    ]
    # Sets of the planned variant count too: after a step up (or down) mid-session, the
    # sets already done today were of the variant the slot held before.
    done = uow.sets.count_on(
        person.id, sorted({item.variant_id, target.variant_id}), side, today
    )
    own = state if state is not None and state.side is side else None
    next_time = own.prescription if found.in_session and own is not None else None
    if next_time is not None and next_time.model_copy(update={"side": side}) == target:
        next_time = None
    return TodayItem(
        slot=slot_of(item),
        variant_id=target.variant_id,
        name=variant.name,
        side=side,
        target=target,
        target_load=format_load(target.load_kg, person.units),
        setup=_own_setup(target, item) + list(coaching.setup),
        cues=list(coaching.cues),
        checks=[CheckView(id=c.id, question=c.question) for c in coaching.checks],
        last_date=last[0].performed.date if last else None,
        last_time=[s.performed for s in last],
        done_today=done,
        planned_variant_id=item.variant_id,
        plan_note=_plan_note(item, found, catalog),
        next_time=next_time,
    )


def _own_setup(target: Prescription, item: Prescription) -> list[str]:
    """The person's own set-up step first (support for a balance risk, the side to lie
    on): the target's, else the program's (a line stored before the step existed)."""
    note = target.setup_note or item.setup_note
    return [note] if note else []


def _plan_note(item: Prescription, found: Target, catalog: Catalog) -> str | None:
    """Why the target is not the program's item for this week, in plain words."""
    from glutemed.progression.proposals import upward_path

    target = found.prescription
    notes = []
    if found.trimmed:
        notes.append(f"A lighter week in the plan: {target.sets} sets this time instead of "
                     f"{found.base_sets}.")
    if item.variant_id != target.variant_id:
        planned = catalog.variant(item.variant_id).name
        if upward_path(catalog, target.variant_id, item.variant_id, lambda _: True):
            notes.append(f"The plan moves on to {planned} here; you move up one step at a "
                         "time once a session meets the step-up gate (top of the range, "
                         "pain low and settled, checks passed).")
        else:
            notes.append(f"The plan's week has {planned} here; you are past it or on "
                         "another branch of the ladder, so you keep what you earned.")
    elif item.mode is not target.mode:
        notes.append(f"The plan switches to {item.mode.value} work here; you switch once a "
                     "session meets the step-up gate.")
    return " ".join(notes) or None
