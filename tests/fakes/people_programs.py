"""Fake people, clinician-client links and programs (see :mod:`tests.fakes.unit_of_work`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from tests.fakes.progression import FakePauses
from tests.fakes.tables import (
    Repo,
    StoredPerson,
    StoredProgram,
    StoredSession,
    Tables,
    json_copy,
    stored_rx,
    utc_now,
)

from glutemed.errors import UnknownIdError
from glutemed.programming.models import Prescription, Profile, Program
from glutemed.programming.profile_upgrade import readable_profile, readable_program
from glutemed.services.ports import PlannedSlot
from glutemed.store.people import new_person_name, refuse_taken_name
from glutemed.store.records import (
    ActiveProgram,
    LogFacts,
    PersonBrief,
    PersonRecord,
    PlannedSessionRecord,
    ProgramRecord,
    SessionRef,
)
from glutemed.units import check_units


class FakePeople(Repo):
    """:class:`glutemed.services.ports.People` in memory."""

    def add(self, name: str, profile: Profile, *, units: str = "kg", timezone: str = "UTC",
            account_id: int | None = None, clinician_account_id: int | None = None) -> int:
        clean = new_person_name(name, units)
        refuse_taken_name(clean, clinician_account_id, any(
            p.record.name == clean and p.clinician_account_id == clinician_account_id
            for p in self._t.people.values()))
        person_id = Tables.next_id(self._t.people)
        stored = Profile.model_validate(
            readable_profile(json_copy(profile.model_dump(mode="json"))))
        self._t.people[person_id] = StoredPerson(
            PersonRecord(id=person_id, name=clean, profile=stored, units=check_units(units),
                         timezone=timezone, account_id=account_id),
            created_at=utc_now(), clinician_account_id=clinician_account_id,
        )
        return person_id

    def _person(self, person_id: int) -> StoredPerson:
        found = self._t.people.get(person_id)
        if found is None:
            raise UnknownIdError("person", str(person_id))
        return found

    def lock(self, person_id: int) -> None:
        """Nothing to lock: one fake unit of work runs at a time (as on SQLite, where
        writers queue for the database's write lock and this is a no-op too)."""

    def require(self, person_id: int) -> None:
        self._person(person_id)

    def check(self, person_id: int) -> None:
        self._person(person_id)

    def get(self, person_id: int) -> PersonRecord:
        return self._person(person_id).record

    def log_facts(self, person_id: int) -> LogFacts:
        person = self._person(person_id)
        mass = person.record.profile.model_dump(mode="json").get("mass_kg")
        starts = [p.start_date for p in self._t.programs.values() if p.person_id == person_id]
        return LogFacts(
            name=person.record.name, timezone=person.record.timezone,
            created_at=person.created_at,
            mass_kg=float(mass) if isinstance(mass, int | float) else None,
            first_program_start=min(starts, default=None),
        )

    def brief(self, person_id: int) -> PersonBrief:
        facts = self.log_facts(person_id)
        pause = FakePauses(self._t).active(person_id)
        return PersonBrief(facts=facts, profile=self._person(person_id).record.profile,
                           paused=None if pause is None else pause.reason)


class FakeClientLinks(Repo):
    """:class:`glutemed.services.ports.ClientLinks` in memory."""

    def assign_client(self, clinician_account_id: int, person_id: int) -> None:
        self._t.client_links.add((clinician_account_id, person_id))

    def clients_of(self, clinician_account_id: int) -> list[int]:
        """Ids of the people a clinician manages (for tests to look at)."""
        return sorted(p for c, p in self._t.client_links if c == clinician_account_id)


class FakePrograms(Repo):
    """:class:`glutemed.services.ports.Programs` in memory."""

    def add(self, person_id: int, program: Program, start_date: dt.date,
            planned: Sequence[PlannedSlot],
            completed: Mapping[tuple[int, int], dt.date] | None = None) -> int:
        done = completed or {}
        mine = [p for p in self._t.programs.values() if p.person_id == person_id]
        for old in mine:
            self._t.programs[old.id] = replace(old, active=False)
        program_id = Tables.next_id(self._t.programs)
        self._t.programs[program_id] = StoredProgram(
            id=program_id, person_id=person_id,
            version=max((p.version for p in mine), default=0) + 1, start_date=start_date,
            program=json_copy(program.model_dump(mode="json")), active=True,
        )
        for sequence, (week, day, name, date, items) in enumerate(planned, start=1):
            session_id = Tables.next_id(self._t.sessions)
            self._t.sessions[session_id] = StoredSession(
                id=session_id, program_id=program_id, sequence=sequence, week=week, day=day,
                name=name, planned_date=date,
                items=[json_copy(i.model_dump(mode="json")) for i in items],
                completed_on=done.get((week, day)),
            )
        return program_id

    def _active(self, person_id: int) -> StoredProgram | None:
        mine = [p for p in self._t.programs.values() if p.person_id == person_id and p.active]
        return max(mine, key=lambda p: p.version, default=None)

    def _sessions(self, program_id: int) -> list[StoredSession]:
        return sorted((s for s in self._t.sessions.values() if s.program_id == program_id),
                      key=lambda s: s.sequence)

    def active(self, person_id: int) -> ProgramRecord | None:
        row = self._active(person_id)
        if row is None:
            return None
        return ProgramRecord(id=row.id, person_id=row.person_id, version=row.version,
                             start_date=row.start_date,
                             program=Program.model_validate(readable_program(row.program)))

    def completed_marks(self, program_id: int) -> dict[tuple[int, int], dt.date]:
        return {(s.week, s.day): s.completed_on for s in self._sessions(program_id)
                if s.completed_on is not None}

    def _done_on(self, program_id: int, date: dt.date) -> StoredSession | None:
        done = [s for s in self._sessions(program_id) if s.completed_on == date]
        return done[-1] if done else None

    def _first_open(self, program_id: int) -> StoredSession | None:
        return next((s for s in self._sessions(program_id) if s.completed_on is None), None)

    def active_with_sessions(self, person_id: int, date: dt.date) -> ActiveProgram | None:
        row = self._active(person_id)
        if row is None:
            return None
        done, first = self._done_on(row.id, date), self._first_open(row.id)
        return ActiveProgram(id=row.id, done_on_day=None if done is None else done.ref(),
                             first_open=None if first is None else first.ref())

    def find_item(self, program_id: int, variant_id: str) -> Prescription | None:
        ordered = sorted(self._sessions(program_id),
                         key=lambda s: (s.completed_on is not None, s.sequence))
        for session in ordered:
            for item in session.items:
                if item.get("variant_id") == variant_id:
                    return stored_rx(item)
        return None

    def session_ref(self, planned_session_id: int) -> SessionRef | None:
        found = self._t.sessions.get(planned_session_id)
        return None if found is None else found.ref()

    def sessions_after(self, program_id: int, sequence: int, limit: int = 16
                       ) -> list[SessionRef]:
        return [s.ref() for s in self._sessions(program_id) if s.sequence > sequence][:limit]

    def sessions(self, program_id: int) -> list[PlannedSessionRecord]:
        return [s.record() for s in self._sessions(program_id)]

    def first_open_session(self, program_id: int) -> PlannedSessionRecord | None:
        found = self._first_open(program_id)
        return None if found is None else found.record()

    def session_on(self, program_id: int, date: dt.date) -> PlannedSessionRecord | None:
        found = self._done_on(program_id, date)
        return None if found is None else found.record()

    def mark_completed(self, planned_session_id: int, date: dt.date) -> None:
        found = self._t.sessions.get(planned_session_id)
        if found is not None:
            self._t.sessions[planned_session_id] = replace(found, completed_on=date)


