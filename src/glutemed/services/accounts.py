"""Web accounts: argon2 password hashing, login check, and who may see whom.

Clinic mode only; single-person mode has no accounts. Passwords are hashed with argon2id
(argon2-cffi's defaults, the OWASP-recommended memory-hard algorithm) and never stored or
logged in clear. A wrong username and a wrong password give the same answer and take about
the same time (a dummy hash is verified for unknown usernames), so the login form does not
reveal which usernames exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from glutemed.errors import InputError
from glutemed.store.tables import AccountRow

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.programming.models import Profile
    from glutemed.store.unit_of_work import SqlUnitOfWork

AccountRole = Literal["clinician", "client"]
MIN_PASSWORD_CHARS = 10
"""NIST SP 800-63B asks for at least 8; 10 leaves room without being a burden."""


@dataclass(frozen=True)
class Account:
    """An account as the web app sees it (never the hash)."""

    id: int
    username: str
    role: AccountRole


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not-a-real-password-just-for-timing")


def hash_password(password: str) -> str:
    """An argon2id hash of a password that meets the minimum length."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError("password", f"use at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > 1024:
        raise InputError("password", "use at most 1024 characters")
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _account(row: AccountRow) -> Account:
    role: AccountRole = "clinician" if row.role == "clinician" else "client"
    return Account(id=row.id, username=row.username, role=role)


def _check_role(role: str) -> AccountRole:
    if role not in ("clinician", "client"):
        raise InputError("role", f"'{role}' is not allowed; use clinician or client")
    return "clinician" if role == "clinician" else "client"


def create_account(uow: SqlUnitOfWork, username: str, password: str, role: str) -> Account:
    """Store a new account with a hashed password (the caller commits)."""
    kind = _check_role(role)
    clean = username.strip()
    account_id = uow.accounts.add(clean, hash_password(password), kind)
    return Account(id=account_id, username=clean, role=kind)


@dataclass(frozen=True)
class NewClient:
    """What :func:`start_client` created."""

    account: Account
    person_id: int


def start_client(
    uow: SqlUnitOfWork,
    clinician_account_id: int,
    username: str,
    password: str,
    name: str,
    profile: Profile,
    catalog: Catalog,
    today: dt.date,
    *,
    units: str = "kg",
    timezone: str = "UTC",
) -> NewClient:
    """A clinician's new client, whole: login, person, program, calendar and assignment.

    One unit of work: either every row is stored, or -- on a taken username, a bad name or
    profile, or any database error half-way -- none is, so there is never a login without
    its person, nor a person nobody can see. Everything that can be checked without the
    database (password rules and the slow argon2 hash, units, time zone, the generated
    program) is done before the transaction opens, so the write lock is held briefly.
    """
    from glutemed.services.people import add_person, plan_for

    password_hash = hash_password(password)
    program = plan_for(profile, catalog, units=units, timezone=timezone)
    clean = username.strip()
    with uow:
        clinician = uow.accounts.get(clinician_account_id)
        if clinician is None or clinician.role != "clinician":
            raise InputError("role", "only a clinician can add clients")
        account_id = uow.accounts.add(clean, password_hash, "client")
        person_id = add_person(
            uow, name, profile, program, today, units=units, timezone=timezone,
            account_id=account_id, clinician_account_id=clinician_account_id,
        )
        uow.commit()
    return NewClient(Account(id=account_id, username=clean, role="client"), person_id)


def authenticate(uow: SqlUnitOfWork, username: str, password: str) -> Account | None:
    """The account when username and password match, else None (same cost either way)."""
    row: AccountRow | None = uow.accounts.by_username(username.strip())
    if row is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    if _hasher().check_needs_rehash(row.password_hash):
        row.password_hash = _hasher().hash(password)
        uow.commit()
    return _account(row)


def get_account(uow: SqlUnitOfWork, account_id: int) -> Account | None:
    """The account with this id, or None."""
    row = uow.accounts.get(account_id)
    return _account(row) if row is not None else None


def people_visible_to(uow: SqlUnitOfWork, account_id: int) -> list[int]:
    """Ids of the people an account may see: a client their own, a clinician their clients."""
    account = get_account(uow, account_id)
    if account is None:
        return []
    if account.role == "clinician":
        return list(uow.accounts.clients_of(account_id))
    return uow.accounts.own_people(account_id)


def assign_client(uow: SqlUnitOfWork, clinician: Account, person_id: int) -> None:
    """Let a clinician see and manage a person (the caller commits)."""
    if clinician.role != "clinician":
        raise InputError("role", "only a clinician can be assigned clients")
    uow.accounts.assign_client(clinician.id, person_id)


def list_clients(uow: SqlUnitOfWork, clinician: Account) -> list[int]:
    """The people a clinician manages, by id."""
    return list(uow.accounts.clients_of(clinician.id))
