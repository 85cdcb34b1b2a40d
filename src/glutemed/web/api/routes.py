"""The JSON API under ``/api/v1``: the same services as the pages, as JSON.

Authorisation is the pages' own: every ``/people/{person_id}/...`` route depends on
:func:`require_person`, and every unsafe method on :func:`verify_csrf`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from glutemed.biomech.anthropometrics import HEIGHT_M, MASS_KG, SEXES
from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import BandLevel, Mode, Part, Variant
from glutemed.errors import GlutemedError, InputError
from glutemed.web.api.schemas import CsrfOut, DemandOut, ExerciseDetail, ExerciseSummary
from glutemed.web.context import (
    Ctx,
    get_session,
    verify_csrf,
)

router = APIRouter(prefix="/api/v1", dependencies=[Depends(verify_csrf)])


def _summary(catalog: Catalog, v: Variant) -> ExerciseSummary:
    return ExerciseSummary(
        id=v.id,
        family=v.family,
        name=v.name,
        modes=[m.value for m in v.modes],
        weight_bearing=v.weight_bearing,
        equipment=list(v.equipment),
        level=v.level,
        progressions=[s.to for s in catalog.progressions(v.id)],
        regressions=[s.from_ for s in catalog.regressions(v.id)],
        alternatives=catalog.alternatives(v.id),
    )


@router.get("/csrf", response_model=CsrfOut, tags=["session"])
def csrf(request: Request) -> CsrfOut:
    """The CSRF token for this session (the session cookie comes with it)."""
    return CsrfOut(csrf_token=get_session(request).csrf_token)


@router.get("/exercises", response_model=list[ExerciseSummary], tags=["exercises"])
def list_exercises(
    ctx: Ctx,
    family: Annotated[str | None, Query(max_length=80)] = None,
    equipment: Annotated[list[str] | None, Query(description="what you have")] = None,
    weight_bearing: bool | None = None,
    mode: Mode | None = None,
    part: Part | None = None,
) -> list[ExerciseSummary]:
    """Variants matching every filter given."""
    catalog = ctx.catalog
    if family is not None:
        catalog.family(family)  # an unknown family is a 404 naming the closest ones
    variants = catalog.filter(
        family=family,
        equipment=equipment,
        weight_bearing=weight_bearing,
        mode=mode.value if mode else None,
        part=part.value if part else None,
    )
    return [_summary(catalog, v) for v in variants]


@router.get("/exercises/{variant_id}", response_model=ExerciseDetail, tags=["exercises"])
def get_exercise(variant_id: str, ctx: Ctx) -> ExerciseDetail:
    """One variant with its family's shared content merged in."""
    catalog = ctx.catalog
    v = catalog.variant(variant_id)
    coaching = catalog.coaching(v)
    return ExerciseDetail(
        **_summary(catalog, v).model_dump(),
        summary=v.summary,
        parts=[p.value for p in v.parts],
        setup=list(coaching.setup),
        cues=list(coaching.cues),
        checks=[c.model_dump() for c in coaching.checks],
        faults=[f.model_dump(exclude_none=True) for f in coaching.faults],
        feel=coaching.feel.model_dump(),
        evidence=[e.model_dump(mode="json") for e in coaching.evidence],
    )


@router.get("/load/{variant_id}", response_model=DemandOut, tags=["load"])
def get_load(
    variant_id: str,
    mass_kg: Annotated[float, Query(
        ge=MASS_KG.ge, le=MASS_KG.le, description=f"body mass, {MASS_KG.describe()}"
    )],
    height_m: Annotated[float, Query(
        ge=HEIGHT_M.ge, le=HEIGHT_M.le, description=f"height, {HEIGHT_M.describe()}"
    )],
    ctx: Ctx,
    sex: Annotated[str | None, Query(pattern=rf"^({'|'.join(SEXES)})$")] = None,
    external_kg: Annotated[float | None, Query(ge=0, le=200)] = None,
    band: BandLevel | None = None,
) -> DemandOut:
    """The modelled hip-abductor demand of a variant for a body (null where not modelled)."""
    from glutemed.web.views import compute_demand_for

    variant = ctx.catalog.variant(variant_id)
    try:
        demand = compute_demand_for(
            variant, mass_kg, height_m, sex, external_kg=external_kg, band=band
        )
    except InputError:
        raise
    except GlutemedError as exc:
        return DemandOut(
            variant_id=variant.id,
            moment_nm=None,
            moment_nm_per_kg=None,
            abductor_force_bw=None,
            not_modelled_reason=str(exc),
        )
    return DemandOut(**demand)
