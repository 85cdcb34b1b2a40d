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

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.programming.models import Profile, Program
    from glutemed.services.account_ports import AccountsUnitOfWork
    from glutemed.store.records import AccountRecord

AccountRole = Literal["clinician", "client"]
MIN_PASSWORD_CHARS = 10
"""NIST SP 800-63B asks for at least 8; 10 leaves room without being a burden."""


@dataclass(frozen=True)
class Account:
    """An account as the web app sees it (never the hash)."""

    id: int
    username: str
    role: AccountRole
    disabled: bool = False


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


def account_of(row: AccountRecord) -> Account:
    """The account of a stored record (without its hash)."""
    role: AccountRole = "clinician" if row.role == "clinician" else "client"
    return Account(
        id=row.id, username=row.username, role=role, disabled=row.disabled_at is not None
    )


def _check_role(role: str) -> AccountRole:
    if role not in ("clinician", "client"):
        raise InputError("role", f"'{role}' is not allowed; use clinician or client")
    return "clinician" if role == "clinician" else "client"


def create_account(uow: AccountsUnitOfWork, username: str, password: str, role: str) -> Account:
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
    uow: AccountsUnitOfWork,
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
    program: Program | None = None,
) -> NewClient:
    """A clinician's new client, whole: login, person, program, calendar and assignment.

    One unit of work: either every row is stored, or -- on a taken username, a bad name or
    profile, or any database error half-way -- none is, so there is never a login without
    its person, nor a person nobody can see. Everything that can be checked without the
    database (password rules and the slow argon2 hash, units, time zone, the generated
    program) is done before the transaction opens, so the write lock is held briefly.
    ``program`` is a program made elsewhere (from a clinician's template) instead of the
    generated one.
    """
    from glutemed.services.people import add_person, check_timezone, plan_for
    from glutemed.units import check_units

    password_hash = hash_password(password)
    if program is None:
        program = plan_for(profile, catalog, units=units, timezone=timezone)
    else:  # a clinician's template (services.program_editor): the same checks, no generator
        check_units(units)
        check_timezone(timezone)
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


def authenticate(uow: AccountsUnitOfWork, username: str, password: str) -> Account | None:
    """The account when username and password match, else None (same cost either way).

    A disabled account is returned too, marked ``disabled``: only someone who knows the
    password learns that it is disabled, and the caller refuses the login.
    """
    row = uow.accounts.by_username(username.strip())
    if row is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    if _hasher().check_needs_rehash(row.password_hash):
        uow.accounts.set_password_hash(row.id, _hasher().hash(password))
        uow.commit()
    return account_of(row)


def get_account(uow: AccountsUnitOfWork, account_id: int) -> Account | None:
    """The account with this id, or None."""
    row = uow.accounts.get(account_id)
    return account_of(row) if row is not None else None


def people_visible_to(uow: AccountsUnitOfWork, account_id: int) -> list[int]:
    """Ids of the people an account may see: a client their own, a clinician their clients."""
    account = get_account(uow, account_id)
    if account is None:
        return []
    if account.role == "clinician":
        return list(uow.accounts.clients_of(account_id))
    return uow.accounts.own_people(account_id)


def assign_client(uow: AccountsUnitOfWork, clinician: Account, person_id: int) -> None:
    """Let a clinician see and manage a person (the caller commits)."""
    if clinician.role != "clinician":
        raise InputError("role", "only a clinician can be assigned clients")
    uow.accounts.assign_client(clinician.id, person_id)


def list_clients(uow: AccountsUnitOfWork, clinician: Account) -> list[int]:
    """The people a clinician manages, by id."""
    return list(uow.accounts.clients_of(clinician.id))


# -- managing accounts (the command line, and a clinician for their own clients) -------------


@dataclass(frozen=True)
class AccountSummary:
    """One line of ``glutemed accounts list``."""

    id: int
    username: str
    role: AccountRole
    created_at: dt.datetime
    disabled_at: dt.datetime | None
    sessions: int
    people: list[str]
    """A clinician's clients, or the person a client's login belongs to, by name."""


def list_accounts(uow: AccountsUnitOfWork, now_s: float) -> list[AccountSummary]:
    """Every account with its live sessions and the people it is linked to."""
    with uow:
        sessions = uow.login_sessions.count_live(now_s)
        out = []
        for row in uow.accounts.all():
            account = account_of(row)
            people = (
                [uow.people.get(pid).name for pid in uow.accounts.clients_of(row.id)]
                if account.role == "clinician"
                else [uow.people.get(pid).name for pid in uow.accounts.own_people(row.id)]
            )
            out.append(AccountSummary(
                id=row.id, username=row.username, role=account.role,
                created_at=row.created_at, disabled_at=row.disabled_at,
                sessions=sessions.get(row.id, 0), people=people,
            ))
    return out


def find_account(uow: AccountsUnitOfWork, username: str) -> Account:
    """The account with this username (any case), or an error naming the closest ones."""
    from glutemed.errors import UnknownIdError

    row = uow.accounts.by_username(username)
    if row is None:
        names = [r.username for r in uow.accounts.all()]
        import difflib

        raise UnknownIdError("account", username, difflib.get_close_matches(username, names))
    return account_of(row)


def reset_password(uow: AccountsUnitOfWork, account_id: int, password: str) -> int:
    """A new password set for someone (an administrator, or a clinician for a client):
    every session of the account ends. Returns how many sessions ended."""
    password_hash = hash_password(password)  # slow: before the transaction
    with uow:
        uow.accounts.set_password_hash(account_id, password_hash)
        ended = uow.login_sessions.end_all(account_id)
        uow.commit()
    return ended


def change_password(
    uow: AccountsUnitOfWork, account_id: int, current: str, new: str, *, keep_session: int | None
) -> int:
    """Someone changes their own password: the current one must be right, and every other
    session of the account ends (the one they are using stays). Returns how many ended."""
    new_hash = hash_password(new)
    with uow:
        row = uow.accounts.get(account_id)
        if row is None or not verify_password(row.password_hash, current):
            raise InputError("current_password", "that is not your current password")
        uow.accounts.set_password_hash(account_id, new_hash)
        ended = uow.login_sessions.end_all(account_id, keep=keep_session)
        uow.commit()
    return ended


def set_enabled(uow: AccountsUnitOfWork, account_id: int, enabled: bool, now: dt.datetime) -> int:
    """Enable or disable an account; disabling ends every session. Returns how many ended."""
    with uow:
        uow.accounts.set_disabled(account_id, None if enabled else now)
        ended = 0 if enabled else uow.login_sessions.end_all(account_id)
        uow.commit()
    return ended


@dataclass(frozen=True)
class DeletionPlan:
    """What deleting an account does to the people linked to it, said before it is done."""

    account: Account
    own_people: list[str]
    """A client's own person (or people): kept with their history, without a login."""
    clients: list[str]
    """A clinician's clients: kept with their history, moved to ``transfer_to``."""
    transfer_to: Account | None

    def describe(self) -> list[str]:
        """The consequences, one sentence each."""
        lines = [f"The login '{self.account.username}' and its sessions will be deleted."]
        for name in self.own_people:
            lines.append(
                f"{name}'s training history is kept (every set, program and decision); "
                f"{name} will have no login until a clinician adds one."
            )
        if self.clients and self.transfer_to is not None:
            lines.append(
                f"{len(self.clients)} client(s) move to {self.transfer_to.username} with "
                f"their whole history: {', '.join(self.clients)}."
            )
        if not self.own_people and not self.clients:
            lines.append("No person is linked to this login; no training history is touched.")
        return lines


def plan_deletion(
    uow: AccountsUnitOfWork, account: Account, transfer_to: Account | None
) -> DeletionPlan:
    """Check a deletion and say what it will do; refuse what would lose sight of people.

    A clinician with clients cannot simply be deleted: their clients would be seen by
    nobody. ``transfer_to`` (another clinician) takes them over; a name that clashes with
    one of that clinician's own clients is refused (rename one first).
    """
    with uow:
        own = [uow.people.get(pid).name for pid in uow.accounts.own_people(account.id)]
        clients = list(uow.accounts.names_of_clients(account.id).values())
        linked = [uow.people.get(pid).name for pid in uow.accounts.clients_of(account.id)]
        clients += [n for n in linked if n not in clients]
        if transfer_to is not None:
            if transfer_to.role != "clinician" or transfer_to.id == account.id:
                raise InputError("--transfer-to", "name another clinician's account")
            clash = sorted(set(clients) & set(uow.accounts.names_of_clients(transfer_to.id)
                                              .values()))
            if clash:
                raise InputError(
                    "--transfer-to",
                    f"{transfer_to.username} already has a client called "
                    f"{', '.join(repr(n) for n in clash)}; rename one of them first",
                )
    if clients and transfer_to is None:
        raise InputError(
            "--transfer-to",
            f"{account.username} has {len(clients)} client(s) ({', '.join(clients)}); name "
            "the clinician who takes them over with --transfer-to (their histories are kept)",
        )
    return DeletionPlan(account, own, clients if transfer_to else [], transfer_to)


def delete_account(uow: AccountsUnitOfWork, plan: DeletionPlan) -> None:
    """Carry out a plan from :func:`plan_deletion` in one transaction (checked again
    inside it, so a client added in between is not left behind)."""
    with uow:
        if plan.transfer_to is not None:
            uow.accounts.transfer_clients(plan.account.id, plan.transfer_to.id)
        elif uow.accounts.names_of_clients(plan.account.id) or uow.accounts.clients_of(
            plan.account.id
        ):
            raise InputError("--transfer-to", "clients were added meanwhile; run it again")
        uow.accounts.delete(plan.account.id)
        uow.commit()


def client_login(uow: AccountsUnitOfWork, clinician: Account, person_id: int) -> Account | None:
    """The login of one of a clinician's own clients (None when the person has none).

    Only a client account linked to a person this clinician manages: a clinician can
    never reach another clinician's login, nor another clinician's client.
    """
    with uow:
        if person_id not in uow.accounts.clients_of(clinician.id):
            return None
        person = uow.people.get(person_id)
        if person.account_id is None:
            return None
        row = uow.accounts.get(person.account_id)
        if row is None or row.role != "client":
            return None
        return account_of(row)
