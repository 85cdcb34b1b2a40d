"""``/api/v1/people/...``: profiles, programs, today, performed sets and decisions.

Every route takes ``person_id`` through :data:`PersonId`, so a client can reach only their
own person (404 for anyone else), exactly as on the pages.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response

from glutemed.progression.engine import Decision
from glutemed.progression.models import PerformedSet
from glutemed.services.todays_session import TodaysSession
from glutemed.store.decision_records import StoredDecision
from glutemed.store.records import PersonRecord, StoredSet
from glutemed.web import program_edits, usecases
from glutemed.web.api.schemas import (
    ClearanceIn,
    DecisionOut,
    LoggedOut,
    PauseOut,
    PersonIn,
    PersonOut,
    PrescriptionEdit,
    ProgramOut,
    SetIn,
    SetOut,
)
from glutemed.web.context import (
    Clinician,
    Ctx,
    CurrentViewer,
    PersonId,
    SetId,
    today_for,
    verify_csrf,
)
from glutemed.web.database_work import read
from glutemed.web.people import people_for

router = APIRouter(prefix="/api/v1", dependencies=[Depends(verify_csrf)], tags=["people"])


def _person_out(p: PersonRecord) -> PersonOut:
    return PersonOut(id=p.id, name=p.name, profile=p.profile, units=p.units, timezone=p.timezone)


def _set_out(s: StoredSet) -> SetOut:
    return SetOut(id=s.id, person_id=s.person_id, performed=s.performed, client_id=s.client_id)


def _decision_out(d: Decision | StoredDecision) -> DecisionOut:
    """A decision, just made by the engine or read from the store, in the API's one shape
    (a stored one carries the fired rules' facts as it stored them)."""
    if isinstance(d, StoredDecision):
        rule_ids, after = list(d.rule_ids), d.prescription_after
    else:
        rule_ids, after = [f.rule_id for f in d.fired], d.prescription
    return DecisionOut(
        variant_id=d.variant_id, side=d.side, date=d.date, action=d.action,
        explanation=d.explanation, rule_ids=rule_ids, facts=dict(d.facts),
        prescription=after, see_clinician=d.see_clinician,
    )


def _today(date: dt.date | None, ctx: Ctx, person_id: int) -> dt.date:
    return date or today_for(ctx.timezone_of(person_id))


@router.get("/people", response_model=list[PersonOut])
def list_people(ctx: Ctx, viewer: CurrentViewer) -> list[PersonOut]:
    """The people this viewer may see."""
    return [_person_out(p) for p in people_for(ctx, viewer)]


@router.post("/people", response_model=PersonOut, status_code=201)
async def create_person(body: PersonIn, ctx: Ctx, viewer: Clinician) -> PersonOut:
    """Create a person and their program from the generator (single mode or a clinician)."""
    person_id = await usecases.start_person(
        ctx,
        body.name,
        body.profile,
        body.start_date or today_for(body.timezone),
        units=body.units,
        clinician_account_id=viewer.account_id if viewer.role == "clinician" else None,
    )
    return _person_out(await read(ctx, partial(usecases.person, ctx, person_id)))


@router.get("/people/{person_id}", response_model=PersonOut)
def get_person(person_id: PersonId, ctx: Ctx) -> PersonOut:
    """One person's profile."""
    return _person_out(usecases.person(ctx, person_id))


@router.get("/people/{person_id}/program", response_model=ProgramOut)
def get_program(person_id: PersonId, ctx: Ctx) -> ProgramOut:
    """The program in force."""
    record = usecases.active_program(ctx, person_id)
    if record is None:
        raise HTTPException(404, "this person has no program")
    return ProgramOut(
        person_id=person_id,
        version=record.version,
        start_date=record.start_date,
        program=record.program,
    )


@router.get("/people/{person_id}/today", response_model=TodaysSession)
def get_today(person_id: PersonId, ctx: Ctx, date: dt.date | None = None) -> TodaysSession:
    """The session due on a date (default: today in the person's time zone), one item per
    side, each with its target, cues, checks and what was done last time."""
    return usecases.todays_session(ctx, person_id, _today(date, ctx, person_id))


@router.get("/people/{person_id}/safety", response_model=list[PauseOut])
def get_pauses(person_id: PersonId, ctx: Ctx) -> list[PauseOut]:
    """Every pause of progression after a warning sign, oldest first (the last one is in
    force while ``active``); today's session carries the one in force as ``paused``."""
    return [
        PauseOut(started_on=p.started_on, reason=p.reason, advice=p.advice, active=p.active,
                 cleared_at=p.cleared_at, cleared_by=p.cleared_by,
                 clearance_note=p.clearance_note)
        for p in usecases.pause_history(ctx, person_id)
    ]


@router.post("/people/{person_id}/safety/clear", response_model=list[PauseOut])
async def clear_pause(
    person_id: PersonId, body: ClearanceIn, ctx: Ctx, viewer: CurrentViewer
) -> list[PauseOut]:
    """Resume progression after a clinician's assessment (a clinician in clinic mode; the
    person themselves in single-person mode). Refused for a client's own login."""
    if viewer.role == "client":
        raise HTTPException(403, "only the client's clinician can clear a pause")
    by = viewer.username or (
        f"{(await read(ctx, partial(usecases.person, ctx, person_id))).name}"
        " (self-reported)")
    await usecases.clear_pause(ctx, person_id, by=by, note=body.note, confirmed=body.confirm)
    return await read(ctx, partial(get_pauses, person_id, ctx))


@router.get("/people/{person_id}/sets", response_model=list[SetOut])
async def list_sets(
    person_id: PersonId, ctx: Ctx, limit: Annotated[int, Query(ge=1, le=5000)] = 200
) -> list[SetOut]:
    """Performed sets, newest first."""
    # Async (the hot read): a plain ``def`` route costs two worker-thread hops, one for the
    # route and one for validating its answer; here the read is ``database_work.read``'s (on
    # the loop on SQLite, one hop on PostgreSQL) and the answer is validated on the loop.
    found = await read(ctx, partial(usecases.list_sets, ctx, person_id, limit=limit))
    return [_set_out(s) for s in found]


@router.post(
    "/people/{person_id}/sets",
    response_model=LoggedOut,
    status_code=201,
    responses={200: {"model": LoggedOut, "description": "sent before: the first result"}},
)
async def create_set(
    person_id: PersonId, body: SetIn, ctx: Ctx, response: Response
) -> LoggedOut:
    """Log a set; the answer carries the progression decision it led to. With a
    ``client_id`` already used for this person, nothing is stored: the answer is the set
    stored the first time and its decision (status 200, ``replayed`` true)."""
    # Async, so that the write can run on the event loop when the database is free (see
    # ``usecases``): a plain ``def`` route would add a worker-thread hop for the route and
    # another for validating its answer, each waiting for the GIL under load. An impossible
    # set (unknown variant, wrong mode, side or equipment, implausible numbers or date) is
    # refused by the service with 422, naming the field.
    today = await usecases.today_of(ctx, person_id)
    answer = await usecases.log_set_once(
        ctx, person_id, body.performed(), today, body.client_id
    )
    if answer.replayed:
        response.status_code = 200
    decision = answer.decision
    return LoggedOut(
        set=_set_out(answer.stored),
        decision=None if decision is None else _decision_out(decision),
        replayed=answer.replayed,
    )


@router.get("/people/{person_id}/sets/{set_id}", response_model=SetOut)
def get_set(person_id: PersonId, set_id: SetId, ctx: Ctx) -> SetOut:
    """One performed set."""
    return _set_out(usecases.get_set(ctx, person_id, set_id))


@router.put("/people/{person_id}/sets/{set_id}", response_model=SetOut)
async def edit_set(
    person_id: PersonId, set_id: SetId, body: PerformedSet, ctx: Ctx
) -> SetOut:
    """Replace a performed set with corrected values (checked like a new set: 422)."""
    await usecases.edit_set(ctx, person_id, set_id, body)
    return _set_out(await read(ctx, partial(usecases.get_set, ctx, person_id, set_id)))


@router.delete("/people/{person_id}/sets/{set_id}", status_code=204)
async def delete_set(person_id: PersonId, set_id: SetId, ctx: Ctx) -> Response:
    """Delete a performed set (``POST .../restore`` undoes it)."""
    await usecases.delete_set(ctx, person_id, set_id)
    return Response(status_code=204)


@router.post("/people/{person_id}/sets/{set_id}/restore", response_model=SetOut)
async def restore_set(person_id: PersonId, set_id: SetId, ctx: Ctx) -> SetOut:
    """Undo a delete."""
    await usecases.delete_set(ctx, person_id, set_id, undo=True)
    return _set_out(await read(ctx, partial(usecases.get_set, ctx, person_id, set_id)))


@router.get("/people/{person_id}/decisions", response_model=list[DecisionOut])
def list_decisions(
    person_id: PersonId, ctx: Ctx, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[DecisionOut]:
    """Progression decisions, newest first, with the rules and facts behind each."""
    found: list[StoredDecision] = usecases.decisions(ctx, person_id, limit=limit)
    return [_decision_out(d) for d in found]


@router.put(
    "/people/{person_id}/program/weeks/{week}/sessions/{session}/items/{item}",
    response_model=ProgramOut,
)
async def edit_prescription(
    person_id: PersonId,
    week: Annotated[int, Path(ge=1, le=52)],
    session: Annotated[int, Path(ge=1, le=7)],
    item: Annotated[int, Path(ge=0, le=50)],
    body: PrescriptionEdit,
    ctx: Ctx,
    viewer: CurrentViewer,
) -> ProgramOut:
    """Change one prescription (1-based week and session, 0-based item); the program is
    stored as a new version (refused with 422 when the clinician has locked it for this
    client); who and when are recorded."""
    from glutemed.errors import InputError
    from glutemed.programming.editing import change_prescription, prescription_at
    from glutemed.web.forms import dose_form_words

    record = await read(ctx, partial(usecases.active_program, ctx, person_id))
    if record is None:
        raise HTTPException(404, "this person has no program")
    try:
        old = prescription_at(record.program, week, session, item)
    except InputError:
        raise HTTPException(404, "no such prescription in this program") from None
    changes: dict[str, object] = body.model_dump(exclude_none=True)
    if old.band is not None or "band" in changes:
        changes.pop("load_kg", None)  # a band exercise has no load to set (as on the form)
    program = change_prescription(record.program, week, session, item, changes)
    by, role = await read(ctx, partial(program_edits.author, ctx, viewer, person_id))
    what, edit = dose_form_words(record.program, program, ctx.catalog)
    await program_edits.save_dose_form(ctx, person_id, program, record.start_date, by=by,
                                  role=role, what=what, edit=edit)
    return await read(ctx, partial(get_program, person_id, ctx))
