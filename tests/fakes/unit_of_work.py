"""An in-memory unit of work for service tests: the training path without a database.

:class:`FakeUnitOfWork` implements :class:`glutemed.services.ports.UnitOfWork` with plain
dicts and lists, so the real use cases (start a person, log sets, today, why, history,
progress) run on it in microseconds, with no engine and no SQLite file. It is held to the
SQL store by ``tests/services/test_store_contract.py``, which runs the same assertions on
both; a behaviour added to a SQL repository that the services rely on belongs here too,
with a contract test.

Faithful where the services can tell the difference:

* values cross the boundary the way the SQL store sends them: a profile, program or
  prescription goes out as JSON and comes back validated (through the same upgrade rules),
  so a test never passes because an object was handed back by reference;
* the same errors for the same inputs: an unknown person or set is an
  :class:`~glutemed.errors.UnknownIdError`, free text a database could not store and a
  duplicate name are :class:`~glutemed.errors.InputError`, a resent ``client_id`` is a
  :class:`~glutemed.store.unit_of_work.ConflictError`;
* the same orders (newest set first by date then id, pauses and decisions by id, ...);
* all or nothing: leaving the ``with`` block without :meth:`FakeUnitOfWork.commit` puts
  every table back as it was when the block was entered.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, Self

from glutemed.errors import InputError, StorageError, UnknownIdError
from glutemed.programming.models import Prescription, Profile, Program, Side
from glutemed.programming.profile_upgrade import readable_profile, readable_program
from glutemed.progression.models import PerformedSet
from glutemed.services.ports import PlannedSlot, UnitOfWork
from glutemed.store.conversions import MAX_ID, storable_text
from glutemed.store.decision_records import NewDecision, StoredDecision
from glutemed.store.progress_lines import RECENT_SESSIONS
from glutemed.store.records import (
    ActiveProgram,
    LogFacts,
    Maxima,
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
from glutemed.store.set_rows import set_values
from glutemed.store.unit_of_work import ConflictError
from glutemed.units import check_units


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """An instant as aware UTC (a naive one is taken as UTC, as the store does)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _json(value: Any) -> Any:
    """A value as a JSON column gives it back (a copy: nothing shared with the caller)."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        raise StorageError(f"could not store the value: {exc}") from exc


def _rx(item: Prescription | Mapping[str, Any]) -> Prescription:
    """A prescription as the store reads it back from its JSON."""
    data = item.model_dump(mode="json") if isinstance(item, Prescription) else item
    return Prescription.model_validate(_json(data))


@dataclass
class _Person:
    record: PersonRecord
    created_at: dt.datetime
    clinician_account_id: int | None


@dataclass
class _Program:
    id: int
    person_id: int
    version: int
    start_date: dt.date
    program: dict[str, Any]
    active: bool


@dataclass
class _Session:
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
                          items=_json(self.items))

    def record(self) -> PlannedSessionRecord:
        return PlannedSessionRecord(
            id=self.id, program_id=self.program_id, sequence=self.sequence, week=self.week,
            day=self.day, name=self.name, planned_date=self.planned_date,
            items=[_rx(i) for i in self.items], completed_on=self.completed_on,
        )


@dataclass
class Tables:
    """Everything the fake store holds: one dict (or list) per table, rows by id."""

    people: dict[int, _Person] = field(default_factory=dict)
    programs: dict[int, _Program] = field(default_factory=dict)
    sessions: dict[int, _Session] = field(default_factory=dict)
    sets: dict[int, StoredSet] = field(default_factory=dict)
    states: dict[int, StateRecord] = field(default_factory=dict)
    pauses: dict[int, PauseRecord] = field(default_factory=dict)
    decisions: dict[int, StoredDecision] = field(default_factory=dict)
    client_links: set[tuple[int, int]] = field(default_factory=set)

    def copy(self) -> Tables:
        """A snapshot to roll back to. Rows are immutable records or replaced whole on every
        write (never changed in place), so copying each table's dict is enough."""
        return Tables(
            people=dict(self.people), programs=dict(self.programs),
            sessions=dict(self.sessions), sets=dict(self.sets), states=dict(self.states),
            pauses=dict(self.pauses), decisions=dict(self.decisions),
            client_links=set(self.client_links),
        )

    @staticmethod
    def next_id(table: Mapping[int, object]) -> int:
        return max(table, default=0) + 1


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def _t(self) -> Tables:
        return self._uow.tables


class FakePeople(_Repo):
    """:class:`glutemed.services.ports.People` in memory."""

    def add(self, name: str, profile: Profile, *, units: str = "kg", timezone: str = "UTC",
            account_id: int | None = None, clinician_account_id: int | None = None) -> int:
        clean = name.strip()
        if not clean or len(clean) > 120:
            raise InputError("name", "give a name of 1 to 120 characters")
        storable_text("name", clean, 120)
        if units not in ("kg", "lb"):
            raise InputError("units", f"'{units}' is not allowed; use kg or lb")
        if any(p.record.name == clean and p.clinician_account_id == clinician_account_id
               for p in self._t.people.values()):
            raise InputError("name", f"a person called '{clean}' already exists"
                             if clinician_account_id is None
                             else f"you already have a client called '{clean}'")
        person_id = Tables.next_id(self._t.people)
        stored = Profile.model_validate(readable_profile(_json(profile.model_dump(mode="json"))))
        self._t.people[person_id] = _Person(
            PersonRecord(id=person_id, name=clean, profile=stored, units=check_units(units),
                         timezone=timezone, account_id=account_id),
            created_at=_utc_now(), clinician_account_id=clinician_account_id,
        )
        return person_id

    def _person(self, person_id: int) -> _Person:
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
        pause = FakePauses(self._uow).active(person_id)
        return PersonBrief(facts=facts, profile=self._person(person_id).record.profile,
                           paused=None if pause is None else pause.reason)


class FakeClientLinks(_Repo):
    """:class:`glutemed.services.ports.ClientLinks` in memory."""

    def assign_client(self, clinician_account_id: int, person_id: int) -> None:
        self._t.client_links.add((clinician_account_id, person_id))

    def clients_of(self, clinician_account_id: int) -> list[int]:
        """Ids of the people a clinician manages (for tests to look at)."""
        return sorted(p for c, p in self._t.client_links if c == clinician_account_id)


class FakePrograms(_Repo):
    """:class:`glutemed.services.ports.Programs` in memory."""

    def add(self, person_id: int, program: Program, start_date: dt.date,
            planned: Sequence[PlannedSlot],
            completed: Mapping[tuple[int, int], dt.date] | None = None) -> int:
        done = completed or {}
        mine = [p for p in self._t.programs.values() if p.person_id == person_id]
        for old in mine:
            self._t.programs[old.id] = replace(old, active=False)
        program_id = Tables.next_id(self._t.programs)
        self._t.programs[program_id] = _Program(
            id=program_id, person_id=person_id,
            version=max((p.version for p in mine), default=0) + 1, start_date=start_date,
            program=_json(program.model_dump(mode="json")), active=True,
        )
        for sequence, (week, day, name, date, items) in enumerate(planned, start=1):
            session_id = Tables.next_id(self._t.sessions)
            self._t.sessions[session_id] = _Session(
                id=session_id, program_id=program_id, sequence=sequence, week=week, day=day,
                name=name, planned_date=date,
                items=[_json(i.model_dump(mode="json")) for i in items],
                completed_on=done.get((week, day)),
            )
        return program_id

    def _active(self, person_id: int) -> _Program | None:
        mine = [p for p in self._t.programs.values() if p.person_id == person_id and p.active]
        return max(mine, key=lambda p: p.version, default=None)

    def _sessions(self, program_id: int) -> list[_Session]:
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

    def _done_on(self, program_id: int, date: dt.date) -> _Session | None:
        done = [s for s in self._sessions(program_id) if s.completed_on == date]
        return done[-1] if done else None

    def _first_open(self, program_id: int) -> _Session | None:
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
                    return _rx(item)
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


class FakeSets(_Repo):
    """:class:`glutemed.services.ports.Sets` in memory. Progress lines are computed from
    the live sets when asked (what the SQL store's recompute gives after any change)."""

    def store(self, person_id: int, performed: PerformedSet,
              planned_session_id: int | None = None, *, deleted_at: dt.datetime | None = None,
              client_id: str | None = None, update_line: bool = True) -> StoredSet:
        set_values(performed)  # the store's own checks of free text, before any write
        if client_id is not None and any(
            s.person_id == person_id and s.client_id == client_id
            for s in self._t.sets.values()
        ):
            raise ConflictError(f"the database refused the change (set {client_id!r} of "
                                "this person is stored already); nothing was saved")
        stored = StoredSet(
            id=Tables.next_id(self._t.sets), person_id=person_id, performed=performed,
            planned_session_id=planned_session_id, created_at=_utc_now(),
            deleted_at=_as_utc(deleted_at),
            client_id=client_id,
        )
        self._t.sets[stored.id] = stored
        return stored

    def get(self, person_id: int, set_id: int) -> StoredSet:
        found = self._t.sets.get(set_id) if 1 <= set_id <= MAX_ID else None
        if found is None or found.person_id != person_id:
            raise UnknownIdError("performed set", str(set_id))
        return found

    def replace(self, person_id: int, set_id: int, performed: PerformedSet) -> None:
        old = self.get(person_id, set_id)
        if old.deleted:
            raise InputError("set_id", f"set {set_id} is deleted; restore it first")
        set_values(performed)
        self._t.sets[set_id] = replace(old, performed=performed)

    def mark_deleted(self, person_id: int, set_id: int, deleted: bool) -> None:
        old = self.get(person_id, set_id)
        self._t.sets[set_id] = replace(old, deleted_at=_utc_now() if deleted else None)

    def _live(self, person_id: int) -> list[StoredSet]:
        return [s for s in self._t.sets.values() if s.person_id == person_id and not s.deleted]

    @staticmethod
    def _newest_first(sets: Iterable[StoredSet]) -> list[StoredSet]:
        return sorted(sets, key=lambda s: (s.performed.date, s.id), reverse=True)

    def decision_history(self, person_id: int, *, variant_id: str, sides: Sequence[Side],
                         since: dt.date, recent_since: dt.date, until: dt.date, limit: int
                         ) -> list[PerformedSet]:
        window = [
            s for s in self._live(person_id)
            if s.performed.side in sides and s.performed.date <= until
            and ((s.performed.variant_id == variant_id and s.performed.date >= since)
                 or s.performed.date >= recent_since)
        ]
        return [s.performed for s in reversed(self._newest_first(window)[:limit])]

    def recent(self, person_id: int, *, variant_id: str | None = None,
               since: dt.date | None = None, limit: int | None = None,
               include_deleted: bool = False) -> list[StoredSet]:
        found = [
            s for s in self._t.sets.values()
            if s.person_id == person_id and (include_deleted or not s.deleted)
            and (variant_id is None or s.performed.variant_id == variant_id)
            and (since is None or s.performed.date >= since)
        ]
        return self._newest_first(found)[:limit]

    def last_session(self, person_id: int, variant_id: str, before: dt.date
                     ) -> list[StoredSet]:
        mine = [s for s in self._live(person_id) if s.performed.variant_id == variant_id]
        days = [s.performed.date for s in mine if s.performed.date < before]
        if not days:
            return []
        day = max(days)
        return sorted((s for s in mine if s.performed.date == day),
                      key=lambda s: (s.performed.side.value, s.performed.set_index, s.id))

    def count_on(self, person_id: int, variant_ids: Sequence[str], side: Side,
                 date: dt.date) -> int:
        return sum(1 for s in self._live(person_id)
                   if s.performed.variant_id in variant_ids and s.performed.side is side
                   and s.performed.date == date)

    def progress_lines(self, person_id: int) -> list[ProgressLine]:
        by_line: dict[tuple[str, str], dict[dt.date, list[PerformedSet]]] = defaultdict(
            lambda: defaultdict(list))
        for s in self._live(person_id):
            key = (s.performed.variant_id, s.performed.side.value)
            by_line[key][s.performed.date].append(s.performed)
        return [_line(variant_id, Side(side), days)
                for (variant_id, side), days in sorted(by_line.items())]


def _most(values: Iterable[float | int | None]) -> Any:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _maxima(sets: Sequence[PerformedSet]) -> Maxima:
    return Maxima(_most(s.load_kg for s in sets), _most(s.reps for s in sets),
                  _most(s.hold_s for s in sets))


def _line(variant_id: str, side: Side, days: Mapping[dt.date, list[PerformedSet]]
          ) -> ProgressLine:
    dates = sorted(days)
    per_day = [_maxima(days[d]) for d in dates]
    every = [s for d in dates for s in days[d]]
    return ProgressLine(
        variant_id=variant_id, side=side, sessions=len(dates), sets=len(every),
        first_date=dates[0], first=per_day[0], last_date=dates[-1],
        recent=per_day[-RECENT_SESSIONS:], best=_maxima(every),
        max_pain=_most(s.pain_during for s in every),
    )


class FakeStates(_Repo):
    """:class:`glutemed.services.ports.States` in memory."""

    def all(self, person_id: int, side: Side | None = None) -> list[StateRecord]:
        return [s for _, s in sorted(self._t.states.items())
                if s.person_id == person_id and (side is None or s.side is side)]

    def of_side(self, person_id: int, side: Side) -> list[StateRecord]:
        sides = {side} if side is Side.BOTH else {side, Side.BOTH}
        return [s for s in self.all(person_id) if s.side in sides]

    def get(self, person_id: int, slot: str, side: Side) -> StateRecord | None:
        return next((s for s in self.all(person_id) if s.slot == slot and s.side is side),
                    None)

    def put(self, person_id: int, slot: str, side: Side, prescription: Prescription,
            counters: dict[str, Any] | None = None, *, session_date: dt.date | None = None,
            session_target: Prescription | None = None, session_base_sets: int | None = None,
            state_id: int | None = None) -> None:
        old = self._t.states.get(state_id) if state_id is not None else self.get(
            person_id, slot, side)
        kept = old.counters if old is not None else {}
        record = StateRecord(
            id=old.id if old is not None else Tables.next_id(self._t.states),
            person_id=person_id if old is None else old.person_id,
            slot=slot if old is None else old.slot, side=side if old is None else old.side,
            prescription=_rx(prescription),
            counters=_json(dict(counters)) if counters is not None else kept,
            session_date=session_date,
            session_target=None if session_target is None else _rx(session_target),
            session_base_sets=session_base_sets,
        )
        self._t.states[record.id] = record


class FakePauses(_Repo):
    """:class:`glutemed.services.ports.Pauses` in memory."""

    def active(self, person_id: int) -> PauseRecord | None:
        open_ = [p for p in self.all(person_id) if p.cleared_at is None]
        return open_[-1] if open_ else None

    def all(self, person_id: int) -> list[PauseRecord]:
        return [p for _, p in sorted(self._t.pauses.items()) if p.person_id == person_id]

    def open(self, person_id: int, started_on: dt.date, reason: str,
             decision_id: int | None = None, *, created_at: dt.datetime | None = None) -> int:
        pause_id = Tables.next_id(self._t.pauses)
        self._t.pauses[pause_id] = PauseRecord(
            id=pause_id, person_id=person_id, started_on=started_on, reason=reason,
            decision_id=decision_id, created_at=created_at or _utc_now(),
        )
        return pause_id

    def clear(self, pause_id: int, by: str | None, note: str | None, *,
              cleared_at: dt.datetime | None = None) -> None:
        found = self._t.pauses.get(pause_id)
        if found is not None:
            self._t.pauses[pause_id] = replace(found, cleared_at=cleared_at or _utc_now(),
                                               cleared_by=by, clearance_note=note)

    def extend(self, pause_id: int, reason: str) -> None:
        found = self._t.pauses.get(pause_id)
        if found is not None:
            self._t.pauses[pause_id] = replace(found, reason=reason)


class FakeDecisions(_Repo):
    """:class:`glutemed.services.ports.Decisions` in memory."""

    def add(self, decision: NewDecision) -> int:
        values = decision.row_values(created_at=_utc_now())
        decision_id = Tables.next_id(self._t.decisions)
        self._t.decisions[decision_id] = StoredDecision(
            id=decision_id, person_id=decision.person_id,
            performed_set_id=decision.performed_set_id, slot=decision.slot,
            variant_id=decision.variant_id, side=decision.side, date=decision.date,
            action=decision.action, rule_ids=[str(r) for r in values["rule_ids"]],
            facts=_json(values["facts"]), explanation=decision.explanation,
            prescription_before=_rx(values["prescription_before"]),
            prescription_after=_rx(values["prescription_after"]),
            created_at=values["created_at"],
        )
        return decision_id

    def _newest_first(self, person_id: int | None = None) -> list[StoredDecision]:
        return [d for _, d in sorted(self._t.decisions.items(), reverse=True)
                if person_id is None or d.person_id == person_id]

    def last(self, person_id: int, variant_id: str | None = None, side: Side | None = None
             ) -> StoredDecision | None:
        return next((d for d in self._newest_first(person_id)
                     if (variant_id is None or variant_id in (d.variant_id, d.slot))
                     and (side is None or d.side is side)), None)

    def for_set(self, performed_set_id: int) -> StoredDecision | None:
        return next((d for d in self._newest_first()
                     if d.performed_set_id == performed_set_id), None)

    def recent(self, person_id: int, limit: int = 50) -> list[StoredDecision]:
        return self._newest_first(person_id)[:limit]

    def slot_variants(self, person_id: int) -> list[tuple[str, str, dt.date]]:
        first: dict[tuple[str, str], dt.date] = {}
        for d in self._newest_first(person_id):
            key = (d.slot, d.variant_id)
            first[key] = min(first.get(key, d.date), d.date)
        return [(slot, variant, day) for (slot, variant), day in first.items()]


class FakeUnitOfWork:
    """:class:`glutemed.services.ports.UnitOfWork` over :class:`Tables` in memory.

    Share one :class:`Tables` between several units of work to see one "database" from
    each (``FakeUnitOfWork(tables)``); a new one starts empty. Like the SQL unit of work
    it can be used for many ``with`` blocks, one after another.
    """

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables if tables is not None else Tables()
        self._snapshot: Tables | None = None
        self.commits = 0
        """How many times :meth:`commit` ran (a test can check a use case committed)."""
        self.people = FakePeople(self)
        self.accounts = FakeClientLinks(self)
        self.programs = FakePrograms(self)
        self.sets = FakeSets(self)
        self.state = FakeStates(self)
        self.pauses = FakePauses(self)
        self.decisions = FakeDecisions(self)

    def __enter__(self) -> Self:
        if self._snapshot is not None:
            raise StorageError("this unit of work is already open")
        self._snapshot = self.tables.copy()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is not None:  # roll back whatever was not committed
            self._restore(snapshot)

    def _restore(self, snapshot: Tables) -> None:
        for name in vars(snapshot):
            setattr(self.tables, name, getattr(snapshot, name))

    def commit(self) -> None:
        if self._snapshot is None:
            raise StorageError("the unit of work is not open; use it in a 'with' block")
        self._snapshot = self.tables.copy()
        self.commits += 1


def as_unit_of_work(uow: FakeUnitOfWork) -> UnitOfWork:
    """The fake, typed as the protocol the services take: mypy proves here that it has
    every repository and method of :class:`~glutemed.services.ports.UnitOfWork` with
    compatible signatures (``tests/test_quality.py`` runs mypy strict on this package)."""
    return uow
