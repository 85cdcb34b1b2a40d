"""The safety-pauses repository: progression paused after a warning sign, and its clearing.

A pause is opened with the decision that saw the sign and cleared with who, when and a
note; the open pause is read on every logged set, so that read is prebuilt SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glutemed.store import statements as S
from glutemed.store.conversions import as_utc
from glutemed.store.records import PauseRecord
from glutemed.store.tables import SafetyPauseRow, utc_now


class PausesRepository:
    """Safety pauses: opened after a warning sign, cleared with who, when and a note."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def active(self, person_id: int) -> PauseRecord | None:
        """The person's open pause, if any (prebuilt SQL: it is read on every logged set)."""
        row = self._s.execute(S.PAUSE_OPEN, {"person_id": person_id}).first()
        if row is None:
            return None
        return PauseRecord(id=row.id, person_id=person_id, started_on=row.started_on,
                           reason=row.reason, decision_id=row.decision_id,
                           created_at=as_utc(row.created_at) or utc_now())

    def active_people(self, person_ids: Sequence[int]) -> dict[int, PauseRecord]:
        """The open pause of each of these people who has one."""
        if not person_ids:
            return {}
        query = select(SafetyPauseRow).where(
            SafetyPauseRow.person_id.in_(list(person_ids)), SafetyPauseRow.cleared_at.is_(None)
        )
        return {r.person_id: _pause(r) for r in self._s.scalars(query.order_by(SafetyPauseRow.id))}

    def all(self, person_id: int) -> list[PauseRecord]:
        """Every pause of a person, oldest first (the record a clinician reads)."""
        query = select(SafetyPauseRow).where(SafetyPauseRow.person_id == person_id)
        return [_pause(r) for r in self._s.scalars(query.order_by(SafetyPauseRow.id))]

    def open(self, person_id: int, started_on: dt.date, reason: str,
             decision_id: int | None = None, *, created_at: dt.datetime | None = None) -> int:
        """Pause progression for the person; its id."""
        row = SafetyPauseRow(person_id=person_id, started_on=started_on, reason=reason,
                             decision_id=decision_id, created_at=created_at or utc_now())
        self._s.add(row)
        self._s.flush()
        return row.id

    def clear(self, pause_id: int, by: str | None, note: str | None, *,
              cleared_at: dt.datetime | None = None) -> None:
        """Record who cleared the pause, when and why."""
        self._s.execute(
            update(SafetyPauseRow).where(SafetyPauseRow.id == pause_id)
            .values(cleared_at=cleared_at or utc_now(), cleared_by=by, clearance_note=note)
        )

    def extend(self, pause_id: int, reason: str) -> None:
        """Add a further warning sign to an open pause's reason."""
        self._s.execute(
            update(SafetyPauseRow).where(SafetyPauseRow.id == pause_id).values(reason=reason)
        )


def _pause(row: SafetyPauseRow) -> PauseRecord:
    return PauseRecord(
        id=row.id, person_id=row.person_id, started_on=row.started_on, reason=row.reason,
        decision_id=row.decision_id, created_at=as_utc(row.created_at) or utc_now(),
        cleared_at=as_utc(row.cleared_at), cleared_by=row.cleared_by,
        clearance_note=row.clearance_note,
    )
