"""Repositories: explicit conversion between table rows and the core's models.

The core speaks Pydantic (:class:`Profile`, :class:`Program`, :class:`Prescription`,
:class:`PerformedSet`); the tables speak columns. Each repository turns one into the other
in plain code, so a reader can see every field cross the boundary, and the services never
touch a row. Repositories never commit: the unit of work does, once, for the whole use case.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sqlalchemy import Connection, CursorResult

from glutemed.catalog.models import BandLevel, LoadSite, Role
from glutemed.errors import InputError, StorageError, UnknownIdError
from glutemed.programming.models import (
    Prescription,
    Profile,
    Program,
    Side,
    legacy_slot,
)
from glutemed.programming.profile_upgrade import readable_profile, readable_program
from glutemed.progression.day_best import DayBest
from glutemed.progression.models import FELT_IN_MAX_CHARS, NOTE_MAX_CHARS, PerformedSet
from glutemed.progression.rules import ActionKind
from glutemed.store import statements as S
from glutemed.store.decision_records import NewDecision, StoredDecision
from glutemed.store.progress_lines import line_added, recompute_line
from glutemed.store.side_days import day_added, rebuild_days, recompute_days
from glutemed.store.tables import (
    AccountRow,
    ClinicianClientRow,
    DecisionRow,
    PerformedSetRow,
    PersonRow,
    PlannedSessionRow,
    ProgramRow,
    ProgressionStateRow,
    ProgressLineRow,
    SafetyPauseRow,
    utc_now,
)
from glutemed.units import Unit, check_units
from glutemed.usernames import USERNAME_CHARS, USERNAME_KEY_CHARS, fold_username

MAX_ID = 2**31 - 1
"""Largest id any row can have: every id column is ``INTEGER``, which PostgreSQL stores in
32 bits. A larger id is "not found" without asking the database (SQLite would raise
OverflowError past 64 bits, PostgreSQL "integer out of range")."""


# -- records handed to the services ----------------------------------------------------------


@dataclass(frozen=True)
class PersonRecord:
    """A stored person."""

    id: int
    name: str
    profile: Profile
    units: Unit
    timezone: str
    account_id: int | None = None


@dataclass(frozen=True)
class PersonBrief:
    """What logging a set needs of a person: the facts that check it, the profile (goal,
    equipment) and why progression is paused."""

    facts: LogFacts
    profile: Profile
    paused: str | None

    @property
    def name(self) -> str:
        """The person's name."""
        return self.facts.name


@dataclass(frozen=True)
class LogFacts:
    """What checking a new set needs to know about its person (see
    :mod:`glutemed.progression.validity`): one small read, no profile parsing."""

    name: str
    timezone: str
    created_at: dt.datetime
    mass_kg: float | None
    first_program_start: dt.date | None


@dataclass(frozen=True)
class ProgramRecord:
    """A stored program version."""

    id: int
    person_id: int
    version: int
    start_date: dt.date
    program: Program
    active: bool = True


@dataclass(frozen=True)
class PlannedSessionRecord:
    """A session of a program, placed on a calendar date."""

    id: int
    program_id: int
    sequence: int
    week: int
    day: int
    name: str
    planned_date: dt.date
    items: list[Prescription]
    completed_on: dt.date | None


@dataclass(frozen=True)
class SessionRef:
    """A planned session as the logging path reads it: its items as stored (dicts; each is
    parsed only if the set turns out to belong to it)."""

    id: int
    sequence: int
    week: int
    items: list[dict[str, Any]]

    def item(self, slot: str) -> dict[str, Any] | None:
        """The stored item of ``slot`` in this session, if it has one."""
        return next((i for i in self.items if stored_slot(i) == slot), None)


def stored_slot(item: Mapping[str, Any]) -> str:
    """The slot of a stored program item (derived for items stored before slots existed)."""
    slot = item.get("slot")
    if slot:
        return str(slot)
    return legacy_slot(Role(item.get("role", "abduction")), str(item.get("variant_id")))


@dataclass(frozen=True)
class ActiveProgram:
    """The active program's id and the sessions a set on a date may belong to: the one
    trained that day (the last one), and the first one not yet trained."""

    id: int
    done_on_day: SessionRef | None
    first_open: SessionRef | None


@dataclass(frozen=True)
class StoredSet:
    """A performed set with its storage identity."""

    id: int
    person_id: int
    performed: PerformedSet
    planned_session_id: int | None
    created_at: dt.datetime
    deleted_at: dt.datetime | None = None
    """When the set was deleted (UTC); None while it counts. Kept so a delete can be undone."""
    client_id: str | None = None
    """The id the logging device gave the set (see ``PerformedSetRow.client_id``)."""

    @property
    def deleted(self) -> bool:
        """True for a soft-deleted set (kept for undo, left out of decisions and progress)."""
        return self.deleted_at is not None


@dataclass(frozen=True)
class StateRecord:
    """The prescription in force for one program slot and side, and the session in progress
    (what the sets of ``session_date`` are judged against)."""

    id: int
    person_id: int
    slot: str
    side: Side
    prescription: Prescription
    counters: dict[str, Any]
    session_date: dt.date | None = None
    session_target: Prescription | None = None
    session_base_sets: int | None = None


@dataclass(frozen=True)
class PauseRecord:
    """Progression paused for a person after a warning sign (cleared when ``cleared_at``)."""

    id: int
    person_id: int
    started_on: dt.date
    reason: str
    decision_id: int | None
    created_at: dt.datetime
    cleared_at: dt.datetime | None = None
    cleared_by: str | None = None
    clearance_note: str | None = None


class SessionAggregate(NamedTuple):
    """One (variant, side, date) of training, aggregated in SQL for progress summaries.

    ``best`` is the day's best by the core's one definition
    (:mod:`glutemed.progression.day_best`), built from the SQL maxima. A named tuple: one is
    made per day of a person's whole history, and a tuple is much cheaper to make than a
    frozen dataclass.
    """

    variant_id: str
    side: Side
    date: dt.date
    sets: int
    best: DayBest
    total_reps: int
    max_pain: int | None


# -- conversions ---------------------------------------------------------------------------


FREE_TEXT_LIMITS = {"felt_in": FELT_IN_MAX_CHARS, "note": NOTE_MAX_CHARS}
"""The performed-set text columns and their sizes (``performed_sets`` in tables.py; the
numbers are the model's)."""


def storable_text(field: str, value: str | None, limit: int) -> str | None:
    """``value`` if every database can store it in a column of ``limit`` characters.

    PostgreSQL refuses text longer than its column and the NUL character; SQLite stores
    both. Checking here, before any write, gives the same clear answer naming the field on
    both databases (instead of "database error" on PostgreSQL only). Rows already stored
    are still read as they are: only writes are checked.
    """
    if value is None:
        return None
    if len(value) > limit:
        raise InputError(field, f"give at most {limit} characters (this has {len(value)})")
    if "\x00" in value:
        raise InputError(field, "cannot contain the NUL character (\\x00)")
    return value


def set_values(performed: PerformedSet) -> dict[str, Any]:
    """Every field of a performed set as column values (target beside actual); free text
    that a database could not store is an :class:`InputError` (see :func:`storable_text`)."""
    reps_low, reps_high = performed.target_reps or (None, None)
    hold_low, hold_high = performed.target_hold_s or (None, None)
    return {
        "variant_id": performed.variant_id,
        "side": performed.side.value,
        "date": performed.date,
        "set_index": performed.set_index,
        "reps": performed.reps,
        "hold_s": performed.hold_s,
        "load_kg": performed.load_kg,
        "band": performed.band.value if performed.band else None,
        "band_at": performed.band_at.value if performed.band_at else None,
        "rir": performed.rir,
        "pain_during": performed.pain_during,
        "pain_next_morning": performed.pain_next_morning,
        "checks": dict(performed.checks),
        "felt_in": storable_text("felt_in", performed.felt_in, FREE_TEXT_LIMITS["felt_in"]),
        "note": storable_text("note", performed.note, FREE_TEXT_LIMITS["note"]),
        "red_flags": sorted(str(f) for f in getattr(performed, "red_flags", ())),
        "target_reps_low": reps_low,
        "target_reps_high": reps_high,
        "target_hold_s_low": hold_low,
        "target_hold_s_high": hold_high,
        "target_load_kg": performed.target_load_kg,
        "target_sets": performed.target_sets,
        "target_band": performed.target_band.value if performed.target_band else None,
        "target_band_at": performed.target_band_at.value if performed.target_band_at else None,
        "slot": performed.slot,
    }


def set_to_row(performed: PerformedSet, row: PerformedSetRow) -> None:
    """Copy every field of a performed set into a row."""
    for name, value in set_values(performed).items():
        setattr(row, name, value)


def row_to_set(row: PerformedSetRow) -> PerformedSet:
    """Rebuild the core's performed set from a row."""
    extra: dict[str, Any] = {}
    if row.red_flags and "red_flags" in PerformedSet.model_fields:
        extra["red_flags"] = frozenset(row.red_flags)
    return PerformedSet(
        **extra,
        variant_id=row.variant_id,
        side=Side(row.side),
        date=row.date,
        set_index=row.set_index,
        reps=row.reps,
        hold_s=row.hold_s,
        load_kg=row.load_kg,
        band=BandLevel(row.band) if row.band else None,
        band_at=LoadSite(row.band_at) if row.band_at else None,
        rir=row.rir,
        pain_during=row.pain_during,
        pain_next_morning=row.pain_next_morning,
        checks={str(k): bool(v) for k, v in (row.checks or {}).items()},
        felt_in=row.felt_in,
        note=row.note,
        target_reps=_pair(row.target_reps_low, row.target_reps_high),
        target_hold_s=_pair(row.target_hold_s_low, row.target_hold_s_high),
        target_load_kg=row.target_load_kg,
        target_sets=row.target_sets,
        target_band=BandLevel(row.target_band) if row.target_band else None,
        target_band_at=LoadSite(row.target_band_at) if row.target_band_at else None,
        slot=row.slot,
    )


_validate_set = PerformedSet.__pydantic_validator__.validate_python


def _set_from_columns(c: Sequence[Any]) -> PerformedSet:
    """A performed set from one row of plain columns (the fast path for the engine's history).

    Still fully validated, but in one call of pydantic's compiled validator with a flat dict.
    Measured per row (pydantic 2.14): this 9.6 us; the former ``model_validate`` of a
    filtered dict 15 us; ``model_construct`` with explicit conversions 20 us -- slower,
    because it is plain Python while validation runs in Rust, so it was not kept.
    """
    (
        variant_id, side, date, set_index, reps, hold_s, load_kg, band, band_at, rir,
        pain_during, pain_next_morning, checks, felt_in, note, red_flags,
        reps_low, reps_high, hold_low, hold_high, target_load_kg,
        target_sets, target_band, target_band_at, slot,
    ) = c
    performed: PerformedSet = _validate_set(
        {
            "variant_id": variant_id,
            "side": side,
            "date": date,
            "set_index": set_index,
            "reps": reps,
            "hold_s": hold_s,
            "load_kg": load_kg,
            "band": band,
            "band_at": band_at,
            "rir": rir,
            "pain_during": pain_during,
            "pain_next_morning": pain_next_morning,
            "checks": _json_cell(checks, {}),
            "felt_in": felt_in,
            "note": note,
            "red_flags": _json_cell(red_flags, ()),
            "target_reps": _pair(reps_low, reps_high),
            "target_hold_s": _pair(hold_low, hold_high),
            "target_load_kg": target_load_kg,
            "target_sets": target_sets,
            "target_band": target_band,
            "target_band_at": target_band_at,
            "slot": slot,
        }
    )
    return performed


KNOWN_SETS = 16_384
"""Validated sets remembered by their stored values (about 2 KB each, 30 MB at most)."""


@lru_cache(maxsize=KNOWN_SETS)
def _remembered_set(c: tuple[Any, ...]) -> PerformedSet:
    return _set_from_columns(c)


def _known_set(c: Sequence[Any]) -> PerformedSet:
    """:func:`_set_from_columns`, remembered by the row's own values.

    Every logged set reads the same window of a few hundred stored sets again, and
    validating them was most of a decision's cost. A :class:`PerformedSet` is immutable and
    a pure function of these values, so the same values give back the same validated set:
    an edited row has other values (a new entry), and nothing is ever served stale. Rows
    whose values cannot be hashed (JSON columns decoded by the PostgreSQL driver into dicts)
    are validated as before."""
    key = tuple(c)
    try:
        return _remembered_set(key)
    except TypeError:  # an unhashable value: a decoded JSON column
        return _set_from_columns(key)


_EMPTY_JSON = frozenset({"{}", "[]", "null", ""})


def _json_cell(value: Any, empty: Any) -> Any:
    """A JSON column read as text (see ``statements.JSON_COLUMNS``), or already decoded."""
    if value is None:
        return empty
    if isinstance(value, str):
        return empty if value in _EMPTY_JSON else json.loads(value)
    return value or empty


def _pair(low: int | None, high: int | None) -> tuple[int, int] | None:
    return None if low is None or high is None else (low, high)


def _stored(row: PerformedSetRow) -> StoredSet:
    return StoredSet(
        id=row.id,
        person_id=row.person_id,
        performed=row_to_set(row),
        planned_session_id=row.planned_session_id,
        created_at=row.created_at,
        deleted_at=_utc(row.deleted_at),
        client_id=row.client_id,
    )


def _stored_from_columns(c: Sequence[Any]) -> StoredSet:
    """A live stored set from a row of ``statements.RECENT_SETS`` (the set itself
    remembered by its values, as the engine's history is: the last 20 are read again and
    again, and validating them was a third of that read)."""
    return StoredSet(
        id=c[0],
        person_id=c[1],
        performed=_known_set(c[5:]),
        planned_session_id=c[2],
        created_at=c[3],
        deleted_at=None,
        client_id=c[4],
    )


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored instant as an aware UTC datetime (SQLite hands back naive UTC values)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _person(row: PersonRow) -> PersonRecord:
    return PersonRecord(
        id=row.id,
        name=row.name,
        profile=Profile.model_validate(readable_profile(row.profile)),
        units=check_units(row.units),  # checked on every write; typed on the way out
        timezone=row.timezone,
        account_id=row.account_id,
    )


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
                      items=list(_json_cell(items, [])))


_validate_rx = Prescription.__pydantic_validator__.validate_python


@lru_cache(maxsize=256)
def _profile_of(text: str) -> Profile:
    return Profile.model_validate(readable_profile(json.loads(text)))


def _profile(stored: Mapping[str, Any]) -> Profile:
    """A stored profile (read through the upgrade rules), parsed once per distinct JSON."""
    return _profile_of(json.dumps(stored, sort_keys=True))


def _new_id(result: object) -> int:
    """The primary key of the row a Core INSERT just wrote."""
    key = cast("CursorResult[Any]", result).inserted_primary_key
    if key is None or key[0] is None:  # pragma: no cover - every table has an integer key
        raise StorageError("the database did not return the new row's id")
    return int(key[0])


def _json(model: Prescription | Profile | Program) -> dict[str, Any]:
    return model.model_dump(mode="json")


def log_facts(conn: Connection, person_id: int) -> LogFacts:
    """:meth:`PeopleRepository.log_facts` on a plain connection (a check made before the
    logging transaction opens needs no session)."""
    row = conn.execute(S.LOG_FACTS, {"person_id": person_id}).first() if (
        1 <= person_id <= MAX_ID
    ) else None
    if row is None:
        raise UnknownIdError("person", str(person_id))
    return _log_facts(tuple(row))


def _log_facts(row: tuple[Any, ...]) -> LogFacts:
    name, timezone, created_at, profile, start = row
    if isinstance(profile, str):  # a driver that hands JSON back as text
        profile = json.loads(profile)
    mass = profile.get("mass_kg") if isinstance(profile, dict) else None
    return LogFacts(
        name=name,
        timezone=timezone,
        created_at=_utc(created_at) or utc_now(),
        mass_kg=float(mass) if isinstance(mass, int | float) else None,
        first_program_start=start,
    )


# -- repositories --------------------------------------------------------------------------


class PeopleRepository:
    """People and their profiles."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        name: str,
        profile: Profile,
        *,
        units: str = "kg",
        timezone: str = "UTC",
        account_id: int | None = None,
        clinician_account_id: int | None = None,
    ) -> int:
        """Store a new person; a duplicate name is an input error, not a crash.

        Names are unique per clinician (``clinician_account_id``), and among the people
        without one: the check looks only there, so a clinician is never told about
        another clinician's clients.
        """
        clean = name.strip()
        if not clean or len(clean) > 120:
            raise InputError("name", "give a name of 1 to 120 characters")
        storable_text("name", clean, 120)
        if units not in ("kg", "lb"):
            raise InputError("units", f"'{units}' is not allowed; use kg or lb")
        if self._s.scalar(
            select(PersonRow.id).where(PersonRow.name == clean, _scope(clinician_account_id))
        ) is not None:
            taken = (
                f"a person called '{clean}' already exists" if clinician_account_id is None
                else f"you already have a client called '{clean}'"
            )
            raise InputError("name", taken)
        row = PersonRow(
            name=clean,
            profile=_json(profile),
            units=units,
            timezone=timezone,
            account_id=account_id,
            clinician_account_id=clinician_account_id,
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def lock(self, person_id: int) -> None:
        """Take the person's row lock for the rest of the transaction (an error if absent).

        Every write that reads and then rewrites a person's log takes this first, so two
        writers for one person queue here instead of locking progression and summary rows
        in different orders (a deadlock on PostgreSQL). SQLite already serialises writers
        (each write transaction starts with the database's write lock), so there it costs
        nothing; the person's existence is checked where their program is read.
        """
        if self._s.get_bind().dialect.name == "sqlite":
            return
        query = select(PersonRow.id).where(PersonRow.id == person_id).with_for_update()
        if self._s.scalar(query) is None:
            raise UnknownIdError("person", str(person_id))

    def require(self, person_id: int) -> None:
        """An error unless the person exists (cheap: the profile is not parsed)."""
        if self._s.scalar(select(PersonRow.id).where(PersonRow.id == person_id)) is None:
            raise UnknownIdError("person", str(person_id))

    def brief(self, person_id: int) -> PersonBrief:
        """What logging a set needs of the person, in one query (read on every set)."""
        row = self._s.execute(S.PERSON_BRIEF, {"person_id": person_id}).first() if (
            1 <= person_id <= MAX_ID
        ) else None
        if row is None:
            raise UnknownIdError("person", str(person_id))
        return PersonBrief(facts=_log_facts(tuple(row[:5])),
                           profile=_profile(_json_cell(row[3], {})), paused=row[5])

    def check(self, person_id: int) -> None:
        """That the person exists (:class:`UnknownIdError` if not), reading only the id."""
        if self._s.scalar(S.PERSON_EXISTS, {"person_id": person_id}) is None:
            raise UnknownIdError("person", str(person_id))

    def get(self, person_id: int) -> PersonRecord:
        """The person with this id."""
        row = self._s.get(PersonRow, person_id)
        if row is None:
            raise UnknownIdError("person", str(person_id))
        return _person(row)

    def by_name(self, name: str | None) -> PersonRecord:
        """The person called ``name``; without a name, the only (or first) person.

        ``#12`` is the person with id 12 (when nobody is called that): in a clinic's
        database two clinicians may each have a client with the same name, and a name
        that several people share is refused rather than guessed at.
        """
        if name is None:
            row = self._s.scalars(select(PersonRow).order_by(PersonRow.id).limit(1)).first()
            if row is None:
                raise InputError("person", "nobody is set up yet; run 'glutemed start' first")
            return _person(row)
        rows = self._s.scalars(
            select(PersonRow).where(PersonRow.name == name).order_by(PersonRow.id)
        ).all()
        if len(rows) == 1:
            return _person(rows[0])
        if len(rows) > 1:
            ids = ", ".join(f"'#{r.id}'" for r in rows)
            raise InputError(
                "person", f"{len(rows)} people are called '{name}'; name one by id: {ids}"
            )
        if name.startswith("#") and name[1:].isdigit() and len(name) < 12:
            found = self._s.get(PersonRow, int(name[1:]))
            if found is not None:
                return _person(found)
        names = list(self._s.scalars(select(PersonRow.name).order_by(PersonRow.id)))
        raise UnknownIdError("person", name, names[:5])

    def log_facts(self, person_id: int) -> LogFacts:
        """The person's name, time zone, creation instant, body mass and first program's
        start, in one prebuilt query (an error if absent)."""
        return log_facts(self._s.connection(), person_id)

    def all(self) -> list[PersonRecord]:
        """Every person, oldest first."""
        return [_person(r) for r in self._s.scalars(select(PersonRow).order_by(PersonRow.id))]

    def set_units(self, person_id: int, units: str) -> None:
        """Change the display unit (stored loads stay in kg)."""
        if units not in ("kg", "lb"):
            raise InputError("units", f"'{units}' is not allowed; use kg or lb")
        self._s.execute(update(PersonRow).where(PersonRow.id == person_id).values(units=units))


def _scope(clinician_account_id: int | None) -> Any:
    """The people whose names a new person's name must differ from (see PersonRow)."""
    if clinician_account_id is None:
        return PersonRow.clinician_account_id.is_(None)
    return PersonRow.clinician_account_id == clinician_account_id


class AccountsRepository:
    """Web accounts and which clients a clinician manages (used by the web app)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, username: str, password_hash: str, role: str) -> int:
        """Store an account; the caller hashes the password (argon2)."""
        if role not in ("clinician", "client"):
            raise InputError("role", f"'{role}' is not allowed; use clinician or client")
        if not username.strip() or len(username) > USERNAME_CHARS:
            raise InputError("username", f"give a username of 1 to {USERNAME_CHARS} characters")
        storable_text("username", username, USERNAME_CHARS)
        key = fold_username(username)
        if len(key) > USERNAME_KEY_CHARS:
            raise InputError("username", "use a shorter username")
        taken = self._s.scalar(
            select(AccountRow.username).where(AccountRow.username_key == key).limit(1)
        )
        if taken is not None:
            shown = "" if taken == username else f" (as '{taken}')"
            raise InputError("username", f"'{username}' is taken{shown}")
        row = AccountRow(
            username=username, username_key=key, password_hash=password_hash, role=role
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def by_username(self, username: str) -> AccountRow | None:
        """The account row (the web layer needs the hash), or None.

        Usernames are told apart by their folded form (:func:`fold_username`: case and
        width do not matter), computed in Python, never by the database. Two accounts
        that fold alike (possible before 0.2) are both kept: the one spelled exactly as
        typed is found, and neither is guessed at otherwise.
        """
        key = fold_username(username)
        if len(key) > USERNAME_KEY_CHARS:
            return None
        rows = self._s.scalars(select(AccountRow).where(AccountRow.username_key == key)).all()
        exact = [row for row in rows if row.username == username]
        if exact:
            return exact[0]
        return rows[0] if len(rows) == 1 else None

    def all(self) -> list[AccountRow]:
        """Every account, oldest first."""
        return list(self._s.scalars(select(AccountRow).order_by(AccountRow.id)))

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        """Replace the stored hash (a reset, a change, or argon2's rehash)."""
        self._s.execute(
            update(AccountRow).where(AccountRow.id == account_id)
            .values(password_hash=password_hash)
        )

    def set_disabled(self, account_id: int, disabled_at: dt.datetime | None) -> None:
        """Disable (an instant) or enable (None) an account."""
        self._s.execute(
            update(AccountRow).where(AccountRow.id == account_id).values(disabled_at=disabled_at)
        )

    def delete(self, account_id: int) -> None:
        """Remove the account; its sessions and clinician links go with it (ON DELETE),
        and a client's person stays, without a login. The caller first moves a
        clinician's people (:meth:`transfer_clients`), which the schema insists on."""
        self._s.execute(delete(AccountRow).where(AccountRow.id == account_id))

    def transfer_clients(self, from_account_id: int, to_account_id: int) -> int:
        """Move every person a clinician added, and every link, to another clinician;
        returns how many people moved. The caller has checked that no name clashes."""
        people = list(self._s.scalars(
            select(PersonRow.id).where(PersonRow.clinician_account_id == from_account_id)
        ))
        self._s.execute(
            update(PersonRow).where(PersonRow.clinician_account_id == from_account_id)
            .values(clinician_account_id=to_account_id)
        )
        for person_id in self.clients_of(from_account_id):
            self.assign_client(to_account_id, person_id)
        self._s.execute(
            delete(ClinicianClientRow)
            .where(ClinicianClientRow.clinician_account_id == from_account_id)
        )
        return len(people)

    def names_of_clients(self, clinician_account_id: int) -> dict[int, str]:
        """Person id -> name for the people a clinician added (their name scope)."""
        query = select(PersonRow.id, PersonRow.name).where(
            PersonRow.clinician_account_id == clinician_account_id
        )
        return {int(i): str(n) for i, n in self._s.execute(query.order_by(PersonRow.id))}

    def assign_client(self, clinician_account_id: int, person_id: int) -> None:
        """Let a clinician see and manage a person."""
        key = (clinician_account_id, person_id)
        if self._s.get(ClinicianClientRow, key) is None:
            self._s.add(
                ClinicianClientRow(clinician_account_id=clinician_account_id, person_id=person_id)
            )
            self._s.flush()

    def clients_of(self, clinician_account_id: int) -> list[int]:
        """Ids of the people a clinician manages."""
        query = select(ClinicianClientRow.person_id).where(
            ClinicianClientRow.clinician_account_id == clinician_account_id
        )
        return list(self._s.scalars(query.order_by(ClinicianClientRow.person_id)))

    def get(self, account_id: int) -> AccountRow | None:
        """The account row with this id, or None."""
        return self._s.get(AccountRow, account_id)

    def own_people(self, account_id: int) -> list[int]:
        """Ids of the people whose own login this account is (a client's own record)."""
        query = select(PersonRow.id).where(PersonRow.account_id == account_id)
        return list(self._s.scalars(query.order_by(PersonRow.id)))


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
            program=_json(program),
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
                    items=[_json(i) for i in items],
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


class SetsRepository:
    """Performed sets: add, read, edit, soft-delete and restore."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        person_id: int,
        performed: PerformedSet,
        planned_session_id: int | None = None,
        *,
        deleted_at: dt.datetime | None = None,
        update_line: bool = True,
    ) -> int:
        """Store a performed set (already deleted when ``deleted_at`` is given); its id.

        ``update_line=False`` leaves the set's progress line and day summary alone: an import
        of many sets stores them all, then calls :meth:`recompute_lines` once for the lines
        it touched and :meth:`rebuild_days`."""
        return self.store(person_id, performed, planned_session_id, deleted_at=deleted_at,
                          update_line=update_line).id

    def recompute_lines(self, person_id: int, lines: Iterable[tuple[str, str]]) -> None:
        """Rebuild each (variant, side) progress line once from its sets (after an import).

        Keeping the lines up to date set by set costs one read and one write per set when
        the sets come in date order, but a whole rebuild of the line for every set dated
        before the line's latest session: a history imported newest first would cost the
        square of its length. Rebuilt once at the end, in the same transaction, an import
        costs the same in any order."""
        for variant_id, side in sorted(set(lines)):
            recompute_line(self._s, person_id, variant_id, side)

    def rebuild_days(self, person_id: int) -> None:
        """Rebuild the person's per-day summaries once from the log (after an import that
        stored its sets with ``update_line=False``; see :mod:`glutemed.store.side_days`)."""
        rebuild_days(self._s, person_id)

    def store(
        self,
        person_id: int,
        performed: PerformedSet,
        planned_session_id: int | None = None,
        *,
        deleted_at: dt.datetime | None = None,
        client_id: str | None = None,
        update_line: bool = True,
    ) -> StoredSet:
        """Store a performed set; returns it as stored (its id, link and creation instant),
        so that a caller answering with the stored set need not read the row back.

        ``deleted_at`` stores it already deleted (an imported history's deleted set): kept
        for undo, and left out of the progress lines like any deleted set. ``client_id`` is
        the logging device's id for the set; a second set with the same one for this person
        is refused by the database (a :class:`ConflictError` from the unit of work).
        """
        created_at = utc_now()
        values = set_values(performed)
        values.update(
            person_id=person_id,
            planned_session_id=planned_session_id,
            created_at=created_at,
            client_id=client_id,
        )
        if deleted_at is not None:
            values["deleted_at"] = _utc(deleted_at)
        set_id = _new_id(self._s.execute(S.INSERT_SET, values))
        if deleted_at is None and update_line:
            line_added(self._s, person_id, performed)
            day_added(self._s, person_id, performed)
        return StoredSet(
            id=set_id,
            person_id=person_id,
            performed=performed,
            planned_session_id=planned_session_id,
            created_at=created_at,
            deleted_at=_utc(deleted_at),
            client_id=client_id,
        )

    def by_client_id(self, person_id: int, client_id: str) -> StoredSet | None:
        """The set this person logged with the device's ``client_id`` (deleted or not)."""
        row = self._s.scalars(
            select(PerformedSetRow).where(
                PerformedSetRow.person_id == person_id, PerformedSetRow.client_id == client_id
            )
        ).first()
        return None if row is None else _stored(row)

    def _row(self, person_id: int, set_id: int) -> PerformedSetRow:
        if not 1 <= set_id <= MAX_ID:
            raise UnknownIdError("performed set", str(set_id))
        row = self._s.get(PerformedSetRow, set_id)
        if row is None or row.person_id != person_id:
            raise UnknownIdError("performed set", str(set_id))
        return row

    def get(self, person_id: int, set_id: int) -> StoredSet:
        """One set of this person (deleted or not)."""
        return _stored(self._row(person_id, set_id))

    def replace(self, person_id: int, set_id: int, performed: PerformedSet) -> None:
        """Overwrite a set's fields (an edit)."""
        row = self._row(person_id, set_id)
        if row.deleted_at is not None:
            raise InputError("set_id", f"set {set_id} is deleted; restore it first")
        old_line, old_day = (row.variant_id, row.side), (row.side, row.date)
        set_to_row(performed, row)
        self._s.flush()
        for variant_id, side in {old_line, (row.variant_id, row.side)}:
            recompute_line(self._s, person_id, variant_id, side)
        recompute_days(self._s, person_id, {old_day, (row.side, row.date)})

    def mark_deleted(self, person_id: int, set_id: int, deleted: bool) -> None:
        """Soft-delete (or restore) a set so that a delete can be undone."""
        row = self._row(person_id, set_id)
        row.deleted_at = utc_now() if deleted else None
        self._s.flush()
        recompute_line(self._s, person_id, row.variant_id, row.side)
        recompute_days(self._s, person_id, {(row.side, row.date)})

    def _live(self, person_id: int) -> Select[PerformedSetRow]:
        return select(PerformedSetRow).where(
            PerformedSetRow.person_id == person_id, PerformedSetRow.deleted_at.is_(None)
        )

    def history(
        self,
        person_id: int,
        *,
        variant_ids: Sequence[str] | None = None,
        sides: Sequence[Side] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 300,
    ) -> list[PerformedSet]:
        """The most recent ``limit`` live sets, oldest first (what the engine reads)."""
        t = PerformedSetRow
        query = self._live(person_id)
        if variant_ids is not None:
            query = query.where(t.variant_id.in_(list(variant_ids)))
        if sides is not None:
            query = query.where(t.side.in_([s.value for s in sides]))
        if since is not None:
            query = query.where(t.date >= since)
        if until is not None:
            query = query.where(t.date <= until)
        query = query.order_by(t.date.desc(), t.id.desc())
        rows = list(self._s.scalars(query.limit(limit)))
        return [row_to_set(r) for r in reversed(rows)]

    def decision_history(
        self,
        person_id: int,
        *,
        variant_id: str,
        sides: Sequence[Side],
        since: dt.date,
        recent_since: dt.date,
        until: dt.date,
        limit: int,
    ) -> list[PerformedSet]:
        """What the engine needs, in one query: this variant's sets since ``since`` and every
        set of these sides since ``recent_since`` (for the pain trend), oldest first.

        Reads plain columns rather than ORM objects: this runs on every logged set.
        """
        params = {
            "person_id": person_id,
            "variant_id": variant_id,
            "sides": [s.value for s in sides],
            "since": since,
            "recent_since": recent_since,
            "until": until,
            "limit": limit,
        }
        rows = self._s.execute(S.DECISION_HISTORY, params).all()
        return [_known_set(r) for r in reversed(rows)]

    def recent(
        self,
        person_id: int,
        *,
        variant_id: str | None = None,
        since: dt.date | None = None,
        limit: int | None = None,
        include_deleted: bool = False,
    ) -> list[StoredSet]:
        """Sets newest first, for history views.

        The common read -- the latest ``limit`` live sets -- reads plain columns and builds
        each set with one call of pydantic's compiled validator (:func:`_set_from_columns`),
        not through ORM objects: it is the web's most frequent read."""
        if variant_id is None and since is None and not include_deleted and limit is not None:
            rows = self._s.execute(S.RECENT_SETS, {"person_id": person_id, "limit": limit})
            return [_stored_from_columns(r) for r in rows]
        query = select(PerformedSetRow).where(PerformedSetRow.person_id == person_id)
        if not include_deleted:
            query = query.where(PerformedSetRow.deleted_at.is_(None))
        if variant_id is not None:
            query = query.where(PerformedSetRow.variant_id == variant_id)
        if since is not None:
            query = query.where(PerformedSetRow.date >= since)
        query = query.order_by(PerformedSetRow.date.desc(), PerformedSetRow.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return [_stored(r) for r in self._s.scalars(query)]

    def last_session(self, person_id: int, variant_id: str, before: dt.date) -> list[StoredSet]:
        """The sets of the most recent day (before ``before``) this variant was trained."""
        last_date = self._s.scalar(
            select(func.max(PerformedSetRow.date)).where(
                PerformedSetRow.person_id == person_id,
                PerformedSetRow.variant_id == variant_id,
                PerformedSetRow.deleted_at.is_(None),
                PerformedSetRow.date < before,
            )
        )
        if last_date is None:
            return []
        query = (
            self._live(person_id)
            .where(PerformedSetRow.variant_id == variant_id, PerformedSetRow.date == last_date)
            .order_by(PerformedSetRow.side, PerformedSetRow.set_index, PerformedSetRow.id)
        )
        return [_stored(r) for r in self._s.scalars(query)]

    def on_date(self, person_id: int, date: dt.date) -> list[StoredSet]:
        """Every live set logged for a calendar date."""
        query = self._live(person_id).where(PerformedSetRow.date == date)
        return [_stored(r) for r in self._s.scalars(query.order_by(PerformedSetRow.id))]

    def count_on(
        self, person_id: int, variant_ids: Sequence[str], side: Side, date: dt.date
    ) -> int:
        """How many live sets of these variants and this side were logged on ``date``."""
        count = self._s.scalar(
            select(func.count())
            .select_from(PerformedSetRow)
            .where(
                PerformedSetRow.person_id == person_id,
                PerformedSetRow.variant_id.in_(list(variant_ids)),
                PerformedSetRow.side == side.value,
                PerformedSetRow.date == date,
                PerformedSetRow.deleted_at.is_(None),
            )
        )
        return int(count or 0)

    def aggregates(self, person_id: int) -> list[SessionAggregate]:
        """Per (variant, side, date) of live sets: set count, the day's best, total reps and
        worst pain.

        Done in SQL (one ``GROUP BY``) so that 100,000 sets summarise in milliseconds; the
        per-column maxima are exactly what :class:`DayBest` is made of, and a property test
        proves this equals :func:`glutemed.progression.day_best.day_bests` over the sets.
        """
        t = PerformedSetRow
        query = (
            select(
                t.variant_id,
                t.side,
                t.date,
                func.count(t.id),
                func.max(t.load_kg),
                func.max(t.reps),
                func.max(t.hold_s),
                func.coalesce(func.sum(t.reps), 0),
                func.max(t.pain_during),
            )
            .where(t.person_id == person_id, t.deleted_at.is_(None))
            .group_by(t.variant_id, t.side, t.date)
            .order_by(t.variant_id, t.side, t.date)
        )
        return [
            SessionAggregate(
                variant_id=v,
                side=Side(s),
                date=d,
                sets=int(n),
                best=DayBest.of_maxima(v, Side(s), d, load_kg=load, reps=reps, hold_s=hold),
                total_reps=int(total or 0),
                max_pain=pain,
            )
            for v, s, d, n, load, reps, hold, total, pain in self._s.execute(query)
        ]

    def progress_lines(self, person_id: int) -> list[ProgressLineRow]:
        """The running (variant, side) summaries (see :mod:`glutemed.store.progress_lines`)."""
        query = (
            select(ProgressLineRow)
            .where(ProgressLineRow.person_id == person_id)
            .order_by(ProgressLineRow.variant_id, ProgressLineRow.side)
        )
        return list(self._s.scalars(query))


class StateRepository:
    """The prescription in force per program slot and side (the progression authority)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def all(self, person_id: int, side: Side | None = None) -> list[StateRecord]:
        """Every state line of a person (of one side when ``side`` is given)."""
        query = select(ProgressionStateRow).where(ProgressionStateRow.person_id == person_id)
        if side is not None:
            query = query.where(ProgressionStateRow.side == side.value)
        return [_state(r) for r in self._s.scalars(query.order_by(ProgressionStateRow.id))]

    def of_side(self, person_id: int, side: Side) -> list[StateRecord]:
        """The lines of one side and of both legs (what a set of that side may follow)."""
        sides = [side.value] if side is Side.BOTH else [side.value, Side.BOTH.value]
        rows = self._s.execute(S.STATES_OF_SIDES, {"person_id": person_id, "sides": sides})
        return [
            StateRecord(
                id=r.id, person_id=person_id, slot=r.slot, side=Side(r.side),
                prescription=_validate_rx(_json_cell(r.prescription, {})),
                counters=dict(_json_cell(r.counters, {})), session_date=r.session_date,
                session_target=(None if r.session_target is None
                                else _validate_rx(_json_cell(r.session_target, {}))),
                session_base_sets=r.session_base_sets,
            )
            for r in rows
        ]

    def get(self, person_id: int, slot: str, side: Side) -> StateRecord | None:
        """The line of one slot and side, if the person has trained it."""
        row = self._row(person_id, slot, side)
        return None if row is None else _state(row)

    def _row(self, person_id: int, slot: str, side: Side) -> ProgressionStateRow | None:
        return self._s.scalars(
            select(ProgressionStateRow).where(
                ProgressionStateRow.person_id == person_id,
                ProgressionStateRow.slot == slot,
                ProgressionStateRow.side == side.value,
            )
        ).first()

    def put(
        self,
        person_id: int,
        slot: str,
        side: Side,
        prescription: Prescription,
        counters: dict[str, Any] | None = None,
        *,
        session_date: dt.date | None = None,
        session_target: Prescription | None = None,
        session_base_sets: int | None = None,
        state_id: int | None = None,
    ) -> None:
        """Create or replace the prescription in force for a slot and side, with the session
        it was decided in. With ``state_id`` (the row read earlier in the same unit of work)
        this is a single UPDATE: it runs on every logged set."""
        values: dict[str, Any] = {
            "variant_id": prescription.variant_id,
            "prescription": _json(prescription),
            "session_date": session_date,
            "session_target": None if session_target is None else _json(session_target),
            "session_base_sets": session_base_sets,
            "updated_at": utc_now(),
        }
        if counters is not None:
            values["counters"] = dict(counters)
        if state_id is not None:
            self._s.execute(S.UPDATE_STATE, {"state_id": state_id, **values})
            return
        row = self._row(person_id, slot, side)
        if row is None:
            row = ProgressionStateRow(person_id=person_id, slot=slot, side=side.value,
                                      counters={})
            self._s.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        self._s.flush()


def _state(row: ProgressionStateRow) -> StateRecord:
    return StateRecord(
        id=row.id,
        person_id=row.person_id,
        slot=row.slot,
        side=Side(row.side),
        prescription=Prescription.model_validate(row.prescription),
        counters=dict(row.counters or {}),
        session_date=row.session_date,
        session_target=(None if row.session_target is None
                        else Prescription.model_validate(row.session_target)),
        session_base_sets=row.session_base_sets,
    )


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
                           created_at=_utc(row.created_at) or utc_now())

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
        decision_id=row.decision_id, created_at=_utc(row.created_at) or utc_now(),
        cleared_at=_utc(row.cleared_at), cleared_by=row.cleared_by,
        clearance_note=row.clearance_note,
    )


class DecisionsRepository:
    """Progression decisions with their rules, facts and explanations."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, decision: NewDecision) -> int:
        """Store a decision; returns its id."""
        values = decision.row_values(created_at=utc_now())
        try:
            return _new_id(self._s.execute(S.INSERT_DECISION, values))
        except (TypeError, ValueError) as exc:  # e.g. facts that are not JSON-serialisable
            raise StorageError(f"could not store the decision: {exc}") from exc

    def last(
        self, person_id: int, variant_id: str | None = None, side: Side | None = None
    ) -> StoredDecision | None:
        """The newest decision, optionally for one variant (current or slot) and side."""
        query = select(DecisionRow).where(DecisionRow.person_id == person_id)
        if variant_id is not None:
            query = query.where(
                (DecisionRow.variant_id == variant_id) | (DecisionRow.slot == variant_id)
            )
        if side is not None:
            query = query.where(DecisionRow.side == side.value)
        row = self._s.scalars(query.order_by(DecisionRow.id.desc()).limit(1)).first()
        return None if row is None else StoredDecision.from_row(row)

    def for_set(self, performed_set_id: int) -> StoredDecision | None:
        """The newest decision made after a given set."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.performed_set_id == performed_set_id)
            .order_by(DecisionRow.id.desc())
            .limit(1)
        )
        row = self._s.scalars(query).first()
        return None if row is None else StoredDecision.from_row(row)

    def slot_variants(self, person_id: int) -> list[tuple[str, str, dt.date]]:
        """``(slot, variant, first date)`` for every variant a slot's decisions moved it to:
        which exercise of the program each logged rung belongs to (one query, grouped)."""
        query = (
            select(DecisionRow.slot, DecisionRow.variant_id, func.min(DecisionRow.date))
            .where(DecisionRow.person_id == person_id)
            .group_by(DecisionRow.slot, DecisionRow.variant_id)
        )
        return [(str(a), str(b), c) for a, b, c in self._s.execute(query)]

    def recent(self, person_id: int, limit: int = 50) -> list[StoredDecision]:
        """The newest decisions first."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.person_id == person_id)
            .order_by(DecisionRow.id.desc())
            .limit(limit)
        )
        return [StoredDecision.from_row(r) for r in self._s.scalars(query)]

    def with_actions(
        self, person_id: int, actions: Sequence[ActionKind]
    ) -> list[StoredDecision]:
        """The person's decisions whose action is one of ``actions``, oldest first."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.person_id == person_id,
                   DecisionRow.action.in_([a.value for a in actions]))
            .order_by(DecisionRow.date, DecisionRow.id)
        )
        return [StoredDecision.from_row(r) for r in self._s.scalars(query)]
