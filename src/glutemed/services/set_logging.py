"""Logging a set: store it with the target it was shown, decide, advance, in one transaction.

A logged set, the engine's decision about it, the progression state it moves and any
safety pause it opens are committed together or not at all. The rules live in the pure
core (``glutemed.progression``); this module gathers what a decision needs, calls the
engine, and stores what it returns.

Who decides what comes next: the progression state of each slot and side (see
:mod:`glutemed.progression.targets`), not the plan's calendar. A set is stored with the
exact target :mod:`glutemed.services.placement` showed for it and judged against that
target; one sent against a target that has moved since is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import LoadKind
from glutemed.errors import InputError
from glutemed.programming.models import Prescription, Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.services import placement as places
from glutemed.services import safety
from glutemed.services.ports import UnitOfWork
from glutemed.services.set_checks import check_logged
from glutemed.store.decision_records import NewDecision
from glutemed.store.records import (
    PersonBrief,
    StoredSet,
)
from glutemed.store.unit_of_work import ConflictError

if TYPE_CHECKING:
    from glutemed.progression.context import DecisionContext
    from glutemed.progression.engine import Decision
    from glutemed.progression.rules import Rule
    from glutemed.progression.safety import RedFlags
    from glutemed.progression.side_days import SideRecord


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
        record = decision_record_of(uow, person_id, target.variant_id, side, date)
        earlier = _done_before(record.own, performed_set)
        performed = _with_targets(performed_set, target, placed.slot, earlier)
        stored = uow.sets.store(person_id, performed,
                                placed.session.id if placed.session else None,
                                client_id=client_id)
        if placed.session is not None and program.done_on_day is None:
            uow.programs.mark_completed(placed.session.id, date)
        done = 1 + earlier
        context = decision_context(uow, person, catalog, placed, program, red_flags,
                           completes=done >= target.sets)
        decision = decide_record(active_rules, with_set(record, performed), target, catalog,
                                 date, side=side, context=context)
        store_decision(uow, person_id, stored.id, placed, decision, catalog)
        uow.commit()
    return LoggedSet(stored=stored, decision=decision)


def decision_context(uow: UnitOfWork, person: PersonBrief, catalog: Catalog,
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


def same_value(sent: object, value: object) -> bool:
    """An edit's value equals the stored one (a range may arrive as a list from JSON)."""
    if isinstance(sent, list):
        sent = tuple(sent)
    return value is not None and _same(sent, value)


def _same(sent: object, value: object) -> bool:
    if isinstance(sent, float) or isinstance(value, float):
        return abs(float(sent) - float(value)) < 0.05  # type: ignore[arg-type]
    return sent == value


def decision_record_of(
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


def store_decision(
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
