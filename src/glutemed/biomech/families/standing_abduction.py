"""Standing hip abduction against a band or cable at the ankle: moving and standing hip.

Model (static, frontal plane, upright on one leg):

* the moving leg is one straight segment abducted by φ; the band or cable pulls
  horizontally at the ankle towards the standing side, so its lever about the moving hip is
  ``r_ankle·cos φ``; the leg's own weight adds ``m·g·d·sin φ``;
* the standing hip carries Pauwels' single-limb stance moment, plus the same horizontal
  pull (applied below the hip to the rest of the body: ``T·r_ankle·cos φ``), plus the
  moving leg's weight moving further out (``m·g·d·sin φ``);
* a band's tension is the chart value at the assumed stretch (the end of the range); a
  cable's is the stack weight. The hand support some people use is assumed to carry nothing.

The standing hip always works harder than the moving hip in this model, in line with the
higher stance-leg EMG reported for unilateral standing abduction (a conference abstract;
docs/evidence.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from glutemed.biomech.anthropometrics import Body
from glutemed.biomech.families.common import (
    ExternalLoad,
    HipMoment,
    ModelResult,
    angles_deg,
    peak_over_range,
)
from glutemed.biomech.families.single_limb_stance import BODY_LABEL

ASSUMPTIONS = [
    "Standing abduction: the moving leg is straight; the band or cable pulls horizontally at "
    "the ankle towards the standing side.",
    "The standing hip carries Pauwels' single-limb stance moment plus the pull and the "
    "moving leg's outward shift; no weight is taken through a supporting hand.",
]


def leg_and_pull(
    body: Body, loads: Sequence[ExternalLoad], angle: float
) -> dict[str, float]:
    """Moving leg's own weight and each horizontal pull, as moments about either hip."""
    rad = math.radians(angle)
    leg_weight = body.leg_mass_kg * body.gravity_m_s2
    out = {"moving leg (own weight)": leg_weight * body.leg_com_m * math.sin(rad)}
    for load in loads:
        out[load.label] = load.force_n * body.site_along_leg_m(load.site) * math.cos(rad)
    return out


def standing_abduction(
    body: Body, loads: Sequence[ExternalLoad], *, range_deg: tuple[float, float]
) -> ModelResult:
    """Peak moments at the moving and the standing hip over the abduction range."""
    start, end = range_deg
    angles = angles_deg(start, end)
    angle, moving, work = peak_over_range(angles, lambda a: leg_and_pull(body, loads, a))
    moving_hip = HipMoment(
        "moving hip", sum(moving.values()), moving, f"moving hip at {angle:g}° abduction"
    )

    def stance(a: float) -> dict[str, float]:
        body_part = {BODY_LABEL: body.stance_partial_weight_n * body.stance_lever_m}
        return {**body_part, **leg_and_pull(body, loads, a)}

    s_angle, standing, _ = peak_over_range(angles, stance)
    standing_hip = HipMoment(
        "standing hip",
        sum(standing.values()),
        standing,
        f"standing hip with the moving leg at {s_angle:g}° abduction",
    )
    note = f"Range {start:g}° to {end:g}° abduction of the moving leg."
    return ModelResult([standing_hip, moving_hip], [*ASSUMPTIONS, note], work_j_per_rep=work)
