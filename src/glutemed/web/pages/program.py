"""The program pages: the program week by week, one prescription changed (a new version,
the old one kept), and a new program from a changed profile (on the onboarding form). Every
route passes :func:`~glutemed.web.context.require_person` first."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.errors import GlutemedError
from glutemed.web import program_edits, usecases
from glutemed.web.context import Clinician, Ctx, CurrentViewer, PersonId, today_for, verify_csrf
from glutemed.web.database_work import read
from glutemed.web.forms import profile_from_form
from glutemed.web.pages.onboarding import form_values, onboarding_context, profile_values
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/people/{person_id}/program", response_class=HTMLResponse)
def program_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """The program week by week, with the reasons for its choices."""
    record = usecases.active_program(ctx, person_id)
    names = {v.id: v.name for v in ctx.catalog.variants}
    return render(request, "person/program.html", {
        "section": "program", "person_id": person_id, "record": record, "names": names,
        "person": usecases.person(ctx, person_id),
    })


def _prescription_at(record: Any, week: int, session: int, item: int) -> Any:
    try:
        return record.program.weeks[week - 1].sessions[session - 1].items[item]
    except (IndexError, AttributeError):
        raise HTTPException(404, "no such prescription in this program") from None


@router.get("/people/{person_id}/program/edit", response_class=HTMLResponse)
def edit_prescription_form(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
    week: Annotated[int, Query(ge=1, description="program week, from 1")] = 1,
    session: Annotated[int, Query(ge=1, description="session of the week, from 1")] = 1,
    item: Annotated[int, Query(ge=0, description="item of the session, from 0")] = 0,
) -> HTMLResponse:
    """A form to change one prescription of the program (dose, load or band, rest).

    The position is bounded below: a negative index would count from the end of a list and
    open another week's prescription; one past the end is a 404."""
    record = usecases.active_program(ctx, person_id)
    prescription = _prescription_at(record, week, session, item)
    return render(request, "person/edit_prescription.html", {
        "section": "program", "person_id": person_id, "p": prescription,
        "week": week, "session": session, "item": item,
        "name": ctx.catalog.variant(prescription.variant_id).name,
        "bands": list(BandLevel), "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
        "error": None,
    })


@router.post("/people/{person_id}/program/edit")
async def edit_prescription_submit(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: CurrentViewer
) -> Response:
    """Save the changed prescription as a new program version (the old one is kept), if
    the program is not locked for this viewer; who and when are recorded."""
    from glutemed.web.forms import dose_form_words, edit_program

    form = await request.form()
    record = await read(ctx, partial(usecases.active_program, ctx, person_id))
    if record is None:
        raise HTTPException(404, "this person has no program")
    program = edit_program(record.program, form)
    by, role = await read(ctx, partial(program_edits.author, ctx, viewer, person_id))
    what, edit = dose_form_words(record.program, program, ctx.catalog)
    await program_edits.save_dose_form(ctx, person_id, program, record.start_date, by=by,
                                  role=role, what=what, edit=edit)
    return RedirectResponse(f"/people/{person_id}/program", status_code=303)


@router.get("/people/{person_id}/program/new", response_class=HTMLResponse)
def new_program_form(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: Clinician
) -> HTMLResponse:
    """Assign a new program: the profile form, filled in with the current profile."""
    record = usecases.active_program(ctx, person_id)
    profile = record.program.profile if record else usecases.person(ctx, person_id).profile
    values = profile_values(profile)
    values["name"] = usecases.person(ctx, person_id).name
    return render(request, "onboarding.html",
                  onboarding_context(ctx, values, None, person_id=person_id))


@router.post("/people/{person_id}/program/new")
async def new_program_submit(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: Clinician
) -> Response:
    """Generate a program from the (changed) profile and make it the active version."""
    from pydantic import ValidationError

    from glutemed.errors import format_validation_error
    from glutemed.programming.generator import generate_program

    form = await request.form()
    values = form_values(form)
    try:
        program = generate_program(profile_from_form(form), ctx.catalog)
    except (ValidationError, GlutemedError) as exc:
        message = format_validation_error(exc) if isinstance(exc, ValidationError) else str(exc)
        return render(request, "onboarding.html",
                      onboarding_context(ctx, values, message, person_id=person_id),
                      status_code=422)
    timezone = (await read(ctx, partial(usecases.person, ctx, person_id))).timezone
    by, role = await read(ctx, partial(program_edits.author, ctx, viewer, person_id))
    await program_edits.save_new_program(ctx, person_id, program, today_for(timezone), by=by,
                                    role=role)
    return RedirectResponse(f"/people/{person_id}/program", status_code=303)
