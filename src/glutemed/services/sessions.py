"""Training-day use cases: today's session, logging a set, and editing the log.

Each function takes a unit of work and runs as **one transaction**: a logged set, the
engine's decision about it, the progression state it moves and any safety pause it opens
are committed together or not at all. The rules live in the pure core
(``glutemed.progression``); this module gathers what a decision needs, calls
:func:`~glutemed.progression.engine.decide`, and stores what it returns.

Who decides what comes next: the progression state of each slot and side (see
:mod:`glutemed.progression.targets`). The program is a template - which exercises a session
holds, and what it proposes next - and `today`, the log, the API and the exports all show
the target :mod:`glutemed.services.placement` computes from that state. A set is stored with
that exact target and judged against it.

What "today's session" means: sessions are done in program order. The due session is the
one already trained today (so more sets can be logged to it), else the first one not yet
trained; if its calendar date is still ahead, today is a rest day and the session is
returned with ``due = False``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import LoadKind
from glutemed.errors import InputError
from glutemed.programming.conditions import education_for
from glutemed.programming.models import Prescription, Profile, Side, slot_of
from glutemed.progression.models import PerformedSet
from glutemed.progression.safety import ADVICE
from glutemed.services import placement as places
from glutemed.services import safety
from glutemed.services.ports import UnitOfWork
from glutemed.services.set_checks import check_edited_set, check_logged
from glutemed.store.decision_records import NewDecision
from glutemed.store.records import (
    PersonBrief,
    PersonRecord,
    PlannedSessionRecord,
    SessionRef,
    StateRecord,
    StoredSet,
)
from glutemed.store.unit_of_work import ConflictError
from glutemed.units import Unit, format_load

if TYPE_CHECKING:
    from glutemed.progression.context import DecisionContext
    from glutemed.progression.engine import Decision
    from glutemed.progression.rules import Rule
    from glutemed.progression.safety import RedFlags
    from glutemed.progression.side_days import SideRecord
    from glutemed.progression.targets import Target

HISTORY_DAYS = 84
"""How far back the engine sees (12 weeks): enough for stall and deload counts and rising
pain, while keeping a log-and-decide call fast however long the log grows."""

RECENT_DAYS = 28
"""Every set of the side from the last 4 weeks is included, whatever the exercise, so that
pain rising session after session is seen even across exercises."""

HISTORY_SETS = 240
"""At most this many sets of the exercise (per stored side) are handed to the engine per
decision: 12 sessions of up to 20 sets. Only a day logged far beyond any program reaches it
(the newest are kept); the side's other exercises come as one summary row a day."""

CONFLICT_RETRIES = 3
"""Two first sets of the same exercise and side at the same instant (two devices) both try
to create its progression line; the loser is retried from the start, as a whole."""

TARGET_FIELDS = ("target_reps", "target_hold_s", "target_load_kg", "target_sets",
                 "target_band", "target_band_at")
"""The target stored beside a set: what the person was shown, filled in by the server."""


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


# -- today ---------------------------------------------------------------------------------


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


# -- logging -------------------------------------------------------------------------------


def default_rules() -> list[Rule]:
    """The progression rules in force: the shipped file, or the one chosen with
    ``--rules`` / ``GLUTEMED_RULES`` (see :mod:`glutemed.services.rules_in_force`)."""
    from glutemed.services.rules_in_force import rules_in_force

    return rules_in_force()


def log_set(
    uow: UnitOfWork,
    person_id: int,
    performed_set: PerformedSet,
    catalog: Catalog,
    today: dt.date,
    *,
    red_flags: RedFlags | None = None,
) -> Decision:
    """Store a set, decide the next step, and advance the progression state -- atomically.

    Returns the engine's decision (action, next prescription, rules and facts, explanation).
    """
    return record_set(
        uow, person_id, performed_set, catalog, today, red_flags=red_flags
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
    uow: UnitOfWork,
    person_id: int,
    performed_set: PerformedSet,
    catalog: Catalog,
    today: dt.date,
    *,
    red_flags: RedFlags | None = None,
    client_id: str | None = None,
) -> LoggedSet:
    """:func:`log_set`, also answering which row was stored (an API replies with it).

    ``client_id`` (a device's id for the set) is stored with it; the database refuses a
    second set with the same one for this person (``ConflictError``), which is how a resent
    set is never stored twice (see ``glutemed.web.usecases.log_set_once``)."""
    active_rules = default_rules()
    for attempt in range(CONFLICT_RETRIES):
        try:
            return _log_once(uow, person_id, performed_set, catalog, today, active_rules,
                             red_flags, client_id)
        except ConflictError:
            if attempt == CONFLICT_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _log_once(
    uow: UnitOfWork,
    person_id: int,
    performed_set: PerformedSet,
    catalog: Catalog,
    today: dt.date,
    active_rules: list[Rule],
    red_flags: RedFlags | None,
    client_id: str | None = None,
) -> LoggedSet:
    from glutemed.progression.engine import decide_record
    from glutemed.progression.side_days import with_set

    with uow:
        uow.people.lock(person_id)
        person = uow.people.brief(person_id)
        # Impossible sets (wrong mode, side or equipment, implausible numbers, dates outside
        # the log) are refused, naming the field, before anything is written.
        check_logged(person.facts, performed_set, catalog, today)
        program = uow.programs.active_with_sessions(person_id, performed_set.date)
        if program is None:
            raise InputError(
                "person", f"{person.name} has no program yet; run 'glutemed start' (or "
                "choose another person with --person)"
            )
        placed = places.place_set(uow, person_id, person.name, program,
                                  performed_set.variant_id, performed_set.side,
                                  performed_set.date, catalog, person.profile.days_per_week)
        target = placed.target.prescription
        side, date = performed_set.side, performed_set.date
        record = _record_of(uow, person_id, target.variant_id, side, date)
        earlier = _done_before(record.own, performed_set)
        performed = _with_targets(performed_set, target, placed.slot, earlier)
        stored = uow.sets.store(person_id, performed,
                                placed.session.id if placed.session else None,
                                client_id=client_id)
        if placed.session is not None and program.done_on_day is None:
            uow.programs.mark_completed(placed.session.id, date)
        done = 1 + earlier
        context = _context(uow, person, catalog, placed, program, red_flags,
                           completes=done >= target.sets)
        decision = decide_record(active_rules, with_set(record, performed), target, catalog,
                                 date, side=side, context=context)
        _record(uow, person_id, stored.id, placed, decision, catalog)
        uow.commit()
    return LoggedSet(stored=stored, decision=decision)


def _context(uow: UnitOfWork, person: PersonBrief, catalog: Catalog,
             placed: places.Placement, program: Any, red_flags: RedFlags | None,
             *, completes: bool = True) -> DecisionContext:
    """The person and the plan around a decision: goal, pause, lighter week, the plan's next
    item for the slot, and where the person may be moved.

    The plan's next item matters only to a step up, and nothing steps up before a session's
    last set: for a set that does not complete its session it is not looked up (one query
    fewer on most sets)."""
    from glutemed.progression.context import DecisionContext

    return DecisionContext(
        goal=person.profile.goal,
        paused=person.paused,
        lighter_week=placed.lighter_week,
        next_planned=places.next_planned(uow, program, placed) if completes else None,
        allowed_variants=_allowed(person.profile, catalog, placed),
        red_flags=red_flags,
        owned_kg=tuple((kind, kg) for kind, kg in (
            (LoadKind.CUFF_WEIGHT, person.profile.cuff_kg),
            (LoadKind.HAND_WEIGHT, person.profile.dumbbell_kg)) if kg),
        owned_bands=person.profile.bands,
    )


_ALLOWED: dict[int, tuple[Catalog, dict[tuple[Profile, frozenset[str]], frozenset[str]]]] = {}
"""Where each profile may be moved, per catalogue (the same for every set of a person). Keyed
by the catalogue's id, with the catalogue kept beside it so an id is never reused."""


def _allowed(profile: Profile, catalog: Catalog, placed: places.Placement) -> frozenset[str]:
    """Where the person may be moved: their profile, plus the equipment of what they do now
    (the target and the program's item for the slot)."""
    from glutemed.programming.selection import allowed_variant_ids

    in_use = {placed.target.prescription.variant_id}
    if placed.planned is not None:
        in_use.add(placed.planned.variant_id)
    held = _ALLOWED.get(id(catalog))
    if held is None or held[0] is not catalog:
        if len(_ALLOWED) > 4:
            _ALLOWED.clear()
        held = _ALLOWED[id(catalog)] = (catalog, {})
    cache = held[1]
    key = (profile, frozenset(in_use))
    if key not in cache:
        if len(cache) > 512:
            cache.clear()
        cache[key] = allowed_variant_ids(profile, catalog, key[1])
    return cache[key]


def _done_before(history: Sequence[PerformedSet], performed: PerformedSet) -> int:
    """Sets of this exercise and side already logged on the set's day (counted once: the
    set's number in the day and whether it completes the session both need it)."""
    key = (performed.variant_id, performed.side, performed.date)
    return sum(1 for s in history if (s.variant_id, s.side, s.date) == key)


def _with_targets(
    performed: PerformedSet, target: Prescription, slot: str, done: int
) -> PerformedSet:
    """The set with the whole target it was shown (the one in force), its slot, and its
    number in the day. A target sent with the set must be the one in force: a page or a
    phone that showed an older target is told so instead of being judged against a dose
    the person never saw."""
    shown = {
        "target_reps": target.reps, "target_hold_s": target.hold_s,
        "target_load_kg": target.load_kg, "target_sets": target.sets,
        "target_band": target.band, "target_band_at": target.band_at,
    }
    for name, value in shown.items():
        sent = getattr(performed, name)
        if sent is not None and value is not None and not _same(sent, value):
            raise InputError(
                name, f"this set was shown {sent}, but the target in force is now {value} "
                "(the program or an earlier set changed it); reload today's session and log "
                "it against the current target"
            )
    update: dict[str, Any] = {**shown, "slot": slot}
    if performed.set_index == 1:
        update["set_index"] = min(done + 1, 20)
    return performed.model_copy(update=update)


def _same_value(sent: object, value: object) -> bool:
    """An edit's value equals the stored one (a range may arrive as a list from JSON)."""
    if isinstance(sent, list):
        sent = tuple(sent)
    return value is not None and _same(sent, value)


def _same(sent: object, value: object) -> bool:
    if isinstance(sent, float) or isinstance(value, float):
        return abs(float(sent) - float(value)) < 0.05  # type: ignore[arg-type]
    return sent == value


def _record_of(
    uow: UnitOfWork, person_id: int, variant_id: str, side: Side, today: dt.date
) -> SideRecord:
    """What the engine reads of the side: this exercise's last sessions over 12 weeks set by
    set, and every day of this side (and of both legs) over the last 4 weeks in summary, for
    the pain trend, the warning signs and the family's detours."""
    from glutemed.progression.situation import LOOKBACK_SESSIONS

    return uow.sets.decision_record(
        person_id,
        variant_id=variant_id,
        side=side,
        since=today - dt.timedelta(days=HISTORY_DAYS),
        recent_since=today - dt.timedelta(days=RECENT_DAYS),
        until=today,
        sessions=LOOKBACK_SESSIONS,
        limit=HISTORY_SETS,
    )


def _record(
    uow: UnitOfWork,
    person_id: int,
    set_id: int | None,
    placed: places.Placement,
    decision: Decision,
    catalog: Catalog,
    note: str = "",
) -> None:
    """Store the decision, move the progression state to its prescription (the session's
    target kept beside it), and pause progression after a warning sign."""
    target = placed.target
    state = placed.state
    uow.state.put(
        person_id,
        placed.slot,
        decision.side,
        target.carried_forward(decision.prescription),
        _advance(state.counters if state else {}, decision),
        session_date=decision.date,
        session_target=target.prescription,
        session_base_sets=target.base_sets,
        state_id=state.id if state else None,
    )
    decision_id = uow.decisions.add(NewDecision.made(
        decision, person_id=person_id, performed_set_id=set_id, slot=placed.slot,
        before=target.prescription, note=note,
    ))
    safety.pause_for(uow, person_id, decision, decision_id,
                     catalog.variant(decision.variant_id).name)


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
    uow: UnitOfWork,
    person_id: int,
    *,
    variant_id: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
) -> list[StoredSet]:
    """The person's sets, newest first."""
    with uow:
        uow.people.check(person_id)
        return uow.sets.recent(person_id, variant_id=variant_id, since=since, limit=limit)


def edit_set(
    uow: UnitOfWork,
    person_id: int,
    set_id: int,
    changes: Mapping[str, Any],
    catalog: Catalog,
    *,
    today: dt.date | None = None,
) -> StoredSet:
    """Change fields of a logged set (e.g. add next-morning pain) and re-decide if it was
    the set behind the latest decision for its exercise and side.

    The edited set must still be possible (:mod:`glutemed.services.set_checks`); ``today``
    is the person's local today (default: read from the clock in their time zone)."""
    with uow:
        uow.people.lock(person_id)
        old = uow.sets.get(person_id, set_id)
        unknown = sorted(set(changes) - set(PerformedSet.model_fields))
        if unknown:
            raise InputError(unknown[0], f"not a field of a set; use one of {_fields()}")
        kept = {*TARGET_FIELDS, "slot"}
        fixed = sorted(k for k in set(changes) & kept if changes[k] is not None
                       and not _same_value(changes[k], getattr(old.performed, k)))
        if fixed:
            raise InputError(fixed[0], "the target a set was shown is kept as it was; edit "
                                       "what was done instead")
        changes = {k: v for k, v in changes.items() if k not in kept}
        edited = _validated({**old.performed.model_dump(), **changes})
        check_edited_set(uow, person_id, old.performed, edited, catalog, today)
        uow.sets.replace(person_id, set_id, edited)
        _redecide(uow, person_id, set_id, catalog, "edited")
        stored = uow.sets.get(person_id, set_id)
        uow.commit()
    return stored


def delete_set(
    uow: UnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
) -> StoredSet:
    """Remove a set from the log (undoable with :func:`restore_set`)."""
    return _set_deleted(uow, person_id, set_id, catalog, deleted=True)


def restore_set(
    uow: UnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
) -> StoredSet:
    """Undo :func:`delete_set`."""
    return _set_deleted(uow, person_id, set_id, catalog, deleted=False)


def _set_deleted(
    uow: UnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
    *,
    deleted: bool,
) -> StoredSet:
    with uow:
        uow.people.lock(person_id)
        uow.sets.mark_deleted(person_id, set_id, deleted)
        _redecide(uow, person_id, set_id, catalog, "deleted" if deleted else "restored")
        stored = uow.sets.get(person_id, set_id)
        uow.commit()
    return stored


def _redecide(
    uow: UnitOfWork,
    person_id: int,
    set_id: int,
    catalog: Catalog,
    what: str,
) -> None:
    """Recompute the latest decision of a slot and side when its set changed.

    Older decisions are history and stay as they were; only the decision that set the
    prescription now in force is recomputed, from the target its session was judged against.
    A pause that decision opened is lifted if the corrected set no longer calls for one (the
    record of it stays).
    """
    from glutemed.progression.engine import decide_record
    from glutemed.progression.targets import Target

    behind = uow.decisions.for_set(set_id)
    if behind is None:
        return
    latest = uow.decisions.last(person_id, behind.slot, behind.side)
    if latest is None or latest.performed_set_id != set_id:
        return
    person = uow.people.brief(person_id)
    state = uow.state.get(person_id, latest.slot, latest.side)
    session = _session_of_set(uow, person_id, set_id)
    before = latest.prescription_before
    base = (state.session_base_sets if state is not None and state.session_date == latest.date
            and state.session_base_sets else before.sets)
    target = Target(before, base, in_session=True,
                    lighter_week=places.is_lighter_week(session.week if session else None,
                                                        person.profile.days_per_week))
    placed = places.Placement(latest.slot, latest.side, None, state, target, session)
    program = uow.programs.active_with_sessions(person_id, latest.date)
    record = _record_of(uow, person_id, before.variant_id, latest.side, latest.date)
    pause = uow.pauses.active(person_id)
    context = _context(uow, person, catalog, placed, program, None)
    if pause is not None and pause.decision_id == latest.id:
        context = replace(context, paused=None)  # the decision being recomputed opened it
    decision = decide_record(default_rules(), record, before,
                             catalog, latest.date, side=latest.side, context=context)
    _lift_pause_of(uow, person_id, latest.id, decision, set_id, what)
    _record(uow, person_id, set_id, placed, decision, catalog,
            note=f" (Recomputed after set {set_id} was {what}.)")


def _session_of_set(uow: UnitOfWork, person_id: int, set_id: int
                    ) -> SessionRef | None:
    stored = uow.sets.get(person_id, set_id)
    if stored.planned_session_id is None:
        return None
    return uow.programs.session_ref(stored.planned_session_id)


def _lift_pause_of(uow: UnitOfWork, person_id: int, decision_id: int, decision: Decision,
                   set_id: int, what: str) -> None:
    """Clear the pause a recomputed decision had opened, when it no longer calls for one."""
    from glutemed.progression.rules import ActionKind

    pause = uow.pauses.active(person_id)
    if (pause is not None and pause.decision_id == decision_id
            and decision.action is not ActionKind.SEE_CLINICIAN):
        uow.pauses.clear(pause.id, by="glutemed",
                         note=f"The set that raised it (set {set_id}) was {what}, and the "
                              "corrected log shows no warning sign.")


def _validated(data: dict[str, Any]) -> PerformedSet:
    try:
        return PerformedSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "set"
        raise InputError(field, first.get("msg", "invalid value")) from None


def _fields() -> str:
    return ", ".join(sorted(PerformedSet.model_fields))
