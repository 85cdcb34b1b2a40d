"""Banded side step: a loop band at the knees, ankles or feet, moving and trailing leg.

Model (static, frontal plane, the single-support instant of a step):

* the band's tension is the chart value for its colour at the assumed stretch, times the
  calibration factor; the same stretch is assumed wherever the band sits (in practice a
  band lower on the leg is stretched further for the same step, so the model understates
  the rise from knees to ankles to feet rather than inventing it);
* the band pulls the two legs together horizontally at its site: knees 0.245 H, ankles
  0.491 H, feet 0.530 H below the hip (Drillis & Contini), times ``cos φ`` for a leg
  abducted by the step angle φ;
* moving hip: that pull plus the moving leg's own weight (``m·g·d·sin φ``);
* standing (trailing) hip: Pauwels' single-limb stance moment plus the same pull and the
  moving leg's outward shift. It is always the harder-working hip here.
"""

from __future__ import annotations

from collections.abc import Sequence

from glutemed.biomech.anthropometrics import Body
from glutemed.biomech.families.common import ExternalLoad, HipMoment, ModelResult
from glutemed.biomech.families.single_limb_stance import BODY_LABEL
from glutemed.biomech.families.standing_abduction import leg_and_pull

ASSUMPTIONS = [
    "Banded side step: single-support instant, moving leg abducted by the step angle, band "
    "pulling the legs together horizontally at its site.",
    "The same band stretch is assumed at knees, ankles and feet (conservative: lower on the "
    "leg the band is usually stretched further).",
]


def banded_side_step(
    body: Body, loads: Sequence[ExternalLoad], *, step_deg: float
) -> ModelResult:
    """Moments at the trailing (standing) and moving hip at the single-support instant."""
    moving = leg_and_pull(body, loads, step_deg)
    standing = {BODY_LABEL: body.stance_partial_weight_n * body.stance_lever_m, **moving}
    hips = [
        HipMoment(
            "standing (trailing) hip",
            sum(standing.values()),
            standing,
            f"standing (trailing) hip in single support, moving leg at {step_deg:g}°",
        ),
        HipMoment(
            "moving (leading) hip",
            sum(moving.values()),
            moving,
            f"moving (leading) hip at {step_deg:g}° abduction",
        ),
    ]
    note = f"Step angle {step_deg:g}° abduction of the moving leg (assumed typical width)."
    return ModelResult(hips, [*ASSUMPTIONS, note])
