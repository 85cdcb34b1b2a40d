"""Side plank and short side plank: a rigid body between the forearm and the feet or knees.

Model (static, the body's frontal plane is vertical when on the side):

* positions are measured along the body's long axis from the hips (positive towards the
  feet); the forearm support sits under the shoulder (0.288 H towards the head) and the
  other support at the side of the knees (0.245 H, short plank, knees bent to 90° so the
  shanks and feet lie behind the knees) or of the bottom foot (0.491 H, full plank);
* the support reactions follow from the whole body's equilibrium; the **bottom hip's**
  abductors must hold the moment of the support reaction and the bottom leg's weight about
  the bottom hip (the pelvis would otherwise sag towards the floor);
* with the legs stacked, the top leg rests on the bottom one and is part of that free body;
  with the top leg lifted (abducted by θ, straight), its weight hangs on the pelvis instead,
  which raises the bottom hip's moment, and the top hip lifts it like side-lying abduction;
* a cuff on the top ankle is carried by the top leg; a loop band at the knees pulls the two
  knees together and adds ``T·r_knee`` to both hips (internal to the body, it leaves the
  support reactions unchanged);
* the body is taken as horizontal (its small incline is ignored).
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
    "Side plank: a rigid horizontal body between the forearm (under the shoulder) and the "
    "knees or the bottom foot; the bottom hip's abductors hold the pelvis up.",
    "A lifted top leg is straight and hangs its weight on the pelvis; a band at the knees "
    "adds its tension times the hip-knee length to both hips.",
    "The whole moment at the hips is given to the bottom hip's abductors (with the legs "
    "stacked, the top hip's muscles may share some of it), so this is an upper bound.",
]

# A mass's position along the body axis, and whether it belongs to the bottom hip's free body.
Mass = tuple[str, float, float, bool]  # (label, weight_n, x_m, distal)


def _leg_masses(body: Body, label: str, support: str, distal: bool) -> list[Mass]:
    g = body.gravity_m_s2
    if support == "knees":
        return [
            (label, body.thigh_mass_kg * g, body.thigh_com_m, distal),
            (label, body.shank_foot_mass_kg * g, body.hip_to_knee_m, distal),
        ]
    return [(label, body.leg_mass_kg * g, body.leg_com_m, distal)]


def _bottom_hip(
    body: Body, loads: Sequence[ExternalLoad], support: str, top_angle: float | None
) -> dict[str, float]:
    g = body.gravity_m_s2
    x_elbow = -body.hip_to_shoulder_m
    x_support = body.hip_to_knee_m if support == "knees" else body.hip_to_ankle_m
    hat = body.hat_mass_kg * g
    masses: list[Mass] = [("upper body (head, arms, trunk)", hat, -body.hat_com_m, False)]
    masses += _leg_masses(body, "bottom leg", support, True)
    bands = [load for load in loads if load.kind == "band"]
    if top_angle is None:
        masses += _leg_masses(body, "top leg", support, True)
    else:
        cos_t = math.cos(math.radians(top_angle))
        masses.append(("top leg (lifted)", body.leg_mass_kg * g, body.leg_com_m * cos_t, False))
        for load in loads:
            if load.kind != "band":
                x = body.site_along_leg_m(load.site) * cos_t
                masses.append((load.label, load.force_n, x, False))
    out: dict[str, float] = {}
    span = x_support - x_elbow
    for label, weight, x, distal in masses:
        share = weight * (x - x_elbow) / span * x_support - (weight * x if distal else 0.0)
        out[label] = out.get(label, 0.0) + share
    for band in bands:
        out[band.label] = band.force_n * body.site_along_leg_m(band.site)
    return out


def _top_hip(body: Body, loads: Sequence[ExternalLoad], angle: float) -> dict[str, float]:
    cos_t = math.cos(math.radians(angle))
    out = {"top leg (own weight)": body.leg_mass_kg * body.gravity_m_s2 * body.leg_com_m * cos_t}
    for load in loads:
        factor = 1.0 if load.kind == "band" else cos_t
        out[load.label] = load.force_n * body.site_along_leg_m(load.site) * factor
    return out


def side_plank(
    body: Body,
    loads: Sequence[ExternalLoad],
    *,
    support: str,
    top_leg_range_deg: tuple[float, float] | None = None,
) -> ModelResult:
    """Bottom-hip (and, with a lifted top leg, top-hip) peak moments."""
    where = "the knees" if support == "knees" else "the bottom foot"
    if top_leg_range_deg is None:
        bottom = _bottom_hip(body, loads, support, None)
        hip = HipMoment(
            "bottom (supporting) hip",
            sum(bottom.values()),
            bottom,
            f"bottom (supporting) hip, legs stacked, held between forearm and {where}",
        )
        return ModelResult([hip], list(ASSUMPTIONS))
    start, end = top_leg_range_deg
    angles = angles_deg(start, end)
    b_angle, bottom, _ = peak_over_range(angles, lambda a: _bottom_hip(body, loads, support, a))
    t_angle, top, work = peak_over_range(angles, lambda a: _top_hip(body, loads, a))
    hips = [
        HipMoment(
            "bottom (supporting) hip",
            sum(bottom.values()),
            bottom,
            f"bottom (supporting) hip with the top leg at {b_angle:g}°",
        ),
        HipMoment("top (moving) hip", sum(top.values()), top, f"top (moving) hip at {t_angle:g}°"),
    ]
    note = f"Top leg lifted through {start:g}° to {end:g}° abduction; support at {where}."
    return ModelResult(hips, [*ASSUMPTIONS, note], work_j_per_rep=work)
