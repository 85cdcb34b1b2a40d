"""``/api/v1/people/{id}/program/...``: the program editor as JSON.

The same pure edit as the page (:func:`glutemed.programming.editing.apply_edit`), through
the same service (:mod:`glutemed.services.program_editor`): the lock, the way an edit is put
in force, and the record of who and when. Who made a change is the signed-in account,
whatever the body says.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from glutemed.programming.editing import ProgramEdit, swap_choices
from glutemed.web import program_edits, usecases
from glutemed.web.api.people import get_program
from glutemed.web.api.schemas import ExerciseSummary, ProgramOut
from glutemed.web.context import Clinician, Ctx, CurrentViewer, PersonId, verify_csrf
from glutemed.web.database_work import read

router = APIRouter(prefix="/api/v1", dependencies=[Depends(verify_csrf)],
                   tags=["program editor"])


class ChangeOut(BaseModel):
    """One change to the program: who (and in which role), when, what."""

    at: dt.datetime
    by: str
    role: str
    what: str
    edit: dict[str, Any]


class ChangesOut(BaseModel):
    """What the client may change (``dose`` or ``locked``) and every change, oldest first."""

    access: str
    access_set_by: str | None
    access_set_at: dt.datetime | None
    changes: list[ChangeOut]


class AccessIn(BaseModel):
    """Lock the program (``locked``) or let the client change the dose only (``dose``)."""

    model_config = ConfigDict(extra="forbid")

    access: str = Field(max_length=16, description="dose or locked")


@router.post("/people/{person_id}/program/edits", response_model=ProgramOut)
async def edit_program(person_id: PersonId, body: ProgramEdit, ctx: Ctx,
                       viewer: CurrentViewer) -> ProgramOut:
    """Apply one edit (``op``: swap, add, remove, move, dose, start, weekdays) to the
    program in force; the program is stored as a new version and the change recorded."""
    by, role = await read(ctx, partial(program_edits.author, ctx, viewer, person_id))
    await program_edits.save_edit(ctx, person_id, body, by=by, role=role)
    return await read(ctx, partial(get_program, person_id, ctx))


@router.get("/people/{person_id}/program/changes", response_model=ChangesOut)
def list_changes(person_id: PersonId, ctx: Ctx) -> ChangesOut:
    """Who changed the program, when and how; and what the client may change."""
    access, found = program_edits.program_changes(ctx, person_id)
    return ChangesOut(
        access=access.access, access_set_by=access.set_by, access_set_at=access.set_at,
        changes=[ChangeOut(at=c.at, by=c.by, role=c.role, what=c.what, edit=c.edit)
                 for c in found],
    )


@router.put("/people/{person_id}/program/access", response_model=ChangesOut)
async def set_access(person_id: PersonId, body: AccessIn, ctx: Ctx,
                     viewer: Clinician) -> ChangesOut:
    """Lock the program or let the client change the dose only (clinicians only)."""
    await program_edits.set_program_access(ctx, person_id, body.access,
                                      by=viewer.username or "clinician")
    return await read(ctx, partial(list_changes, person_id, ctx))


@router.get("/people/{person_id}/program/choices", response_model=list[ExerciseSummary])
def choices(
    person_id: PersonId,
    ctx: Ctx,
    day: Annotated[int, Query(ge=1, le=7)],
    item: Annotated[int, Query(ge=0, le=50)],
) -> list[ExerciseSummary]:
    """The library's variants that may take the place of item ``item`` of day ``day``: the
    same role and mode, needing only equipment the client has."""
    from glutemed.web.api.routes import _summary

    record = usecases.active_program(ctx, person_id)
    if record is None:
        raise HTTPException(404, "this person has no program")
    try:
        place = record.program.weeks[0].sessions[day - 1].items[item]
    except IndexError:
        raise HTTPException(404, "no such exercise in this program") from None
    equipment = record.program.profile.equipment | usecases.person(ctx, person_id).profile.equipment
    return [_summary(ctx.catalog, v) for v in swap_choices(ctx.catalog, place, equipment)]


class TemplateOut(BaseModel):
    """A clinician's saved program."""

    id: int
    name: str
    created_at: dt.datetime
    weeks: int
    sessions_per_week: int


class TemplateIn(BaseModel):
    """Save a client's program in force as a named template."""

    model_config = ConfigDict(extra="forbid")

    person_id: int = Field(ge=1, le=2**31 - 1)
    name: str = Field(max_length=400)


class FromTemplateIn(BaseModel):
    """Give the client a new program from a template (from ``start_date``, or the current
    program's start date)."""

    model_config = ConfigDict(extra="forbid")

    template_id: int = Field(ge=1, le=2**31 - 1)
    start_date: dt.date | None = None


def _template_out(t: Any) -> TemplateOut:
    return TemplateOut(id=t.id, name=t.name, created_at=t.created_at,
                       weeks=len(t.program.weeks),
                       sessions_per_week=max((len(w.sessions) for w in t.program.weeks),
                                             default=0))


@router.get("/clinic/templates", response_model=list[TemplateOut])
def list_templates(ctx: Ctx, viewer: Clinician) -> list[TemplateOut]:
    """Your templates, by name."""
    return [_template_out(t) for t in program_edits.templates(ctx, viewer.account_id or 0)]


@router.post("/clinic/templates", response_model=TemplateOut, status_code=201)
async def save_template(body: TemplateIn, ctx: Ctx, viewer: Clinician) -> TemplateOut:
    """Save one of your clients' programs as a named template."""
    if not viewer.can_access(body.person_id):
        raise HTTPException(404, f"person {body.person_id} is not one of your clients")
    saved = await program_edits.save_template(ctx, viewer.account_id or 0, body.person_id,
                                         body.name)
    return _template_out(saved)


@router.post("/people/{person_id}/program/template", response_model=ProgramOut)
async def start_from_template(person_id: PersonId, body: FromTemplateIn, ctx: Ctx,
                              viewer: Clinician) -> ProgramOut:
    """A new program for this client from one of your templates (recorded)."""
    await program_edits.apply_template(ctx, person_id, viewer.account_id or 0, body.template_id,
                                  by=viewer.username or "clinician", start_date=body.start_date)
    return await read(ctx, partial(get_program, person_id, ctx))
