"""The export page and its files: the PDF handout (also in large print), the calendar, and
the CSV and JSON history. Every route passes :func:`~glutemed.web.context.require_person`
first."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from glutemed.web import usecases
from glutemed.web.context import Ctx, PersonId, verify_csrf
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/people/{person_id}/export", response_class=HTMLResponse)
def export_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """Links to the PDF handout, the calendar and the CSV/JSON history."""
    return render(request, "person/export.html", {
        "section": "export", "person_id": person_id, "person": usecases.person(ctx, person_id),
    })


@router.get("/people/{person_id}/export.{fmt}")
def export_file(
    fmt: str,
    person_id: PersonId,
    ctx: Ctx,
    large: Annotated[bool, Query(description="large-print handout (pdf only)")] = False,
) -> Response:
    """The export in one format: pdf, ics, csv or json (``?large=true``: large-print PDF)."""
    from glutemed.web.exports import export_bytes

    body, media_type, filename = export_bytes(
        ctx, person_id, fmt, dt.datetime.now(dt.UTC), large_print=large
    )
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
