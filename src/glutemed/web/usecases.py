"""The web app's single doorway to :mod:`glutemed.services`.

Pages and the API call these functions; each hands a fresh unit of work to the service that
holds the rule (start a person, the session due, log a set and decide, edit, delete, restore,
the progress summary, the decisions). No rule is re-implemented here.

Every write goes through :func:`_write`, which is a coroutine so that the caller never
blocks the event loop on a lock:

* **SQLite, database free** (nearly always): the transaction runs right here on the event
  loop. A logged set is 2-3 ms of CPU with nothing to wait for; a worker thread added the
  hop there and back and two threads taking the GIL from each other (in
  ``benchmarks/bench_api.py`` the app's own p99 fell from 14.6-17.1 ms to 11.2 ms; see
  docs/web.md).
* **SQLite, database busy** -- another of this process's writes holds its write lock, or
  another process (the command line, a second server) holds SQLite's: the loop does not
  wait. The first attempt opens a unit of work whose busy timeout is zero, so it fails at
  once and rolls back whole; the same work then runs in a worker thread, which queues on
  the process's write lock and then on SQLite's busy timeout. The in-process lock exists
  because SQLite's own busy handler waits by sleeping in growing steps, so threads
  contending for the file lose far more time sleeping than writing.
* **PostgreSQL**: always in a worker thread (every statement is a network round trip),
  with no lock of the app's own; the service's row locks keep concurrent writers apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.concurrency import run_in_threadpool

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Profile, Program
from glutemed.progression.models import PerformedSet
from glutemed.services import accounts as account_service
from glutemed.services import decisions as decision_service
from glutemed.services import people as people_service
from glutemed.services import progress as progress_service
from glutemed.services import sessions as session_service
from glutemed.services.progress import ProgressSummary
from glutemed.services.sessions import TodayItem, TodaysSession
from glutemed.store.decision_records import StoredDecision
from glutemed.store.records import PersonRecord, ProgramRecord, StoredSet
from glutemed.web.context import WebContext, storable_id

if TYPE_CHECKING:
    from glutemed.progression.engine import Decision
    from glutemed.store.unit_of_work import SqlUnitOfWork

T = TypeVar("T")


async def read(ctx: WebContext, work: Callable[[], T]) -> T:
    """Run a short read for an ``async`` route without holding the event loop on a wait.

    On SQLite a reader never waits (WAL, deferred ``BEGIN``): the read runs on the loop,
    as quick as a thread hop. On PostgreSQL every statement is a network round trip, so
    the read runs in a worker thread and the loop serves other requests meanwhile."""
    if ctx.sqlite:
        return work()
    return await run_in_threadpool(work)


async def _write(
    ctx: WebContext, work: Callable[[SqlUnitOfWork], T], *, quick: bool = True
) -> T:
    """Run ``work`` (one service call, one transaction) without ever blocking the event
    loop on a lock (see the module docstring). ``work`` must do nothing but its
    transaction, because on SQLite it may be started twice: a first attempt that found the
    database busy was rolled back whole before it is run again. ``quick=False`` is for work
    that is slow even when nothing waits (a password's argon2 hash): a worker thread always.
    """
    if not ctx.sqlite:
        return await run_in_threadpool(work, ctx.uow())
    from glutemed.store.unit_of_work import DatabaseBusy

    if quick and ctx.write_lock.acquire(blocking=False):
        try:
            return work(ctx.uow(wait=False))
        except DatabaseBusy:
            pass  # another process is writing: wait for it in a thread, not here
        finally:
            ctx.write_lock.release()
    return await run_in_threadpool(_write_waiting, ctx, work)


def _write_waiting(ctx: WebContext, work: Callable[[SqlUnitOfWork], T]) -> T:
    with ctx.write_lock:
        return work(ctx.uow())


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
    return await _write(ctx, lambda uow: people_service.start_person(
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
    created = await _write(ctx, lambda uow: account_service.start_client(
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


async def save_program(
    ctx: WebContext, person_id: int, program: Program, start: dt.date, *, keep_completed: bool
) -> int:
    """Store an edited (``keep_completed``) or regenerated program as the new active version."""
    return await _write(ctx, lambda uow: people_service.save_program(
        uow, person_id, program, start, keep_completed=keep_completed
    ))


def todays_session(ctx: WebContext, person_id: int, today: dt.date) -> TodaysSession:
    """The session due on ``today`` (the service decides which one is due)."""
    return session_service.todays_session(ctx.uow(readonly=True), person_id, ctx.catalog, today)


def targets_in_force(ctx: WebContext, person_id: int, today: dt.date) -> list[TodayItem]:
    """Every exercise still ahead, each side with the prescription in force (the handout's
    targets; the service builds them as it builds today's)."""
    return session_service.targets_in_force(
        ctx.uow(readonly=True), person_id, ctx.catalog, today
    )


def list_sets(ctx: WebContext, person_id: int, limit: int = 200) -> list[StoredSet]:
    """Recent performed sets, newest first."""
    return session_service.list_sets(ctx.uow(readonly=True), person_id, limit=limit)


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
            logged = session_service.record_set(
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

    return await _write(ctx, work)


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
    return await _write(
        ctx, lambda uow: session_service.edit_set(uow, person_id, set_id, changes, ctx.catalog)
    )


async def delete_set(ctx: WebContext, person_id: int, set_id: int, *, undo: bool = False) -> None:
    """Delete a set, or undo that delete (the store keeps it until then)."""
    await read(ctx, partial(get_set, ctx, person_id, set_id))  # 404 before any write
    change = session_service.restore_set if undo else session_service.delete_set
    await _write(ctx, lambda uow: change(uow, person_id, set_id, ctx.catalog))


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
        await _write(ctx, partial(_answer_morning, person_id, set_id, answer, ctx))


async def clear_pause(ctx: WebContext, person_id: int, *, by: str, note: str,
                      confirmed: bool) -> None:
    """Resume progression after a warning sign (see :func:`services.safety.clear_pause`)."""
    from glutemed.services.safety import clear_pause as clear

    await _write(ctx, partial(_clear, clear, person_id, by, note, confirmed))


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
    return session_service.edit_set(uow, person_id, set_id, answer, ctx.catalog)


async def mark_device_seen(ctx: WebContext, device_id: int, now: dt.datetime) -> None:
    """Record that a paired device was just used."""
    from glutemed.services import devices

    await _write(ctx, lambda uow: devices.mark_seen(uow, device_id, now))


async def new_pairing(ctx: WebContext, now: dt.datetime) -> Any:
    """A one-time pairing link (``services.devices.Pairing``)."""
    from glutemed.services import devices

    return await _write(ctx, lambda uow: devices.new_pairing(uow, now))


async def pair_device(ctx: WebContext, token: str, name: str, now: dt.datetime) -> Any:
    """Use a pairing link for a new device (``services.devices.Paired``)."""
    from glutemed.services import devices

    return await _write(ctx, lambda uow: devices.pair(uow, token, name, now))


async def revoke_device(ctx: WebContext, device_id: int, now: dt.datetime) -> None:
    """Unpair a device."""
    from glutemed.services import devices

    await _write(ctx, lambda uow: devices.revoke(uow, device_id, now))


async def acknowledge_flag(ctx: WebContext, person_id: int, *, kind: str, note: str,
                           by: str) -> Any:
    """Acknowledge a client's needs-attention flag (see
    :func:`glutemed.services.attention.acknowledge`)."""
    from glutemed.services.attention import acknowledge
    from glutemed.web.context import today_for

    found = person(ctx, person_id)
    today = today_for(found.timezone)
    return await _write(ctx, lambda uow: acknowledge(
        uow, found, ctx.catalog, today, kind=kind, note=note, by=by))


def author(ctx: WebContext, viewer: Any, person_id: int) -> tuple[str, str]:
    """Who is changing a program, and in which role (``self``, ``client``, ``clinician``),
    from the signed-in account (single-person mode: the person themself)."""
    if viewer.role in ("clinician", "client"):
        return viewer.username or viewer.role, str(viewer.role)
    return f"{person(ctx, person_id).name} (self)", "self"


async def save_edit(ctx: WebContext, person_id: int, edit: Any, *, by: str, role: str) -> int:
    """Apply one program-editor edit (see :func:`glutemed.services.program_editor.save_edit`)."""
    from glutemed.services.program_editor import save_edit as save

    return await _write(ctx, lambda uow: save(uow, person_id, edit, ctx.catalog, by=by,
                                              role=role))


async def save_dose_form(ctx: WebContext, person_id: int, program: Program, start: dt.date, *,
                         by: str, role: str, what: str, edit: dict[str, Any]) -> int:
    """Store the one-prescription dose form's edit, checked against the lock and recorded."""
    from glutemed.services.program_editor import save_dose_form as save

    return await _write(ctx, lambda uow: save(uow, person_id, program, start, by=by,
                                              role=role, what=what, edit=edit))


async def set_program_access(ctx: WebContext, person_id: int, access: str, *, by: str) -> Any:
    """Lock a client's program or let them change the dose only."""
    from glutemed.services.program_editor import set_access

    return await _write(ctx, lambda uow: set_access(uow, person_id, access, by=by))


def program_changes(ctx: WebContext, person_id: int) -> Any:
    """What the client may change, and every change to the program (read-only)."""
    from glutemed.services.program_editor import changes

    return changes(ctx.uow(readonly=True), person_id)


async def save_template(ctx: WebContext, owner_account_id: int, person_id: int,
                        name: str) -> Any:
    """Save a client's program as the clinician's named template."""
    from glutemed.services.program_editor import save_template as save

    return await _write(ctx, lambda uow: save(uow, owner_account_id, person_id, name))


def templates(ctx: WebContext, owner_account_id: int) -> list[Any]:
    """The clinician's templates."""
    from glutemed.services.program_editor import templates as mine

    return mine(ctx.uow(readonly=True), owner_account_id)


async def apply_template(ctx: WebContext, person_id: int, owner_account_id: int,
                         template_id: int, *, by: str, start_date: dt.date | None) -> int:
    """Give a client a new program from one of the clinician's templates."""
    from glutemed.services.program_editor import apply_template as apply

    return await _write(ctx, lambda uow: apply(uow, person_id, owner_account_id, template_id,
                                               ctx.catalog, by=by, start_date=start_date))


async def save_new_program(ctx: WebContext, person_id: int, program: Program,
                           start: dt.date, *, by: str, role: str) -> int:
    """Store a regenerated program as the new active version, recorded as a change."""
    from glutemed.services.program_editor import save_new_program as save

    return await _write(ctx, lambda uow: save(uow, person_id, program, start, by=by,
                                              role=role))
