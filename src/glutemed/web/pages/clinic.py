"""The clinician's view: the needs-attention list (sortable, filterable, flags acknowledged
with a note); adding a client;
and each client's login (a new password, disable, enable).

A clinician manages only the logins of their own clients: the person must be one they
manage (:data:`~glutemed.web.context.PersonId`, 404 otherwise) and the login must be that
person's client account (:func:`glutemed.services.accounts.client_login`). A new password
or a disabled login ends every session of the client's login at once.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import partial
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.errors import InputError
from glutemed.services import accounts, logins
from glutemed.services.accounts import Account
from glutemed.services.attention import Listing, SortKey
from glutemed.web import usecases
from glutemed.web.context import (
    Clinician,
    Ctx,
    PersonId,
    Viewer,
    WebContext,
    verify_csrf,
)
from glutemed.web.database_work import read
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


SORT_COLUMNS = (
    ("name", "Client"), ("last-trained", "Last trained"), ("adherence", "Adherence"),
    ("pain", "Pain trend"), ("flags", "Needs attention"),
)
"""The table's sortable columns (query value, heading)."""


def _clinic_page(request: Request, ctx: WebContext, viewer: Viewer, listing: Listing, *,
                 error: str | None = None, status_code: int = 200) -> HTMLResponse:
    from glutemed.clinic.attention import FlagKind
    from glutemed.clinic.thresholds import default_thresholds
    from glutemed.web.people import attention

    return render(
        request,
        "clinic/index.html",
        {"section": "clinic", "clients": attention(ctx, viewer, listing), "listing": listing,
         "columns": _headers(listing), "flag_kinds": list(FlagKind), "error": error,
         "sort_keys": [k.value for k in SortKey],
         "thresholds": default_thresholds()},
        status_code=status_code,
    )


@router.get("/clinic", response_class=HTMLResponse)
def clinic_home(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
    sort: Annotated[str | None, Query(max_length=40)] = None,
    order: Annotated[str | None, Query(max_length=10)] = None,
    flag: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """Every client with what needs attention: last trained, adherence, pain trend and the
    flags (warning signs, stalls, gaps ...), sortable and filterable with plain links."""
    try:
        listing = Listing.parse(sort, order, flag)
    except InputError as exc:
        return _clinic_page(request, ctx, viewer, Listing(), error=str(exc), status_code=422)
    return _clinic_page(request, ctx, viewer, listing)


@router.post("/clinic/clients/{person_id}/attention/{kind}", response_class=HTMLResponse)
async def acknowledge_flag(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
    person_id: PersonId,
    kind: str,
    note: Annotated[str, Form(max_length=4000)] = "",
    back: Annotated[str, Form(max_length=20)] = "clinic",
    sort: Annotated[str | None, Form(max_length=40)] = None,
    order: Annotated[str | None, Form(max_length=10)] = None,
    flag: Annotated[str | None, Form(max_length=40)] = None,
) -> Response:
    """Acknowledge one of a client's flags with a note; back to the list (kept as it was
    sorted and filtered) or to the client's page. A refusal names the field."""
    try:
        listing = Listing.parse(sort, order, flag)
    except InputError:
        listing = Listing()
    by = viewer.username or "clinician"
    try:
        await usecases.acknowledge_flag(ctx, person_id, kind=kind, note=note, by=by)
    except InputError as exc:
        # The refusal redraws the list (every client's figures): read in a worker thread
        # where a read is a network round trip, as every async route's reads are.
        return await read(ctx, partial(_clinic_page, request, ctx, viewer, listing,
                                                error=str(exc), status_code=422))
    if back == "today":
        return RedirectResponse(f"/people/{person_id}/today#attention", status_code=303)
    return RedirectResponse(f"/clinic{listing_query(listing)}", status_code=303)


def _headers(listing: Listing) -> list[dict[str, str | None]]:
    """Each sortable column's heading, the link that sorts by it (ascending, or the other
    way when it is already the sort) and its ``aria-sort``."""
    headers: list[dict[str, str | None]] = []
    for key, label in SORT_COLUMNS:
        current = listing.sort.value == key
        order = "desc" if current and listing.order == "asc" else "asc"
        link = Listing(sort=SortKey(key), order=order, flag=listing.flag)
        headers.append({
            "key": key, "label": label, "href": "/clinic" + listing_query(link),
            "aria_sort": ({"asc": "ascending", "desc": "descending"}[listing.order]
                          if current else None),
            "next": "descending" if order == "desc" else "ascending",
        })
    return headers


def listing_query(listing: Listing) -> str:
    """The query string that shows the list as ``listing`` says (empty for the default)."""
    params = {k: v for k, v in (("sort", listing.sort.value), ("order", listing.order),
                                ("flag", listing.flag)) if v}
    if params == {"sort": "attention", "order": "asc"}:
        return ""
    return "?" + urlencode(params)


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
