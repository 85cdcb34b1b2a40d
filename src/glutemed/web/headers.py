"""The headers every answer carries, and the request body limit: one plain ASGI middleware.

Kept in one place (not scattered over routes and templates), so a new page gets them
without anyone remembering to:

* **Content-Security-Policy** -- scripts, styles, images, fonts and requests from the app's
  own origin only; no inline script or style (the templates have none; htmx's own inline
  indicator style is turned off by its ``htmx-config``), no plugins, no framing, forms post
  only here. ``img-src`` also allows ``data:`` (the empty favicon, Swagger UI's icons).
  A note or name someone managed to smuggle markup into could not run a script.
* **Strict-Transport-Security** when the site is HTTPS (the ``https`` setting, or the
  request came over https, directly or through a trusted proxy): browsers then refuse plain
  HTTP to it for a year. Never over plain HTTP, where browsers ignore it anyway.
* **Cache-Control: no-store** on everything but ``/static`` and the service worker: pages,
  API answers and exports are personal health data, and must not stay in a shared
  computer's cache or a proxy. The static files (CSS, scripts) are the same for everyone
  and may be cached.
* ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` (for browsers without
  ``frame-ancestors``), ``Referrer-Policy: same-origin``.
* **Body limit** -- a request body larger than ``max_body_kb`` is refused with 413 before
  it is read into memory: at once when its ``Content-Length`` says so, and as soon as a
  body without one (chunked) passes the limit. The refusal is raised while the route reads
  its body, so it comes out as the app's usual error page or JSON.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HSTS = "max-age=31536000"
"""One year; no includeSubDomains, which would bind a clinic's other sites too."""
ALWAYS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
)
CACHEABLE_PREFIX = "/static/"
PUBLIC_PATHS = frozenset({"/sw.js"})
"""App files outside ``/static`` that hold nothing personal and set their own caching (the
service worker must be served from the root and revalidated, ``no-cache``)."""


class SecurityMiddleware:
    """Adds the security headers to every answer and enforces the body limit."""

    def __init__(self, app: ASGIApp, *, https: bool, max_body_bytes: int) -> None:
        self.app = app
        self.https = https
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = self.https or scope.get("scheme") == "https"
        path = str(scope.get("path", ""))
        personal = not path.startswith(CACHEABLE_PREFIX) and path not in PUBLIC_PATHS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS:
                    if name not in headers:
                        headers[name] = value
                if https:
                    headers["strict-transport-security"] = HSTS
                if personal:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, self._limited(scope, receive), send_with_headers)

    def _limited(self, scope: Scope, receive: Receive) -> Receive:
        limit = self.max_body_bytes
        declared = _content_length(scope)
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise _too_large(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _too_large(limit)
            return message

        return limited_receive


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        413, f"the request body is larger than {limit // 1024} KB, the most this app accepts"
    )
