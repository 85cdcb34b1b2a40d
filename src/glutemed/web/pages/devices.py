"""Phones: pair one with a one-time link, list them, unpair them (single-person mode).

The one-time link (``/pair/{token}``) opens a small page with a *Pair this phone* button:
opening the link changes nothing (a chat app's link preview cannot use it up), the button
does. Pairing sets the device cookie (see :mod:`glutemed.web.gate`). New codes are made
only on this computer; a paired phone may list devices and unpair any, itself included.
Clinic mode has logins instead, and none of these pages (404).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.errors import InputError
from glutemed.services import devices
from glutemed.store.conversions import MAX_ID
from glutemed.web import device_use
from glutemed.web.context import Ctx, WebContext, verify_csrf
from glutemed.web.gate import DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

STATIC = FilePath(__file__).resolve().parents[1] / "static"
Token = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _single_person(ctx: WebContext) -> None:
    if ctx.web.clinic:
        raise HTTPException(404, "clinic mode has logins, not paired phones")


def _on_this_computer(request: Request) -> bool:
    return bool(request.scope.get("state", {}).get("on_this_computer"))


def default_name(user_agent: str) -> str:
    """A first guess at a device's name from its browser's User-Agent (editable)."""
    agent = user_agent.lower()
    for marker, name in (("iphone", "iPhone"), ("ipad", "iPad"), ("android", "Android phone")):
        if marker in agent:
            return name
    return "Phone"


@router.get("/pair/{token}", response_class=HTMLResponse)
def pair_form(request: Request, token: Token, ctx: Ctx) -> HTMLResponse:
    """The page a pairing code opens: a name and a button (nothing is used up yet)."""
    _single_person(ctx)
    try:
        devices.check_pairing(ctx.uow(readonly=True), token, _now())
    except devices.PairingRefused as exc:
        return render(request, "devices/pair.html", {"refused": exc.reason}, status_code=410)
    return render(request, "devices/pair.html", {
        "token": token, "name": default_name(request.headers.get("user-agent", "")),
        "error": None,
    })


@router.post("/pair/{token}", response_class=HTMLResponse)
async def pair_submit(
    request: Request,
    token: Token,
    ctx: Ctx,
    name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """Use the link: store the device, set its long-lived cookie, go to today's session."""
    _single_person(ctx)
    try:
        paired = await device_use.pair_device(ctx, token, name, _now())
    except devices.PairingRefused as exc:
        return render(request, "devices/pair.html", {"refused": exc.reason}, status_code=410)
    except InputError as exc:
        return render(request, "devices/pair.html", {
            "token": token, "name": name, "error": str(exc),
        }, status_code=422)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        DEVICE_COOKIE,
        paired.token,
        max_age=DEVICE_COOKIE_MAX_AGE_S,
        path="/",
        httponly=True,
        samesite="lax",
        secure=ctx.web.https or request.url.scheme == "https",
    )
    return response


def _devices_page(
    request: Request, ctx: WebContext, pairing: devices.Pairing | None = None
) -> HTMLResponse:
    from glutemed.web.context import resolve_viewer
    from glutemed.web.people import default_person_id
    from glutemed.web.qr import qr_svg

    url = f"{ctx.web.phone_url}/pair/{pairing.token}" if pairing and ctx.web.phone_url else None
    context: dict[str, Any] = {
        "section": "devices",
        "person_id": default_person_id(ctx, resolve_viewer(request, ctx)),  # for the nav
        "devices": devices.list_devices(ctx.uow(readonly=True)),
        "this_device": request.scope.get("state", {}).get("device"),
        "on_this_computer": _on_this_computer(request),
        "phone_url": ctx.web.phone_url,
        "pairing": pairing if url else None,
        "pairing_url": url,
        "pairing_svg": qr_svg(url, "Pairing code for a phone") if url else None,
    }
    return render(request, "devices/index.html", context)


@router.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the site's root so that it may cover every page (a worker
    only controls pages under its own path). Revalidated on every load, so a new version
    reaches phones as soon as they are online."""
    from fastapi.responses import FileResponse

    return FileResponse(
        STATIC / "sw.js", media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/devices", response_class=HTMLResponse)
def devices_page(request: Request, ctx: Ctx) -> HTMLResponse:
    """Paired phones, and (on this computer) a button for a pairing code."""
    _single_person(ctx)
    return _devices_page(request, ctx)


@router.post("/devices/pair", response_class=HTMLResponse)
async def new_pairing(request: Request, ctx: Ctx) -> HTMLResponse:
    """A fresh one-time code, shown as a QR code (only on this computer)."""
    _single_person(ctx)
    if not _on_this_computer(request):
        raise HTTPException(403, "pairing codes are made on the computer that runs glutemed")
    if not ctx.web.phone_url:
        raise HTTPException(
            409, "phones cannot reach glutemed now; start it with 'glutemed serve --phone'"
        )
    pairing = await device_use.new_pairing(ctx, _now())
    return _devices_page(request, ctx, pairing)


@router.post("/devices/{device_id}/revoke")
async def revoke_device(
    device_id: Annotated[int, Path(ge=1, le=MAX_ID)], ctx: Ctx
) -> Response:
    """Unpair a device (it keeps its row, marked with when)."""
    _single_person(ctx)
    await device_use.revoke_device(ctx, device_id, _now())
    return RedirectResponse("/devices", status_code=303)
