"""The progress page: a chart per exercise, the left-right table, and each progression
decision with the rules behind it. The route passes
:func:`~glutemed.web.context.require_person` first."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from glutemed.web import usecases
from glutemed.web.context import Ctx, PersonId, verify_csrf
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/people/{person_id}/progress", response_class=HTMLResponse)
def progress_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """Trends, left-right asymmetry and the reason behind each progression decision."""
    from glutemed.web.progress import decisions_by_session, progress_view

    decisions = usecases.decisions(ctx, person_id, limit=200)
    return render(request, "person/progress.html", {
        "section": "progress", "person_id": person_id,
        "person": usecases.person(ctx, person_id),
        "progress": progress_view(ctx, person_id),
        "decisions": decisions,
        "sessions": decisions_by_session(decisions)[:30],
        "names": {v.id: v.name for v in ctx.catalog.variants},
    })
