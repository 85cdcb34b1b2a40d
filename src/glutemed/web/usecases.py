"""The web app's doorway to :mod:`glutemed.services` for a person's training.

Pages and the API call these functions; each hands a fresh unit of work to the service that
holds the rule (start a person, the session due, log a set and decide, edit, delete, restore,
the progress summary, the decisions, the safety pauses). No rule is re-implemented here.
Writes go through :func:`glutemed.web.database_work.write` and an ``async`` route's reads
through :func:`~glutemed.web.database_work.read` (where each runs, and why: that module).
The program editor's and templates' use cases are :mod:`glutemed.web.program_edits`, a
paired device's :mod:`glutemed.web.device_use`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Profile, Program
from glutemed.progression.models import PerformedSet
from glutemed.services import accounts as account_service
from glutemed.services import decisions as decision_service
from glutemed.services import people as people_service
from glutemed.services import progress as progress_service
from glutemed.services import set_edits as edit_service
from glutemed.services import set_logging as log_service
from glutemed.services import todays_session as today_service
from glutemed.services.progress import ProgressSummary
from glutemed.services.todays_session import TodayItem, TodaysSession
from glutemed.store.decision_records import StoredDecision
from glutemed.store.records import PersonRecord, ProgramRecord, StoredSet
from glutemed.web.context import WebContext, storable_id
from glutemed.web.database_work import read, write

if TYPE_CHECKING:
    from glutemed.progression.engine import Decision
    from glutemed.store.unit_of_work import SqlUnitOfWork


async def today_of(ctx: WebContext, person_id: int) -> dt.date:
    """Today in the person's time zone. The zone is remembered for a minute
    (:meth:`WebContext.timezone_of`), so only a zone not read lately costs a read (and, on
    PostgreSQL, a worker-thread hop): a logged set asks for it every time."""
    from glutemed.web.context import today_for

    timezone = ctx.known_timezone(person_id)
    if timezone is None:
        timezone = await read(ctx, partial(ctx.timezone_of, person_id))
    return today_for(timezone)


async def start_person(
    ctx: WebContext,
    name: str,
    profile: Profile,
    today: dt.date,
    *,
    units: str = "kg",
    timezone: str = "UTC",
    account_id: int | None = None,
    clinician_account_id: int | None = None,
) -> int:
    """Create a person with a program from the generator; optionally link a clinician (the
    person, program and link in one transaction)."""
    return await write(ctx, lambda uow: people_service.start_person(
        uow, name, profile, ctx.catalog, today, units=units, timezone=timezone,
        account_id=account_id, clinician_account_id=clinician_account_id,
    ))


async def start_client(
    ctx: WebContext,
    clinician_account_id: int,
    username: str,
    password: str,
    name: str,
    profile: Profile,
    today: dt.date,
    *,
    units: str = "kg",
    program: Program | None = None,
) -> int:
    """A clinician's new client: login, person, program and assignment, all or nothing
    (``program``: one from a template instead of the generated one)."""
    created = await write(ctx, lambda uow: account_service.start_client(
        uow, clinician_account_id, username, password, name, profile, ctx.catalog, today,
        units=units, program=program,
    ), quick=False)
    return created.person_id


def person(ctx: WebContext, person_id: int) -> PersonRecord:
    """The stored person (404 via UnknownIdError when missing)."""
    with ctx.uow(readonly=True) as uow:
        record: PersonRecord = uow.people.get(person_id)
    return record


def active_program(ctx: WebContext, person_id: int) -> ProgramRecord | None:
    """The person's program in force."""
    with ctx.uow(readonly=True) as uow:
        record: ProgramRecord | None = uow.programs.active(person_id)
    return record


def todays_session(ctx: WebContext, person_id: int, today: dt.date) -> TodaysSession:
    """The session due on ``today`` (the service decides which one is due)."""
    return today_service.todays_session(ctx.uow(readonly=True), person_id, ctx.catalog, today)


def targets_in_force(ctx: WebContext, person_id: int, today: dt.date) -> list[TodayItem]:
    """Every exercise still ahead, each side with the prescription in force (the handout's
    targets; the service builds them as it builds today's)."""
    return today_service.targets_in_force(
        ctx.uow(readonly=True), person_id, ctx.catalog, today
    )


def list_sets(ctx: WebContext, person_id: int, limit: int = 200) -> list[StoredSet]:
    """Recent performed sets, newest first."""
    return edit_service.list_sets(ctx.uow(readonly=True), person_id, limit=limit)


@dataclass(frozen=True)
class SetAnswer:
    """What logging a set answered: the stored set, the decision about it, and whether the
    set had been stored before (the same ``client_id`` sent again)."""

    stored: StoredSet
    decision: Decision | StoredDecision | None
    """The engine's fresh ``Decision``, or, for a set sent again, the ``StoredDecision``
    made about it (both have ``action``, ``explanation``, ``variant_id``, ``side`` and
    ``see_clinician``)."""
    replayed: bool = False


IDENTITY_FIELDS = ("variant_id", "side", "date")
"""What makes a resent set the same set. Other values may differ on purpose: the set can
have been corrected on another screen before the lost answer's resend arrives."""


async def log_set_once(
    ctx: WebContext,
    person_id: int,
    performed: PerformedSet,
    today: dt.date,
    client_id: str | None = None,
) -> SetAnswer:
    """Log a set, once per ``client_id``: a set sent again (a phone that never got the first
    answer, a double tap) answers with the set stored the first time and its decision, and
    stores nothing. Without a ``client_id`` every call logs a new set.

    The check is made before logging, in the same unit of work; two copies arriving at the
    same instant (PostgreSQL, two workers) both pass it, and then the database's unique
    (person, client_id) constraint refuses the second insert, which is answered like a
    resend. A ``client_id`` already used for a different exercise, side or date is refused
    with a message naming the field, never silently matched.
    """
    def work(uow: SqlUnitOfWork) -> SetAnswer:
        from glutemed.store.unit_of_work import ConflictError

        if client_id is not None:
            first = _logged_before(uow, person_id, performed, client_id)
            if first is not None:
                return first
        try:
            logged = log_service.record_set(
                uow, person_id, performed, ctx.catalog, today, client_id=client_id
            )
        except ConflictError:
            first = (
                None if client_id is None
                else _logged_before(uow, person_id, performed, client_id)
            )
            if first is None:
                raise
            return first
        return SetAnswer(stored=logged.stored, decision=logged.decision)

    return await write(ctx, work)


def _logged_before(
    uow: SqlUnitOfWork, person_id: int, performed: PerformedSet, client_id: str
) -> SetAnswer | None:
    with uow:
        stored = uow.sets.by_client_id(person_id, client_id)
        if stored is None:
            return None
        decision = uow.decisions.for_set(stored.id)
    mismatch = [
        f for f in IDENTITY_FIELDS if getattr(stored.performed, f) != getattr(performed, f)
    ]
    if mismatch:
        raise InputError(
            "client_id",
            f"'{client_id}' was given to another set already (set {stored.id}, a different "
            f"{' and '.join(mismatch)}); give each set its own id",
        )
    return SetAnswer(stored=stored, decision=decision, replayed=True)


def get_set(ctx: WebContext, person_id: int, set_id: int) -> StoredSet:
    """One stored set of this person (UnknownIdError when it is not theirs, or when the id
    could not be stored at all: a form's set ids arrive unchecked, and PostgreSQL refuses
    to compare a 32-bit id column with a larger number instead of finding nothing)."""
    if not storable_id(set_id):
        raise UnknownIdError("performed set", str(set_id))
    with ctx.uow(readonly=True) as uow:
        stored: StoredSet = uow.sets.get(person_id, set_id)
    return stored


async def edit_set(
    ctx: WebContext, person_id: int, set_id: int, performed: PerformedSet
) -> StoredSet:
    """Replace a stored set with corrected values (the service re-decides)."""
    await read(ctx, partial(get_set, ctx, person_id, set_id))  # 404 before any write
    changes = performed.model_dump()
    return await write(
        ctx, lambda uow: edit_service.edit_set(uow, person_id, set_id, changes, ctx.catalog)
    )


async def delete_set(ctx: WebContext, person_id: int, set_id: int, *, undo: bool = False) -> None:
    """Delete a set, or undo that delete (the store keeps it until then)."""
    await read(ctx, partial(get_set, ctx, person_id, set_id))  # 404 before any write
    change = edit_service.restore_set if undo else edit_service.delete_set
    await write(ctx, lambda uow: change(uow, person_id, set_id, ctx.catalog))


def progress_summary(ctx: WebContext, person_id: int) -> ProgressSummary:
    """Per-variant trend, asymmetry and adherence, from the service."""
    return progress_service.progress_summary(ctx.uow(readonly=True), person_id, ctx.catalog)


def slots_of_variants(ctx: WebContext, person_id: int) -> dict[str, str]:
    """The program exercise (slot) each logged variant belongs to."""
    from glutemed.services.progress import slots_of_variants as slots

    return slots(ctx.uow(readonly=True), person_id)


def decisions(ctx: WebContext, person_id: int, limit: int = 50) -> list[StoredDecision]:
    """Recent progression decisions, newest first."""
    return decision_service.recent_decisions(ctx.uow(readonly=True), person_id, limit)


def last_decision(ctx: WebContext, person_id: int, variant_id: str) -> StoredDecision | None:
    """The newest decision about a variant."""
    return decision_service.last_decision(ctx.uow(readonly=True), person_id, variant_id)


def sets_awaiting_morning_pain(
    ctx: WebContext, person_id: int, today: dt.date
) -> tuple[dt.date | None, list[StoredSet]]:
    """The last training day before ``today`` and its sets with no next-morning pain yet."""
    earlier = [s for s in list_sets(ctx, person_id, limit=100) if s.performed.date < today]
    if not earlier:
        return None, []
    day = earlier[0].performed.date
    waiting = [
        s for s in earlier if s.performed.date == day and s.performed.pain_next_morning is None
    ]
    return day, waiting


async def record_morning_pain(
    ctx: WebContext, person_id: int, set_ids: list[int], pain_0_10: int
) -> None:
    """Add next-morning pain to each set of a training day (the service re-decides).

    Every id is checked before the first write, so one unknown id changes nothing rather
    than leaving the day half answered."""
    for set_id in set_ids:
        await read(ctx, partial(get_set, ctx, person_id, set_id))
    answer = {"pain_next_morning": pain_0_10}
    for set_id in set_ids:
        await write(ctx, partial(_answer_morning, person_id, set_id, answer, ctx))


async def clear_pause(ctx: WebContext, person_id: int, *, by: str, note: str,
                      confirmed: bool) -> None:
    """Resume progression after a warning sign (see :func:`services.safety.clear_pause`)."""
    from glutemed.services.safety import clear_pause as clear

    await write(ctx, partial(_clear, clear, person_id, by, note, confirmed))


def _clear(clear: Callable[..., Any], person_id: int, by: str, note: str, confirmed: bool,
           uow: SqlUnitOfWork) -> Any:
    return clear(uow, person_id, by=by, note=note, confirmed=confirmed)


def pause_history(ctx: WebContext, person_id: int) -> list[Any]:
    """Every pause of a person, with its clearance (read-only)."""
    from glutemed.services.safety import pauses

    return pauses(ctx.uow(readonly=True), person_id)


def _answer_morning(
    person_id: int, set_id: int, answer: dict[str, Any], ctx: WebContext, uow: SqlUnitOfWork
) -> StoredSet:
    return edit_service.edit_set(uow, person_id, set_id, answer, ctx.catalog)


async def acknowledge_flag(ctx: WebContext, person_id: int, *, kind: str, note: str,
                           by: str) -> Any:
    """Acknowledge a client's needs-attention flag (see
    :func:`glutemed.services.attention.acknowledge`)."""
    from glutemed.services.attention import acknowledge
    from glutemed.web.context import today_for

    found = await read(ctx, partial(person, ctx, person_id))
    today = today_for(found.timezone)
    return await write(ctx, lambda uow: acknowledge(
        uow, found, ctx.catalog, today, kind=kind, note=note, by=by))

