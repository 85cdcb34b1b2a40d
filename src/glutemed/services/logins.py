"""Server-side login sessions for clinic mode: started at login, ended for real.

The browser keeps a random token (inside the signed cookie); the database keeps only its
SHA-256, the account, when it was made and last used, the address and the browser's name,
and when it expires. A session is live while its row exists, has not expired and its
account is enabled; anything that should end it deletes the row: a logout, "end this
session" on the account page or ``glutemed accounts end-sessions``, a password change (the
other sessions) or reset (all of them), the account disabled or deleted. Because the rows
are in the database, every worker and every restart sees the same sessions.

Why SHA-256 and not argon2 for the token: the token is 256 random bits, so there is nothing
to guess; the hash only stops a copy of the database (a backup, a dump) being replayed as
a cookie. A fast hash lets every request look its session up by an index.

Instants are wall-clock seconds (the caller passes ``now_s``), like the login throttle's.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutemed.services.accounts import Account, account_of
from glutemed.store.records import LoginSessionRecord as LoginSession

if TYPE_CHECKING:
    from glutemed.services.account_ports import AccountsUnitOfWork

TOUCH_EVERY_S = 300.0
"""How stale "last used" may get before a request writes it again (not on every request:
that would be a write per page view)."""


@dataclass(frozen=True)
class Resolved:
    """The session a cookie's token names, and its account."""

    session: LoginSession
    account: Account


def new_token() -> str:
    """A fresh session token: 256 random bits."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    uow: AccountsUnitOfWork,
    account_id: int,
    token: str,
    *,
    now_s: float,
    max_age_s: float,
    ip: str,
    user_agent: str,
) -> int:
    """Store a new session in the open unit of work (the caller commits); expired sessions
    of every account are deleted at the same time, so the table never grows stale."""
    uow.login_sessions.prune(now_s)
    return uow.login_sessions.add(
        account_id, token_hash(token), now_s, now_s + max_age_s, ip, user_agent
    )


def resolve(uow: AccountsUnitOfWork, token: str, now_s: float) -> Resolved | None:
    """The live session for this token and its account; None when it was ended, has
    expired, or its account is disabled or gone."""
    found = uow.login_sessions.live(token_hash(token), now_s)
    if found is None:
        return None
    row, account = found
    return Resolved(row, account_of(account))


def needs_touch(session: LoginSession, now_s: float) -> bool:
    """True when "last used" is older than :data:`TOUCH_EVERY_S`."""
    return now_s - session.last_seen_at_s >= TOUCH_EVERY_S


def touch(uow: AccountsUnitOfWork, session_id: int, now_s: float) -> None:
    """Record that a session was used now (commits)."""
    with uow:
        uow.login_sessions.touch(session_id, now_s)
        uow.commit()


def end_by_token(uow: AccountsUnitOfWork, token: str) -> None:
    """A logout: the session with this token ends (commits)."""
    with uow:
        uow.login_sessions.end_by_hash(token_hash(token))
        uow.commit()


def end_one(uow: AccountsUnitOfWork, account_id: int, session_id: int) -> bool:
    """End one of an account's own sessions (commits); False when it was not theirs."""
    with uow:
        ended = uow.login_sessions.end(account_id, session_id)
        uow.commit()
    return ended > 0


def end_all(uow: AccountsUnitOfWork, account_id: int, *, keep: int | None = None) -> int:
    """End every session of an account except ``keep`` (commits); returns how many."""
    with uow:
        ended = uow.login_sessions.end_all(account_id, keep=keep)
        uow.commit()
    return ended


def sessions_of(uow: AccountsUnitOfWork, account_id: int, now_s: float) -> list[LoginSession]:
    """An account's live sessions, most recently used first."""
    with uow:
        return uow.login_sessions.of_account(account_id, now_s)
