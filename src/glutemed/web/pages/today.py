"""The today page and what is sent from it: the session due, a logged set (in place with
htmx, or a page without JavaScript), the morning-after pain, and the clearance of a pause
after a warning sign. Every ``/people/{person_id}/...`` route passes
:func:`~glutemed.web.context.require_person` first."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.errors import InputError
from glutemed.progression.models import PerformedSet
from glutemed.ranges import bounds_of
from glutemed.web import outcomes as web_outcomes
from glutemed.web import usecases
from glutemed.web.context import Ctx, CurrentViewer, PersonId, WebContext, today_for, verify_csrf
from glutemed.web.database_work import read
from glutemed.web.forms import client_id_from_form, performed_set_from_form
from glutemed.web.pages.set_forms import asked_checks, kept_answers, set_errors
from glutemed.web.people import client_attention
from glutemed.web.render import render
from glutemed.web.today import build_today

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _date(ctx: WebContext, person_id: int, override: str | None) -> dt.date:
    if override:
        try:
            return dt.date.fromisoformat(override)
        except ValueError:
            pass
    return today_for(ctx.timezone_of(person_id))


@router.get("/people/{person_id}/today", response_class=HTMLResponse)
def today_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
    viewer: CurrentViewer,
    date: str | None = None,
) -> HTMLResponse:
    """The session due: figure, targets, cues, last time, a log form per exercise."""
    from glutemed.web.views import figure_svg

    person = usecases.person(ctx, person_id)
    day = _date(ctx, person_id, date)
    view = build_today(ctx, person_id, day)
    morning_day, morning_sets = usecases.sets_awaiting_morning_pain(ctx, person_id, day)
    return render(request, "person/today.html", {
        "can_clear": viewer.role != "client",
        "morning_day": morning_day, "morning_sets": morning_sets,
        "section": "today", "person_id": person_id, "person": person, "view": view,
        "figures": {e.variant.id: figure_svg(e.variant) for e in view.entries},
        "bands": list(BandLevel), "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
        "outcomes_due": web_outcomes.schedule(ctx, person_id, day).due,
        "attention": client_attention(ctx, person_id) if viewer.role == "clinician" else None,
    })


@router.post("/people/{person_id}/sets", response_class=HTMLResponse)
async def log_set_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Log one set; the answer shows the engine's decision and starts the rest timer.

    A ``client_id`` field (the page's own id for the set, see ``app.js``) makes a resend of
    the same set answer with the first result instead of storing it twice."""
    from pydantic import ValidationError

    form = await request.form()
    today = await usecases.today_of(ctx, person_id)
    try:
        performed = performed_set_from_form(form, today, asked_checks(ctx, form))
        client_id = client_id_from_form(form)
        answer = await usecases.log_set_once(ctx, person_id, performed, today, client_id)
    except (InputError, ValidationError) as exc:
        if request.headers.get("HX-Request") == "true":
            raise  # shown in the form's alert area, the field named and marked (app.js)
        return await read(ctx, partial(_log_refused, request, ctx, person_id, form, today, exc))
    decision, stored = answer.decision, answer.stored
    rest_raw = str(form.get("rest_s") or "0")
    index_raw = str(form.get("entry_index") or "")
    entry_index = int(index_raw) if index_raw.isdigit() else None
    failed = ctx.catalog.coaching(stored.performed.variant_id).failed(stored.performed.checks)
    context = {"person_id": person_id, "decision": decision, "performed": stored.performed,
               "failed": failed, "replayed": answer.replayed,
               "rest_s": int(rest_raw) if rest_raw.isdigit() else 0,
               "entry_index": entry_index}
    if request.headers.get("HX-Request") == "true":
        entry = await read(ctx, partial(_entry_after, ctx, person_id, today, entry_index,
                                        stored.performed.variant_id))
        return render(request, "person/_logged.html", {**context, "entry": entry})
    return render(request, "person/logged.html", {"section": "today", **context})


def _log_refused(
    request: Request, ctx: WebContext, person_id: int, form: Any, day: dt.date, exc: Exception
) -> Response:
    """The log form again (without JavaScript), answers kept, each problem beside its field
    (422); nothing was stored. With htmx the form stays and its alert area says why."""
    index_raw = str(form.get("entry_index") or "")
    view = build_today(ctx, person_id, day)
    entry = next((e for e in view.entries if str(e.index) == index_raw), None)
    if entry is None:  # not a form of today's page: the plain error page says why
        raise exc
    context = {
        "section": "today", "person_id": person_id, "person": usecases.person(ctx, person_id),
        "e": entry, "day": day, "form_index": entry.index, "form_errors": set_errors(exc),
        "form_values": kept_answers(form), "bands": list(BandLevel),
        "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
    }
    return render(request, "person/log_refused.html", context, status_code=422)


def _entry_after(
    ctx: WebContext, person_id: int, day: dt.date, index: int | None, variant_id: str
) -> Any:
    """Today's card the set was logged from, read again after the set, so the answer can
    update its set number, the side offered next and "done today" in place (None when the
    card cannot be matched, e.g. the session changed meanwhile: the page then just keeps
    its old counts until the next load)."""
    if index is None:
        return None
    for entry in build_today(ctx, person_id, day).entries:
        variants = {entry.variant.id, *(item.slot for item in entry.items)}
        if entry.index == index and variant_id in variants:
            return entry
    return None


@router.post("/people/{person_id}/safety/clear")
async def clear_pause_submit(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: CurrentViewer
) -> Response:
    """Resume progression after a warning sign: a clinician in clinic mode, the person
    themselves (with an explicit confirmation) in single-person mode."""
    if viewer.role == "client":
        raise HTTPException(status_code=403, detail="only your clinician can clear this")
    form = await request.form()
    by = viewer.username or (
        (await read(ctx, partial(usecases.person, ctx, person_id))).name + " (self-reported)")
    await usecases.clear_pause(ctx, person_id, by=by, note=str(form.get("note") or ""),
                               confirmed=form.get("confirm") == "yes")
    return RedirectResponse(f"/people/{person_id}/today", status_code=303)


@router.post("/people/{person_id}/morning-pain")
async def morning_pain_submit(request: Request, person_id: PersonId, ctx: Ctx) -> Response:
    """Record how the hip feels the morning after training, on every set of that day."""
    form = await request.form()
    raw = str(form.get("pain_next_morning") or "")
    pain = bounds_of(PerformedSet, "pain_next_morning")
    if not raw.isdigit() or not pain.contains(int(raw)):
        raise InputError("pain_next_morning", f"give a whole number, {pain.describe()}")
    ids = [int(v) for v in form.getlist("set_id") if isinstance(v, str) and v.isdigit()]
    await usecases.record_morning_pain(ctx, person_id, ids, int(raw))
    return RedirectResponse(f"/people/{person_id}/today", status_code=303)
