"""Settings that only the web app needs (mode, cookie secret, login throttle).

Kept apart from :class:`glutemed.config.Settings` (the store's settings) so the command line
does not carry web options; both read ``GLUTEMED_*`` environment variables the same way.
"""

from __future__ import annotations

import secrets

from pydantic import Field

from glutemed.config import EnvSettings


class WebSettings(EnvSettings):
    """Web options; each field's description is its help text."""

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

