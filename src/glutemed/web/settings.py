"""Settings that only the web app needs (mode, cookie secret, login throttle).

Kept apart from :class:`glutemed.config.Settings` (the store's settings) so the command line
does not carry web options; both read ``GLUTEMED_*`` environment variables the same way.
"""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import urlsplit

from pydantic import Field, field_validator

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
            "is logged out on restart, and several workers cannot share logins). Set it in "
            "clinic mode; glutemed warns at start and on the clinician's pages when it is "
            "not set. Environment GLUTEMED_SECRET_KEY."
        ),
    )
    https: bool = Field(
        default=False,
        description=(
            "The site is served over HTTPS: cookies are marked Secure and every answer "
            "carries Strict-Transport-Security. Turn on behind an HTTPS proxy. Requests that "
            "arrive over https (or through a trusted proxy that says so) get both anyway. "
            "Environment GLUTEMED_HTTPS."
        ),
    )
    session_max_age_s: int = Field(
        default=12 * 3600,
        ge=60,
        le=30 * 24 * 3600,
        description=(
            "How long a login lasts, in seconds; the server ends the session then, whatever "
            "the browser keeps. Environment GLUTEMED_SESSION_MAX_AGE_S."
        ),
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
    login_max_failures_per_address: int = Field(
        default=20,
        ge=1,
        le=10_000,
        description=(
            "Failed logins allowed from one IP address within the window, whatever the "
            "usernames, before that address must wait. Environment "
            "GLUTEMED_LOGIN_MAX_FAILURES_PER_ADDRESS."
        ),
    )
    threads: int = Field(
        default=8,
        ge=1,
        le=256,
        description=(
            "Worker threads per server process for the routes that wait on the database, "
            "and as many pooled database connections (plus 4 for the event loop), so a "
            "thread never waits for a connection nor a connection is opened and closed per "
            "request. Environment GLUTEMED_THREADS."
        ),
    )
    trusted_proxies: str = Field(
        default="",
        max_length=2000,
        description=(
            "Addresses or networks of the reverse proxies in front of glutemed, comma "
            "separated (e.g. 127.0.0.1 or 10.0.0.0/8). Only a request from one of them may "
            "name the real client (X-Forwarded-For) and scheme (X-Forwarded-Proto). Default: "
            "none, so a forged header can never change the address the login throttle "
            "counts. Environment GLUTEMED_TRUSTED_PROXIES."
        ),
    )
    max_body_kb: int = Field(
        default=1024,
        ge=1,
        le=1_048_576,
        description=(
            "The largest request body accepted, in kilobytes; a larger one is refused with "
            "413 before it is read into memory. Environment GLUTEMED_MAX_BODY_KB."
        ),
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: str) -> str:
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(
                    f"'{part}' is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
                ) from None
        return value

    @property
    def proxies(self) -> list[str]:
        """The trusted proxies, one address or network each."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @property
    def secret_key_is_random(self) -> bool:
        """True when no key was configured: a fresh random one was made for this process."""
        return "secret_key" not in self.model_fields_set

    phone_url: str | None = Field(
        default=None,
        max_length=200,
        description=(
            "Single-person mode: the address phones on the local network use to reach this "
            "app, e.g. http://192.168.1.23:8000 (set by 'glutemed serve --phone'). Pairing "
            "codes hold it, and its host name is allowed. Environment GLUTEMED_PHONE_URL."
        ),
    )
    allowed_hosts: str = Field(
        default="",
        max_length=1000,
        description=(
            "Single-person mode: more host names the app answers to, comma-separated "
            "(localhost, 127.0.0.1 and ::1 always; the phone address when serving for a "
            "phone). Any other Host header is refused, which stops DNS rebinding. "
            "Environment GLUTEMED_ALLOWED_HOSTS."
        ),
    )
    local_clients: str = Field(
        default="",
        max_length=1000,
        description=(
            "Single-person mode: client addresses that count as this computer besides "
            "loopback, comma-separated. They see every page without pairing, so list only "
            "addresses that are really this computer. Environment GLUTEMED_LOCAL_CLIENTS."
        ),
    )

    @field_validator("phone_url")
    @classmethod
    def _phone_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("give an address like http://192.168.1.23:8000")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError("give only the scheme, host and port, e.g. http://192.168.1.23:8000")
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def host_names(self) -> frozenset[str]:
        """Every host name single-person mode answers to (lower case, no port)."""
        names = {"localhost", "127.0.0.1", "::1"}
        names.update(n.strip().lower().rstrip(".") for n in self.allowed_hosts.split(","))
        if self.phone_url:
            host = urlsplit(self.phone_url).hostname
            if host:
                names.add(host.lower())
        names.discard("")
        return frozenset(names)

    @property
    def extra_local_clients(self) -> frozenset[str]:
        """The configured extra addresses that count as this computer."""
        return frozenset(a.strip() for a in self.local_clients.split(",") if a.strip())
