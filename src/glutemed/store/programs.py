"""The programs repository: program versions and their sessions on the calendar.

A new version deactivates the previous one; planned sessions are stored with their items
(prescriptions as JSON) and marked completed with the date they were trained.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from glutemed.programming.models import Prescription, Program
from glutemed.programming.profile_upgrade import readable_program
from glutemed.store import statements as S
from glutemed.store.conversions import as_json, json_cell
from glutemed.store.records import ActiveProgram, PlannedSessionRecord, ProgramRecord, SessionRef
from glutemed.store.tables import PlannedSessionRow, ProgramRow


class ProgramsRepository:
    """Program versions and their sessions on the calendar."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        person_id: int,
        program: Program,
        start_date: dt.date,
        planned: Sequence[tuple[int, int, str, dt.date, list[Prescription]]],
        completed: Mapping[tuple[int, int], dt.date] | None = None,
    ) -> int:
        """Store a new active program version with its planned sessions.

        ``planned`` is ``(week, day, name, date, items)`` in the order they are to be done;
        ``completed`` marks sessions, by ``(week, day)``, as already trained on a date (an
        edited program keeps the place its person had reached).
        """
        done = completed or {}
        self._s.execute(
            update(ProgramRow).where(ProgramRow.person_id == person_id).values(active=False)
        )
        last = self._s.scalar(
            select(func.max(ProgramRow.version)).where(ProgramRow.person_id == person_id)
        )
        row = ProgramRow(
            person_id=person_id,
            version=(last or 0) + 1,
            start_date=start_date,
            program=as_json(program),
            active=True,
        )
        self._s.add(row)
        self._s.flush()
        for sequence, (week, day, name, date, items) in enumerate(planned, start=1):
            self._s.add(
                PlannedSessionRow(
                    program_id=row.id,
                    sequence=sequence,
                    week=week,
                    day=day,
                    name=name,
                    planned_date=date,
                    items=[as_json(i) for i in items],
                    completed_on=done.get((week, day)),
                )
            )
        self._s.flush()
        return row.id

    def completed_marks(self, program_id: int) -> dict[tuple[int, int], dt.date]:
        """When each trained session of a program was done, keyed by ``(week, day)``."""
        query = select(
            PlannedSessionRow.week, PlannedSessionRow.day, PlannedSessionRow.completed_on
        ).where(
            PlannedSessionRow.program_id == program_id,
            PlannedSessionRow.completed_on.is_not(None),
        )
        return {(w, d): on for w, d, on in self._s.execute(query) if on is not None}

    def active(self, person_id: int) -> ProgramRecord | None:
        """The person's current program, if any."""
        row = self._s.scalars(
            select(ProgramRow)
            .where(ProgramRow.person_id == person_id, ProgramRow.active.is_(True))
            .order_by(ProgramRow.version.desc())
        ).first()
        if row is None:
            return None
        return ProgramRecord(
            id=row.id,
            person_id=row.person_id,
            version=row.version,
            start_date=row.start_date,
            program=Program.model_validate(readable_program(row.program)),
        )

    def versions(self, person_id: int) -> list[ProgramRecord]:
        """Every program version of the person, oldest first (exports keep them all)."""
        query = (
            select(ProgramRow)
            .where(ProgramRow.person_id == person_id)
            .order_by(ProgramRow.version)
        )
        return [
            ProgramRecord(
                id=row.id,
                person_id=row.person_id,
                version=row.version,
                start_date=row.start_date,
                program=Program.model_validate(readable_program(row.program)),
                active=bool(row.active),
            )
            for row in self._s.scalars(query)
        ]

    def active_id(self, person_id: int) -> int | None:
        """The id of the person's current program (cheap: the program JSON is not parsed)."""
        found = self._s.execute(S.ACTIVE_PROGRAM_ID, {"person_id": person_id}).scalar()
        return None if found is None else int(found)

    def find_item(self, program_id: int, variant_id: str) -> Prescription | None:
        """The first planned prescription of ``variant_id`` (open sessions first)."""
        query = (
            select(PlannedSessionRow.items)
            .where(PlannedSessionRow.program_id == program_id)
            .order_by(PlannedSessionRow.completed_on.is_not(None), PlannedSessionRow.sequence)
        )
        for items in self._s.scalars(query):
            for item in items:
                if item.get("variant_id") == variant_id:
                    return Prescription.model_validate(item)
        return None

    def variant_ids(self, program_id: int) -> list[str]:
        """Every variant the program prescribes, sorted."""
        query = select(PlannedSessionRow.items).where(PlannedSessionRow.program_id == program_id)
        return sorted({str(i["variant_id"]) for items in self._s.scalars(query) for i in items})

    def active_with_sessions(self, person_id: int, date: dt.date) -> ActiveProgram | None:
        """The active program's id with the sessions a set on ``date`` may belong to, in
        one query (this runs on every logged set); None when there is no program."""
        row = self._s.execute(
            S.ACTIVE_PROGRAM_AND_SESSIONS, {"person_id": person_id, "day": date}
        ).first()
        if row is None:
            return None
        return ActiveProgram(id=int(row[0]), done_on_day=_session_ref(row[1:5]),
                             first_open=_session_ref(row[5:9]))

    def session_ref(self, planned_session_id: int) -> SessionRef | None:
        """One planned session as the logging path reads it."""
        row = self._s.execute(
            select(*[PlannedSessionRow.__table__.c[c] for c in S.SESSION_COLUMNS])
            .where(PlannedSessionRow.id == planned_session_id)
        ).first()
        return None if row is None else _session_ref(tuple(row))

    def sessions_after(self, program_id: int, sequence: int, limit: int = 16
                       ) -> list[SessionRef]:
        """The sessions that follow session number ``sequence``, in training order."""
        rows = self._s.execute(
            S.SESSIONS_AFTER, {"program_id": program_id, "sequence": sequence, "limit": limit}
        )
        return [ref for r in rows if (ref := _session_ref(tuple(r))) is not None]

    def sessions(self, program_id: int) -> list[PlannedSessionRecord]:
        """Every planned session of a program, in order."""
        query = (
            select(PlannedSessionRow)
            .where(PlannedSessionRow.program_id == program_id)
            .order_by(PlannedSessionRow.sequence)
        )
        return [_planned(r) for r in self._s.scalars(query)]

    def session_dates(self, program_id: int) -> dict[tuple[int, int], dt.date]:
        """The date each (week number, session day) of a program was placed on: the one
        key every export uses to find a session's stored date."""
        query = select(PlannedSessionRow.week, PlannedSessionRow.day,
                       PlannedSessionRow.planned_date).where(
            PlannedSessionRow.program_id == program_id)
        return {(int(w), int(d)): date for w, d, date in self._s.execute(query)}

    def first_open_session(self, program_id: int) -> PlannedSessionRecord | None:
        """The earliest planned session not yet completed."""
        query = (
            select(PlannedSessionRow)
            .where(
                PlannedSessionRow.program_id == program_id,
                PlannedSessionRow.completed_on.is_(None),
            )
            .order_by(PlannedSessionRow.sequence)
            .limit(1)
        )
        row = self._s.scalars(query).first()
        return None if row is None else _planned(row)

    def session_on(self, program_id: int, date: dt.date) -> PlannedSessionRecord | None:
        """The session completed on ``date`` (for logging more sets to it), if any."""
        query = (
            select(PlannedSessionRow)
            .where(
                PlannedSessionRow.program_id == program_id,
                PlannedSessionRow.completed_on == date,
            )
            .order_by(PlannedSessionRow.sequence.desc())
            .limit(1)
        )
        row = self._s.scalars(query).first()
        return None if row is None else _planned(row)

    def mark_completed(self, planned_session_id: int, date: dt.date) -> None:
        """Record that a session was trained on ``date``."""
        self._s.execute(S.MARK_COMPLETED, {"session_id": planned_session_id, "trained_on": date})


def _planned(row: PlannedSessionRow) -> PlannedSessionRecord:
    return PlannedSessionRecord(
        id=row.id,
        program_id=row.program_id,
        sequence=row.sequence,
        week=row.week,
        day=row.day,
        name=row.name,
        planned_date=row.planned_date,
        items=[Prescription.model_validate(item) for item in row.items],
        completed_on=row.completed_on,
    )


def _session_ref(columns: Sequence[Any]) -> SessionRef | None:
    session_id, sequence, week, items = columns
    if session_id is None:
        return None
    return SessionRef(id=int(session_id), sequence=int(sequence), week=int(week),
                      items=list(json_cell(items, [])))
