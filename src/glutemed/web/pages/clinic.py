"""The clinician's view: their clients' adherence, pain flags and logs; adding a client."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from glutemed.web.context import (
    Clinician,
    Ctx,
    verify_csrf,
)
from glutemed.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/clinic", response_class=HTMLResponse)
def clinic_home(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
) -> HTMLResponse:
    """Every client with adherence and pain flags."""
    from glutemed.web.people import client_overview

    return render(
        request,
        "clinic/index.html",
        {"section": "clinic", "clients": client_overview(ctx, viewer)},
    )
