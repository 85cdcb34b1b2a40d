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
* **Login throttle** — failures are counted per (username, client IP) over a sliding
  window, in the database, so every worker and every restart shares them; see
  :mod:`glutemed.web.throttle`.
"""

from __future__ import annotations

import hmac
import secrets
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
