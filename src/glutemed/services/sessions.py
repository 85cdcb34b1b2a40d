"""Training-day use cases: today's session, logging a set, and editing the log.

Each function takes a unit of work and runs as **one transaction**: a logged set, the
engine's decision about it and the advanced progression state are committed together or
not at all. The rules themselves live in the pure core (``glutemed.progression``); this
module only gathers the history, calls :func:`~glutemed.progression.engine.decide`, and
stores what it returns.

What "today's session" means: sessions are done in program order. The due session is the
first one not yet trained; if its calendar date is still ahead, today is a rest day and the
session is returned with ``due = False``. A session trained today stays "today's" so more
sets can be logged to it. The target for each exercise and side is the prescription in
force (where progression has moved it), with the number of sets from the planned session,
so that the program's planned volume (e.g. a lighter week) still applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Laterality
from glutemed.errors import InputError
from glutemed.programming.models import Prescription, Side
from glutemed.progression.models import PerformedSet
from glutemed.store.repositories import (
    NewDecision,
    PlannedSessionRecord,
    StateRecord,
    StoredSet,
)
from glutemed.store.unit_of_work import ConflictError, SqlUnitOfWork
from glutemed.units import format_load

if TYPE_CHECKING:
    from glutemed.progression.engine import Decision
    from glutemed.progression.rules import Rule
    from glutemed.progression.safety import RedFlags

HISTORY_DAYS = 84
"""How far back the engine sees (12 weeks): enough for stall and deload counts and rising
pain, while keeping a log-and-decide call fast however long the log grows."""

RECENT_DAYS = 28
"""Every set of the side from the last 4 weeks is included, whatever the exercise, so that
pain rising session after session is seen even across exercises."""

CONFLICT_RETRIES = 3
"""Two first sets of the same exercise and side at the same instant (two devices) both try
to create its progression line; the loser is retried from the start, as a whole."""

HISTORY_SETS = 400
"""At most this many recent sets are handed to the engine per decision."""


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
    cues: list[str]
    checks: list[CheckView]
    last_date: dt.date | None
    last_time: list[PerformedSet]
    done_today: int


class TodaysSession(BaseModel):
    """The session due on a date, with targets, last performance and cues."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    person_name: str
    units: str
    date: dt.date
    due: bool
    finished: bool
    planned_session_id: int | None
    week: int | None
    day: int | None
    name: str | None
    planned_date: dt.date | None
    items: list[TodayItem]


# -- today ---------------------------------------------------------------------------------


def todays_session(
    uow: SqlUnitOfWork, person_id: int, catalog: Catalog, today: dt.date
) -> TodaysSession:
    """The session due on ``today`` (a rest day gives the next one with ``due=False``)."""
    with uow:
        person = uow.people.get(person_id)
        program = uow.programs.active(person_id)
        if program is None:
            raise InputError("person", f"{person.name} has no program; run 'glutemed start'")
        planned = uow.programs.session_on(program.id, today) or uow.programs.first_open_session(
            program.id
        )
        if planned is None:
            return TodaysSession(
                person_id=person_id,
                person_name=person.name,
                units=person.units,
                date=today,
                due=False,
                finished=True,
                planned_session_id=None,
                week=None,
                day=None,
                name=None,
                planned_date=None,
                items=[],
            )
        items = [
            _today_item(uow, person_id, person.units, catalog, item, side, planned, today)
            for item in planned.items
            for side in _sides(item, catalog)
        ]
        return TodaysSession(
            person_id=person_id,
            person_name=person.name,
            units=person.units,
            date=today,
            due=planned.planned_date <= today,
            finished=False,
            planned_session_id=planned.id,
            week=planned.week,
            day=planned.day,
            name=planned.name,
            planned_date=planned.planned_date,
            items=items,
        )


def _sides(item: Prescription, catalog: Catalog) -> list[Side]:
    """Left and right separately for a per-side exercise prescribed for both legs."""
    variant = catalog.variant(item.variant_id)
    if item.side is Side.BOTH and variant.laterality is Laterality.PER_SIDE:
        return [Side.LEFT, Side.RIGHT]
    return [item.side]


def _today_item(
    uow: SqlUnitOfWork,
    person_id: int,
    units: str,
    catalog: Catalog,
    item: Prescription,
    side: Side,
    planned: PlannedSessionRecord,
    today: dt.date,
) -> TodayItem:
    state = uow.state.find(person_id, item.variant_id, side)
    target = _in_force(item, side, state.prescription if state else None)
    variant = catalog.variant(target.variant_id)
    family = catalog.family_of(variant)
    last = [
        s
        for s in uow.sets.last_session(person_id, target.variant_id, today)
        if s.performed.side is side
    ]
    # Sets of the planned variant count too: after a step up (or down) mid-session, the
    # sets already done today were of the variant the slot held before.
    done = uow.sets.count_on(
        person_id, sorted({item.variant_id, target.variant_id}), side, today
    )
    return TodayItem(
        slot=item.variant_id,
        variant_id=target.variant_id,
        name=variant.name,
        side=side,
        target=target,
        target_load=format_load(target.load_kg, units),
        cues=list(variant.cues or family.cues),
        checks=[CheckView(id=c.id, question=c.question) for c in (variant.checks or family.checks)],
        last_date=last[0].performed.date if last else None,
        last_time=[s.performed for s in last],
        done_today=done,
    )


def _in_force(item: Prescription, side: Side, state: Prescription | None) -> Prescription:
    """The planned item for ``side``, overridden by where progression has taken it."""
    if state is None:
        return item.model_copy(update={"side": side})
    return state.model_copy(update={"sets": item.sets, "side": side})


# -- logging -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cached_rules() -> tuple[Rule, ...]:
    from glutemed.progression.rules import load_default_rules

    return tuple(load_default_rules())


def default_rules() -> list[Rule]:
    """The shipped progression rules, read from their YAML file once per process."""
    return list(_cached_rules())


def log_set(
    uow: SqlUnitOfWork,
    person_id: int,
    performed_set: PerformedSet,
    catalog: Catalog,
    today: dt.date,
    *,
    rules: Sequence[Rule] | None = None,
    red_flags: RedFlags | None = None,
) -> Decision:
    """Store a set, decide the next step, and advance the progression state -- atomically.

    Returns the engine's decision (action, next prescription, rules and facts, explanation).
    """
    return record_set(
        uow, person_id, performed_set, catalog, today, rules=rules, red_flags=red_flags
    ).decision


@dataclass(frozen=True)
class LoggedSet:
    """What logging a set produced: the stored set and the decision it led to.

    ``stored`` holds exactly the values written in the same transaction (targets and the
    set's number in the day filled in), so an interface can answer with it without reading
    the row back.
    """

    stored: StoredSet
    decision: Decision

    @property
    def set_id(self) -> int:
        """The stored set's id."""
        return self.stored.id


def record_set(
    uow: SqlUnitOfWork,
    person_id: int,
    performed_set: PerformedSet,
    catalog: Catalog,
    today: dt.date,
    *,
    rules: Sequence[Rule] | None = None,
    red_flags: RedFlags | None = None,
    client_id: str | None = None,
) -> LoggedSet:
    """:func:`log_set`, also answering which row was stored (an API replies with it).

    ``client_id`` (a device's id for the set) is stored with it; the database refuses a
    second set with the same one for this person (``ConflictError``), which is how a resent
    set is never stored twice (see ``glutemed.web.usecases.log_set_once``)."""
    catalog.variant(performed_set.variant_id)  # unknown ids name the closest ones
    if performed_set.date > today:
        raise InputError("date", f"{performed_set.date} is in the future (today is {today})")
    active_rules = list(rules) if rules is not None else default_rules()
    for attempt in range(CONFLICT_RETRIES):
        try:
            return _log_once(
                uow, person_id, performed_set, catalog, active_rules, red_flags, client_id
            )
        except ConflictError:
            if attempt == CONFLICT_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _log_once(
    uow: SqlUnitOfWork,
    person_id: int,
    performed_set: PerformedSet,
    catalog: Catalog,
    active_rules: list[Rule],
    red_flags: RedFlags | None,
    client_id: str | None = None,
) -> LoggedSet:
    from glutemed.progression.engine import decide

    with uow:
        uow.people.lock(person_id)
        target = _target_for(uow, person_id, performed_set)
        variant_id, side, date = (
            target.prescription.variant_id,
            performed_set.side,
            performed_set.date,
        )
        history = _history(uow, person_id, variant_id, side, date)
        performed = _with_targets(performed_set, target.prescription, history)
        stored = uow.sets.store(person_id, performed, target.session_id, client_id=client_id)
        set_id = stored.id
        if target.session_id is not None and not target.session_done:
            uow.programs.mark_completed(target.session_id, date)
        decision = decide(
            active_rules,
            [*history, performed],
            target.prescription,
            catalog,
            date,
            side=side,
            red_flags=red_flags,
        )
        _record(
            uow,
            person_id,
            set_id,
            target.slot,
            target.prescription,
            decision,
            target.counters,
            state_id=target.state_id,
        )
        uow.commit()
    return LoggedSet(stored=stored, decision=decision)


@dataclass(frozen=True)
class _Target:
    """Where a logged set belongs: its slot, the prescription in force, its session."""

    slot: str
    prescription: Prescription
    session_id: int | None
    session_done: bool
    counters: dict[str, Any]
    state_id: int | None


def _target_for(uow: SqlUnitOfWork, person_id: int, performed: PerformedSet) -> _Target:
    """The slot, the prescription in force, the planned session to link, and the counters."""
    variant_id, side = performed.variant_id, performed.side
    state = uow.state.find(person_id, variant_id, side, lock=True)
    # The program and its sessions are read after the line is locked (one query for the
    # program id and both candidate sessions), so on PostgreSQL a writer that held the lock
    # has committed the session it marked as trained before this one looks.
    program = uow.programs.active_with_sessions(person_id, performed.date)
    if program is None:
        uow.people.require(person_id)
        raise InputError("person", "there is no program yet; run 'glutemed start' first")
    program_id = program.id
    if state is not None and state.prescription.variant_id == variant_id:
        slot, prescription, counters = state.slot, state.prescription, state.counters
    elif (carried_on := _carrying_on(uow, person_id, variant_id, side)) is not None:
        state, prescription = carried_on
        slot, counters = state.slot, state.counters
        # Another line was locked just now: read the sessions again after that lock.
        program = uow.programs.active_with_sessions(person_id, performed.date) or program
    elif state is not None:
        raise InputError(
            "variant",
            f"your {side.value} side has moved on to {state.prescription.variant_id}; "
            "log that variant (or ask a clinician to change the program)",
        )
    else:
        item = uow.programs.find_item(program_id, variant_id)
        if item is None:
            names = uow.programs.variant_ids(program_id)
            raise InputError(
                "variant",
                f"{variant_id} is not in your program; it has: {', '.join(names) or 'nothing'}",
            )
        slot, prescription, counters = variant_id, item.model_copy(update={"side": side}), {}
    session = program.session_for(slot)
    return _Target(
        slot=slot,
        prescription=prescription,
        session_id=session[0] if session else None,
        session_done=bool(session and session[1]),
        counters=counters,
        state_id=state.id if state else None,
    )


def _carrying_on(
    uow: SqlUnitOfWork, person_id: int, variant_id: str, side: Side
) -> tuple[StateRecord, Prescription] | None:
    """A set of the variant the latest decision moved away from (the person finishes the
    session they started): decide again from the prescription that was in force."""
    prior = uow.decisions.last(person_id, variant_id, side)
    if prior is None or prior.prescription_before.variant_id != variant_id:
        return None
    latest = uow.decisions.last(person_id, prior.slot, side)
    state = uow.state.find(person_id, prior.slot, side, lock=True)
    if latest is None or latest.id != prior.id or state is None:
        return None
    return state, prior.prescription_before.model_copy(update={"side": side})


def _with_targets(
    performed: PerformedSet, prescription: Prescription, history: Sequence[PerformedSet]
) -> PerformedSet:
    """The set with its target filled in from the prescription, and its number in the day."""
    update: dict[str, Any] = {}
    if performed.target_reps is None and prescription.reps is not None:
        update["target_reps"] = prescription.reps
    if performed.target_hold_s is None and prescription.hold_s is not None:
        update["target_hold_s"] = prescription.hold_s
    if performed.target_load_kg is None and prescription.load_kg is not None:
        update["target_load_kg"] = prescription.load_kg
    if performed.set_index == 1:
        done = sum(
            1
            for s in history
            if (s.variant_id, s.side, s.date)
            == (performed.variant_id, performed.side, performed.date)
        )
        update["set_index"] = min(done + 1, 20)
    return performed.model_copy(update=update)


def _history(
    uow: SqlUnitOfWork, person_id: int, variant_id: str, side: Side, today: dt.date
) -> list[PerformedSet]:
    """The window the engine reads: this exercise over 12 weeks, and every set of this side
    (and of both legs) over the last 4 weeks for the pain trend and warning signs."""
    sides = [side] if side is Side.BOTH else [side, Side.BOTH]
    return uow.sets.decision_history(
        person_id,
        variant_id=variant_id,
        sides=sides,
        since=today - dt.timedelta(days=HISTORY_DAYS),
        recent_since=today - dt.timedelta(days=RECENT_DAYS),
        until=today,
        limit=HISTORY_SETS,
    )


def _record(
    uow: SqlUnitOfWork,
    person_id: int,
    set_id: int | None,
    slot: str,
    before: Prescription,
    decision: Decision,
    counters: dict[str, Any],
    note: str = "",
    state_id: int | None = None,
) -> None:
    """Store the decision and move the progression state to its prescription."""
    uow.state.put(
        person_id,
        slot,
        decision.side,
        decision.prescription,
        _advance(counters, decision),
        state_id=state_id,
    )
    uow.decisions.add(
        NewDecision(
            person_id=person_id,
            performed_set_id=set_id,
            slot=slot,
            variant_id=decision.variant_id,
            side=decision.side,
            date=decision.date,
            action=str(decision.action),
            rule_ids=[f.rule_id for f in decision.fired],
            facts={
                "fired": [f.model_dump(mode="json") for f in decision.fired],
                "facts": {k: _jsonable(v) for k, v in decision.facts.items()},
            },
            explanation=decision.explanation + note,
            prescription_before=before,
            prescription_after=decision.prescription,
        )
    )


def _jsonable(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _advance(counters: dict[str, Any], decision: Decision) -> dict[str, Any]:
    """The engine's success/stall/deload counters after this decision."""
    from glutemed.progression.engine import (
        ProgressionCounters,
        ProgressionState,
        advance_state,
    )

    same = counters.get("variant_id") == decision.variant_id and counters.get("side") == str(
        decision.side
    )
    old = (ProgressionCounters.model_validate(counters),) if same else ()
    new = advance_state(ProgressionState(counters=old), decision)
    return new.get(decision.variant_id, decision.side).model_dump(mode="json")


# -- the log: list, edit, delete, restore -------------------------------------------------


def list_sets(
    uow: SqlUnitOfWork,
    person_id: int,
    *,
    variant_id: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
) -> list[StoredSet]:
    """The person's sets, newest first."""
    with uow:
        uow.people.get(person_id)
        return uow.sets.recent(person_id, variant_id=variant_id, since=since, limit=limit)


def edit_set(
    uow: SqlUnitOfWork,
    person_id: int,
    set_id: int,
    changes: Mapping[str, Any],
    catalog: Catalog,
    *,
    rules: Sequence[Rule] | None = None,
) -> StoredSet:
    """Change fields of a logged set (e.g. add next-morning pain) and re-decide if it was
    the set behind the latest decision for its exercise and side."""
    with uow:
        uow.people.lock(person_id)
        old = uow.sets.get(person_id, set_id)
        unknown = sorted(set(changes) - set(PerformedSet.model_fields))
        if unknown:
            raise InputError(unknown[0], f"not a field of a set; use one of {_fields()}")
        edited = _validated({**old.performed.model_dump(), **changes})
        catalog.variant(edited.variant_id)
        uow.sets.replace(person_id, set_id, edited)
        _redecide(uow, person_id, set_id, catalog, rules, "edited")
        stored = uow.sets.get(person_id, set_id)
        uow.commit()
    return stored


def delete_set(
    uow: SqlUnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
    *,
    rules: Sequence[Rule] | None = None,
) -> StoredSet:
    """Remove a set from the log (undoable with :func:`restore_set`)."""
    return _set_deleted(uow, person_id, set_id, catalog, rules, deleted=True)


def restore_set(
    uow: SqlUnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
    *,
    rules: Sequence[Rule] | None = None,
) -> StoredSet:
    """Undo :func:`delete_set`."""
    return _set_deleted(uow, person_id, set_id, catalog, rules, deleted=False)


def _set_deleted(
    uow: SqlUnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
    rules: Sequence[Rule] | None,
    *,
    deleted: bool,
) -> StoredSet:
    with uow:
        uow.people.lock(person_id)
        uow.sets.mark_deleted(person_id, set_id, deleted)
        _redecide(uow, person_id, set_id, catalog, rules, "deleted" if deleted else "restored")
        stored = uow.sets.get(person_id, set_id)
        uow.commit()
    return stored


def _redecide(
    uow: SqlUnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
    rules: Sequence[Rule] | None,
    what: str,
) -> None:
    """Recompute the latest decision of a slot and side when its set changed.

    Older decisions are history and stay as they were; only the decision that set the
    prescription now in force is recomputed, from the prescription that was in force before.
    """
    from glutemed.progression.engine import decide

    behind = uow.decisions.for_set(set_id)
    if behind is None:
        return
    latest = uow.decisions.last(person_id, behind.slot, behind.side)
    if latest is None or latest.performed_set_id != set_id:
        return
    state = uow.state.find(person_id, latest.slot, latest.side, lock=True)
    history = _history(
        uow, person_id, latest.prescription_before.variant_id, latest.side, latest.date
    )
    decision = decide(
        list(rules) if rules is not None else default_rules(),
        history,
        latest.prescription_before,
        catalog,
        latest.date,
        side=latest.side,
    )
    _record(
        uow,
        person_id,
        set_id,
        latest.slot,
        latest.prescription_before,
        decision,
        state.counters if state else {},
        note=f" (Recomputed after set {set_id} was {what}.)",
    )


def _validated(data: dict[str, Any]) -> PerformedSet:
    try:
        return PerformedSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "set"
        raise InputError(field, first.get("msg", "invalid value")) from None


def _fields() -> str:
    return ", ".join(sorted(PerformedSet.model_fields))
