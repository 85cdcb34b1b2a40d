"""The clinician's view: their clients' adherence, pain flags and logs; adding a client;
and each client's login (a new password, disable, enable).

A clinician manages only the logins of their own clients: the person must be one they
manage (:data:`~glutemed.web.context.PersonId`, 404 otherwise) and the login must be that
person's client account (:func:`glutemed.services.accounts.client_login`). A new password
or a disabled login ends every session of the client's login at once.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.errors import InputError
from glutemed.services import accounts, logins
from glutemed.services.accounts import Account
from glutemed.web.context import (
    Clinician,
    Ctx,
    PersonId,
    Viewer,
    WebContext,
    verify_csrf,
)
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/clinic", response_class=HTMLResponse)
def clinic_home(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
) -> HTMLResponse:
    """Every client with adherence and pain flags."""
    from glutemed.web.people import client_overview

    return render(
        request,
        "clinic/index.html",
        {"section": "clinic", "clients": client_overview(ctx, viewer)},
    )


def _client_login(ctx: WebContext, viewer: Viewer, person_id: int) -> Account:
    """The client's login, if this clinician may manage it (404 otherwise, as for a
    person they cannot see)."""
    if viewer.role != "clinician" or viewer.account_id is None:
        raise HTTPException(404, "no client login here")
    clinician = Account(id=viewer.account_id, username=viewer.username or "", role="clinician")
    login = accounts.client_login(ctx.uow(readonly=True), clinician, person_id)
    if login is None:
        raise HTTPException(404, f"person {person_id} has no login you manage")
    return login


def _login_page(
    request: Request,
    ctx: WebContext,
    person_id: int,
    login: Account,
    *,
    message: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    from glutemed.web.people import person_info

    person = person_info(ctx, person_id)
    sessions = logins.sessions_of(ctx.uow(readonly=True), login.id, time.time())
    return render(
        request,
        "clinic/client_login.html",
        {"section": "clinic", "person": person, "person_id": person_id, "login": login,
         "sessions": sessions, "message": message, "error": error},
        status_code=status_code,
    )


@router.get("/clinic/clients/{person_id}/login", response_class=HTMLResponse)
def client_login_page(
    request: Request, ctx: Ctx, viewer: Clinician, person_id: PersonId
) -> HTMLResponse:
    """A client's login: its state, open sessions, a new password, disable or enable."""
    return _login_page(request, ctx, person_id, _client_login(ctx, viewer, person_id))


@router.post("/clinic/clients/{person_id}/login/password", response_class=HTMLResponse)
def client_new_password(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
    person_id: PersonId,
    new_password: Annotated[str, Form(max_length=1024)],
    new_password_again: Annotated[str, Form(max_length=1024)],
) -> HTMLResponse:
    """Give a client a new password (tell it to them in person); their sessions end."""
    login = _client_login(ctx, viewer, person_id)
    if new_password != new_password_again:
        return _login_page(request, ctx, person_id, login, status_code=422,
                           error="new_password_again: the two passwords differ")
    try:
        ended = accounts.reset_password(ctx.uow(), login.id, new_password)
    except InputError as exc:
        return _login_page(request, ctx, person_id, login, error=str(exc), status_code=422)
    return _login_page(request, ctx, person_id, login, message=(
        f"New password set for {login.username}; {ended} session"
        f"{'' if ended == 1 else 's'} ended."))


@router.post("/clinic/clients/{person_id}/login/{action}")
def client_enable_or_disable(
    ctx: Ctx, viewer: Clinician, person_id: PersonId, action: str
) -> Response:
    """Disable a client's login (every session ends; their history stays) or enable it."""
    if action not in ("disable", "enable"):
        raise HTTPException(404, f"no such action '{action}'; use disable or enable")
    login = _client_login(ctx, viewer, person_id)
    accounts.set_enabled(ctx.uow(), login.id, action == "enable", dt.datetime.now(dt.UTC))
    return RedirectResponse(f"/clinic/clients/{person_id}/login", status_code=303)
