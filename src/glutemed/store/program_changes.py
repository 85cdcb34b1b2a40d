"""The record of changes to a person's program, and what a client may change (see
:class:`~glutemed.store.tables.ProgramChangeRow` and
:class:`~glutemed.store.tables.ProgramAccessRow`). Like every repository it never commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from glutemed.store.tables import ProgramAccessRow, ProgramChangeRow

DEFAULT_ACCESS = "dose"
"""What a client may change when their clinician has set nothing: the dose, as before."""


@dataclass(frozen=True)
class ProgramChange:
    """One change to a program: who (in which role), when, what."""

    id: int
    person_id: int
    program_id: int | None
    at: dt.datetime
    by: str
    role: str
    what: str
    edit: dict[str, Any]


@dataclass(frozen=True)
class Access:
    """What a client may change of their program, and who set it when (None: the default)."""

    access: str
    set_by: str | None = None
    set_at: dt.datetime | None = None


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _change(row: ProgramChangeRow) -> ProgramChange:
    return ProgramChange(id=row.id, person_id=row.person_id, program_id=row.program_id,
                         at=_utc(row.at), by=row.by, role=row.role, what=row.what,
                         edit=dict(row.edit))


class ProgramChangesRepository:
    """A person's program changes (oldest first) and their program access."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, person_id: int, program_id: int | None, *, at: dt.datetime, by: str,
            role: str, what: str, edit: dict[str, Any]) -> int:
        """Record one change; returns its id."""
        row = ProgramChangeRow(person_id=person_id, program_id=program_id, at=at, by=by,
                               role=role, what=what, edit=edit)
        self._s.add(row)
        self._s.flush()
        return row.id

    def all(self, person_id: int) -> list[ProgramChange]:
        """Every change, oldest first."""
        query = select(ProgramChangeRow).where(ProgramChangeRow.person_id == person_id)
        return [_change(r) for r in self._s.scalars(query.order_by(ProgramChangeRow.id))]

    def by_clients(self, person_ids: list[int]) -> dict[int, list[ProgramChange]]:
        """The changes clients made to their own programs, per person (for the clinic)."""
        found: dict[int, list[ProgramChange]] = {}
        if not person_ids:
            return found
        query = select(ProgramChangeRow).where(
            ProgramChangeRow.person_id.in_(person_ids), ProgramChangeRow.role == "client")
        for row in self._s.scalars(query.order_by(ProgramChangeRow.id)):
            found.setdefault(row.person_id, []).append(_change(row))
        return found

    def access(self, person_id: int) -> Access:
        """What the client may change (the default when their clinician set nothing)."""
        row = self._s.get(ProgramAccessRow, person_id)
        if row is None:
            return Access(DEFAULT_ACCESS)
        return Access(row.access, row.set_by, _utc(row.set_at))

    def set_access(self, person_id: int, access: str, *, by: str, at: dt.datetime) -> None:
        """Set what the client may change."""
        row = self._s.get(ProgramAccessRow, person_id)
        if row is None:
            self._s.add(ProgramAccessRow(person_id=person_id, access=access, set_by=by,
                                         set_at=at))
        else:
            row.access, row.set_by, row.set_at = access, by, at
        self._s.flush()
