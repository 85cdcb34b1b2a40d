"""What the account and login services need of a store: accounts, login sessions and the
login throttle's failures, beside the training path's repositories.

:class:`AccountsUnitOfWork` extends :class:`~glutemed.services.ports.UnitOfWork` because
starting a client stores a person and a program through
:func:`glutemed.services.people.add_person`, and listing accounts names their people. Like
:mod:`glutemed.services.ports` each protocol lists exactly the methods the services call
(:mod:`glutemed.services.accounts`, :mod:`glutemed.services.logins`), with the SQL
repositories' signatures; :class:`~glutemed.store.unit_of_work.SqlUnitOfWork` satisfies it
structurally, and mypy checks that at every call site. They speak records
(:class:`~glutemed.store.records.AccountRecord`,
:class:`~glutemed.store.records.LoginSessionRecord`), never table rows, so
``tests/fakes/accounts.py`` can implement them in memory.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from glutemed.services.ports import ClientLinks, Transaction, UnitOfWork

if TYPE_CHECKING:  # only named in signatures
    from glutemed.store.records import AccountRecord, LoginSessionRecord


class Accounts(ClientLinks, Protocol):
    """Web accounts and which clients a clinician manages."""

    def add(self, username: str, password_hash: str, role: str) -> int:
        """Store an account (the caller hashed the password); an input error when the
        username is taken in any case or width, or the role or username is not allowed."""
        ...

    def by_username(self, username: str) -> AccountRecord | None:
        """The account with this username (compared folded), or None."""
        ...

    def get(self, account_id: int) -> AccountRecord | None:
        """The account with this id, or None."""
        ...

    def all(self) -> list[AccountRecord]:
        """Every account, oldest first."""
        ...

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        """Replace the stored hash."""
        ...

    def set_disabled(self, account_id: int, disabled_at: dt.datetime | None) -> None:
        """Disable (an instant) or enable (None) an account."""
        ...

    def delete(self, account_id: int) -> None:
        """Remove the account with its sessions and clinician links; a client's person
        stays, without a login."""
        ...

    def transfer_clients(self, from_account_id: int, to_account_id: int) -> int:
        """Move a clinician's people and links to another clinician; how many people."""
        ...

    def names_of_clients(self, clinician_account_id: int) -> dict[int, str]:
        """Person id -> name for the people a clinician added."""
        ...

    def clients_of(self, clinician_account_id: int) -> list[int]:
        """Ids of the people a clinician manages, ascending."""
        ...

    def own_people(self, account_id: int) -> list[int]:
        """Ids of the people whose own login this account is, ascending."""
        ...


class LoginSessions(Protocol):
    """Server-side login sessions by the hash of their token."""

    def add(self, account_id: int, token_hash: str, now_s: float, expires_at_s: float,
            ip: str, user_agent: str) -> int:
        """Store a new session; its id."""
        ...

    def live(
        self, token_hash: str, now_s: float
    ) -> tuple[LoginSessionRecord, AccountRecord] | None:
        """The unexpired session with this hash and its enabled account, or None."""
        ...

    def of_account(self, account_id: int, now_s: float) -> list[LoginSessionRecord]:
        """An account's unexpired sessions, most recently used first."""
        ...

    def count_live(self, now_s: float) -> dict[int, int]:
        """Account id -> number of unexpired sessions."""
        ...

    def touch(self, session_id: int, now_s: float) -> None:
        """Record that the session was just used."""
        ...

    def end(self, account_id: int, session_id: int) -> int:
        """End one of an account's sessions; 1, or 0 when it was not theirs."""
        ...

    def end_by_hash(self, token_hash: str) -> None:
        """End the session with this token hash."""
        ...

    def end_all(self, account_id: int, *, keep: int | None = None) -> int:
        """End every session of an account but ``keep``; how many."""
        ...

    def prune(self, now_s: float) -> int:
        """Delete every expired session; how many."""
        ...


class LoginFailures(Protocol):
    """The login throttle's failed logins per (username, IP), instants in epoch seconds."""

    def add(self, username: str, ip: str, at_s: float) -> int:
        """Record one failure; its id."""
        ...

    def newest(self, username: str, ip: str, since_s: float, limit: int) -> list[float]:
        """The newest failures of a (username, IP) after ``since_s``, newest first."""
        ...

    def newest_from(self, ip: str, since_s: float, limit: int) -> list[float]:
        """The newest failures from ``ip`` under any username after ``since_s``."""
        ...

    def remove(self, failure_id: int) -> None:
        """Forget one failure."""
        ...

    def clear(self, username: str, ip: str) -> None:
        """Forget every failure of a (username, IP)."""
        ...

    def prune(self, before_s: float) -> int:
        """Delete every failure at or before ``before_s``; how many."""
        ...


class AccountsUnitOfWork(UnitOfWork, Protocol):
    """The training path's unit of work with the accounts, login sessions and failures."""

    @property
    def accounts(self) -> Accounts: ...
    @property
    def login_sessions(self) -> LoginSessions: ...
    @property
    def login_failures(self) -> LoginFailures: ...


class FailuresUnitOfWork(Transaction, Protocol):
    """A transaction with the login throttle's failures only (the web app's
    :class:`~glutemed.web.throttle.DatabaseFailures` opens one per call)."""

    @property
    def login_failures(self) -> LoginFailures: ...
