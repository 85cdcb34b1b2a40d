"""``create_app(settings) -> FastAPI``: the web app, built fresh by a factory.

The app is a thin shell: pages (Jinja2, server-rendered, enhanced with htmx) and a JSON API
under ``/api/v1`` both call :mod:`glutemed.services` and the core, never the tables and
never a second copy of a rule. Errors that glutemed raises on purpose become a clear message
(HTML or JSON), never a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glutemed import __version__
from glutemed.catalog.loader import load_default_catalog
from glutemed.config import Settings
from glutemed.errors import (
    GlutemedError,
    InputError,
    NotModelledError,
    UnknownIdError,
    format_validation_error,
)
from glutemed.web import filters
from glutemed.web.api import attention as api_attention
from glutemed.web.api import outcomes as api_outcomes
from glutemed.web.api import people as api_people
from glutemed.web.api import program_editor as api_program_editor
from glutemed.web.api import routes as api_routes
from glutemed.web.context import LoginRequired, WebContext
from glutemed.web.gate import SinglePersonGate
from glutemed.web.headers import SecurityMiddleware
from glutemed.web.pages import (
    auth,
    clinic,
    devices,
    export,
    history,
    library,
    onboarding,
    outcomes,
    program,
    program_editor,
    progress,
    today,
)
from glutemed.web.security import SESSION_COOKIE, SessionCodec
from glutemed.web.settings import WebSettings
from glutemed.web.throttle import DatabaseFailures, LoginThrottle

if TYPE_CHECKING:
    from glutemed.store.unit_of_work import SqlUnitOfWork

HERE = Path(__file__).parent
log = logging.getLogger("glutemed.web")
NO_SECRET_KEY = (
    "clinic mode without GLUTEMED_SECRET_KEY: a random key signs the session cookies, so "
    "everyone is logged out when the server restarts and several workers cannot share "
    "logins; set GLUTEMED_SECRET_KEY to a long random value (docs/web.md, Running a clinic)"
)
BUSY_RETRY_AFTER_S = 2
"""What a 503 for a busy database tells the client to wait, in seconds."""
EVENT_LOOP = "asyncio"
"""The event loop ``glutemed serve`` runs (uvicorn's ``loop``): the standard library's, not
uvloop, which uvicorn picks by default when it is installed. Under 50 connections opened at
once, each asking for work that holds the loop for ~10 ms (a logged set), uvloop served some
connections over and over and left others without a first answer for the whole run (8.5 s
in ``benchmarks/bench_load.py``: 11 of 50 connections answered once, in the end); the
standard loop answers every connection in turn. The same starvation shows with a bare ASGI
app that spins 10 ms per request, so it is the loop's, not the app's (docs/web.md, "The
load benchmark")."""


def create_app(settings: Settings | None = None, web: WebSettings | None = None) -> FastAPI:
    """Build the web app for one database and one set of web options."""
    settings = settings or Settings.from_env()
    web = web or WebSettings.from_env()
    if settings.rules is not None:  # a clinic's own rules, validated before serving
        from glutemed.services.rules_in_force import use_rules_file

        use_rules_file(settings.rules)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    filters.install(templates.env)

    def uow(*, readonly: bool = False) -> SqlUnitOfWork:
        # Late-bound: ``ctx`` is assigned just below, and this runs only during requests.
        return ctx.uow(readonly=readonly)

    ctx = WebContext(
        settings=settings,
        web=web,
        catalog=load_default_catalog(),
        templates=templates,
        codec=SessionCodec(web.secret_key, web.session_max_age_s),
        throttle=LoginThrottle(
            web.login_max_failures, web.login_window_s, store=DatabaseFailures(uow),
            max_per_address=web.login_max_failures_per_address,
        ),
    )
    if web.clinic and web.secret_key_is_random:
        log.warning(NO_SECRET_KEY)
    app = FastAPI(
        title="glutemed",
        version=__version__,
        description=(
            "Plan, coach and progress gluteus medius training. Exercise advice, not a "
            "diagnosis: warning signs mean seeing a clinician. Unsafe requests need the "
            "X-CSRF-Token header (GET /api/v1/csrf gives it, with the session cookie)."
        ),
        docs_url=None,  # served below from the vendored Swagger UI, not a CDN
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=_sized_thread_pool,
    )
    app.state.glutemed = ctx
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_routes.router)
    app.include_router(api_people.router)
    app.include_router(api_outcomes.router)
    app.include_router(api_attention.router)
    app.include_router(api_program_editor.router)
    for module in (auth, library, onboarding, today, program, progress, history, export,
                   clinic, outcomes, devices, program_editor):
        app.include_router(module.router)
    app.add_api_route("/api/docs", api_docs, methods=["GET"], include_in_schema=False)
    app.add_middleware(SinglePersonGate, ctx=ctx)  # inside the cookie middleware: headers
    app.add_middleware(SessionCookieMiddleware, ctx=ctx)
    app.add_middleware(
        SecurityMiddleware, https=web.https, max_body_bytes=web.max_body_kb * 1024
    )
    if web.proxies:
        # Only these peers may name the client (X-Forwarded-For) and the scheme
        # (X-Forwarded-Proto); outermost, so everything inside sees the real ones.
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=web.proxies)
    _install_error_handlers(app)
    return app


API_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>glutemed API</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/swagger/swagger-ui.css">
<script src="/static/swagger/swagger-ui-bundle.js" defer></script>
<script src="/static/swagger/init.js" defer></script>
</head><body><div id="swagger-ui" data-openapi="/api/v1/openapi.json"></div></body></html>
"""


async def api_docs() -> HTMLResponse:
    """Interactive API documentation (Swagger UI, vendored in ``static/swagger``): served
    from the app's own origin, so it needs no CDN and passes the app's CSP."""
    return HTMLResponse(API_DOCS)


@asynccontextmanager
async def _sized_thread_pool(app: FastAPI) -> AsyncIterator[None]:
    """Size the worker-thread pool of this server's event loop to ``GLUTEMED_THREADS``.

    AnyIO's default is 40 threads per loop, which FastAPI uses for every route declared with
    ``def`` and glutemed for writes that must wait. On a two-core machine 40 threads only
    contend for the GIL, and they outnumbered the connection pool (5 + 10), so connections
    were opened and closed over and over under load. One thread per pooled connection
    (:attr:`~glutemed.web.context.WebContext.pool_size`) bounds both together: a request
    beyond them waits its turn in a queue it can be answered from, in order."""
    from anyio import to_thread

    to_thread.current_default_thread_limiter().total_tokens = app.state.glutemed.web.threads
    yield


def prepare_to_serve(app: FastAPI) -> None:
    """Make the app ready for a long-running server, before the first request.

    * The database is created or upgraded now, not by whichever request comes first.
    * ``gc.freeze()``: everything loaded at start (FastAPI, SQLAlchemy, pydantic schemas,
      the catalog) is moved out of the garbage collector's reach. Without it, every full
      collection walks those hundreds of thousands of long-lived objects -- about 40-50 ms
      with the GIL held on a 2-core machine, stalling every request in flight at that
      moment; that pause alone was larger than the API's p99 target. Request garbage is
      still collected as usual; only objects that live for the whole process are frozen.
    """
    import gc

    app.state.glutemed.uow(wait=False)  # both engines (see WebContext.uow) made now
    gc.collect()
    gc.freeze()


def served_app() -> FastAPI:
    """The app as each process of ``glutemed serve --workers N`` builds it: every setting
    from the environment (the parent process puts the command's options there), ready to
    serve (:func:`prepare_to_serve`)."""
    app = create_app()
    prepare_to_serve(app)
    return app


class SessionCookieMiddleware:
    """Writes the signed session cookie when a request changed or created the session, and
    adds a ``Server-Timing: app;dur=<ms>`` header (the time spent in the app up to the
    response head, so a slow answer can be told apart from a slow network or client;
    ``benchmarks/bench_api.py`` reports it). The security headers are
    :class:`~glutemed.web.headers.SecurityMiddleware`'s. Plain ASGI (not
    ``BaseHTTPMiddleware``), so it adds no task or stream copy to every request."""

    def __init__(self, app: ASGIApp, ctx: WebContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})
        started = time.perf_counter()

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                elapsed_ms = (time.perf_counter() - started) * 1000
                headers.append("server-timing", f"app;dur={elapsed_ms:.2f}")
                state = scope["state"]
                session = state.get("session")
                if state.get("session_dirty") and session is not None:
                    secure = self.ctx.web.https or scope.get("scheme") == "https"
                    cookie = SimpleCookie()
                    cookie[SESSION_COOKIE] = self.ctx.codec.dumps(session)
                    morsel = cookie[SESSION_COOKIE]
                    morsel["max-age"] = self.ctx.web.session_max_age_s
                    morsel["path"] = "/"
                    morsel["httponly"] = True
                    morsel["samesite"] = "lax"
                    if secure:
                        morsel["secure"] = True
                    headers.append("set-cookie", morsel.OutputString())
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _status_for(exc: GlutemedError) -> int:
    from glutemed.store.unit_of_work import DatabaseBusy

    if isinstance(exc, DatabaseBusy):
        return 503
    if isinstance(exc, UnknownIdError):
        return 404
    if isinstance(exc, InputError | NotModelledError):
        return 422
    return 400


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    from glutemed.web.forms import field_errors
    from glutemed.web.render import render_error

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "log in first"}, status_code=401)
        if request.headers.get("HX-Request") == "true":  # a form sent in place: say so there
            return render_error(request, 401, "You have been logged out, so this was not "
                                "saved: log in again (reload the page), then repeat it.")
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(GlutemedError)
    async def glutemed_error(request: Request, exc: GlutemedError) -> Response:
        status = _status_for(exc)
        # A busy database is the server's moment, not the request's fault: 503, and when
        # to try again (nothing was saved, so trying again is safe).
        headers = {"Retry-After": str(BUSY_RETRY_AFTER_S)} if status == 503 else None
        if _wants_json(request):
            body: dict[str, Any] = {"detail": str(exc)}
            if isinstance(exc, InputError):
                body["field"] = exc.field  # which field to fix, for a client to show
            return JSONResponse(body, status_code=status, headers=headers)
        return render_error(request, status, str(exc), errors=field_errors(exc), headers=headers)

    @app.exception_handler(ValidationError)
    async def validation_error(request: Request, exc: ValidationError) -> Response:
        message = format_validation_error(exc)
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=422)
        return render_error(request, 422, message, errors=field_errors(exc))

    @app.exception_handler(RequestValidationError)
    async def request_validation_error(
        request: Request, exc: RequestValidationError
    ) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        return render_error(request, 422, format_validation_error(exc), errors=field_errors(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) or exc.status_code < 400:
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return render_error(request, exc.status_code, str(exc.detail), headers=exc.headers)


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """FastAPI's error list, reduced to what is safe to serialise (no raw input objects)."""
    return [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err.get("type")}
        for err in exc.errors()
    ]
