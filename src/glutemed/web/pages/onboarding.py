"""Where a visitor starts, and onboarding: the profile form that creates a person (or a
clinician's client, with their login) and their first program."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.errors import GlutemedError, InputError
from glutemed.programming.models import Goal, Level
from glutemed.web import program_edits, usecases
from glutemed.web.context import Clinician, Ctx, CurrentViewer, WebContext, today_for, verify_csrf
from glutemed.web.database_work import read
from glutemed.web.forms import profile_from_form
from glutemed.web.people import default_person_id
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    ctx: Ctx,
    viewer: CurrentViewer,
) -> Response:
    """Where to start: onboarding, the clinic list, or today's session."""
    if viewer.role == "clinician":
        return RedirectResponse("/clinic", status_code=303)
    person_id = default_person_id(ctx, viewer)
    if person_id is None:
        if viewer.role == "client":
            return render(request, "error.html", {"status_code": 404, "message": (
                "Your clinician has not set up your program yet.")}, status_code=404)
        return RedirectResponse("/onboarding", status_code=303)
    return RedirectResponse(f"/people/{person_id}/today", status_code=303)


def form_values(form: Any) -> dict[str, Any]:
    """Submitted answers to show again after an error (never the password)."""
    values: dict[str, Any] = {
        k: v for k, v in form.multi_items() if isinstance(v, str) and k != "password"
    }
    for name in ("equipment", "avoid_provocations", "bands"):
        values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return values


def onboarding_context(
    ctx: WebContext,
    values: dict[str, Any],
    error: str | None,
    *,
    person_id: int | None = None,
    viewer: Any = None,
) -> dict[str, Any]:
    templates = (program_edits.templates(ctx, viewer.account_id)
                 if viewer is not None and viewer.role == "clinician" and viewer.account_id
                 and person_id is None else [])
    return {
        "templates": templates,
        "section": "onboarding" if person_id is None else "program",
        "person_id": person_id,
        "action": "/onboarding" if person_id is None else f"/people/{person_id}/program/new",
        "goals": list(Goal),
        "levels": list(Level),
        "equipment_all": ctx.catalog.equipment,
        "values": values,
        "error": error,
    }


@router.get("/onboarding", response_class=HTMLResponse)
def onboarding_form(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
) -> HTMLResponse:
    """The profile form: goal, days, weeks, equipment, level, body, things to avoid."""
    return render(request, "onboarding.html", onboarding_context(ctx, {}, None, viewer=viewer))


def _template_program(ctx: WebContext, owner: int, form: Any, profile: Any) -> Any:
    """The program from the clinician's template chosen on the form (None: generate one)."""
    from glutemed.programming.editing import from_template

    raw = str(form.get("template_id") or "")
    if not raw:
        return None
    chosen = next((t for t in program_edits.templates(ctx, owner) if str(t.id) == raw), None)
    if chosen is None:
        raise InputError("template_id", "choose one of your templates, or none")
    return from_template(chosen.program, profile, ctx.catalog, profile.equipment, chosen.name)


@router.post("/onboarding", response_class=HTMLResponse)
async def onboarding_submit(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
) -> Response:
    """Create the person and their program from the generator, then go to today."""
    from pydantic import ValidationError

    from glutemed.errors import format_validation_error

    form = await request.form()
    values = form_values(form)
    name = str(form.get("name") or "").strip()
    try:
        profile = profile_from_form(form)
        units = str(form.get("units") or "kg")
        if viewer.role == "clinician" and viewer.account_id is not None:
            # The client's login, person, program and assignment: one transaction.
            person_id = await usecases.start_client(
                ctx, viewer.account_id, str(form.get("username") or ""),
                str(form.get("password") or ""), name, profile, today_for(), units=units,
                program=await read(ctx, partial(_template_program, ctx, viewer.account_id,
                                                form, profile)),
            )
        else:
            person_id = await usecases.start_person(ctx, name, profile, today_for(), units=units)
    except ValidationError as exc:
        error = format_validation_error(exc)
    except GlutemedError as exc:
        error = str(exc)
    else:
        # Straight to the first session: the program (every week, thousands of pixels on
        # a phone) stays one tap away in the navigation.
        target = "/clinic" if viewer.role == "clinician" else f"/people/{person_id}/today"
        return RedirectResponse(target, status_code=303)
    # The form again (a clinician's templates are read for it: in a worker thread where a
    # read is a network round trip).
    context = await read(ctx, partial(onboarding_context, ctx, values, error, viewer=viewer))
    return render(request, "onboarding.html", context, status_code=422)


def profile_values(profile: Any) -> dict[str, Any]:
    """A stored profile as onboarding-form values (so the form opens filled in)."""
    values: dict[str, Any] = {
        k: v for k, v in profile.model_dump(mode="json").items() if not isinstance(v, dict | list)
    }
    values["equipment"] = sorted(profile.equipment)
    values["avoid_provocations"] = sorted(profile.avoid_provocations)
    values["avoid_weight_bearing"] = "yes" if profile.avoid_weight_bearing else ""
    values["surgery_cleared"] = "yes" if profile.surgery_cleared else ""
    for name in ("fell_last_year", "one_leg_10s"):
        answer = getattr(profile, name)
        values[name] = "" if answer is None else "yes" if answer else "no"
    values["bands"] = sorted(b.value for b in profile.bands)
    for name in ("cuff_kg", "dumbbell_kg"):
        values[name] = ", ".join(f"{kg:g}" for kg in sorted(getattr(profile, name)))
    return {k: ("" if v is None else v) for k, v in values.items()}
