"""The program editor page: swap, add, remove and reorder the exercises of each template
day, change start date and weekdays, lock the program for the client; every change listed
with who and when.

Plain forms, one per change, so it works without JavaScript. Each form posts to one route
that builds the same :data:`~glutemed.programming.editing.ProgramEdit` the JSON API takes
and hands it to the same service; a refusal re-renders the page with the message naming the
field. A client never sees this page (their clinician edits; they may change the dose on
the one-prescription form while it is allowed).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from glutemed.errors import InputError, format_validation_error
from glutemed.programming.editing import WEEKDAY_NAMES, ProgramEdit, swap_choices
from glutemed.web import program_edits, usecases
from glutemed.web.context import Ctx, CurrentViewer, PersonId, Viewer, WebContext, verify_csrf
from glutemed.web.database_work import read
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
EDIT = TypeAdapter(ProgramEdit)


def _not_for_clients(viewer: Viewer) -> None:
    if viewer.role == "client":
        raise HTTPException(403, "your clinician edits your program; you may change the dose "
                                 "of an exercise from the program page while they allow it")


def _page(request: Request, ctx: WebContext, viewer: Viewer, person_id: int, *,
          error: str | None = None, status_code: int = 200) -> HTMLResponse:
    record = usecases.active_program(ctx, person_id)
    if record is None:
        raise HTTPException(404, "this person has no program")
    person = usecases.person(ctx, person_id)
    equipment = record.program.profile.equipment | person.profile.equipment
    template = record.program.weeks[0].sessions
    access, changes = program_edits.program_changes(ctx, person_id)
    names = {v.id: v.name for v in ctx.catalog.variants}
    return render(request, "person/program_editor.html", {
        "section": "program", "person_id": person_id, "person": person, "record": record,
        "days": [
            {"day": n, "name": s.name,
             "entries": [(i, item, swap_choices(ctx.catalog, item, equipment))
                       for i, item in enumerate(s.items)]}
            for n, s in enumerate(template, start=1)
        ],
        "addable": [v for v in ctx.catalog.filter(equipment=equipment)],
        "names": names, "weekday_names": WEEKDAY_NAMES,
        "access": access, "changes": list(reversed(changes))[:30],
        "is_clinician": viewer.role == "clinician", "error": error,
        "templates": (program_edits.templates(ctx, viewer.account_id)
                      if viewer.role == "clinician" and viewer.account_id else []),
    }, status_code=status_code)


@router.get("/people/{person_id}/program/editor", response_class=HTMLResponse)
def editor_page(request: Request, person_id: PersonId, ctx: Ctx,
                viewer: CurrentViewer) -> HTMLResponse:
    """The editor for the program in force."""
    _not_for_clients(viewer)
    return _page(request, ctx, viewer, person_id)


async def _template_op(ctx: WebContext, viewer: Viewer, person_id: int, form: Any,
                       by: str) -> None:
    """Save the program as a template, or start again from one (clinicians only)."""
    if viewer.role != "clinician" or viewer.account_id is None:
        raise InputError("template", "templates belong to a clinician's account")
    if form.get("op") == "save-template":
        await program_edits.save_template(ctx, viewer.account_id, person_id,
                                     str(form.get("name") or ""))
        return
    raw = str(form.get("template_id") or "")
    if not raw.isdigit():
        raise InputError("template_id", "choose one of your templates")
    start = str(form.get("start_date") or "")
    try:
        day = dt.date.fromisoformat(start) if start else None
    except ValueError:
        raise InputError("start_date", f"'{start}' is not a date; use YYYY-MM-DD") from None
    await program_edits.apply_template(ctx, person_id, viewer.account_id, int(raw), by=by,
                                  start_date=day)


def _pair(form: Any, name: str) -> list[int] | None:
    low, high = form.get(f"{name}_low"), form.get(f"{name}_high")
    if not low and not high:
        return None
    try:
        return [int(str(low)), int(str(high))]
    except ValueError:
        raise InputError(name, "give two whole numbers, low and high") from None


def edit_from_form(form: Any) -> Any:
    """The form's fields as one :data:`ProgramEdit` (validated by the same model as the
    API's body)."""
    body: dict[str, Any] = {"op": form.get("op")}
    for name in ("day", "item", "to", "sets", "variant_id", "start_date", "rest_s"):
        value = form.get(name)
        if value not in (None, ""):
            body[name] = value
    for name in ("reps", "hold_s"):
        pair = _pair(form, name)
        if pair is not None:
            body[name] = pair
    if body["op"] == "weekdays":
        body["weekdays"] = [int(d) for d in form.getlist("weekdays") if str(d).isdigit()]
    return EDIT.validate_python(body)


@router.post("/people/{person_id}/program/editor", response_class=HTMLResponse)
async def editor_submit(request: Request, person_id: PersonId, ctx: Ctx,
                        viewer: CurrentViewer) -> Response:
    """Apply one edit from the page; back to the editor, or the page with the refusal."""
    _not_for_clients(viewer)
    form = await request.form()
    by, role = await read(ctx, partial(program_edits.author, ctx, viewer, person_id))
    try:
        if form.get("op") in ("save-template", "from-template"):
            await _template_op(ctx, viewer, person_id, form, by)
        elif form.get("op") == "access":
            if viewer.role != "clinician":
                raise InputError("access", "only a clinician locks a client's program")
            await program_edits.set_program_access(ctx, person_id, str(form.get("access") or ""),
                                              by=by)
        else:
            await program_edits.save_edit(ctx, person_id, edit_from_form(form), by=by, role=role)
    except InputError as exc:
        error = str(exc)
    except ValidationError as exc:
        error = format_validation_error(exc)
    else:
        return RedirectResponse(f"/people/{person_id}/program/editor#changes", status_code=303)
    # The refusal redraws the editor: its reads go where every async route's reads go.
    return await read(ctx, partial(_page, request, ctx, viewer, person_id,
                                            error=error, status_code=422))
