"""What the program editor's, the outcome and the needs-attention services need of a store,
beyond the training path's :class:`~glutemed.services.ports.UnitOfWork`: program changes
and access, templates, outcome entries, acknowledgements and the attention list's light
reads, every program version, decisions by action, the open pauses of many people.

:class:`ClinicUnitOfWork` extends the training path's protocol, so these services can call
the training ones with the same unit of work (the editor stores a program through
:func:`glutemed.services.people.store_program`). Like :mod:`glutemed.services.ports` it
lists exactly the methods the services call, and
:class:`~glutemed.store.unit_of_work.SqlUnitOfWork` satisfies it structurally (mypy checks
every call site). A separate module so that the training path's protocol -- the one the
in-memory fake of ``tests/fakes`` implements -- stays the small one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from glutemed.services.ports import Decisions, Pauses, Programs, UnitOfWork

if TYPE_CHECKING:  # only named in signatures: importing this costs a command nothing
    from glutemed.clinic.attention import Acknowledgement
    from glutemed.outcomes.entries import OutcomeEntry
    from glutemed.outcomes.schedule import OutcomeSchedule
    from glutemed.programming.models import Program
    from glutemed.progression.rules import ActionKind
    from glutemed.store.attention import LoggedSet, PlannedDue
    from glutemed.store.decision_records import StoredDecision
    from glutemed.store.outcomes import StoredOutcome
    from glutemed.store.program_changes import Access, ProgramChange
    from glutemed.store.program_templates import ProgramTemplate
    from glutemed.store.records import PauseRecord, ProgramRecord


class ProgramVersions(Programs, Protocol):
    """Programs, with every version (exports and the outcome schedule keep them all)."""

    def versions(self, person_id: int) -> list[ProgramRecord]:
        """Every version of the person's program, oldest first."""
        ...

    def active_id(self, person_id: int) -> int | None:
        """The id of the program in force (its JSON not parsed)."""
        ...


class DecisionsByAction(Decisions, Protocol):
    """Decisions, also found by what they did (the report's decisions that mattered)."""

    def with_actions(self, person_id: int, actions: Sequence[ActionKind]
                     ) -> list[StoredDecision]:
        """The person's decisions whose action is one of ``actions``, oldest first."""
        ...


class OpenPauses(Pauses, Protocol):
    """Pauses, also of many people at once (the clinic's list)."""

    def active_people(self, person_ids: Sequence[int]) -> dict[int, PauseRecord]:
        """The open pause of each of these people who has one."""
        ...


class ProgramChanges(Protocol):
    """Who changed a program, when and how, and what a client may change."""

    def add(self, person_id: int, program_id: int | None, *, at: dt.datetime, by: str,
            role: str, what: str, edit: dict[str, Any]) -> int:
        """Record one change; its id."""
        ...

    def all(self, person_id: int) -> list[ProgramChange]:
        """Every change, oldest first."""
        ...

    def by_clients(self, person_ids: list[int]) -> dict[int, list[ProgramChange]]:
        """The changes clients made to their own programs, per person."""
        ...

    def access(self, person_id: int) -> Access:
        """What the client may change (the default when nobody set it)."""
        ...

    def set_access(self, person_id: int, access: str, *, by: str, at: dt.datetime) -> None:
        """Set what the client may change."""
        ...


class ProgramTemplates(Protocol):
    """A clinician's saved programs."""

    def add(self, owner_account_id: int, name: str, program: Program) -> int:
        """Store a template; its id."""
        ...

    def by_name(self, owner_account_id: int, name: str) -> ProgramTemplate | None:
        """The owner's template of this name."""
        ...

    def get(self, owner_account_id: int, template_id: int) -> ProgramTemplate | None:
        """The owner's template of this id (None for another owner's)."""
        ...

    def all(self, owner_account_id: int) -> list[ProgramTemplate]:
        """The owner's templates, by name."""
        ...


class Outcomes(Protocol):
    """Outcome measure entries and each person's schedule of them."""

    def add(self, person_id: int, entry: OutcomeEntry) -> int:
        """Store one entry; its id."""
        ...

    def all(self, person_id: int) -> list[StoredOutcome]:
        """Every entry, oldest date first."""
        ...

    def dates(self, person_id: int) -> list[dt.date]:
        """The dates with any entry."""
        ...

    def remove(self, person_id: int, entry_id: int) -> None:
        """Delete one entry (an error if it is not this person's)."""
        ...

    def schedule(self, person_id: int) -> OutcomeSchedule | None:
        """The person's own schedule, or None for the default."""
        ...

    def set_schedule(self, person_id: int, schedule: OutcomeSchedule | None) -> None:
        """Replace the person's schedule (None: back to the default)."""
        ...


class AttentionFigures(Protocol):
    """The few columns the needs-attention list reads per client."""

    def program_in_force(self, person_id: int) -> tuple[int, dt.date] | None:
        """The id and start date of the person's active program."""
        ...

    def planned_between(self, program_id: int, since: dt.date,
                        until: dt.date) -> list[PlannedDue]:
        """The program's sessions planned from ``since`` to ``until``."""
        ...

    def sets_since(self, person_id: int, since: dt.date) -> list[LoggedSet]:
        """The person's live sets from ``since`` on, newest first."""
        ...

    def last_trained(self, person_id: int) -> dt.date | None:
        """The date of the person's latest live set."""
        ...


class Acknowledgements(Protocol):
    """Acknowledged attention flags, and the list's light reads."""

    @property
    def reads(self) -> AttentionFigures: ...

    def add(self, person_id: int, ack: Acknowledgement) -> int:
        """Store one acknowledgement; its id."""
        ...

    def all(self, person_id: int) -> list[Acknowledgement]:
        """A person's acknowledgements, oldest first."""
        ...

    def of_people(self, person_ids: Sequence[int]) -> dict[int, list[Acknowledgement]]:
        """The acknowledgements of each of these people."""
        ...


class ClinicUnitOfWork(UnitOfWork, Protocol):
    """The training path's unit of work with the program editor's, outcomes' and
    needs-attention list's stores."""

    @property
    def programs(self) -> ProgramVersions: ...
    @property
    def decisions(self) -> DecisionsByAction: ...
    @property
    def program_changes(self) -> ProgramChanges: ...
    @property
    def program_templates(self) -> ProgramTemplates: ...
    @property
    def outcomes(self) -> Outcomes: ...
    @property
    def pauses(self) -> OpenPauses: ...
    @property
    def attention(self) -> Acknowledgements: ...
