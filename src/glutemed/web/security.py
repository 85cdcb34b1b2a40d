"""Session cookies, CSRF tokens and the login throttle.

Choices, and why:

* **Session cookie** — a small signed value (itsdangerous, timestamped) holding the account
  id and the CSRF token, never a password or profile. ``HttpOnly`` so scripts cannot read
  it, ``SameSite=Lax`` so other sites cannot ride on it with a POST, ``Secure`` when the
  request came over HTTPS or the ``https`` setting is on. Signing (not encryption) suffices
  because nothing secret is inside; the server rejects any cookie it did not sign.
* **CSRF** — a synchronizer token: a random value kept in the signed session and repeated
  in every form (``csrf_token`` field) or htmx/API request (``X-CSRF-Token`` header). Every
  unsafe request (POST, PUT, PATCH, DELETE) must carry it, in single-person mode too, since
  a page on another site can still post to ``localhost``.
* **Login throttle** — failures are counted per (username, client IP) in memory over a
  sliding window. In memory is enough for one process; it resets on restart and is not
  shared between workers (documented in docs/web.md).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "glutemed_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class SessionData:
    """What the session cookie carries."""

    csrf_token: str
    account_id: int | None = None


class SessionCodec:
    """Signs and reads the session cookie value."""

    def __init__(self, secret_key: str, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="glutemed-session")
        self.max_age_s = max_age_s

    def dumps(self, data: SessionData) -> str:
        """The signed cookie value."""
        return self._serializer.dumps({"c": data.csrf_token, "a": data.account_id})

    def loads(self, value: str | None) -> SessionData | None:
        """The session, or None when the cookie is missing, forged or expired."""
        if not value:
            return None
        try:
            raw: Any = self._serializer.loads(value, max_age=self.max_age_s)
        except BadSignature:
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("c"), str):
            return None
        account = raw.get("a")
        return SessionData(
            csrf_token=raw["c"], account_id=account if isinstance(account, int) else None
        )


def new_csrf_token() -> str:
    """A fresh unguessable token."""
    return secrets.token_urlsafe(24)


def tokens_match(expected: str, given: str | None) -> bool:
    """Constant-time comparison, so the token cannot be guessed byte by byte."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


class LoginThrottle:
    """Counts failed logins per (username, IP) over a sliding window.

    ``clock`` is injectable so tests can move time without sleeping.
    """

    def __init__(
        self,
        max_failures: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        now = self._clock()
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def retry_after_s(self, username: str, ip: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed now."""
        times = self._recent((username.lower(), ip))
        if len(times) < self.max_failures:
            return 0
        return max(1, int(self.window_s - (self._clock() - times[0])) + 1)

    def record_failure(self, username: str, ip: str) -> None:
        """Count one failed attempt."""
        self._recent((username.lower(), ip)).append(self._clock())

    def reset(self, username: str, ip: str) -> None:
        """Forget the failures after a successful login."""
        self._failures.pop((username.lower(), ip), None)
