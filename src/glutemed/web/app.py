"""``create_app(settings) -> FastAPI``: the web app, built fresh by a factory.

The app is a thin shell: pages (Jinja2, server-rendered, enhanced with htmx) and a JSON API
under ``/api/v1`` both call :mod:`glutemed.services` and the core, never the tables and
never a second copy of a rule. Errors that glutemed raises on purpose become a clear message
(HTML or JSON), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

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
from glutemed.web.context import LoginRequired, WebContext, get_session
from glutemed.web.pages import auth, clinic, library, person
from glutemed.web.security import SESSION_COOKIE, LoginThrottle, SessionCodec
from glutemed.web.settings import WebSettings

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None, web: WebSettings | None = None) -> FastAPI:
    """Build the web app for one database and one set of web options."""
    settings = settings or Settings.from_env()
    web = web or WebSettings.from_env()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    filters.install(templates.env)
    ctx = WebContext(
        settings=settings,
        web=web,
        catalog=load_default_catalog(),
        templates=templates,
        codec=SessionCodec(web.secret_key, web.session_max_age_s),
        throttle=LoginThrottle(web.login_max_failures, web.login_window_s),
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
    for module in (auth, library, person, clinic):
        app.include_router(module.router)
    _install_session_cookie(app, ctx)
    _install_error_handlers(app)
    return app


def _install_session_cookie(app: FastAPI, ctx: WebContext) -> None:
    @app.middleware("http")
    async def session_cookie(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if getattr(request.state, "session_dirty", False):
            secure = ctx.web.https or request.url.scheme == "https"
            response.set_cookie(
                SESSION_COOKIE,
                ctx.codec.dumps(get_session(request)),
                max_age=ctx.web.session_max_age_s,
                httponly=True,
                samesite="lax",
                secure=secure,
                path="/",
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


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
