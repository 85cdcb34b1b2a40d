"""The accounts repository: web accounts and which clients a clinician manages.

Hands back :class:`~glutemed.store.records.AccountRecord` (a frozen value, hash included:
logging in verifies against it), never the table row, so the account services can be typed
against a protocol and run on an in-memory fake.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from glutemed.errors import InputError
from glutemed.store.conversions import storable_text
from glutemed.store.records import AccountRecord
from glutemed.store.tables import AccountRow, ClinicianClientRow, PersonRow
from glutemed.usernames import USERNAME_CHARS, USERNAME_KEY_CHARS, fold_username


def account_record(row: AccountRow) -> AccountRecord:
    """The frozen record of an account row (the login sessions' join reads it too)."""
    return AccountRecord(
        id=row.id, username=row.username, role=row.role, password_hash=row.password_hash,
        created_at=row.created_at, disabled_at=row.disabled_at,
    )


def new_account_key(username: str, role: str) -> str:
    """The folded key a new account is stored under, once its role and username are
    allowed (any store, the database's or the tests' fake, checks a new account this way)."""
    if role not in ("clinician", "client"):
        raise InputError("role", f"'{role}' is not allowed; use clinician or client")
    if not username.strip() or len(username) > USERNAME_CHARS:
        raise InputError("username", f"give a username of 1 to {USERNAME_CHARS} characters")
    storable_text("username", username, USERNAME_CHARS)
    key = fold_username(username)
    if len(key) > USERNAME_KEY_CHARS:
        raise InputError("username", "use a shorter username")
    return key


def refuse_taken(username: str, taken: str | None) -> None:
    """Refuse ``username`` when an account already has it (``taken``, as that account
    spells it)."""
    if taken is not None:
        shown = "" if taken == username else f" (as '{taken}')"
        raise InputError("username", f"'{username}' is taken{shown}")


class AccountsRepository:
    """Web accounts and which clients a clinician manages (used by the web app)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, username: str, password_hash: str, role: str) -> int:
        """Store an account; the caller hashes the password (argon2)."""
        key = new_account_key(username, role)
        taken = self._s.scalar(
            select(AccountRow.username).where(AccountRow.username_key == key).limit(1)
        )
        refuse_taken(username, taken)
        row = AccountRow(
            username=username, username_key=key, password_hash=password_hash, role=role
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def by_username(self, username: str) -> AccountRecord | None:
        """The account with this username (hash included), or None.

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
            return account_record(exact[0])
        return account_record(rows[0]) if len(rows) == 1 else None

    def all(self) -> list[AccountRecord]:
        """Every account, oldest first."""
        return [account_record(row)
                for row in self._s.scalars(select(AccountRow).order_by(AccountRow.id))]

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

    def get(self, account_id: int) -> AccountRecord | None:
        """The account with this id, or None."""
        row = self._s.get(AccountRow, account_id)
        return account_record(row) if row is not None else None

    def own_people(self, account_id: int) -> list[int]:
        """Ids of the people whose own login this account is (a client's own record)."""
        query = select(PersonRow.id).where(PersonRow.account_id == account_id)
        return list(self._s.scalars(query.order_by(PersonRow.id)))
