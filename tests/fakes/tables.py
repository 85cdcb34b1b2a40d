"""The fake store's tables: rows by id in dicts, and how values cross into them.

Values are kept the way the SQL store gives them back: models go in as JSON and come out
validated again (:func:`json_copy`, :func:`stored_rx`), so nothing is shared by reference
with the caller. Rows are immutable or replaced whole on every write, which is what lets
:meth:`Tables.copy` be a cheap snapshot for rolling back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from glutemed.errors import StorageError
from glutemed.programming.models import Prescription
from glutemed.store.decision_records import StoredDecision
from glutemed.store.records import (
    AccountRecord,
    LoginSessionRecord,
    PauseRecord,
    PersonRecord,
    PlannedSessionRecord,
    SessionRef,
    StateRecord,
    StoredSet,
)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """An instant as aware UTC (a naive one is taken as UTC, as the store does)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def json_copy(value: Any) -> Any:
    """A value as a JSON column gives it back (a copy: nothing shared with the caller)."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        raise StorageError(f"could not store the value: {exc}") from exc


def stored_rx(item: Prescription | Mapping[str, Any]) -> Prescription:
    """A prescription as the store reads it back from its JSON."""
    data = item.model_dump(mode="json") if isinstance(item, Prescription) else item
    return Prescription.model_validate(json_copy(data))


@dataclass
class StoredPerson:
    record: PersonRecord
    created_at: dt.datetime
    clinician_account_id: int | None


@dataclass
class StoredProgram:
    id: int
    person_id: int
    version: int
    start_date: dt.date
    program: dict[str, Any]
    active: bool


@dataclass
class StoredSession:
    id: int
    program_id: int
    sequence: int
    week: int
    day: int
    name: str
    planned_date: dt.date
    items: list[dict[str, Any]]
    completed_on: dt.date | None

    def ref(self) -> SessionRef:
        return SessionRef(id=self.id, sequence=self.sequence, week=self.week,
                          items=json_copy(self.items))

    def record(self) -> PlannedSessionRecord:
        return PlannedSessionRecord(
            id=self.id, program_id=self.program_id, sequence=self.sequence, week=self.week,
            day=self.day, name=self.name, planned_date=self.planned_date,
            items=[stored_rx(i) for i in self.items], completed_on=self.completed_on,
        )


@dataclass(frozen=True)
class StoredLoginSession:
    record: LoginSessionRecord
    token_hash: str


@dataclass(frozen=True)
class StoredFailure:
    username: str
    ip: str
    failed_at_s: float


@dataclass
class Tables:
    """Everything the fake store holds: one dict (or list) per table, rows by id."""

    people: dict[int, StoredPerson] = field(default_factory=dict)
    programs: dict[int, StoredProgram] = field(default_factory=dict)
    sessions: dict[int, StoredSession] = field(default_factory=dict)
    sets: dict[int, StoredSet] = field(default_factory=dict)
    states: dict[int, StateRecord] = field(default_factory=dict)
    pauses: dict[int, PauseRecord] = field(default_factory=dict)
    decisions: dict[int, StoredDecision] = field(default_factory=dict)
    client_links: set[tuple[int, int]] = field(default_factory=set)
    accounts: dict[int, AccountRecord] = field(default_factory=dict)
    login_sessions: dict[int, StoredLoginSession] = field(default_factory=dict)
    login_failures: dict[int, StoredFailure] = field(default_factory=dict)

    def copy(self) -> Tables:
        """A snapshot to roll back to. Rows are immutable records or replaced whole on every
        write (never changed in place), so copying each table's dict is enough."""
        return Tables(
            people=dict(self.people), programs=dict(self.programs),
            sessions=dict(self.sessions), sets=dict(self.sets), states=dict(self.states),
            pauses=dict(self.pauses), decisions=dict(self.decisions),
            client_links=set(self.client_links), accounts=dict(self.accounts),
            login_sessions=dict(self.login_sessions), login_failures=dict(self.login_failures),
        )

    @staticmethod
    def next_id(table: Mapping[int, object]) -> int:
        return max(table, default=0) + 1


class Repo:
    """A fake repository: reads and writes the tables of its unit of work (one object for
    the unit of work's life; a rollback puts its contents back in place)."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

