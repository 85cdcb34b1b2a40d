"""Server-side login sessions (see :class:`glutemed.store.tables.LoginSessionRow`).

One repository per aggregate, like the login throttle's record: facts about logins, no
training data, handed out as frozen records
(:class:`~glutemed.store.records.LoginSessionRecord`,
:class:`~glutemed.store.records.AccountRecord`), never rows. Like every repository it
never commits.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from glutemed.store.accounts import account_record
from glutemed.store.records import AccountRecord, LoginSessionRecord
from glutemed.store.tables import AccountRow, LoginSessionRow


def _record(row: LoginSessionRow) -> LoginSessionRecord:
    return LoginSessionRecord(
        id=row.id, account_id=row.account_id, created_at_s=row.created_at_s,
        last_seen_at_s=row.last_seen_at_s, expires_at_s=row.expires_at_s, ip=row.ip,
        user_agent=row.user_agent,
    )


class LoginSessionsRepository:
    """Sessions by the hash of their token; the caller hashes (the token never comes here)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        account_id: int,
        token_hash: str,
        now_s: float,
        expires_at_s: float,
        ip: str,
        user_agent: str,
    ) -> int:
        """Store a new session; returns its id."""
        row = LoginSessionRow(
            account_id=account_id, token_hash=token_hash, created_at_s=now_s,
            last_seen_at_s=now_s, expires_at_s=expires_at_s, ip=ip[:64],
            user_agent=user_agent[:200],
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def live(
        self, token_hash: str, now_s: float
    ) -> tuple[LoginSessionRecord, AccountRecord] | None:
        """The unexpired session with this token hash and its account, enabled; else None."""
        query = (
            select(LoginSessionRow, AccountRow)
            .join(AccountRow, AccountRow.id == LoginSessionRow.account_id)
            .where(
                LoginSessionRow.token_hash == token_hash,
                LoginSessionRow.expires_at_s > now_s,
                AccountRow.disabled_at.is_(None),
            )
        )
        found = self._s.execute(query).first()
        return (_record(found[0]), account_record(found[1])) if found is not None else None

    def of_account(self, account_id: int, now_s: float) -> list[LoginSessionRecord]:
        """An account's unexpired sessions, most recently used first."""
        query = (
            select(LoginSessionRow)
            .where(LoginSessionRow.account_id == account_id, LoginSessionRow.expires_at_s > now_s)
            .order_by(LoginSessionRow.last_seen_at_s.desc(), LoginSessionRow.id.desc())
        )
        return [_record(row) for row in self._s.scalars(query)]

    def count_live(self, now_s: float) -> dict[int, int]:
        """Account id -> number of unexpired sessions."""
        from sqlalchemy import func

        query = (
            select(LoginSessionRow.account_id, func.count())
            .where(LoginSessionRow.expires_at_s > now_s)
            .group_by(LoginSessionRow.account_id)
        )
        return {int(a): int(n) for a, n in self._s.execute(query)}

    def touch(self, session_id: int, now_s: float) -> None:
        """Record that the session was just used."""
        self._s.execute(
            update(LoginSessionRow).where(LoginSessionRow.id == session_id)
            .values(last_seen_at_s=now_s)
        )

    def end(self, account_id: int, session_id: int) -> int:
        """End one of an account's sessions; returns 1, or 0 when it was not theirs."""
        result = self._s.execute(
            delete(LoginSessionRow).where(
                LoginSessionRow.id == session_id, LoginSessionRow.account_id == account_id
            )
        )
        return int(cast(Any, result).rowcount or 0)

    def end_by_hash(self, token_hash: str) -> None:
        """End the session with this token hash (a logout)."""
        self._s.execute(delete(LoginSessionRow).where(LoginSessionRow.token_hash == token_hash))

    def end_all(self, account_id: int, *, keep: int | None = None) -> int:
        """End every session of an account but ``keep``; returns how many ended."""
        query = delete(LoginSessionRow).where(LoginSessionRow.account_id == account_id)
        if keep is not None:
            query = query.where(LoginSessionRow.id != keep)
        return int(cast(Any, self._s.execute(query)).rowcount or 0)

    def prune(self, now_s: float) -> int:
        """Delete every expired session (they can no longer be used); returns how many."""
        result = self._s.execute(
            delete(LoginSessionRow).where(LoginSessionRow.expires_at_s <= now_s)
        )
        return int(cast(Any, result).rowcount or 0)
