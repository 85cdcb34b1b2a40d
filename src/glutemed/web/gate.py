"""Who may reach single-person mode: this computer, and phones paired with it.

Single-person mode has no login. That is right on this computer and wrong anywhere else, so
every request passes two checks before any route runs (clinic mode has logins and skips
both):

1. **Allowed hosts.** The ``Host`` header must name this computer (``localhost``,
   ``127.0.0.1``, ``::1``), the phone address given to ``glutemed serve --phone``, or a
   host listed in ``GLUTEMED_ALLOWED_HOSTS``. A page on another site that re-points its own
   name at 127.0.0.1 (DNS rebinding) sends its own name as the host, and is refused (400)
   before it can read anything.
2. **Pairing.** A request from a loopback address is this computer. A request from anywhere
   else must carry the cookie of a paired, unrevoked device (see
   :mod:`glutemed.services.devices`); without one it gets a page that explains how to pair
   -- never data. Only the static files (style, scripts, icons: no personal data), the
   service worker and the one-time pairing link itself are open to it.

The client address is the one uvicorn reports: the peer, or, from a proxy uvicorn trusts
(127.0.0.1 by default, ``FORWARDED_ALLOW_IPS``), the ``X-Forwarded-For`` it passes on.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from glutemed.store.devices import DeviceRecord
    from glutemed.web.context import WebContext

DEVICE_COOKIE = "glutemed_device"
DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 3600
"""Browsers keep a cookie at most 400 days; it is sent again (and renewed) on every visit,
so a phone in use stays paired until it is revoked."""

OPEN_PREFIXES = ("/static/", "/pair/")
OPEN_PATHS = frozenset({"/sw.js", "/favicon.ico"})


def host_name(header: str) -> str:
    """The host name of a ``Host`` header: lower case, without port or trailing dot."""
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def is_loopback(address: str) -> bool:
    """True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (``::ffff:127.0.0.1``)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))


class SinglePersonGate:
    """ASGI middleware: the allowed-hosts check and the pairing check (see the module)."""

    def __init__(self, app: ASGIApp, ctx: WebContext) -> None:
        self.app = app
        self.ctx = ctx
        self.host_names = ctx.web.host_names  # the settings are frozen: read them once
        self.local = ctx.web.extra_local_clients | {"127.0.0.1", "::1"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.ctx.web.clinic:
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        host = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
        if host_name(host.decode("latin-1")) not in self.host_names:
            await self._refuse(scope, receive, send, Request(scope), 400, "host")
            return
        client = scope.get("client")
        address = client[0] if client else None
        if address is None or address in self.local or is_loopback(address):
            # None: a Unix socket, which only this computer can open.
            state["on_this_computer"] = True
            await self.app(scope, receive, send)
            return
        state["on_this_computer"] = False
        path = scope.get("path", "")
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        device = self._device(request.cookies.get(DEVICE_COOKIE))
        if device is None or not device.active:
            reason = "revoked" if device is not None else "unpaired"
            await self._refuse(scope, receive, send, request, 403, reason, device)
            return
        state["device"] = device
        await self._seen(device)
        await self.app(scope, receive, send)

    def _device(self, token: str | None) -> DeviceRecord | None:
        from glutemed.services import devices

        if not token:
            return None
        return devices.device_for(self.ctx.uow(readonly=True), token)

    async def _seen(self, device: DeviceRecord) -> None:
        """Write ``last_seen_at`` now and then (never on every request)."""
        from glutemed.services.devices import SEEN_EVERY
        from glutemed.web import device_use

        now = dt.datetime.now(dt.UTC)
        if device.last_seen_at is None or now - device.last_seen_at >= SEEN_EVERY:
            await device_use.mark_device_seen(self.ctx, device.id, now)

    async def _refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        request: Request,
        status: int,
        reason: str,
        device: DeviceRecord | None = None,
    ) -> None:
        from starlette.responses import HTMLResponse, JSONResponse, Response

        message = _MESSAGES[reason]
        response: Response
        if scope.get("path", "").startswith("/api/"):
            response = JSONResponse({"detail": message}, status_code=status)
        else:
            html = self.ctx.templates.get_template("devices/gate.html").render(
                reason=reason, message=message, device=device,
                port=request.url.port, phone_url=self.ctx.web.phone_url,
            )
            response = HTMLResponse(html, status_code=status)
        response.headers["cache-control"] = "no-store"
        await response(scope, receive, send)


_MESSAGES: dict[str, str] = {
    "host": (
        "This glutemed answers only to this computer's own names (and to the phone address "
        "it was started with), not to the name this request was sent to."
    ),
    "unpaired": (
        "This glutemed is one person's training log, and this device is not paired with it. "
        "Pair it from the computer that runs glutemed: open the Phones page there and scan "
        "the code with this phone."
    ),
    "revoked": (
        "This device was unpaired from glutemed, so it sees nothing any more. To use it "
        "again, pair it once more from the computer that runs glutemed."
    ),
}

