"""The log after the fact: list, correct, delete and restore sets, re-deciding as needed.

A corrected, deleted or restored set changes the decision it was behind only when that
decision is the latest for its slot and side (older decisions are history); a safety pause
that decision opened is lifted when the corrected log no longer calls for one. Each use
case is one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.progression.models import PerformedSet
from glutemed.services import placement as places
from glutemed.services.ports import UnitOfWork
from glutemed.services.set_checks import check_edited_set
from glutemed.services.set_logging import (
    TARGET_FIELDS,
    decision_context,
    decision_record_of,
    default_rules,
    same_value,
    store_decision,
)
from glutemed.store.records import (
    SessionRef,
    StoredSet,
)

if TYPE_CHECKING:
    from glutemed.progression.engine import Decision


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
                       and not same_value(changes[k], getattr(old.performed, k)))
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
    record = decision_record_of(uow, person_id, before.variant_id, latest.side, latest.date)
    pause = uow.pauses.active(person_id)
    context = decision_context(uow, person, catalog, placed, program, None)
    if pause is not None and pause.decision_id == latest.id:
        context = replace(context, paused=None)  # the decision being recomputed opened it
    decision = decide_record(default_rules(), record, before,
                             catalog, latest.date, side=latest.side, context=context)
    _lift_pause_of(uow, person_id, latest.id, decision, set_id, what)
    store_decision(uow, person_id, set_id, placed, decision, catalog,
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
