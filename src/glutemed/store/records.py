"""The records the store hands to the services: plain frozen values, no rows.

Every repository returns these (or the core's own models), never a SQLAlchemy row, so a
service, a page or a test fake can build and compare them without a database. They hold no
SQL and import none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from glutemed.catalog.models import Role
from glutemed.programming.models import Prescription, Profile, Program, Side, legacy_slot
from glutemed.progression.day_best import DayBest
from glutemed.progression.models import PerformedSet
from glutemed.units import Unit


@dataclass(frozen=True)
class PersonRecord:
    """A stored person."""

    id: int
    name: str
    profile: Profile
    units: Unit
    timezone: str
    account_id: int | None = None


@dataclass(frozen=True)
class PersonBrief:
    """What logging a set needs of a person: the facts that check it, the profile (goal,
    equipment) and why progression is paused."""

    facts: LogFacts
    profile: Profile
    paused: str | None

    @property
    def name(self) -> str:
        """The person's name."""
        return self.facts.name


@dataclass(frozen=True)
class LogFacts:
    """What checking a new set needs to know about its person (see
    :mod:`glutemed.progression.validity`): one small read, no profile parsing."""

    name: str
    timezone: str
    created_at: dt.datetime
    mass_kg: float | None
    first_program_start: dt.date | None


@dataclass(frozen=True)
class ProgramRecord:
    """A stored program version."""

    id: int
    person_id: int
    version: int
    start_date: dt.date
    program: Program
    active: bool = True


@dataclass(frozen=True)
class PlannedSessionRecord:
    """A session of a program, placed on a calendar date."""

    id: int
    program_id: int
    sequence: int
    week: int
    day: int
    name: str
    planned_date: dt.date
    items: list[Prescription]
    completed_on: dt.date | None


@dataclass(frozen=True)
class SessionRef:
    """A planned session as the logging path reads it: its items as stored (dicts; each is
    parsed only if the set turns out to belong to it)."""

    id: int
    sequence: int
    week: int
    items: list[dict[str, Any]]

    def item(self, slot: str) -> dict[str, Any] | None:
        """The stored item of ``slot`` in this session, if it has one."""
        return next((i for i in self.items if stored_slot(i) == slot), None)


def stored_slot(item: Mapping[str, Any]) -> str:
    """The slot of a stored program item (derived for items stored before slots existed)."""
    slot = item.get("slot")
    if slot:
        return str(slot)
    return legacy_slot(Role(item.get("role", "abduction")), str(item.get("variant_id")))


@dataclass(frozen=True)
class ActiveProgram:
    """The active program's id and the sessions a set on a date may belong to: the one
    trained that day (the last one), and the first one not yet trained."""

    id: int
    done_on_day: SessionRef | None
    first_open: SessionRef | None


@dataclass(frozen=True)
class StoredSet:
    """A performed set with its storage identity."""

    id: int
    person_id: int
    performed: PerformedSet
    planned_session_id: int | None
    created_at: dt.datetime
    deleted_at: dt.datetime | None = None
    """When the set was deleted (UTC); None while it counts. Kept so a delete can be undone."""
    client_id: str | None = None
    """The id the logging device gave the set (see ``PerformedSetRow.client_id``)."""

    @property
    def deleted(self) -> bool:
        """True for a soft-deleted set (kept for undo, left out of decisions and progress)."""
        return self.deleted_at is not None


@dataclass(frozen=True)
class StateRecord:
    """The prescription in force for one program slot and side, and the session in progress
    (what the sets of ``session_date`` are judged against)."""

    id: int
    person_id: int
    slot: str
    side: Side
    prescription: Prescription
    counters: dict[str, Any]
    session_date: dt.date | None = None
    session_target: Prescription | None = None
    session_base_sets: int | None = None


@dataclass(frozen=True)
class PauseRecord:
    """Progression paused for a person after a warning sign (cleared when ``cleared_at``)."""

    id: int
    person_id: int
    started_on: dt.date
    reason: str
    decision_id: int | None
    created_at: dt.datetime
    cleared_at: dt.datetime | None = None
    cleared_by: str | None = None
    clearance_note: str | None = None


class SessionAggregate(NamedTuple):
    """One (variant, side, date) of training, aggregated in SQL for progress summaries.

    ``best`` is the day's best by the core's one definition
    (:mod:`glutemed.progression.day_best`), built from the SQL maxima. A named tuple: one is
    made per day of a person's whole history, and a tuple is much cheaper to make than a
    frozen dataclass.
    """

    variant_id: str
    side: Side
    date: dt.date
    sets: int
    best: DayBest
    total_reps: int
    max_pain: int | None


class Maxima(NamedTuple):
    """A day's (or a line's) maxima as a progress line keeps them: the numbers a day's best
    is made of (see :func:`glutemed.progression.day_best.best_value`)."""

    load_kg: float | None
    reps: int | None
    hold_s: float | None


@dataclass(frozen=True)
class ProgressLine:
    """The running summary of one (variant, side) of a person's live sets: how many
    sessions and sets, the first and the best day, the latest few days and the worst pain.

    Kept up to date by the store on every add, edit, delete and restore
    (:mod:`glutemed.store.progress_lines`); :mod:`glutemed.services.progress` turns lines
    into trends and left-right gaps."""

    variant_id: str
    side: Side
    sessions: int
    sets: int
    first_date: dt.date
    first: Maxima
    last_date: dt.date
    recent: list[Maxima]
    """The latest sessions' maxima, oldest first (at most ``RECENT_SESSIONS``)."""
    best: Maxima
    max_pain: int | None


@dataclass(frozen=True)
class AccountRecord:
    """A stored web account (clinic mode), hash included: logging in and changing a
    password verify against it, so the services need it; a page never shows it."""

    id: int
    username: str
    role: str
    """``clinician`` or ``client`` (the schema's check constraint allows nothing else)."""
    password_hash: str
    created_at: dt.datetime
    disabled_at: dt.datetime | None


@dataclass(frozen=True)
class LoginSessionRecord:
    """A stored login session, without its token hash (nothing reads it back but the
    lookup by hash itself)."""

    id: int
    account_id: int
    created_at_s: float
    last_seen_at_s: float
    expires_at_s: float
    ip: str
    user_agent: str
