"""Session cookies, CSRF tokens and the login throttle.

Choices, and why:

* **Session cookie** — a small signed value (itsdangerous, timestamped) holding the CSRF
  token and, once logged in, a random session token, never a password, an account id or a
  profile. The login itself lives on the server (:mod:`glutemed.services.logins`): the
  database keeps the token's hash, so a logout, a password reset or a disabled account
  ends the session for every copy of the cookie, on every worker. ``HttpOnly`` so scripts
  cannot read it, ``SameSite=Lax`` so other sites cannot ride on it with a POST, ``Secure``
  when the request came over HTTPS or the ``https`` setting is on. The signature keeps a
  forged cookie from reaching the database at all.
* **CSRF** — a synchronizer token: a random value kept in the signed session and repeated
  in every form (``csrf_token`` field) or htmx/API request (``X-CSRF-Token`` header). Every
  unsafe request (POST, PUT, PATCH, DELETE) must carry it, in single-person mode too, since
  a page on another site can still post to ``localhost``.
* **Login throttle** — failures are counted per (username, client IP) and per client IP over
  a sliding window, in the database, so every worker and every restart shares them; see
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
    """What the session cookie carries: the CSRF token, and the login's token (None when
    nobody is logged in). The token means nothing unless the server still has its
    session."""

    csrf_token: str
    login_token: str | None = None


class SessionCodec:
    """Signs and reads the session cookie value."""

    def __init__(self, secret_key: str, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="glutemed-session")
        self.max_age_s = max_age_s

    def dumps(self, data: SessionData) -> str:
        """The signed cookie value."""
        return self._serializer.dumps({"c": data.csrf_token, "t": data.login_token})

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
        token = raw.get("t")  # a cookie from before 0.2 held an account id: not a login now
        return SessionData(
            csrf_token=raw["c"], login_token=token if isinstance(token, str) else None
        )


def new_csrf_token() -> str:
    """A fresh unguessable token."""
    return secrets.token_urlsafe(24)


def tokens_match(expected: str, given: str | None) -> bool:
    """Constant-time comparison, so the token cannot be guessed byte by byte."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())
