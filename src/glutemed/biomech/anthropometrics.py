"""A person's body in numbers: segment masses, lengths and centre-of-mass positions.

Masses and centre-of-mass fractions come from Winter (2009) Table 4.1 (after Dempster);
lengths are fractions of body height after Drillis & Contini (1966). Both tables are the
standard published ones and are not sex-specific, so ``sex`` is recorded but changes no
number (see ``data/segments.yaml``). The greater trochanter stands in for the hip joint
centre, as in Winter's table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from glutemed.biomech.parameters import BodyParameters
from glutemed.errors import InputError
from glutemed.ranges import Bounds

MASS_KG = Bounds(
    ge=30.0, le=300.0, unit="kg",
    note="the load model's body-segment tables are adult data",
)
"""Body mass the load model accepts, and so the only body mass a profile accepts.

The segment masses and centre-of-mass fractions (Winter 2009, Table 4.1, after Dempster
1955) were measured on adult cadavers, and Drillis & Contini's lengths on adults, so the
model has no honest number for a child's body: 30 kg is the floor for a very light adult.
:class:`~glutemed.programming.models.Profile` takes its ``mass_kg`` bounds from here, so a
mass the planner accepts always reaches the load model (it used to accept 20-30 kg and then
quietly fall back to the catalogue's levels).
"""
HEIGHT_M = Bounds(ge=1.0, le=2.5, unit="m")
"""Height in metres the load model accepts (and so the profile): adults, in metres, not cm."""
SEXES = ("female", "male")
"""Recorded for the segment tables; the published tables used here are not sex-specific."""


@dataclass(frozen=True)
class Person:
    """Body mass, height and (optionally) sex: everything the load model needs of a person.

    Validated on construction so that no model ever runs on a height given in centimetres.
    """

    mass_kg: float
    height_m: float
    sex: str | None = None

    def __post_init__(self) -> None:
        _check_mass(self.mass_kg)
        _check_height(self.height_m)
        if self.sex is not None and self.sex not in SEXES:
            allowed = " or ".join(SEXES)
            raise InputError("sex", f"unknown '{self.sex}'; allowed: {allowed} (or leave it out)")


def _finite(field: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(field, f"must be a number, not {value!r}")
    return float(value)


def _check_mass(mass_kg: float) -> None:
    value = _finite("mass_kg", mass_kg)
    if not MASS_KG.contains(value):
        raise InputError("mass_kg", MASS_KG.message(value))


def _check_height(height_m: float) -> None:
    value = _finite("height_m", height_m)
    if not HEIGHT_M.contains(value):
        raise InputError("height_m", HEIGHT_M.message(value))


@dataclass(frozen=True)
class Body:
    """The segment numbers the family models use, for one person (SI units).

    Distances along the leg are measured from the hip (greater trochanter); trunk distances
    from the hip towards the shoulder. The single-limb stance numbers are Pauwels' (1965):
    body weight less the stance leg, its lever about the stance hip, and the abductors'
    moment arm, used as published (unscaled).
    """

    person: Person
    gravity_m_s2: float
    leg_mass_kg: float
    leg_com_m: float
    thigh_mass_kg: float
    thigh_com_m: float
    shank_foot_mass_kg: float
    hat_mass_kg: float
    hat_com_m: float
    hip_to_knee_m: float
    hip_to_ankle_m: float
    hip_to_floor_m: float
    hip_to_shoulder_m: float
    hand_from_midline_m: float
    half_hip_distance_m: float
    stance_partial_weight_n: float
    stance_lever_m: float
    abductor_moment_arm_m: float

    @property
    def weight_n(self) -> float:
        """Body weight in newtons with the data file's gravity."""
        return self.person.mass_kg * self.gravity_m_s2

    def site_along_leg_m(self, site: str) -> float:
        """Distance from the hip, along the leg, of a load site (knees, ankles, feet, thigh).

        A weight 'at the thigh' rests just above the knee and is taken to act at the knee.
        """
        return {
            "thigh": self.hip_to_knee_m,
            "knees": self.hip_to_knee_m,
            "ankles": self.hip_to_ankle_m,
            "feet": self.hip_to_floor_m,
        }[site]


def body_of(person: Person, params: BodyParameters) -> Body:
    """Segment masses, lengths and centre-of-mass positions for ``person``."""
    mass = person.mass_kg
    height = person.height_m
    seg = params.segments
    mark = {name: lm.height_fraction * height for name, lm in params.landmarks.items()}
    hip_to_knee = mark["hip"] - mark["knee"]
    hip_to_ankle = mark["hip"] - mark["ankle"]
    hip_to_shoulder = mark["shoulder"] - mark["hip"]
    return Body(
        person=person,
        gravity_m_s2=params.gravity_m_s2,
        leg_mass_kg=seg["total_leg"].mass_fraction * mass,
        leg_com_m=seg["total_leg"].com_from_proximal * hip_to_ankle,
        thigh_mass_kg=seg["thigh"].mass_fraction * mass,
        thigh_com_m=seg["thigh"].com_from_proximal * hip_to_knee,
        shank_foot_mass_kg=seg["shank_foot"].mass_fraction * mass,
        hat_mass_kg=seg["hat"].mass_fraction * mass,
        hat_com_m=seg["hat"].com_from_proximal * hip_to_shoulder,
        hip_to_knee_m=hip_to_knee,
        hip_to_ankle_m=hip_to_ankle,
        hip_to_floor_m=mark["hip"],
        hip_to_shoulder_m=hip_to_shoulder,
        hand_from_midline_m=params.widths["shoulder"].fraction * height / 2,
        half_hip_distance_m=params.pauwels.hip_joint_distance_m / 2,
        stance_partial_weight_n=params.pauwels.partial_body_weight_fraction
        * mass
        * params.gravity_m_s2,
        stance_lever_m=params.pauwels.partial_body_weight_lever_m,
        abductor_moment_arm_m=params.pauwels.abductor_moment_arm_m,
    )
