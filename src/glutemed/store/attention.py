"""Acknowledgements of the clinic's needs-attention flags (see
:class:`~glutemed.store.tables.AttentionAckRow`).

Append-only: an acknowledgement is never edited, so the rows are the record of who looked
at which flag, when, and what they noted. Like every repository it never commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glutemed.clinic.attention import Acknowledgement, FlagKind
from glutemed.store.tables import (
    AttentionAckRow,
    PerformedSetRow,
    PlannedSessionRow,
    ProgramRow,
)


def _ack(row: AttentionAckRow) -> Acknowledgement:
    at = row.acknowledged_at
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return Acknowledgement(kind=FlagKind(row.kind), key=row.flag_key, by=row.acknowledged_by,
                           at=at, note=row.note)


class AttentionRepository:
    """Every acknowledgement of a person's flags, oldest first; ``reads`` holds the light
    reads of the list's figures."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self.reads = AttentionReads(session)

    def add(self, person_id: int, ack: Acknowledgement) -> int:
        """Store one acknowledgement; returns its id."""
        row = AttentionAckRow(person_id=person_id, kind=ack.kind.value, flag_key=ack.key,
                              note=ack.note, acknowledged_by=ack.by, acknowledged_at=ack.at)
        self._s.add(row)
        self._s.flush()
        return row.id

    def all(self, person_id: int) -> list[Acknowledgement]:
        """A person's acknowledgements, oldest first."""
        query = select(AttentionAckRow).where(AttentionAckRow.person_id == person_id)
        return [_ack(r) for r in self._s.scalars(query.order_by(AttentionAckRow.id))]

    def of_people(self, person_ids: Sequence[int]) -> dict[int, list[Acknowledgement]]:
        """The acknowledgements of each of these people (one query for the whole list)."""
        found: dict[int, list[Acknowledgement]] = defaultdict(list)
        if not person_ids:
            return found
        query = select(AttentionAckRow).where(AttentionAckRow.person_id.in_(list(person_ids)))
        for row in self._s.scalars(query.order_by(AttentionAckRow.id)):
            found[row.person_id].append(_ack(row))
        return found


@dataclass(frozen=True)
class PlannedDue:
    """A planned session as the attention list reads it: its date and its items as stored
    (only each item's variant, side and sets are read; nothing is parsed whole)."""

    id: int
    date: dt.date
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class LoggedSet:
    """A live set as the attention list reads it: date, pain during, planned session."""

    date: dt.date
    pain_during: int | None
    planned_session_id: int | None


class AttentionReads:
    """The few columns the needs-attention list reads per client, without parsing whole
    programs or sets (the list reads thirty clients at once)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def program_in_force(self, person_id: int) -> tuple[int, dt.date] | None:
        """The id and start date of the person's active program."""
        row = self._s.execute(
            select(ProgramRow.id, ProgramRow.start_date)
            .where(ProgramRow.person_id == person_id, ProgramRow.active.is_(True))
            .order_by(ProgramRow.version.desc()).limit(1)
        ).first()
        return None if row is None else (row.id, row.start_date)

    def planned_between(self, program_id: int, since: dt.date,
                        until: dt.date) -> list[PlannedDue]:
        """The program's sessions planned from ``since`` to ``until``."""
        rows = self._s.execute(
            select(PlannedSessionRow.id, PlannedSessionRow.planned_date,
                   PlannedSessionRow.items)
            .where(PlannedSessionRow.program_id == program_id,
                   PlannedSessionRow.planned_date >= since,
                   PlannedSessionRow.planned_date <= until)
            .order_by(PlannedSessionRow.sequence)
        )
        return [PlannedDue(r.id, r.planned_date, list(r.items or [])) for r in rows]

    def sets_since(self, person_id: int, since: dt.date) -> list[LoggedSet]:
        """The person's live sets from ``since`` on, newest first."""
        rows = self._s.execute(
            select(PerformedSetRow.date, PerformedSetRow.pain_during,
                   PerformedSetRow.planned_session_id)
            .where(PerformedSetRow.person_id == person_id, PerformedSetRow.date >= since,
                   PerformedSetRow.deleted_at.is_(None))
            .order_by(PerformedSetRow.date.desc(), PerformedSetRow.id.desc())
        )
        return [LoggedSet(r.date, r.pain_during, r.planned_session_id) for r in rows]

    def last_trained(self, person_id: int) -> dt.date | None:
        """The date of the person's latest live set."""
        found: dt.date | None = self._s.scalar(
            select(func.max(PerformedSetRow.date))
            .where(PerformedSetRow.person_id == person_id, PerformedSetRow.deleted_at.is_(None))
        )
        return found
