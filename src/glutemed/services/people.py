"""Starting a person: profile in, program generated and placed on their calendar.

The program comes from the pure generator; this service only stores it and decides on
which calendar dates its sessions fall. Dates are the person's local calendar: the shell
computes "today" in the person's time zone (:func:`local_today`) and passes it in.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.programming.calendar import program_weekdays, session_dates
from glutemed.programming.models import Prescription, Profile, Program, slot_of
from glutemed.services.ports import PlannedSlot, UnitOfWork
from glutemed.units import check_units


def check_timezone(name: str) -> str:
    """An IANA time-zone name (``Europe/Berlin``), or an input error naming the field."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            "timezone", f"'{name}' is not a known time zone; use a name like Europe/London"
        ) from None
    return name


def local_today(timezone: str, now: dt.datetime | None = None) -> dt.date:
    """Today's date in the person's time zone (the shell's job; the core never reads clocks)."""
    instant = now if now is not None else dt.datetime.now(dt.UTC)
    return instant.astimezone(ZoneInfo(check_timezone(timezone))).date()


def check_start(start_date: dt.date, timezone: str) -> dt.date:
    """A program's first day if it is plausible (not before the earliest date glutemed
    accepts, not more than a year after the person's today); an input error otherwise."""
    from glutemed.progression.validity import check_start_date, default_limits

    return check_start_date(start_date, local_today(timezone), default_limits())


def schedule(program: Program, start_date: dt.date) -> list[PlannedSlot]:
    """Every session of the program with its calendar date, in training order: on the
    program's ``weekdays`` when a clinician chose them (the first of them on or after the
    start date opens each week), else spread out from the start date."""
    return [(week.number, session.day, session.name, date, list(session.items))
            for week, session, date in session_dates(program, start_date,
                                                     program_weekdays(program))]


def start_person(
    uow: UnitOfWork,
    name: str,
    profile: Profile,
    catalog: Catalog,
    today: dt.date,
    *,
    units: str = "kg",
    timezone: str = "UTC",
    account_id: int | None = None,
    clinician_account_id: int | None = None,
) -> int:
    """Store a person with a freshly generated program starting ``today``; returns their id.

    The person, the program, every planned session and (with ``clinician_account_id``) the
    clinician's assignment are written in one transaction: all of them, or none.
    """
    program = plan_for(profile, catalog, units=units, timezone=timezone)
    with uow:
        person_id = add_person(
            uow, name, profile, program, today, units=units, timezone=timezone,
            account_id=account_id, clinician_account_id=clinician_account_id,
        )
        uow.commit()
    return person_id


def plan_for(profile: Profile, catalog: Catalog, *, units: str, timezone: str) -> Program:
    """Check the display choices and generate the program, before any transaction opens.

    Generating is pure and can take a while; doing it first keeps the write transaction
    (and SQLite's write lock) short, and a bad unit or time zone never reaches the database.
    """
    from glutemed.programming.generator import generate_program

    check_units(units)
    check_timezone(timezone)
    return generate_program(profile, catalog)


def add_person(
    uow: UnitOfWork,
    name: str,
    profile: Profile,
    program: Program,
    today: dt.date,
    *,
    units: str = "kg",
    timezone: str = "UTC",
    account_id: int | None = None,
    clinician_account_id: int | None = None,
) -> int:
    """Write a person, their program and its calendar into the open unit of work.

    Does not commit: the caller's use case decides what else belongs in the same
    transaction (a client's login, see :func:`glutemed.services.accounts.start_client`).
    ``today`` is the program's first day; it may not lie far ahead of the person's own
    today (:func:`~glutemed.progression.validity.check_start_date`).
    """
    check_start(today, timezone)
    person_id = uow.people.add(
        name, profile, units=units, timezone=timezone, account_id=account_id,
        clinician_account_id=clinician_account_id,
    )
    uow.programs.add(person_id, program, today, schedule(program, today))
    if clinician_account_id is not None:
        uow.accounts.assign_client(clinician_account_id, person_id)
    return person_id


def save_program(
    uow: UnitOfWork,
    person_id: int,
    program: Program,
    start_date: dt.date,
    *,
    keep_completed: bool = False,
) -> int:
    """Store an edited or regenerated program as the person's new active version.

    With ``keep_completed`` (an edit of the program in force) the sessions already trained
    stay marked as trained, so the session due does not jump back to week 1; a new program
    (``keep_completed=False``) starts from its first session.
    """
    with uow:
        program_id = store_program(uow, person_id, program, start_date,
                                   keep_completed=keep_completed)
        uow.commit()
    return program_id


def store_program(uow: UnitOfWork, person_id: int, program: Program, start_date: dt.date,
                  *, keep_completed: bool) -> int:
    """:func:`save_program` inside the caller's open unit of work (no commit), for a use
    case that records more in the same transaction (the program editor's change record)."""
    check_start(start_date, uow.people.get(person_id).timezone)
    marks: dict[tuple[int, int], dt.date] = {}
    before = uow.programs.active(person_id) if keep_completed else None
    if before is not None:
        marks = uow.programs.completed_marks(before.id)
    program_id = uow.programs.add(
        person_id, program, start_date, schedule(program, start_date), completed=marks
    )
    if before is not None:
        _put_edits_in_force(uow, person_id, before.program, program, program_id)
    return program_id


def edited_slots(old: Program, new: Program) -> dict[str, Prescription]:
    """Slots whose prescription an edit changed, each with its first edited item.

    Items are matched by slot within each session (the program editor adds, removes and
    reorders exercises, so a place in the day may hold another slot after an edit); a slot
    that only moved is not changed, and one that is new has no state to replace."""
    changed: dict[str, Prescription] = {}
    for old_week, new_week in zip(old.weeks, new.weeks, strict=False):
        for old_session, new_session in zip(old_week.sessions, new_week.sessions, strict=False):
            before = {slot_of(i): i for i in old_session.items}
            for now in new_session.items:
                was = before.get(slot_of(now))
                if was is not None and was != now:
                    changed.setdefault(slot_of(now), now)
    return changed


def _put_edits_in_force(uow: UnitOfWork, person_id: int, old: Program, new: Program,
                        program_id: int) -> None:
    """An explicit edit of a prescription (a clinician's, or the person's own) replaces the
    dose in force for that slot: the progression state follows the program's calendar only
    through the step-up gate, but a person's own or their clinician's decision is not a
    proposal. The item of the first session not yet trained is the one put in force."""
    changed = edited_slots(old, new)
    if not changed:
        return
    upcoming = uow.programs.first_open_session(program_id)
    for state in uow.state.all(person_id):
        edited = changed.get(state.slot)
        if edited is None:
            continue
        item = next((i for i in (upcoming.items if upcoming else []) if slot_of(i) == state.slot),
                    edited)
        uow.state.put(person_id, state.slot, state.side,
                      item.model_copy(update={"side": state.side}), state.counters,
                      state_id=state.id)
