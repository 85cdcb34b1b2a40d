"""Per-app state and the request dependencies every route shares.

The app factory builds one :class:`WebContext` and stores it on ``app.state``; nothing lives
in module globals, so two apps (a test's and a server's) never share a database or a key.
Who may see whom is decided here, once, by :class:`Viewer`: single-person mode sees every
person in its own database; a clinician sees the people assigned to them; a client sees only
the person linked to their account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import Depends, HTTPException, Path, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from glutemed.catalog.catalog import Catalog
from glutemed.config import Settings
from glutemed.store.conversions import MAX_ID
from glutemed.web.fair_lock import FairLock
from glutemed.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    UNSAFE_METHODS,
    SessionCodec,
    SessionData,
    new_csrf_token,
    tokens_match,
)
from glutemed.web.settings import WebSettings
from glutemed.web.throttle import LoginThrottle

if TYPE_CHECKING:
    from glutemed.store.unit_of_work import SqlUnitOfWork

Role = Literal["single", "clinician", "client"]
LOOP_CONNECTIONS = 4
"""Connections for the event loop's own short transactions, beside one per worker thread.
The loop runs one transaction at a time, but a coroutine may hold one across an ``await``."""
TIMEZONE_CACHE_S = 60.0
"""How long a person's time zone is remembered between reads."""


@dataclass
class WebContext:
    """Everything a request needs that outlives the request."""

    settings: Settings
    web: WebSettings
    catalog: Catalog
    templates: Jinja2Templates
    codec: SessionCodec
    throttle: LoginThrottle
    write_lock: FairLock = field(default_factory=FairLock, repr=False)
    _timezones: dict[int, tuple[float, str]] = field(default_factory=dict, repr=False)
    _engine: Engine | None = field(default=None, repr=False)
    _nowait_engine: Engine | None = field(default=None, repr=False)

    @property
    def pool_size(self) -> int:
        """Connections kept by the waiting engine: one per worker thread, and the event
        loop's share (its quick reads; see :data:`LOOP_CONNECTIONS`)."""
        return self.web.threads + LOOP_CONNECTIONS

    @property
    def sqlite(self) -> bool:
        """True when the database is SQLite (one writer at a time)."""
        return self.settings.database_url.startswith("sqlite")

    @property
    def engine(self) -> Engine:
        """The database engine, created (and the schema made current) on first use."""
        if self._engine is None:
            from glutemed.store.engine import make_engine
            from glutemed.store.schema_check import ensure_current

            engine = make_engine(
                self.settings.database_url, busy_timeout_ms=self.settings.busy_timeout_ms,
                pool_size=self.pool_size,
            )
            ensure_current(engine, auto_upgrade=self.settings.auto_upgrade)
            self._engine = engine
        return self._engine

    def timezone_of(self, person_id: int) -> str:
        """The person's time zone, remembered for a minute (it decides what "today" is on
        every logged set, and reading the person each time would double the reads)."""
        import time

        known = self.known_timezone(person_id)
        if known is not None:
            return known
        with self.uow(readonly=True) as uow:
            timezone = str(uow.people.get(person_id).timezone)
        self._timezones[person_id] = (time.monotonic(), timezone)
        return timezone

    def known_timezone(self, person_id: int) -> str | None:
        """The person's time zone if it was read in the last minute, else None: no database
        read, so an ``async`` route can skip the worker thread a read would need."""
        import time

        cached = self._timezones.get(person_id)
        if cached is not None and time.monotonic() - cached[0] < TIMEZONE_CACHE_S:
            return cached[1]
        return None

    def uow(self, *, readonly: bool = False, wait: bool = True) -> SqlUnitOfWork:
        """A fresh unit of work on this app's database.

        ``wait=False`` (SQLite only) opens it on connections whose busy timeout is zero:
        if another connection holds the write lock, the unit of work fails at once with
        :class:`~glutemed.store.unit_of_work.DatabaseBusy` instead of sleeping until the
        lock is free. The event loop uses it, because it must never sleep.
        """
        from glutemed.store.unit_of_work import SqlUnitOfWork

        engine = self.engine if wait or not self.sqlite else self._engine_without_waiting()
        return SqlUnitOfWork(engine, readonly=readonly)

    def _engine_without_waiting(self) -> Engine:
        if self._nowait_engine is None:
            from sqlalchemy.engine import make_url

            from glutemed.store.engine import make_engine

            engine = self.engine  # the schema is made current by the waiting engine, once
            in_memory = make_url(self.settings.database_url).database in (None, "", ":memory:")
            # An in-memory database exists once per engine: a second would be empty.
            self._nowait_engine = engine if in_memory else make_engine(
                self.settings.database_url, busy_timeout_ms=0, pool_size=LOOP_CONNECTIONS
            )
        return self._nowait_engine

    def close(self) -> None:
        """Close every pooled database connection (a server stopping, a test ending)."""
        for engine in (self._nowait_engine, self._engine):
            if engine is not None:
                engine.dispose()  # twice for an in-memory database: a no-op the second time


@dataclass(frozen=True)
class Viewer:
    """Who is asking, and which people they may see."""

    role: Role
    account_id: int | None = None
    username: str | None = None
    person_ids: frozenset[int] | None = None
    """None means every person (single-person mode)."""

    def can_access(self, person_id: int) -> bool:
        """True when this viewer may read and change this person's data."""
        return self.person_ids is None or person_id in self.person_ids

    @property
    def own_person_id(self) -> int | None:
        """A client's own person (the one their account is linked to)."""
        if self.role == "client" and self.person_ids:
            return min(self.person_ids)
        return None


async def context_dependency(request: Request) -> WebContext:
    """``get_context`` as an async dependency (no worker-thread hop for a dict look-up)."""
    return get_context(request)


def get_context(request: Request) -> WebContext:
    """The app's context."""
    ctx: WebContext = request.app.state.glutemed
    return ctx


Ctx = Annotated[WebContext, Depends(context_dependency)]
"""The app context, as a route parameter type."""


def get_session(request: Request) -> SessionData:
    """The signed session for this request, or a new one (saved by the middleware)."""
    existing: SessionData | None = getattr(request.state, "session", None)
    if existing is not None:
        return existing
    ctx = get_context(request)
    session = ctx.codec.loads(request.cookies.get(SESSION_COOKIE))
    if session is None:
        session = SessionData(csrf_token=new_csrf_token())
        request.state.session_dirty = True
    request.state.session = session
    return session


def set_session(request: Request, session: SessionData) -> None:
    """Replace the session (login, logout); the middleware writes the cookie."""
    request.state.session = session
    request.state.session_dirty = True


async def verify_csrf(request: Request) -> None:
    """Reject an unsafe request that does not repeat the session's CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    session = get_session(request)
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if not tokens_match(session.csrf_token, given):
        raise HTTPException(403, "missing or wrong CSRF token (the page is out of date, e.g. "
                            "after a new login or a restart): reload the page and try again")


class LoginRequired(Exception):
    """Raised for an anonymous visitor in clinic mode; pages redirect, the API answers 401."""


async def get_viewer(request: Request, ctx: Ctx) -> Viewer:
    """The viewer for this request; in clinic mode a login is required.

    Async so that single-person mode (no database read) costs no worker-thread hop. In
    clinic mode the account look-up is one indexed read: on the loop on SQLite (a reader
    never waits), in a worker thread on PostgreSQL, where it is a network round trip the
    loop must not sit through (as ``database_work.read``; not imported from there, which
    imports this module).
    """
    if not ctx.web.clinic or ctx.sqlite or getattr(request.state, "viewer", None):
        return resolve_viewer(request, ctx)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(resolve_viewer, request, ctx)


def resolve_viewer(request: Request, ctx: WebContext) -> Viewer:
    """The viewer for this request (see :func:`get_viewer`).

    In clinic mode the cookie's login token must name a live session on the server (not
    ended, not expired, its account enabled): one indexed read that also finds the
    account. "Last used" is written at most every few minutes, and never waited for.
    """
    cached: Viewer | None = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    if not ctx.web.clinic:
        viewer = Viewer(role="single")
    else:
        session = get_session(request)
        if session.login_token is None:
            raise LoginRequired()
        import time

        from glutemed.services import accounts, logins

        now_s = time.time()
        with ctx.uow(readonly=True) as uow:
            found = logins.resolve(uow, session.login_token, now_s)
            if found is None:
                raise LoginRequired()
            people = accounts.people_visible_to(uow, found.account.id)
        if logins.needs_touch(found.session, now_s):
            _touch(ctx, found.session.id, now_s)
        request.state.login_session_id = found.session.id
        account = found.account
        viewer = Viewer(
            role=account.role,
            account_id=account.id,
            username=account.username,
            person_ids=frozenset(people),
        )
    request.state.viewer = viewer
    return viewer


def _touch(ctx: WebContext, session_id: int, now_s: float) -> None:
    """Best effort: a busy database skips the "last used" update rather than wait."""
    from glutemed.errors import StorageError
    from glutemed.services import logins

    try:
        logins.touch(ctx.uow(wait=False), session_id, now_s)
    except StorageError:
        pass


CurrentViewer = Annotated[Viewer, Depends(get_viewer)]
"""The viewer, as a route parameter type."""


# MAX_ID (from the store): the largest id accepted in a URL or form. A larger id is refused
# as input (422) before it reaches the database; PostgreSQL would otherwise answer "integer
# out of range" (and SQLite overflows beyond 2**63 - 1), neither of which means "no such row".


def storable_id(value: int) -> bool:
    """True when ``value`` could be the id of a stored row (1 to :data:`MAX_ID`)."""
    return 1 <= value <= MAX_ID


SetId = Annotated[int, Path(ge=1, le=MAX_ID, description="a performed set's id")]
"""A ``{set_id}`` path parameter."""


async def require_person(
    person_id: Annotated[int, Path(ge=1, le=MAX_ID, description="a person's id")],
    viewer: CurrentViewer,
) -> int:
    """The person id from the path, if this viewer may access it (404 otherwise).

    404 rather than 403, so a client cannot even learn which ids exist.
    """
    if not viewer.can_access(person_id):
        raise HTTPException(404, f"no person {person_id} here")
    return person_id


async def require_clinician(viewer: CurrentViewer) -> Viewer:
    """Only a clinician (or the single person, who manages themself) passes."""
    if viewer.role == "client":
        raise HTTPException(403, "only a clinician can do this")
    return viewer


def today_for(timezone: str | None = None) -> dt.date:
    """Today's date in a person's time zone (the shell reads the clock; the core never does)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return dt.datetime.now(zone).date()


Clinician = Annotated[Viewer, Depends(require_clinician)]
"""A viewer who may manage people (a clinician, or the single person)."""
PersonId = Annotated[int, Depends(require_person)]
"""A ``{person_id}`` path parameter this viewer may access."""
