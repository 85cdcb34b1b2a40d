"""What the training services need of a store: a unit of work and its repositories, as
:class:`typing.Protocol` types.

The training path's services (:mod:`~glutemed.services.todays_session`,
:mod:`~glutemed.services.set_logging`, :mod:`~glutemed.services.set_edits`,
:mod:`~glutemed.services.placement`, :mod:`~glutemed.services.decisions`,
:mod:`~glutemed.services.safety`, :mod:`~glutemed.services.progress`,
:mod:`~glutemed.services.people` and :mod:`~glutemed.services.set_checks`) are typed against
:class:`UnitOfWork`, not against the SQL store. Each repository protocol lists exactly the
methods those services call, with the SQL repositories' signatures, so:

* :class:`glutemed.store.unit_of_work.SqlUnitOfWork` satisfies :class:`UnitOfWork`
  structurally, without importing this module: mypy checks it at every place a
  ``SqlUnitOfWork`` is handed to one of these services (the CLI, the web app, other
  services). A method added here that the store lacks, or a signature that drifts, is a
  type error there.
* a test can hand the services an in-memory unit of work (``tests/fakes``) and run the real
  use cases -- start a person, log sets, today, why, history -- without a database.

Why here and not in ``store``: the protocols describe what the *services* consume, so they
live beside their consumers, and the dependency points inwards (services -> the records
they speak, never the SQL). They import only the records (:mod:`glutemed.store.records`,
:mod:`glutemed.store.decision_records`: frozen values, no SQLAlchemy) and the core's models.

Repositories never commit; :meth:`UnitOfWork.commit` does, once per use case. Leaving the
``with`` block without committing discards the work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from glutemed.programming.models import Prescription, Profile, Program, Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.side_days import SideRecord
from glutemed.store.decision_records import NewDecision, StoredDecision
from glutemed.store.records import (
    ActiveProgram,
    LogFacts,
    PauseRecord,
    PersonBrief,
    PersonRecord,
    PlannedSessionRecord,
    ProgramRecord,
    ProgressLine,
    SessionRef,
    StateRecord,
    StoredSet,
)

PlannedSlot = tuple[int, int, str, dt.date, list[Prescription]]
"""A session to store: ``(week, day, name, date, items)``, in training order."""


class People(Protocol):
    """People and what the training path reads of them."""

    def add(self, name: str, profile: Profile, *, units: str = "kg", timezone: str = "UTC",
            account_id: int | None = None, clinician_account_id: int | None = None) -> int:
        """Store a new person (names unique per clinician); their id."""
        ...

    def lock(self, person_id: int) -> None:
        """Serialise writers of this person's log for the rest of the unit of work."""
        ...

    def require(self, person_id: int) -> None:
        """An :class:`~glutemed.errors.UnknownIdError` unless the person exists."""
        ...

    def check(self, person_id: int) -> None:
        """The same as :meth:`require` (the logging path's one-column read)."""
        ...

    def get(self, person_id: int) -> PersonRecord:
        """The person (an unknown id is an error)."""
        ...

    def brief(self, person_id: int) -> PersonBrief:
        """What logging a set needs of the person, and why progression is paused."""
        ...

    def log_facts(self, person_id: int) -> LogFacts:
        """What checking a set needs of the person (mass, time zone, start of the log)."""
        ...


class ClientLinks(Protocol):
    """The one account write starting a person makes: a clinician's link to a new client."""

    def assign_client(self, clinician_account_id: int, person_id: int) -> None:
        """Let a clinician see and manage a person."""
        ...


class Programs(Protocol):
    """Program versions and their planned sessions."""

    def add(self, person_id: int, program: Program, start_date: dt.date,
            planned: Sequence[PlannedSlot],
            completed: Mapping[tuple[int, int], dt.date] | None = None) -> int:
        """Store a new active version with its sessions (the previous one deactivated)."""
        ...

    def active(self, person_id: int) -> ProgramRecord | None:
        """The person's current program, if any."""
        ...

    def completed_marks(self, program_id: int) -> dict[tuple[int, int], dt.date]:
        """When each trained session was done, by ``(week, day)``."""
        ...

    def active_with_sessions(self, person_id: int, date: dt.date) -> ActiveProgram | None:
        """The active program's id and the sessions a set on ``date`` may belong to."""
        ...

    def find_item(self, program_id: int, variant_id: str) -> Prescription | None:
        """The first planned prescription of a variant (open sessions first)."""
        ...

    def session_ref(self, planned_session_id: int) -> SessionRef | None:
        """One planned session as the logging path reads it."""
        ...

    def sessions_after(self, program_id: int, sequence: int, limit: int = 16
                       ) -> list[SessionRef]:
        """The sessions after number ``sequence``, in training order."""
        ...

    def sessions(self, program_id: int) -> list[PlannedSessionRecord]:
        """Every planned session, in order."""
        ...

    def first_open_session(self, program_id: int) -> PlannedSessionRecord | None:
        """The earliest session not yet trained."""
        ...

    def session_on(self, program_id: int, date: dt.date) -> PlannedSessionRecord | None:
        """The session trained on ``date``, if any (the last one)."""
        ...

    def mark_completed(self, planned_session_id: int, date: dt.date) -> None:
        """Record that a session was trained on ``date``."""
        ...


class Sets(Protocol):
    """Performed sets; every write keeps the set's progress line in step."""

    def store(self, person_id: int, performed: PerformedSet,
              planned_session_id: int | None = None, *, deleted_at: dt.datetime | None = None,
              client_id: str | None = None, update_line: bool = True) -> StoredSet:
        """Store a set; it as stored (id and creation instant)."""
        ...

    def get(self, person_id: int, set_id: int) -> StoredSet:
        """One set of this person, deleted or not (another person's id is unknown)."""
        ...

    def replace(self, person_id: int, set_id: int, performed: PerformedSet) -> None:
        """Overwrite a live set's fields (an edit)."""
        ...

    def mark_deleted(self, person_id: int, set_id: int, deleted: bool) -> None:
        """Soft-delete or restore a set."""
        ...

    def decision_record(self, person_id: int, *, variant_id: str, side: Side, since: dt.date,
                        recent_since: dt.date, until: dt.date, sessions: int, limit: int
                        ) -> SideRecord:
        """What a decision reads of one side: this variant's live sets of the side and of
        both legs on its last ``sessions`` training days from ``since`` to ``until`` (the
        newest ``limit`` of each stored side), every day of those sides from
        ``recent_since`` in summary (one summary per stored side and day), and the sets of
        the latest such day that may carry a warning sign (when no day is in reach: the
        exercise's own such sets)."""
        ...

    def recent(self, person_id: int, *, variant_id: str | None = None,
               since: dt.date | None = None, limit: int | None = None,
               include_deleted: bool = False) -> list[StoredSet]:
        """Sets newest first (date, then id), for history views."""
        ...

    def last_session(self, person_id: int, variant_id: str, before: dt.date
                     ) -> list[StoredSet]:
        """The live sets of the latest day before ``before`` this variant was trained."""
        ...

    def count_on(self, person_id: int, variant_ids: Sequence[str], side: Side,
                 date: dt.date) -> int:
        """How many live sets of these variants and this side were logged on ``date``."""
        ...

    def progress_lines(self, person_id: int) -> list[ProgressLine]:
        """The running (variant, side) summaries, by variant then side."""
        ...


class States(Protocol):
    """The prescription in force per program slot and side."""

    def all(self, person_id: int, side: Side | None = None) -> list[StateRecord]:
        """Every line of a person (of one side when given), oldest first."""
        ...

    def of_side(self, person_id: int, side: Side) -> list[StateRecord]:
        """The lines of one side and of both legs."""
        ...

    def get(self, person_id: int, slot: str, side: Side) -> StateRecord | None:
        """The line of one slot and side, if trained."""
        ...

    def put(self, person_id: int, slot: str, side: Side, prescription: Prescription,
            counters: dict[str, Any] | None = None, *, session_date: dt.date | None = None,
            session_target: Prescription | None = None, session_base_sets: int | None = None,
            state_id: int | None = None) -> None:
        """Create or replace the line of a slot and side with the session it was decided
        in (``counters=None`` keeps the stored counters)."""
        ...


class Pauses(Protocol):
    """Safety pauses."""

    def active(self, person_id: int) -> PauseRecord | None:
        """The open pause, if any."""
        ...

    def all(self, person_id: int) -> list[PauseRecord]:
        """Every pause, oldest first."""
        ...

    def open(self, person_id: int, started_on: dt.date, reason: str,
             decision_id: int | None = None, *, created_at: dt.datetime | None = None) -> int:
        """Pause progression; the pause's id."""
        ...

    def clear(self, pause_id: int, by: str | None, note: str | None, *,
              cleared_at: dt.datetime | None = None) -> None:
        """Record who cleared the pause, when and why."""
        ...

    def extend(self, pause_id: int, reason: str) -> None:
        """Replace an open pause's reason (a further warning sign added to it)."""
        ...


class Decisions(Protocol):
    """Progression decisions."""

    def add(self, decision: NewDecision) -> int:
        """Store a decision; its id."""
        ...

    def last(self, person_id: int, variant_id: str | None = None, side: Side | None = None
             ) -> StoredDecision | None:
        """The newest decision, optionally of one variant (current or slot) and side."""
        ...

    def for_set(self, performed_set_id: int) -> StoredDecision | None:
        """The newest decision made after a set."""
        ...

    def recent(self, person_id: int, limit: int = 50) -> list[StoredDecision]:
        """The newest decisions first."""
        ...

    def slot_variants(self, person_id: int) -> list[tuple[str, str, dt.date]]:
        """``(slot, variant, first date)`` for every variant a slot's decisions named."""
        ...


class Transaction(Protocol):
    """One use case, one transaction: ``with uow: ...; uow.commit()``. What every unit of
    work has, whatever repositories it binds (see :class:`UnitOfWork`)."""

    def __enter__(self) -> Self:
        """Open the transaction and bind the repositories to it."""
        ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close it; whatever was not committed is discarded."""
        ...

    def commit(self) -> None:
        """Make every change of this unit of work permanent, at once."""
        ...


class UnitOfWork(Transaction, Protocol):
    """The training path's unit of work: a :class:`Transaction` with these repositories.

    The repositories are read-only properties here so that an implementation may hold its
    own (sub)types of them, as :class:`~glutemed.store.unit_of_work.SqlUnitOfWork` does.
    """

    @property
    def people(self) -> People: ...
    @property
    def accounts(self) -> ClientLinks: ...
    @property
    def programs(self) -> Programs: ...
    @property
    def sets(self) -> Sets: ...
    @property
    def state(self) -> States: ...
    @property
    def pauses(self) -> Pauses: ...
    @property
    def decisions(self) -> Decisions: ...
