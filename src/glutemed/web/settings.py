"""Settings that only the web app needs (mode, cookie secret, login throttle).

Kept apart from :class:`glutemed.config.Settings` (the store's settings) so the command line
does not carry web options; both read ``GLUTEMED_*`` environment variables the same way.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ENV_PREFIX = "GLUTEMED_"


class WebSettings(BaseModel):
    """Web options; each field's description is its help text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clinic: bool = Field(
        default=False,
        description=(
            "Multi-person clinic mode: password accounts (clinician, client) and a login. "
            "Off by default: one person, no login, for use on your own machine. "
            "Option --clinic; environment GLUTEMED_CLINIC."
        ),
    )
    secret_key: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32),
        min_length=16,
        description=(
            "Key that signs session cookies. Default: a new random key per start (everyone "
            "is logged out on restart). Set it in clinic mode. Environment "
            "GLUTEMED_SECRET_KEY."
        ),
    )
    https: bool = Field(
        default=False,
        description=(
            "Mark cookies Secure (sent over HTTPS only). Turn on behind an HTTPS proxy. "
            "Requests that arrive over https set it anyway. Environment GLUTEMED_HTTPS."
        ),
    )
    session_max_age_s: int = Field(
        default=12 * 3600,
        ge=60,
        le=30 * 24 * 3600,
        description="How long a login lasts, in seconds. Environment GLUTEMED_SESSION_MAX_AGE_S.",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        le=100,
        description=(
            "Failed logins allowed per username and IP address within the window before "
            "further attempts are refused. Environment GLUTEMED_LOGIN_MAX_FAILURES."
        ),
    )
    login_window_s: int = Field(
        default=900,
        ge=1,
        le=86_400,
        description=(
            "The login-throttle window in seconds. Environment GLUTEMED_LOGIN_WINDOW_S."
        ),
    )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> WebSettings:
        """Settings from ``GLUTEMED_*`` variables, then explicit overrides (``None`` ignored)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
