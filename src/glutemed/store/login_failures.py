"""The login throttle's record of failed logins (one row per failure; see
:class:`glutemed.store.tables.LoginFailureRow`).

One repository per aggregate, like the training data's; this one holds no training data
and no conversion to core models: plain (username, IP, instant) rows that the web app's
:class:`~glutemed.web.throttle.LoginThrottle` counts. Like every repository it never
commits; the unit of work does.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from glutemed.store.tables import LoginFailureRow


class LoginFailuresRepository:
    """Failed logins per (username, IP); the caller normalises both (lower case, length)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, username: str, ip: str, at_s: float) -> int:
        """Record one failure at ``at_s`` (epoch seconds); returns the row's id."""
        row = LoginFailureRow(username=username, ip=ip, failed_at_s=at_s)
        self._s.add(row)
        self._s.flush()
        return row.id

    def newest(self, username: str, ip: str, since_s: float, limit: int) -> list[float]:
        """Instants of the newest failures after ``since_s``, newest first, at most ``limit``.

        Served by the (username, ip, failed_at_s) index, so the cost does not grow with the
        table.
        """
        query = (
            select(LoginFailureRow.failed_at_s)
            .where(
                LoginFailureRow.username == username,
                LoginFailureRow.ip == ip,
                LoginFailureRow.failed_at_s > since_s,
            )
            .order_by(LoginFailureRow.failed_at_s.desc(), LoginFailureRow.id.desc())
            .limit(limit)
        )
        return [float(t) for t in self._s.scalars(query)]

    def newest_from(self, ip: str, since_s: float, limit: int) -> list[float]:
        """Instants of the newest failures from ``ip`` under any username, newest first, at
        most ``limit`` (served by the (ip, failed_at_s) index)."""
        query = (
            select(LoginFailureRow.failed_at_s)
            .where(LoginFailureRow.ip == ip, LoginFailureRow.failed_at_s > since_s)
            .order_by(LoginFailureRow.failed_at_s.desc(), LoginFailureRow.id.desc())
            .limit(limit)
        )
        return [float(t) for t in self._s.scalars(query)]

    def remove(self, failure_id: int) -> None:
        """Forget one failure (an attempt that was refused before it was tried)."""
        self._s.execute(delete(LoginFailureRow).where(LoginFailureRow.id == failure_id))

    def clear(self, username: str, ip: str) -> None:
        """Forget every failure of a (username, IP), after a successful login."""
        self._s.execute(
            delete(LoginFailureRow).where(
                LoginFailureRow.username == username, LoginFailureRow.ip == ip
            )
        )

    def prune(self, before_s: float) -> int:
        """Delete every failure at or before ``before_s`` (outside any window); returns how many.

        Without it the table would keep one row per failed login forever.
        """
        result = self._s.execute(
            delete(LoginFailureRow).where(LoginFailureRow.failed_at_s <= before_s)
        )
        return int(cast(Any, result).rowcount or 0)
