"""Outcome pages: record measures (client or clinician), the schedule, charts, the report
PDF and the FHIR bundle. A refused value is shown beside its field, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from glutemed.errors import InputError
from glutemed.outcomes import entries as E
from glutemed.outcomes.loader import default_measures
from glutemed.outcomes.schedule import parse_weeks
from glutemed.web import outcomes as web_outcomes
from glutemed.web.context import Clinician, Ctx, CurrentViewer, PersonId, today_for, verify_csrf
from glutemed.web.forms import _number, _text
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

def _values(kind: str, form: Any) -> dict[str, Any]:
    """The entry's own fields from the submitted form (blank fields left out)."""
    if kind == "pain":
        return {"average_0_10": _number(form, "average_0_10", int),
                "worst_0_10": _number(form, "worst_0_10", int)}
    if kind == "psfs":
        rows = []
        for i in range(5):
            name = _text(form, f"activity_{i}")
            rating = _number(form, f"rating_{i}", int)
            if name or rating is not None:
                rows.append({"activity": name or "", "rating_0_10": rating})
        return {"activities": rows}
    if kind == "groc":
        return {"scale_points": _number(form, "scale_points", int) or 15,
                "rating": _number(form, "rating", int)}
    if kind == "visa-g":
        return {"total_0_100": _number(form, "total_0_100", int)}
    if kind == "single-leg-stance":
        return {"ceiling_s": _number(form, "ceiling_s", float),
                "left_s": _number(form, "left_s", float),
                "right_s": _number(form, "right_s", float)}
    if kind == "sit-to-stand-30s":
        return {"stands": _number(form, "stands", int)}
    return {"force_unit": _text(form, "force_unit") or "N",
            "left_force": _number(form, "left_force", float),
            "right_force": _number(form, "right_force", float),
            "lever_arm_m": _number(form, "lever_arm_m", float),
            "pad_at": _text(form, "pad_at"),
            "body_mass_kg": _number(form, "body_mass_kg", float),
            "position": _text(form, "position") or "supine"}


def _problem(exc: Exception) -> tuple[str, str]:
    """(field, why) of a refused value, for showing it beside its field."""
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = [str(p) for p in err.get("loc", ())]
        if loc[:1] == ["activities"] and len(loc) >= 3:
            field = ("activity_" if loc[2] == "activity" else "rating_") + loc[1]
        else:
            field = loc[0] if loc else ""
        return field, str(err.get("msg", "invalid value"))
    if isinstance(exc, InputError):
        return exc.field, str(exc).removeprefix(f"{exc.field}: ")
    return "", str(exc)


def _page(request: Request, ctx: Any, person_id: int, **extra: Any) -> HTMLResponse:
    from glutemed.web import usecases

    today = today_for(ctx.timezone_of(person_id))
    status = extra.pop("status_code", 200)
    return render(request, "outcomes/index.html", {
        "section": "outcomes", "person_id": person_id,
        "person": usecases.person(ctx, person_id),
        "view": web_outcomes.schedule(ctx, person_id, today),
        "stored": list(reversed(web_outcomes.entries(ctx, person_id))),
        "book": default_measures(), "today": today, "readings_of": E.readings_of,
        "values": {}, "error_kind": None, "error_field": None, "error_why": None, **extra,
    }, status_code=status)


@router.get("/people/{person_id}/outcomes", response_class=HTMLResponse)
def outcomes_page(request: Request, person_id: PersonId, ctx: Ctx) -> HTMLResponse:
    """Record measures; the schedule; the entries so far; the charts."""
    return _page(request, ctx, person_id)


@router.post("/people/{person_id}/outcomes/{kind}", response_class=HTMLResponse)
async def record_page(
    request: Request, person_id: PersonId, kind: str, ctx: Ctx, viewer: CurrentViewer
) -> Response:
    """Store one entry, or show the form again with the refused value named beside it."""
    if kind not in E.INPUT_MODELS:
        raise InputError("measure", f"unknown '{kind}'; allowed: {', '.join(E.ENTRY_KINDS)}")
    form = await request.form()
    today = today_for(ctx.timezone_of(person_id))
    common = {
        "date": _text(form, "date") or today.isoformat(),
        "note": _text(form, "note"),
        **web_outcomes.author(ctx, viewer, person_id),
    }
    try:
        given = E.INPUT_MODELS[kind].model_validate({**_values(kind, form), **common})
        await web_outcomes.record(ctx, person_id, given)
    except (ValidationError, InputError) as exc:
        field, why = _problem(exc)
        values = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        return _page(request, ctx, person_id, values=values, error_kind=kind,
                     error_field=field, error_why=why, status_code=422)
    return RedirectResponse(f"/people/{person_id}/outcomes#recorded", status_code=303)


@router.post("/people/{person_id}/outcomes-schedule", response_class=HTMLResponse)
async def schedule_page(request: Request, person_id: PersonId, ctx: Ctx) -> Response:
    """Change the schedule ('default' or empty resets it)."""
    form = await request.form()
    text = (_text(form, "weeks") or "default").strip()
    try:
        chosen = None if text == "default" else parse_weeks(text)
    except (ValidationError, InputError) as exc:
        field, why = _problem(exc)
        return _page(request, ctx, person_id, values={"weeks": text}, error_kind="schedule",
                     error_field="weeks", error_why=why, status_code=422)
    await web_outcomes.set_schedule(ctx, person_id, chosen)
    return RedirectResponse(f"/people/{person_id}/outcomes", status_code=303)


@router.post("/people/{person_id}/outcomes/entry/{entry_id}/delete")
async def delete_page(person_id: PersonId, entry_id: int, ctx: Ctx) -> Response:
    """Delete a mistyped entry."""
    await web_outcomes.delete(ctx, person_id, entry_id)
    return RedirectResponse(f"/people/{person_id}/outcomes", status_code=303)


@router.get("/people/{person_id}/outcomes/due", response_class=HTMLResponse)
def due_fragment(request: Request, person_id: PersonId, ctx: Ctx) -> HTMLResponse:
    """The reminder shown on today's page when outcome measures are due."""
    view = web_outcomes.schedule(ctx, person_id, today_for(ctx.timezone_of(person_id)))
    return render(request, "outcomes/_due.html", {"person_id": person_id, "due": view.due})


@router.get("/people/{person_id}/outcomes/chart.svg")
def chart_svg(person_id: PersonId, ctx: Ctx) -> Response:
    """Every measure over time (SVG), with the smallest change worth noticing drawn."""
    from glutemed.export.outcome_charts import outcomes_chart

    data = outcomes_chart(web_outcomes.series(ctx, person_id), fmt="svg")
    return Response(data, media_type="image/svg+xml")


@router.get("/people/{person_id}/report.pdf")
def report_pdf(
    person_id: PersonId, ctx: Ctx, audience: str = "referrer", condition: str | None = None
) -> Response:
    """The progress report for a referrer (default) or the client (``?audience=client``)."""
    from glutemed.export.report_pdf import render_report_pdf
    from glutemed.services.outcomes import report_data

    if audience not in ("referrer", "client"):
        raise InputError("audience", f"unknown '{audience}'; allowed: referrer or client")
    today = today_for(ctx.timezone_of(person_id))
    data = report_data(ctx.uow(readonly=True), person_id, ctx.catalog, today,
                       audience="client" if audience == "client" else "referrer",
                       condition=(condition or "").strip()[:200] or None)
    created = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    return Response(render_report_pdf(data, created=created), media_type="application/pdf",
                    headers={"content-disposition": 'attachment; filename="report.pdf"'})


@router.get("/people/{person_id}/fhir.json")
def fhir_json(person_id: PersonId, ctx: Ctx, viewer: Clinician) -> Response:
    """The FHIR R4 bundle (pseudonymous), for clinicians."""
    from glutemed.export.to_fhir import render_fhir_json
    from glutemed.services.outcomes import fhir_document

    document = fhir_document(ctx.uow(readonly=True), person_id, ctx.catalog,
                             dt.datetime.now(dt.UTC))
    return Response(render_fhir_json(document), media_type="application/fhir+json")

