"""``/api/v1/clinic/attention`` and ``/api/v1/people/{id}/attention``: the clinic's
needs-attention list as JSON, and acknowledging a flag.

The same service as the page (:mod:`glutemed.services.attention`): the same sorting and
filtering parameters, the same refusals (422 naming the field and the allowed values).
Only a clinician lists clients and acknowledges; who acknowledged is the signed-in account,
whatever the body says.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from glutemed.services.attention import ClientAttention, Listing
from glutemed.web import usecases
from glutemed.web.context import Clinician, Ctx, PersonId, verify_csrf
from glutemed.web.people import attention, client_attention

router = APIRouter(prefix="/api/v1", dependencies=[Depends(verify_csrf)], tags=["clinic"])


class AcknowledgementOut(BaseModel):
    """Who acknowledged a flag, when, and their note."""

    kind: str
    by: str
    at: dt.datetime
    note: str


class FlagOut(BaseModel):
    """One flag: its kind, what it says, since when, and the acknowledgement covering it
    (null while it is open)."""

    kind: str
    summary: str
    since: dt.date | None
    open: bool
    acknowledged: AcknowledgementOut | None


class AttentionOut(BaseModel):
    """One client's line of the needs-attention list."""

    person_id: int
    name: str
    today: dt.date
    last_trained: dt.date | None
    days_since_trained: int | None
    adherence_done: int = Field(description="sets logged for the sessions due in the window")
    adherence_due: int = Field(description="sets the sessions due in the window asked for")
    adherence_pct: float | None
    adherence_window_days: int
    pain_trend: str = Field(description="rising, steady, falling or unknown")
    pain_earlier: float | None = Field(description="mean daily highest pain, earlier half")
    pain_later: float | None = Field(description="mean daily highest pain, later half")
    flags: list[FlagOut]


class AcknowledgeIn(BaseModel):
    """Acknowledge the client's current flag of ``kind`` with a note."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=40, description="warning-sign, pain-rising, client-change, "
                      "stall, gap, low-adherence or not-training")
    note: str = Field(max_length=4000)


def _out(row: ClientAttention) -> AttentionOut:
    a = row.assessment
    return AttentionOut(
        person_id=row.id, name=row.name, today=row.today, last_trained=a.last_trained,
        days_since_trained=a.days_since_trained, adherence_done=a.adherence.done,
        adherence_due=a.adherence.due, adherence_pct=a.adherence.pct,
        adherence_window_days=a.adherence.window_days, pain_trend=a.pain.trend.value,
        pain_earlier=a.pain.earlier, pain_later=a.pain.later,
        flags=[
            FlagOut(kind=v.flag.kind.value, summary=v.flag.summary, since=v.flag.since,
                    open=v.open,
                    acknowledged=None if v.acknowledged is None else AcknowledgementOut(
                        kind=v.acknowledged.kind.value, by=v.acknowledged.by,
                        at=v.acknowledged.at, note=v.acknowledged.note))
            for v in row.flags
        ],
    )


@router.get("/clinic/attention", response_model=list[AttentionOut])
def list_attention(
    ctx: Ctx,
    viewer: Clinician,
    sort: Annotated[str | None, Query(max_length=40, description=(
        "attention (default), name, last-trained, adherence, pain or flags"))] = None,
    order: Annotated[str | None, Query(max_length=10, description="asc or desc")] = None,
    flag: Annotated[str | None, Query(max_length=40, description=(
        "only clients with this flag open, or 'any'"))] = None,
) -> list[AttentionOut]:
    """Every client of this clinician with what needs attention, most urgent first unless
    sorted otherwise; an acknowledged flag sinks until something new happens."""
    listing = Listing.parse(sort, order, flag)
    return [_out(row) for row in attention(ctx, viewer, listing)]


@router.get("/people/{person_id}/attention", response_model=AttentionOut)
def get_attention(person_id: PersonId, ctx: Ctx, viewer: Clinician) -> AttentionOut:
    """One client's flags (the top of their page)."""
    return _out(client_attention(ctx, person_id))


@router.post("/people/{person_id}/attention/acknowledgements",
             response_model=AcknowledgementOut, status_code=201)
async def acknowledge(person_id: PersonId, body: AcknowledgeIn, ctx: Ctx,
                      viewer: Clinician) -> AcknowledgementOut:
    """Acknowledge the client's current flag of ``kind``, with a note (who and when are
    recorded from the signed-in account and the clock)."""
    ack = await usecases.acknowledge_flag(ctx, person_id, kind=body.kind, note=body.note,
                                          by=viewer.username or "clinician")
    return AcknowledgementOut(kind=ack.kind.value, by=ack.by, at=ack.at, note=ack.note)
