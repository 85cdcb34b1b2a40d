"""Hip abduction strength from a hand-held dynamometer: force and lever arm to torque.

The dynamometer reads a force at its pad; the hip abductors' torque is that force times the
lever arm, the distance from the hip to the pad. The lever arm is best measured with a tape
(greater trochanter to the middle of the pad); when it was not, it is estimated from the
load model's segment lengths (:mod:`glutemed.biomech.anthropometrics`: Drillis & Contini's
fractions of height, with the greater trochanter as the hip centre), for a pad placed at the
knee (just above the lateral knee joint line) or at the ankle (just above the lateral
malleolus). The estimate runs to the joint line itself, so a pad a few centimetres above it
gives a slightly shorter true lever: measure it when the number matters.

A dynamometer showing "kg" shows kilogram-force, converted with standard gravity
(1 kgf = 9.80665 N, a definition, not a measurement).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from glutemed.biomech.anthropometrics import Body, Person, body_of
from glutemed.biomech.parameters import BodyParameters

STANDARD_GRAVITY_M_S2 = 9.80665
"""Newtons per kilogram-force, by definition (CGPM 1901)."""

PadSite = Literal["knee", "ankle"]
ForceUnit = Literal["N", "kg"]


def force_n(force: float, unit: ForceUnit) -> float:
    """A dynamometer reading in newtons (a "kg" reading is kilogram-force)."""
    return force * STANDARD_GRAVITY_M_S2 if unit == "kg" else force


def estimated_lever_arm_m(
    pad_at: PadSite, mass_kg: float, height_m: float, params: BodyParameters | None = None
) -> float:
    """Hip (greater trochanter) to the knee or ankle joint line, from the segment table.

    For 1.75 m: knee 0.245 x 1.75 = 0.429 m; ankle 0.491 x 1.75 = 0.859 m.
    """
    body = _body(mass_kg, height_m, params)
    return body.hip_to_knee_m if pad_at == "knee" else body.hip_to_ankle_m


def _body(mass_kg: float, height_m: float, params: BodyParameters | None) -> Body:
    if params is None:
        from glutemed.biomech.loader import load_default_body_parameters

        params = load_default_body_parameters()
    return body_of(Person(mass_kg=mass_kg, height_m=height_m), params)


@dataclass(frozen=True)
class SideStrength:
    """One side's result."""

    force_n: float
    torque_nm: float
    torque_nm_per_kg: float | None


def side_strength(
    force: float, unit: ForceUnit, lever_arm_m: float, mass_kg: float | None
) -> SideStrength:
    """Torque (N·m) and, with a body mass, torque per kg (N·m/kg) for one side."""
    newtons = force_n(force, unit)
    torque = newtons * lever_arm_m
    per_kg = None if mass_kg is None else torque / mass_kg
    return SideStrength(force_n=newtons, torque_nm=torque, torque_nm_per_kg=per_kg)


def symmetry_index_pct(left: float, right: float) -> float | None:
    """The weaker side as a percentage of the stronger (100 = equal); None if both are 0.

    Defined on the weaker/stronger ratio rather than left/right so that it reads the same
    whichever side is painful, and never exceeds 100.
    """
    stronger = max(left, right)
    if stronger <= 0:
        return None
    return 100.0 * (min(left, right) / stronger)  # the ratio first: never above 100


def resolve_lever_arm(
    lever_arm_m: float | None,
    pad_at: PadSite | None,
    mass_kg: float | None,
    height_m: float | None,
    params: BodyParameters | None = None,
) -> tuple[float, PadSite | None]:
    """The lever arm to use and, when it was estimated, the pad site it was estimated for.

    A measured lever arm wins. Without one, the pad site and the person's mass and height
    (from the profile) give the estimate; with neither, the field is named.
    """
    from glutemed.errors import InputError

    if lever_arm_m is not None:
        return lever_arm_m, None
    if pad_at is None:
        raise InputError(
            "lever_arm_m", "give the measured lever arm in metres, or where the pad sat "
            "(pad_at: knee or ankle) to estimate it"
        )
    if mass_kg is None or height_m is None:
        raise InputError(
            "lever_arm_m", "the estimate needs body mass and height in the profile; "
            "measure the lever arm (hip to pad, in metres) instead"
        )
    return estimated_lever_arm_m(pad_at, mass_kg, height_m, params), pad_at
