"""Log in and out (clinic mode). Login attempts are throttled per username and IP.

Single-person mode has no accounts and no login: ``/login`` sends the visitor to the start
page, and the throttle is neither read nor written (there is nothing to guess, and the
login_failures table stays empty).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.services import accounts
from glutemed.web.context import (
    Ctx,
    get_context,
    get_session,
    set_session,
    verify_csrf,
)
from glutemed.web.render import render
from glutemed.web.security import SessionData, new_csrf_token

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths, so the login form cannot bounce someone to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def client_ip(request: Request) -> str:
    """The peer address (a proxy must be configured to pass the real one to uvicorn)."""
    return request.client.host if request.client else "unknown"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, ctx: Ctx, next: str | None = None) -> Response:
    """The login form (clinic mode; single-person mode goes to the start page)."""
    if not ctx.web.clinic:
        return RedirectResponse("/", status_code=303)
    get_session(request)
    return render(request, "auth/login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1024)],
    ctx: Ctx,
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password; too many failures for this username and IP wait out the window.

    The attempt is claimed in the throttle before the password is checked (it counts as a
    failure until it succeeds), so parallel guesses cannot all pass the check at once.
    """
    if not ctx.web.clinic:
        return RedirectResponse("/", status_code=303)
    ip = client_ip(request)
    wait_s = ctx.throttle.begin_attempt(username, ip)
    if wait_s:
        return render(
            request,
            "auth/login.html",
            {
                "next": _safe_next(next),
                "username": username,
                "error": f"Too many attempts; try again in {wait_s} s.",
            },
            status_code=429,
            headers={"Retry-After": str(wait_s)},
        )
    with ctx.uow() as uow:
        account = accounts.authenticate(uow, username, password)
    if account is None:  # the claimed attempt stays counted as a failure
        return render(
            request,
            "auth/login.html",
            {
                "next": _safe_next(next),
                "username": username,
                "error": "Wrong username or password.",
                "invalid": True,
            },
            status_code=401,
        )
    ctx.throttle.reset(username, ip)
    # A new CSRF token at login, so a token seen before login is worthless after it.
    set_session(request, SessionData(csrf_token=new_csrf_token(), account_id=account.id))
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """Forget the login."""
    set_session(request, SessionData(csrf_token=new_csrf_token()))
    return RedirectResponse("/login" if get_context(request).web.clinic else "/", status_code=303)
