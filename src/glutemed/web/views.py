"""Glue between the core/services and the templates: figures, demand, people.

No rule lives here: the figure comes from :mod:`glutemed.illustrate`, the demand from
:mod:`glutemed.biomech.demand`, people and programs from :mod:`glutemed.services`. These
helpers only choose what to show and turn results into plain values for the templates.
"""

from __future__ import annotations

from typing import Any

from glutemed.catalog.models import BandLevel, Variant
from glutemed.errors import GlutemedError, NotModelledError
from glutemed.programming.models import Profile
from glutemed.web.context import Viewer, WebContext


def figure_svg(variant: Variant) -> str | None:
    """The variant's SVG line drawing (our own renderer), or None when it has no pose."""
    from glutemed.catalog.loader import load_default_catalog
    from glutemed.illustrate.posebook import load_default_poses
    from glutemed.illustrate.svg import render_figure

    try:
        return render_figure(variant.id, load_default_poses(), load_default_catalog())
    except NotModelledError:
        return None


def compute_demand_for(
    variant: Variant,
    mass_kg: float,
    height_m: float,
    sex: str | None,
    *,
    external_kg: float | None = None,
    band: BandLevel | None = None,
) -> dict[str, Any]:
    """The load model's answer as plain values; raises NotModelledError when it has none."""
    from glutemed.biomech.anthropometrics import Person
    from glutemed.biomech.demand import compute_demand

    person = Person(mass_kg=mass_kg, height_m=height_m, sex=sex)
    demand = compute_demand(variant, person, external_kg=external_kg, band=band)
    return {
        "variant_id": variant.id,
        "moment_nm": demand.moment_nm,
        "moment_nm_per_kg": demand.moment_nm_per_kg,
        "abductor_force_bw": demand.abductor_force_bw,
        "moment_arm_m": demand.moment_arm_m,
        "peak_at": demand.peak_at,
        "contributions": dict(demand.contributions),
        "assumptions": list(demand.assumptions),
    }


def demand_view(variant: Variant, profile: Profile | None) -> dict[str, Any] | None:
    """The modelled demand for this person's body, or the model's reason for giving none."""
    if profile is None or profile.mass_kg is None or profile.height_m is None:
        return None
    try:
        values = compute_demand_for(variant, profile.mass_kg, profile.height_m, profile.sex)
    except GlutemedError as exc:
        return {"moment_nm": None, "reason": str(exc)}
    values["for_whom"] = f"{profile.mass_kg:g} kg, {profile.height_m:g} m"
    return values


def person_for_library(
    ctx: WebContext, viewer: Viewer, requested: int | None
) -> tuple[int | None, Profile | None]:
    """Whose body the library's demand figures are for: the requested person if allowed,
    else the viewer's own person."""
    from glutemed.web import people

    person_id = requested if requested is not None and viewer.can_access(requested) else None
    if person_id is None:
        person_id = people.default_person_id(ctx, viewer)
    if person_id is None:
        return None, None
    info = people.person_info(ctx, person_id)
    return person_id, (info.profile if info else None)
