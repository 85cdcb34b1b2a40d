"""Outcome entries and schedules (see :class:`~glutemed.store.tables.OutcomeEntryRow`).

One small repository per aggregate, like the training data's (:mod:`glutemed.store.people`
and its siblings): this one converts rows to the core's entry models and back. Every entry
is validated by its core model when it is read, so a row edited by hand into nonsense is an
error that names the row, never a wrong number on a chart. Like every repository it never
commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from glutemed.errors import StorageError, UnknownIdError, format_validation_error
from glutemed.outcomes.entries import OutcomeEntry, parse_entry
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.store.tables import OutcomeEntryRow, OutcomeScheduleRow, utc_now

COLUMN_FIELDS = ("date", "measure", "entered_by", "entered_role", "note")
"""Entry fields stored in their own columns; the rest go in ``values``."""


@dataclass(frozen=True)
class StoredOutcome:
    """An outcome entry with its storage identity."""

    id: int
    person_id: int
    entry: OutcomeEntry
    created_at: dt.datetime | None = None


def entry_values(entry: OutcomeEntry) -> dict[str, Any]:
    """The entry's own fields that have no column, as JSON."""
    data = entry.model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in COLUMN_FIELDS}


def _entry(row: OutcomeEntryRow) -> OutcomeEntry:
    data = {
        **row.values,
        "measure": row.measure,
        "date": row.date,
        "entered_by": row.entered_by,
        "entered_role": row.entered_role,
        "note": row.note,
    }
    try:
        return parse_entry(data)
    except ValidationError as exc:
        raise StorageError(
            f"outcome entry {row.id} does not read as a {row.measure} entry: "
            f"{format_validation_error(exc)}"
        ) from None


class OutcomesRepository:
    """A person's outcome entries (oldest first) and their schedule."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, person_id: int, entry: OutcomeEntry) -> int:
        """Store one entry; returns its id."""
        row = OutcomeEntryRow(
            person_id=person_id,
            date=entry.date,
            measure=entry.measure,
            values=entry_values(entry),
            entered_by=entry.entered_by,
            entered_role=entry.entered_role,
            note=entry.note,
            created_at=utc_now(),
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def all(self, person_id: int) -> list[StoredOutcome]:
        """Every entry, oldest date first (ties in the order they were entered)."""
        query = (
            select(OutcomeEntryRow)
            .where(OutcomeEntryRow.person_id == person_id)
            .order_by(OutcomeEntryRow.date, OutcomeEntryRow.id)
        )
        return [
            StoredOutcome(r.id, r.person_id, _entry(r), r.created_at)
            for r in self._s.scalars(query)
        ]

    def dates(self, person_id: int) -> list[dt.date]:
        """The dates with any entry (for the schedule), without reading the entries."""
        query = (
            select(OutcomeEntryRow.date)
            .where(OutcomeEntryRow.person_id == person_id)
            .distinct()
        )
        return sorted(self._s.scalars(query))

    def remove(self, person_id: int, entry_id: int) -> None:
        """Delete one entry (an error if it is not this person's)."""
        result = self._s.execute(
            delete(OutcomeEntryRow).where(
                OutcomeEntryRow.id == entry_id, OutcomeEntryRow.person_id == person_id
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise UnknownIdError("outcome entry", str(entry_id))

    def schedule(self, person_id: int) -> OutcomeSchedule | None:
        """The person's own schedule, or None for the default."""
        row = self._s.get(OutcomeScheduleRow, person_id)
        return None if row is None else OutcomeSchedule(weeks=tuple(row.weeks))

    def set_schedule(self, person_id: int, schedule: OutcomeSchedule | None) -> None:
        """Replace the person's schedule (None: back to the default)."""
        row = self._s.get(OutcomeScheduleRow, person_id)
        if schedule is None:
            if row is not None:
                self._s.delete(row)
            return
        if row is None:
            self._s.add(OutcomeScheduleRow(
                person_id=person_id, weeks=list(schedule.weeks), updated_at=utc_now()
            ))
        else:
            row.weeks = list(schedule.weeks)
            row.updated_at = utc_now()
        self._s.flush()
