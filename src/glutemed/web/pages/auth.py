"""Log in and out, and one's own account page (clinic mode). Login attempts are throttled
per username and IP and per IP.

A login starts a session on the server (:mod:`glutemed.services.logins`); the cookie only
carries its token. Logging out ends that session on the server, so a copy of the cookie is
worth nothing afterwards. The account page lists the account's sessions (each can be
ended) and changes the password, which ends every other session.

Single-person mode has no accounts and no login: ``/login`` and ``/account`` send the
visitor to the start page, and the throttle is neither read nor written (there is nothing
to guess, and the login_failures table stays empty).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.errors import InputError
from glutemed.services import accounts, logins
from glutemed.store.conversions import MAX_ID
from glutemed.web.context import (
    Ctx,
    CurrentViewer,
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
    """The peer address: the connection's own, or the client a trusted proxy named
    (``trusted_proxies``); a forged ``X-Forwarded-For`` from anyone else is ignored."""
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
    token = logins.new_token()
    with ctx.uow() as uow:
        account = accounts.authenticate(uow, username, password)
        if account is not None and not account.disabled:
            logins.start(
                uow, account.id, token, now_s=time.time(),
                max_age_s=ctx.web.session_max_age_s, ip=ip,
                user_agent=request.headers.get("user-agent", ""),
            )
            uow.commit()
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
    if account.disabled:
        return render(
            request,
            "auth/login.html",
            {
                "next": _safe_next(next),
                "username": username,
                "error": "This login is disabled. Ask your clinician (or the clinic's "
                "administrator) to enable it.",
            },
            status_code=403,
        )
    # A new CSRF token at login, so a token seen before login is worthless after it.
    set_session(request, SessionData(csrf_token=new_csrf_token(), login_token=token))
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the login on the server (every copy of the cookie), and forget it here."""
    ctx = get_context(request)
    token = get_session(request).login_token
    if ctx.web.clinic and token is not None:
        logins.end_by_token(ctx.uow(), token)
    set_session(request, SessionData(csrf_token=new_csrf_token()))
    return RedirectResponse("/login" if ctx.web.clinic else "/", status_code=303)


# -- the account page: one's own sessions and password ---------------------------------------


def _account_page(
    request: Request,
    ctx: Ctx,
    viewer: CurrentViewer,
    *,
    message: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    assert viewer.account_id is not None
    current = getattr(request.state, "login_session_id", None)
    sessions = logins.sessions_of(ctx.uow(readonly=True), viewer.account_id, time.time())
    return render(
        request,
        "auth/account.html",
        {"section": "account", "sessions": sessions, "current": current,
         "message": message, "error": error},
        status_code=status_code,
    )


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, ctx: Ctx, viewer: CurrentViewer) -> Response:
    """Who is logged in, where (each session can be ended), and a new password."""
    if viewer.account_id is None:
        return RedirectResponse("/", status_code=303)
    return _account_page(request, ctx, viewer)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    ctx: Ctx,
    viewer: CurrentViewer,
    current_password: Annotated[str, Form(max_length=1024)],
    new_password: Annotated[str, Form(max_length=1024)],
    new_password_again: Annotated[str, Form(max_length=1024)],
) -> Response:
    """Change one's own password; every other session of the account ends."""
    if viewer.account_id is None:
        return RedirectResponse("/", status_code=303)
    if new_password != new_password_again:
        return _account_page(request, ctx, viewer, status_code=422,
                             error="new_password_again: the two new passwords differ")
    try:
        ended = accounts.change_password(
            ctx.uow(), viewer.account_id, current_password, new_password,
            keep_session=getattr(request.state, "login_session_id", None),
        )
    except InputError as exc:
        return _account_page(request, ctx, viewer, error=str(exc), status_code=422)
    return _account_page(request, ctx, viewer, message=(
        f"Password changed. {ended} other session{'' if ended == 1 else 's'} ended."))


@router.post("/account/sessions/{session_id}/end")
def end_session(
    request: Request,
    ctx: Ctx,
    viewer: CurrentViewer,
    session_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    """End one of one's own sessions (the current one is a logout)."""
    if viewer.account_id is None:
        return RedirectResponse("/", status_code=303)
    if not logins.end_one(ctx.uow(), viewer.account_id, session_id):
        return _account_page(request, ctx, viewer, status_code=404,
                             error=f"session: no session {session_id} of yours is open")
    if session_id == getattr(request.state, "login_session_id", None):
        set_session(request, SessionData(csrf_token=new_csrf_token()))
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sessions/end-others")
def end_other_sessions(request: Request, ctx: Ctx, viewer: CurrentViewer) -> Response:
    """Log out everywhere else."""
    if viewer.account_id is None:
        return RedirectResponse("/", status_code=303)
    logins.end_all(ctx.uow(), viewer.account_id,
                   keep=getattr(request.state, "login_session_id", None))
    return RedirectResponse("/account", status_code=303)
