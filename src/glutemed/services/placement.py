"""Where a set belongs: its slot, the session it is part of, and the exact target in force.

`today` and `log` both come through here, so the target a person is shown and the target
their set is stored with and judged against are computed by the same code
(:func:`glutemed.progression.targets.session_target`) from the same rows.

The session a set on a date belongs to is the one already trained that day (more sets of a
session under way), else the first one not yet trained - the same session `today` shows. A
set of an exercise that is not in that session (a person swapping days) still finds its
slot elsewhere in the program, and is stored without a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Laterality
from glutemed.errors import InputError
from glutemed.programming.models import Prescription, Side, slot_of
from glutemed.programming.templates import week_phase
from glutemed.progression.targets import SlotState, Target, session_target
from glutemed.store.records import ActiveProgram, SessionRef, StateRecord, stored_slot
from glutemed.store.unit_of_work import SqlUnitOfWork

NEAR_SESSIONS = 4
"""The sessions read first for a slot's next item (a slot is in one of the next two weeks'
sessions in every plan but the one-day plan's alternate weeks)."""

NEXT_SESSIONS = 16
"""How far ahead the plan's next item for a slot is looked for (four weeks of four days:
every slot comes back within two weeks, even in a one-day plan that alternates days)."""


@dataclass(frozen=True)
class Placement:
    """A logged set's slot, its session and the target it is judged against."""

    slot: str
    side: Side
    planned: Prescription | None
    """The program's item for the slot (in the set's session when it has one)."""
    state: StateRecord | None
    target: Target
    session: SessionRef | None
    """The session the set is part of, or None for a slot the session does not hold."""

    @property
    def lighter_week(self) -> bool:
        """The set's session is in a lighter (consolidation) week of the plan."""
        return self.target.lighter_week


StateKey = tuple[str, Side]


def state_for(states: Mapping[StateKey, StateRecord], slot: str, side: Side
              ) -> StateRecord | None:
    """The state line a side of a slot follows: its own, else - for a left or right side
    not trained on its own yet - the slot's line for both legs (a bilateral exercise that
    the ladder or the plan turns into a single-leg one keeps what was earned)."""
    found = states.get((slot, side))
    if found is None and side is not Side.BOTH:
        found = states.get((slot, Side.BOTH))
    return found


def sides_of(planned: Prescription, states: Mapping[StateKey, StateRecord],
             catalog: Catalog) -> list[Side]:
    """Which sides a slot is done on: per side once either leg has its own line, else as
    the variant in force (the slot's line for both legs, or the program's item) says."""
    if planned.side is not Side.BOTH:
        return [planned.side]  # an item for one leg (an affected side's own slot)
    slot = slot_of(planned)
    if (slot, Side.LEFT) in states or (slot, Side.RIGHT) in states:
        return [Side.LEFT, Side.RIGHT]
    shared = states.get((slot, Side.BOTH))
    rx = shared.prescription if shared is not None else planned
    variant = catalog.variant(rx.variant_id)
    if rx.side is Side.BOTH and variant.laterality is Laterality.PER_SIDE:
        return [Side.LEFT, Side.RIGHT]
    return [rx.side]


def slot_state(state: StateRecord | None) -> SlotState | None:
    """The core's view of a stored progression line."""
    if state is None:
        return None
    return SlotState(prescription=state.prescription, session_date=state.session_date,
                     session_target=state.session_target,
                     session_base_sets=state.session_base_sets)


def is_lighter_week(week: int | None, days_per_week: int = 2) -> bool:
    """Whether a program week is a planned lighter (consolidation) week; how often one
    comes depends on the leg days a week (none is planned at one day a week)."""
    return week is not None and week_phase(week, days_per_week).deload


def target_for(planned: Prescription | None, state: StateRecord | None, side: Side,
               date: dt.date, week: int | None, days_per_week: int = 2) -> Target:
    """The target of one slot and side on ``date`` (see :func:`session_target`)."""
    return session_target(planned, slot_state(state), side, date,
                          lighter_week=is_lighter_week(week, days_per_week))


def _session_of(program: ActiveProgram) -> SessionRef | None:
    return program.done_on_day or program.first_open


def place_set(uow: SqlUnitOfWork, person_id: int, person_name: str, program: ActiveProgram,
              variant_id: str, side: Side, date: dt.date, catalog: Catalog,
              days_per_week: int = 2) -> Placement:
    """The slot, session and target of a set of ``variant_id`` on ``side`` and ``date``.

    The slot is the one whose target (the session already under way that day, else the
    progression state, else the program's item) is ``variant_id``: first among the
    session's items, then any slot the side has trained, then any item of the program.
    """
    states = {(s.slot, s.side): s for s in uow.state.of_side(person_id, side)}
    session = _session_of(program)
    week = session.week if session else None
    for stored in session.items if session else []:
        if stored.get("side", Side.BOTH.value) not in (Side.BOTH.value, side.value):
            continue  # an item for the other leg only (an affected side's own slot)
        slot = stored_slot(stored)
        state = state_for(states, slot, side)
        if _shown_variant(stored, state, date) != variant_id:
            continue  # not this slot: its item is not even parsed
        item = Prescription.model_validate(stored)
        target = target_for(item, state, side, date, week, days_per_week)
        return Placement(slot, side, item, _own(state, side), target, session)
    for slot in sorted({slot for slot, _ in states}):
        state = state_for(states, slot, side)
        if state is None:
            continue
        target = target_for(None, state, side, date, None)
        if target.prescription.variant_id == variant_id:
            planned = _planned_item(uow, program, slot)
            return Placement(slot, side, planned, _own(state, side), target, None)
    found = uow.programs.find_item(program.id, variant_id)
    if found is None:
        raise InputError("variant", _not_in_program(person_name, variant_id, session, catalog))
    slot = slot_of(found)
    moved = state_for(states, slot, side)
    if moved is not None:
        now = target_for(None, moved, side, date, None).prescription.variant_id
        raise InputError(
            "variant",
            f"{person_name}'s {side.value} side has moved on to {now} "
            f"({catalog.variant(now).name}); log that variant (or ask a clinician to change "
            "the program)",
        )
    target = target_for(found, None, side, date, None)
    return Placement(slot, side, found, None, target, None)


def _shown_variant(stored: Mapping[str, object], state: StateRecord | None,
                   date: dt.date) -> str:
    """The variant a slot's target names on ``date`` (as :func:`target_for` would give)."""
    if state is None:
        return str(stored.get("variant_id"))
    if state.session_date == date and state.session_target is not None:
        return state.session_target.variant_id
    return state.prescription.variant_id


def _own(state: StateRecord | None, side: Side) -> StateRecord | None:
    """The state line a decision for ``side`` updates: its own (a side that followed the
    slot's line for both legs starts its own line with its first decision)."""
    return state if state is not None and state.side is side else None


def _planned_item(uow: SqlUnitOfWork, program: ActiveProgram, slot: str
                  ) -> Prescription | None:
    """The program's next item for ``slot`` from the first open session on."""
    first = program.first_open
    sessions = [first] if first is not None else []
    if first is not None:
        sessions += uow.programs.sessions_after(program.id, first.sequence, NEXT_SESSIONS)
    for session in sessions:
        found = session.item(slot)
        if found is not None:
            return Prescription.model_validate(found)
    return None


def next_planned(uow: SqlUnitOfWork, program: ActiveProgram | None, placement: Placement
                 ) -> Prescription | None:
    """What the plan has for this slot in the session after the set's one (the plan's
    proposal for next time), or None when the program ends first."""
    session = placement.session
    if session is None or program is None:
        return None
    for limit in (NEAR_SESSIONS, NEXT_SESSIONS):  # almost always found in the first few
        for later in uow.programs.sessions_after(program.id, session.sequence, limit):
            found = later.item(placement.slot)
            if found is not None:
                return Prescription.model_validate(found)
    return None


def _not_in_program(person_name: str, variant_id: str, session: SessionRef | None,
                    catalog: Catalog) -> str:
    catalog.variant(variant_id)  # an unknown id names the closest ones instead
    today = sorted({str(i.get("variant_id")) for i in session.items}) if session else []
    has = f"the session due has: {', '.join(today)}" if today else "no session is due"
    # Said on the web and the phone too; the CLI adds how to pick another person (--person).
    return f"{variant_id} is not in {person_name}'s program ({has}); log one of those"
