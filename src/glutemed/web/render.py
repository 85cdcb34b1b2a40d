"""Render a page: every template gets the viewer, the CSRF token and the navigation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from glutemed.programming.models import Baseline, Profile
from glutemed.progression.safety import ADVICE, PAIN_DURING_LIMIT_0_10
from glutemed.ranges import Bounds, bounds_of
from glutemed.web.context import LoginRequired, Viewer, get_context, get_session, resolve_viewer

SAFETY_MESSAGE = ADVICE
"""The engine's own wording of the safety advice, shown whenever a decision says so."""

FORM_BOUNDS: dict[str, Bounds] = {
    **{name: bounds_of(Profile, name)
       for name in ("days_per_week", "weeks", "minutes_per_session", "mass_kg", "height_m",
                    "age")},
    **{name: bounds_of(Baseline, name) for name in Baseline.model_fields},
}
"""The profile form's ``min``/``max`` and range labels, read from the models' own fields."""


def _viewer_or_none(request: Request) -> Viewer | None:
    try:
        return resolve_viewer(request, get_context(request))
    except LoginRequired:
        return None


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The named template with the shared page context."""
    ctx = get_context(request)
    viewer = _viewer_or_none(request)
    values: dict[str, Any] = {
        "request": request,
        "viewer": viewer,
        "csrf_token": get_session(request).csrf_token,
        "clinic": ctx.web.clinic,
        "random_secret_key": ctx.web.clinic and ctx.web.secret_key_is_random,
        "safety_message": SAFETY_MESSAGE,
        "pain_limit": PAIN_DURING_LIMIT_0_10,
        "bounds": FORM_BOUNDS,
        "is_htmx": request.headers.get("HX-Request") == "true",
    }
    values.update(context or {})
    response = ctx.templates.TemplateResponse(
        request, template, values, status_code=status_code, headers=dict(headers or {})
    )
    return response


def render_error(
    request: Request,
    status_code: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    errors: Sequence[tuple[str | None, str]] = (),
) -> HTMLResponse:
    """A friendly error page with the message that names the problem.

    An htmx request (a form sent in place) gets a fragment instead: the same message, each
    problem tagged with its field, for the form's alert area to show and announce and for
    the page to mark the field invalid (``static/app.js``)."""
    if request.headers.get("HX-Request") == "true":
        return render(
            request,
            "_form_error.html",
            {"status_code": status_code, "message": message, "errors": list(errors)},
            status_code=status_code,
            headers=headers,
        )
    return render(
        request,
        "error.html",
        {"status_code": status_code, "message": message},
        status_code=status_code,
        headers=headers,
    )
