"""Side-lying hip abduction: the top leg lifted against gravity, with optional loads.

Model (static, frontal plane, which is vertical when lying on the side):

* the whole lower limb is one straight segment pivoting at the hip (greater trochanter),
  mass 0.161 BW, centre of mass 0.447 of hip-ankle length (Winter 2009);
* at abduction angle θ (0° = leg horizontal, in line with the trunk) gravity's moment is
  ``m·g·d·cos θ``; a cuff or a weight resting on the leg adds ``m·g·r·cos θ`` at its site;
* a loop band between the knees pulls the top knee towards the bottom one with the chart
  tension at the assumed stretch, perpendicular to the thigh: ``T·r_knee`` at every angle;
* the peak is searched over the variant's range (the bench variant starts in adduction), or
  taken at the hold angle for an isometric hold; work per rep integrates moment over angle.
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

ASSUMPTIONS = [
    "Side-lying: the top leg is one straight segment pivoting at the hip (greater trochanter).",
    "Gravity's moment falls with the cosine of the abduction angle (0° = leg horizontal).",
]
BAND_ASSUMPTION = (
    "A band between the knees pulls perpendicular to the thigh with constant tension."
)


def _contributions(body: Body, loads: Sequence[ExternalLoad], angle: float) -> dict[str, float]:
    cos_a = math.cos(math.radians(angle))
    leg_weight = body.leg_mass_kg * body.gravity_m_s2
    out = {"top leg (own weight)": leg_weight * body.leg_com_m * cos_a}
    for load in loads:
        lever = body.site_along_leg_m(load.site)
        factor = 1.0 if load.kind == "band" else cos_a
        out[load.label] = load.force_n * lever * factor
    return out


def side_lying_abduction(
    body: Body,
    loads: Sequence[ExternalLoad],
    *,
    range_deg: tuple[float, float] | None = None,
    hold_deg: float | None = None,
) -> ModelResult:
    """Peak external moment on the top hip through the range (or at the hold angle)."""
    assumptions = list(ASSUMPTIONS)
    if any(load.kind == "band" for load in loads):
        assumptions.append(BAND_ASSUMPTION)
    if hold_deg is not None:
        contributions = _contributions(body, loads, hold_deg)
        peak = f"top (moving) hip, held at {hold_deg:g}° abduction"
        hip = HipMoment("top (moving) hip", sum(contributions.values()), contributions, peak)
        return ModelResult([hip], [*assumptions, f"Isometric hold at {hold_deg:g}°."])
    start, end = range_deg if range_deg is not None else (0.0, 45.0)
    angle, contributions, work = peak_over_range(
        angles_deg(start, end), lambda a: _contributions(body, loads, a)
    )
    peak = f"top (moving) hip at {angle:g}° abduction (range {start:g}° to {end:g}°)"
    hip = HipMoment("top (moving) hip", sum(contributions.values()), contributions, peak)
    note = f"Range {start:g}° to {end:g}° abduction, peak searched in 5° steps (< 0.1 % error)."
    return ModelResult([hip], [*assumptions, note], work_j_per_rep=work)
