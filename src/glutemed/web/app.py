"""``create_app(settings) -> FastAPI``: the web app, built fresh by a factory.

The app is a thin shell: pages (Jinja2, server-rendered, enhanced with htmx) and a JSON API
under ``/api/v1`` both call :mod:`glutemed.services` and the core, never the tables and
never a second copy of a rule. Errors that glutemed raises on purpose become a clear message
(HTML or JSON), never a traceback.
"""

from __future__ import annotations

import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
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
from glutemed.web.api import people as api_people
from glutemed.web.api import routes as api_routes
from glutemed.web.context import LoginRequired, WebContext
from glutemed.web.gate import SinglePersonGate
from glutemed.web.pages import auth, clinic, devices, library, person
from glutemed.web.security import SESSION_COOKIE, SessionCodec
from glutemed.web.settings import WebSettings
from glutemed.web.throttle import DatabaseFailures, LoginThrottle

if TYPE_CHECKING:
    from glutemed.store.unit_of_work import SqlUnitOfWork

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None, web: WebSettings | None = None) -> FastAPI:
    """Build the web app for one database and one set of web options."""
    settings = settings or Settings.from_env()
    web = web or WebSettings.from_env()
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
            web.login_max_failures, web.login_window_s, store=DatabaseFailures(uow)
        ),
    )
    app = FastAPI(
        title="glutemed",
        version=__version__,
        description=(
            "Plan, coach and progress gluteus medius training. Exercise advice, not a "
            "diagnosis: warning signs mean seeing a clinician. Unsafe requests need the "
            "X-CSRF-Token header (GET /api/v1/csrf gives it, with the session cookie)."
        ),
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.glutemed = ctx
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_routes.router)
    app.include_router(api_people.router)
    for module in (auth, library, person, clinic, devices):
        app.include_router(module.router)
    app.add_middleware(SinglePersonGate, ctx=ctx)  # inside the cookie middleware: headers
    app.add_middleware(SessionCookieMiddleware, ctx=ctx)
    _install_error_handlers(app)
    return app


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


class SessionCookieMiddleware:
    """Writes the signed session cookie when a request changed or created the session, and
    adds the security headers and a ``Server-Timing: app;dur=<ms>`` header (the time spent
    in the app up to the response head, so a slow answer can be told apart from a slow
    network or client; ``benchmarks/bench_api.py`` reports it). Plain ASGI (not
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
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_cookie)


SECURITY_HEADERS = (
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
)


def _status_for(exc: GlutemedError) -> int:
    if isinstance(exc, UnknownIdError):
        return 404
    if isinstance(exc, InputError | NotModelledError):
        return 422
    return 400


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    from glutemed.web.render import render_error

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "log in first"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(GlutemedError)
    async def glutemed_error(request: Request, exc: GlutemedError) -> Response:
        status = _status_for(exc)
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        return render_error(request, status, str(exc))

    @app.exception_handler(ValidationError)
    async def validation_error(request: Request, exc: ValidationError) -> Response:
        message = format_validation_error(exc)
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=422)
        return render_error(request, 422, message)

    @app.exception_handler(RequestValidationError)
    async def request_validation_error(
        request: Request, exc: RequestValidationError
    ) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        return render_error(request, 422, format_validation_error(exc))

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
