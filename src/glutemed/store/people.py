"""The people repository: a person, their profile, and what logging a set needs of them.

Repositories never commit: the unit of work does, once, for the whole use case.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sqlalchemy import Connection

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Profile
from glutemed.programming.profile_upgrade import readable_profile
from glutemed.store import statements as S
from glutemed.store.conversions import MAX_ID, as_json, as_utc, json_cell, storable_text
from glutemed.store.records import LogFacts, PersonBrief, PersonRecord
from glutemed.store.tables import PersonRow, utc_now
from glutemed.units import check_units


@lru_cache(maxsize=256)
def _profile_of(text: str) -> Profile:
    return Profile.model_validate(readable_profile(json.loads(text)))


def _profile(stored: Mapping[str, Any]) -> Profile:
    """A stored profile (read through the upgrade rules), parsed once per distinct JSON."""
    return _profile_of(json.dumps(stored, sort_keys=True))


def _person(row: PersonRow) -> PersonRecord:
    return PersonRecord(
        id=row.id,
        name=row.name,
        profile=Profile.model_validate(readable_profile(row.profile)),
        units=check_units(row.units),  # checked on every write; typed on the way out
        timezone=row.timezone,
        account_id=row.account_id,
    )


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
        created_at=as_utc(created_at) or utc_now(),
        mass_kg=float(mass) if isinstance(mass, int | float) else None,
        first_program_start=start,
    )


NAME_CHARS = 120
"""The longest name a person may have (the ``people.name`` column's size)."""


def new_person_name(name: str, units: str) -> str:
    """The name a new person is stored under (stripped), once it and the display units are
    allowed (any store, the database's or the tests' fake, checks a new person this way)."""
    clean = name.strip()
    if not clean or len(clean) > NAME_CHARS:
        raise InputError("name", f"give a name of 1 to {NAME_CHARS} characters")
    storable_text("name", clean, NAME_CHARS)
    check_units(units)
    return clean


def refuse_taken_name(name: str, clinician_account_id: int | None, taken: bool) -> None:
    """Refuse a name already in use where names must differ (see :func:`_scope`), worded for
    the person adding it: a clinician hears only of their own clients."""
    if taken:
        raise InputError("name", f"a person called '{name}' already exists"
                         if clinician_account_id is None
                         else f"you already have a client called '{name}'")


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
        clean = new_person_name(name, units)
        refuse_taken_name(clean, clinician_account_id, self._s.scalar(
            select(PersonRow.id).where(PersonRow.name == clean, _scope(clinician_account_id))
        ) is not None)
        row = PersonRow(
            name=clean,
            profile=as_json(profile),
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
                           profile=_profile(json_cell(row[3], {})), paused=row[5])

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
        check_units(units)
        self._s.execute(update(PersonRow).where(PersonRow.id == person_id).values(units=units))


def _scope(clinician_account_id: int | None) -> Any:
    """The people whose names a new person's name must differ from (see PersonRow)."""
    if clinician_account_id is None:
        return PersonRow.clinician_account_id.is_(None)
    return PersonRow.clinician_account_id == clinician_account_id
