"""Acknowledgements of the clinic's needs-attention flags (see
:class:`~glutemed.store.tables.AttentionAckRow`).

Append-only: an acknowledgement is never edited, so the rows are the record of who looked
at which flag, when, and what they noted. Like every repository it never commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from glutemed.clinic.attention import Acknowledgement, FlagKind
from glutemed.store.tables import AttentionAckRow


def _ack(row: AttentionAckRow) -> Acknowledgement:
    at = row.acknowledged_at
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return Acknowledgement(kind=FlagKind(row.kind), key=row.flag_key, by=row.acknowledged_by,
                           at=at, note=row.note)


class AttentionRepository:
    """Every acknowledgement of a person's flags, oldest first."""

    def __init__(self, session: Session) -> None:
        self._s = session

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
