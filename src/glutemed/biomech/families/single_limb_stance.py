"""Single-limb stance (Pauwels 1965), and the lifts that stand on one leg.

Model (static, frontal plane, standing on one leg with the pelvis level):

* the body less the stance leg (0.814 BW) acts 10.99 cm medial to the stance hip, and the
  abductors balance it at a 4.0 cm moment arm (Pauwels' figures, used unscaled);
* a load carried in the hand **opposite** the stance hip hangs below the shoulder, half of
  Drillis & Contini's shoulder width (0.259 H) from the midline, so its lever is that plus
  half the hip-joint distance (8.5 cm): it raises the demand (Neumann 1996);
* a load in the **same-side** hand hangs lateral to the stance hip, so its lever is negative
  and it lowers the demand (Neumann 1996);
* a load at the midline (belt, bar on the back, weight held at the chest) acts at half the
  hip-joint distance;
* a stated horizontal push of the free knee into a wall is carried by floor friction under
  the standing foot, which then acts at hip height below the stance hip.

Used for single-limb stance, marching (each standing phase), single-leg squat, single-leg
deadlift and the single-limb phase of the reverse lunge; their sagittal-plane demands are
not seen by this frontal-plane model.
"""

from __future__ import annotations

from collections.abc import Sequence

from glutemed.biomech.anthropometrics import Body
from glutemed.biomech.families.common import ExternalLoad, HipMoment, ModelResult

ASSUMPTIONS = [
    "Single-limb stance after Pauwels (1965): body less the stance leg (0.814 BW) acting "
    "10.99 cm medial to the stance hip; lever arms used as published, not scaled to height.",
    "A hand-held load hangs below the shoulder, half the shoulder width (0.259 H, Drillis & "
    "Contini) from the midline; a belt, bar or chest-held load acts at the midline.",
    "Pelvis level and trunk upright; a trunk lean towards the stance side would shorten "
    "the lever and is not modelled.",
]
BODY_LABEL = "body weight less the stance leg (Pauwels)"


def lateral_lever_m(body: Body, site: str) -> float:
    """Signed lever of a load about the stance hip: positive adds to the adduction moment."""
    if site == "opposite-hand":
        return body.half_hip_distance_m + body.hand_from_midline_m
    if site == "same-hand":
        return body.half_hip_distance_m - body.hand_from_midline_m
    if site in ("both-hands", "back", "belt"):
        return body.half_hip_distance_m
    if site == "free-knee":
        return body.hip_to_floor_m
    raise ValueError(f"no single-limb stance lever for load site {site!r}")


def stance_contributions(body: Body, loads: Sequence[ExternalLoad]) -> dict[str, float]:
    """Each contribution to the stance hip's external adduction moment, N·m."""
    out = {BODY_LABEL: body.stance_partial_weight_n * body.stance_lever_m}
    for load in loads:
        out[load.label] = load.force_n * lateral_lever_m(body, load.site)
    return out


def single_limb_stance(body: Body, loads: Sequence[ExternalLoad]) -> ModelResult:
    """The standing hip's peak external adduction moment in single-limb support."""
    contributions = stance_contributions(body, loads)
    hip = HipMoment(
        "standing hip",
        sum(contributions.values()),
        contributions,
        "standing hip, single-limb support with the pelvis level",
    )
    extra = []
    if any(load.site == "free-knee" for load in loads):
        extra.append(
            "The stated wall push is resisted by floor friction under the standing foot, "
            "which acts at hip height below the standing hip."
        )
    return ModelResult([hip], [*ASSUMPTIONS, *extra])
