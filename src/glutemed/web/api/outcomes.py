"""``/api/v1/people/{id}/outcomes``, the outcome schedule and ``/fhir``.

An entry's ``entered_by`` and ``entered_role`` are set from the signed-in account, whatever
the body says, so the record of who entered a value cannot be forged. A value out of its
range is refused with 422 naming the field and the allowed range; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from glutemed.outcomes.entries import EntryInput, OutcomeEntry
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.web import outcomes as web_outcomes
from glutemed.web.context import Clinician, Ctx, CurrentViewer, PersonId, today_for, verify_csrf
from glutemed.web.database_work import read

router = APIRouter(prefix="/api/v1", dependencies=[Depends(verify_csrf)], tags=["outcomes"])


class OutcomeOut(BaseModel):
    """A stored entry with its id."""

    id: int
    entry: OutcomeEntry


class ScheduleOut(BaseModel):
    """The schedule and each time point's status today."""

    weeks: tuple[int, ...]
    custom: bool
    start: dt.date
    points: list[dict[str, Any]]
    due: dict[str, Any] | None


@router.get("/people/{person_id}/outcomes", response_model=list[OutcomeOut])
def list_outcomes(person_id: PersonId, ctx: Ctx) -> list[OutcomeOut]:
    """Every outcome entry, oldest first."""
    return [OutcomeOut(id=s.id, entry=s.entry) for s in web_outcomes.entries(ctx, person_id)]


@router.post("/people/{person_id}/outcomes", response_model=OutcomeOut, status_code=201)
async def create_outcome(
    person_id: PersonId, body: EntryInput, ctx: Ctx, viewer: CurrentViewer
) -> OutcomeOut:
    """Record one entry. A dynamometer entry takes its measured ``lever_arm_m``, or
    ``pad_at`` (``knee`` or ``ankle``) to have it estimated from the person's height, as on
    the command line and the form; the answer holds the lever arm used."""
    given = body.model_copy(update=await read(
        ctx, partial(web_outcomes.author, ctx, viewer, person_id)))
    entry_id, entry = await web_outcomes.record(ctx, person_id, given)
    return OutcomeOut(id=entry_id, entry=entry)


def _schedule_out(ctx: Any, person_id: int) -> ScheduleOut:
    view = web_outcomes.schedule(ctx, person_id, today_for(ctx.timezone_of(person_id)))
    points = [{"week": p.week, "date": p.date, "status": p.status} for p in view.points]
    due = None if view.due is None else {"week": view.due.week, "date": view.due.date}
    return ScheduleOut(weeks=view.schedule.weeks, custom=view.custom, start=view.start,
                       points=points, due=due)


@router.get("/people/{person_id}/outcome-schedule", response_model=ScheduleOut)
def get_schedule(person_id: PersonId, ctx: Ctx) -> ScheduleOut:
    """When outcome measures are due, and which one is due today."""
    return _schedule_out(ctx, person_id)


@router.put("/people/{person_id}/outcome-schedule", response_model=ScheduleOut)
async def put_schedule(person_id: PersonId, body: OutcomeSchedule, ctx: Ctx) -> ScheduleOut:
    """Replace the schedule (weeks after the start; 0 = baseline)."""
    await web_outcomes.set_schedule(ctx, person_id, body)
    return await read(ctx, partial(_schedule_out, ctx, person_id))


@router.get("/people/{person_id}/fhir")
def get_fhir(
    person_id: PersonId, ctx: Ctx, viewer: Clinician, identify: bool = False
) -> JSONResponse:
    """The person's FHIR R4 Bundle (clinicians only; pseudonymous unless ``identify``)."""
    from glutemed.services.outcomes import fhir_document

    document = fhir_document(ctx.uow(readonly=True), person_id, ctx.catalog,
                             dt.datetime.now(dt.UTC), identify=identify)
    return JSONResponse(document, media_type="application/fhir+json")
