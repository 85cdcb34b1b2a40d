"""The exercise library: filter the catalogue, and read one variant in full.

Everything shown comes from the catalogue and the load model; the page only lays it out.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from glutemed.catalog.models import Mode, Part
from glutemed.store.conversions import MAX_ID
from glutemed.web.context import Ctx, CurrentViewer
from glutemed.web.render import render
from glutemed.web.views import demand_view, figure_svg, person_for_library

router = APIRouter(include_in_schema=False)

PersonQuery = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="whose body the demand figures are for")
]
"""``?person=``: a person id, checked like the ids in paths (no database error for a huge
one)."""


@router.get("/library", response_class=HTMLResponse)
def library_index(
    request: Request,
    ctx: Ctx,
    viewer: CurrentViewer,
    family: Annotated[str | None, Query(max_length=80)] = None,
    equipment: Annotated[list[str] | None, Query()] = None,
    weight_bearing: Annotated[str | None, Query(pattern=r"^(yes|no)?$")] = None,
    mode: Mode | None = None,
    part: Part | None = None,
    person: PersonQuery = None,
) -> HTMLResponse:
    """The catalogue, filtered by family, the equipment at hand, weight-bearing, mode, part."""
    catalog = ctx.catalog
    family_ids = [f.family for f in catalog.families]
    wb = None if not weight_bearing else weight_bearing == "yes"
    variants = catalog.filter(
        family=family if family in family_ids else None,
        equipment=equipment if equipment else None,
        weight_bearing=wb,
        mode=mode.value if mode else None,
        part=part.value if part else None,
    )
    # The viewer's own person when none is asked for, so the page keeps that person's
    # navigation (Today, Program, ...) like every other page.
    person_id, _profile = person_for_library(ctx, viewer, person)
    return render(
        request,
        "library/index.html",
        {
            "section": "library",
            "person_id": person_id,
            "families": catalog.families,
            "equipment_all": catalog.equipment,
            "variants": variants,
            "family_names": {f.family: f.name for f in catalog.families},
            "chosen": {
                "family": family or "",
                "equipment": set(equipment or []),
                "weight_bearing": weight_bearing or "",
                "mode": mode.value if mode else "",
                "part": part.value if part else "",
            },
            "modes": list(Mode),
            "parts": list(Part),
        },
    )


@router.get("/anatomy", response_class=HTMLResponse)
def anatomy_page(
    request: Request,
    ctx: Ctx,
    viewer: CurrentViewer,
    person: PersonQuery = None,
) -> HTMLResponse:
    """The muscle: its three parts and their actions, nerve, share of the abductors' area,
    its job in single-leg stance, and why it is worth training on purpose."""
    person_id = person if person is not None and viewer.can_access(person) else None
    return render(
        request,
        "library/anatomy.html",
        {"section": "anatomy", "person_id": person_id, "anatomy": ctx.catalog.anatomy},
    )


@router.get("/library/{variant_id}", response_class=HTMLResponse)
def library_variant(
    request: Request,
    variant_id: str,
    ctx: Ctx,
    viewer: CurrentViewer,
    person: PersonQuery = None,
) -> HTMLResponse:
    """One variant: figure, set-up, cues, checks, faults, feel, evidence, ladder, demand."""
    catalog = ctx.catalog
    variant = catalog.variant(variant_id)
    coaching = catalog.coaching(variant)
    family = coaching.family
    person_id, profile = person_for_library(ctx, viewer, person)
    return render(
        request,
        "library/variant.html",
        {
            "section": "library",
            "person_id": person_id,
            "variant": variant,
            "family": family,
            "coaching": coaching,
            "setup": coaching.setup,
            "cues": coaching.cues,
            "checks": coaching.checks,
            "faults": coaching.faults,
            "feel": coaching.feel,
            "evidence": coaching.evidence,
            "progressions": catalog.progressions(variant_id),
            "regressions": catalog.regressions(variant_id),
            "alternatives": catalog.alternatives(variant_id),
            "alternatives_note": catalog.alternatives_note(variant_id),
            "ladder": catalog.ladder_order(family.family),
            "names": {v.id: v.name for v in catalog.variants},
            "figure": figure_svg(variant),
            "demand": demand_view(variant, profile),
        },
    )
