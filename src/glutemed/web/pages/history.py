"""The history page: every logged set, newest first, each one corrected, deleted or brought
back. Every route passes :func:`~glutemed.web.context.require_person` first."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.errors import GlutemedError
from glutemed.web import usecases
from glutemed.web.context import Ctx, PersonId, SetId, WebContext, today_for, verify_csrf
from glutemed.web.database_work import read
from glutemed.web.forms import performed_set_from_form
from glutemed.web.pages.set_forms import asked_checks, checks_of, kept_answers
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/people/{person_id}/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
    undo: int | None = None,
    saved: int | None = None,
) -> HTMLResponse:
    """Every logged set, newest first, each with edit and delete (and, after an edit, a
    notice saying which set was saved)."""
    sets = usecases.list_sets(ctx, person_id)
    return render(request, "person/history.html", {
        "section": "history", "person_id": person_id,
        "person": usecases.person(ctx, person_id),
        "sets": sets,
        "undo": undo,
        "saved": next((s for s in sets if s.id == saved), None),
        "names": {v.id: v.name for v in ctx.catalog.variants},
        "asked_checks": {
            vid: checks_of(ctx, vid) for vid in {s.performed.variant_id for s in sets}
        },
    })


@router.get("/people/{person_id}/sets/{set_id}/edit", response_class=HTMLResponse)
def edit_set_form(
    request: Request,
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """A form with the set's values, to correct them."""
    stored = usecases.get_set(ctx, person_id, set_id)
    return _edit_set_page(request, ctx, person_id, stored)


def _edit_set_page(
    request: Request,
    ctx: WebContext,
    person_id: int,
    stored: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: list[tuple[str | None, str]] | None = None,
) -> HTMLResponse:
    """The edit form: the stored values, or after a refused save the values sent again
    (nothing typed is lost) with an error summary linked to each field. It offers only what
    the exercise can be: its sides, a load only where it takes kilograms, the set limits
    and no date after today."""
    from glutemed.catalog.models import Laterality
    from glutemed.progression.validity import default_limits, max_load_kg

    variant = ctx.catalog.variant(stored.performed.variant_id)
    family = ctx.catalog.family_of(variant)
    per_side = variant.laterality is Laterality.PER_SIDE
    # A per-side set imported without its side (a tracker's "both") may keep it.
    unsided = per_side and stored.performed.side.value == "both"
    sides = ["left", "right", *(["both"] if unsided else [])] if per_side else ["both"]
    return render(request, "person/edit_set.html", {
        "section": "history", "person_id": person_id, "stored": stored, "variant": variant,
        "checks": family.checks_for(variant), "bands": list(BandLevel),
        "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
        "person": usecases.person(ctx, person_id), "sides": sides,
        "takes_kg": max_load_kg(variant, default_limits(), None) is not None,
        "today": today_for(ctx.timezone_of(person_id)),
        "values": values, "errors": errors or [],
    }, status_code=422 if errors else 200)


@router.post("/people/{person_id}/sets/{set_id}/edit")
async def edit_set_submit(
    request: Request,
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Save the corrected set, then say so on the history page; a value out of range shows
    the form again with the answers kept and the field named."""
    from pydantic import ValidationError

    from glutemed.errors import UnknownIdError
    from glutemed.web.forms import field_errors

    form = await request.form()
    stored = await read(ctx, partial(usecases.get_set, ctx, person_id, set_id))
    try:
        performed = performed_set_from_form(
            form, stored.performed.date, asked_checks(ctx, form)
        )
        await usecases.edit_set(ctx, person_id, set_id, performed)
    except UnknownIdError:
        raise
    except (ValidationError, GlutemedError) as exc:
        return await read(ctx, partial(_edit_set_page, request, ctx, person_id, stored,
                                       values=kept_answers(form), errors=field_errors(exc)))
    return RedirectResponse(f"/people/{person_id}/history?saved={set_id}", status_code=303)


@router.post("/people/{person_id}/sets/{set_id}/delete")
async def delete_set_submit(
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Delete a set; the history page then offers to undo it."""
    await usecases.delete_set(ctx, person_id, set_id)
    return RedirectResponse(f"/people/{person_id}/history?undo={set_id}", status_code=303)


@router.post("/people/{person_id}/sets/{set_id}/undo")
async def undo_delete_submit(
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Bring a deleted set back."""
    await usecases.delete_set(ctx, person_id, set_id, undo=True)
    return RedirectResponse(f"/people/{person_id}/history", status_code=303)
