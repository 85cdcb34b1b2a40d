"""A simple 2-D human figure positioned by joint angles (forward kinematics from the pelvis).

Why our own stick figure: the open exercise databases have no pictures for the gluteus medius
staples, and a figure computed from joint angles is reviewable data (a physiotherapist can
read ``l_hip: 35`` in ``poses.yaml``) instead of an opaque drawing.

Geometry, in units of body height H (the renderer scales it):

* Segment lengths are Drillis & Contini's fractions of H as drawn in Winter 2009, Fig. 4.1
  (docs/evidence.md): thigh 0.245, shank 0.246, foot 0.152, upper arm 0.186, forearm 0.146,
  hand 0.108, trunk hip-joint → shoulder 0.818 − 0.530 = 0.288, head 0.130.
* Every segment has an absolute angle measured from straight down, positive towards +x
  (so a segment at ``a`` degrees ends at ``(L sin a, −L cos a)`` from its start; y is up).
* Joint angles are anatomical and 0 in upright standing. In ``side`` view the figure faces
  +x: hip and shoulder flexion are positive, knee flexion bends the shank back, ankle
  dorsiflexion lifts the toes. In ``front`` view the figure faces the viewer, its left side
  (``l_``) at +x: hip and shoulder abduction are positive on both sides (mirrored for ``r_``).
* ``tilt`` turns the whole trunk–pelvis block (0 upright, +90 lying with the head at +x in
  side view, or leaning onto the left side in front view); limbs hang off it.
* ``*_out`` angles tip a segment out of the drawing plane: it is drawn foreshortened by
  ``cos(out)`` (a hip flexed towards the viewer in front view looks shorter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# --- Drillis & Contini segment fractions of body height (docs/evidence.md) ----------------
THIGH_H = 0.245
SHANK_H = 0.246
FOOT_H = 0.152
FOOT_BREADTH_H = 0.055
ANKLE_HEIGHT_H = 0.039
UPPER_ARM_H = 0.186
FOREARM_H = 0.146
HAND_H = 0.108
TRUNK_H = 0.818 - 0.530  # hip joint to shoulder (glenohumeral) height
NECK_H = 0.870 - 0.818  # shoulder to chin
HEAD_H = 0.130
HIP_WIDTH_H = 0.191
SHOULDER_WIDTH_H = 0.259
# Joint centres sit inside the body outline. Assumption for drawing only (not from §3b): hip
# joint centres at about half the hip breadth apart, shoulder joints at about 85 % of the
# shoulder width apart.
HIP_JOINT_HALF_H = HIP_WIDTH_H * 0.5 / 2
SHOULDER_JOINT_HALF_H = SHOULDER_WIDTH_H * 0.85 / 2
HEEL_BEHIND_ANKLE_H = 0.040  # the rest of the foot length lies in front of the ankle

SIDES = ("l", "r")
LIMB_SEGMENTS = ("thigh", "shank", "foot", "upper_arm", "forearm", "hand")
SEGMENTS: tuple[str, ...] = (
    "trunk",
    "neck",
    *(f"{side}_{seg}" for side in SIDES for seg in LIMB_SEGMENTS),
)
#: Each segment's (proximal point, distal point).
SEGMENT_ENDS: dict[str, tuple[str, str]] = {"trunk": ("pelvis", "neck"), "neck": ("neck", "chin")}
for _side in SIDES:
    SEGMENT_ENDS.update(
        {
            f"{_side}_thigh": (f"{_side}_hip", f"{_side}_knee"),
            f"{_side}_shank": (f"{_side}_knee", f"{_side}_ankle"),
            f"{_side}_foot": (f"{_side}_heel", f"{_side}_toe"),
            f"{_side}_upper_arm": (f"{_side}_shoulder", f"{_side}_elbow"),
            f"{_side}_forearm": (f"{_side}_elbow", f"{_side}_wrist"),
            f"{_side}_hand": (f"{_side}_wrist", f"{_side}_fingers"),
        }
    )
POINTS: tuple[str, ...] = tuple(
    dict.fromkeys(["head", "pelvis", *(p for ends in SEGMENT_ENDS.values() for p in ends)])
)

Point = tuple[float, float]


class View(StrEnum):
    """The drawing plane: sagittal (``side``) or frontal (``front``)."""

    SIDE = "side"
    FRONT = "front"


class Angles(BaseModel):
    """Joint angles in degrees; every one is 0 in upright standing (see module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tilt: float = Field(default=0.0, ge=-180, le=180)
    neck: float = Field(default=0.0, ge=-90, le=90)
    l_hip: float = Field(default=0.0, ge=-180, le=180)
    r_hip: float = Field(default=0.0, ge=-180, le=180)
    l_knee: float = Field(default=0.0, ge=-160, le=160)
    r_knee: float = Field(default=0.0, ge=-160, le=160)
    l_ankle: float = Field(default=0.0, ge=-90, le=90)
    r_ankle: float = Field(default=0.0, ge=-90, le=90)
    l_shoulder: float = Field(default=0.0, ge=-180, le=180)
    r_shoulder: float = Field(default=0.0, ge=-180, le=180)
    l_elbow: float = Field(default=0.0, ge=-160, le=160)
    r_elbow: float = Field(default=0.0, ge=-160, le=160)
    l_wrist: float = Field(default=0.0, ge=-90, le=90)
    r_wrist: float = Field(default=0.0, ge=-90, le=90)
    l_thigh_out: float = Field(default=0.0, ge=-90, le=90)
    r_thigh_out: float = Field(default=0.0, ge=-90, le=90)
    l_shank_out: float = Field(default=0.0, ge=-90, le=90)
    r_shank_out: float = Field(default=0.0, ge=-90, le=90)
    l_upper_arm_out: float = Field(default=0.0, ge=-90, le=90)
    r_upper_arm_out: float = Field(default=0.0, ge=-90, le=90)
    l_forearm_out: float = Field(default=0.0, ge=-90, le=90)
    r_forearm_out: float = Field(default=0.0, ge=-90, le=90)

    def get(self, name: str) -> float:
        """One angle by its YAML name."""
        return float(getattr(self, name))


@dataclass(frozen=True)
class Skeleton:
    """Joint positions of one posed figure, in units of body height, y up."""

    view: View
    points: dict[str, Point]
    angles_deg: dict[str, float]  # absolute direction of each segment, from straight down

    def point(self, name: str) -> Point:
        """A joint (``l_knee``) or a point part-way along a segment (``l_shank@0.8``)."""
        if "@" in name:
            segment, _, fraction = name.partition("@")
            start, end = (self.points[p] for p in SEGMENT_ENDS[segment])
            t = float(fraction)
            return (start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t)
        return self.points[name]

    def moved(self, dx: float, dy: float) -> Skeleton:
        """The same figure translated by (dx, dy)."""
        points = {name: (x + dx, y + dy) for name, (x, y) in self.points.items()}
        return Skeleton(self.view, points, self.angles_deg)


def direction(angle_deg: float) -> Point:
    """Unit vector of a segment at ``angle_deg`` from straight down, positive towards +x."""
    rad = math.radians(angle_deg)
    return (math.sin(rad), -math.cos(rad))


def _step(start: Point, angle_deg: float, length: float, out_deg: float = 0.0) -> Point:
    """The far end of a segment, foreshortened by ``cos(out_deg)`` when tipped out of plane."""
    ux, uy = direction(angle_deg)
    drawn = length * math.cos(math.radians(out_deg))
    return (start[0] + ux * drawn, start[1] + uy * drawn)


def forward_kinematics(angles: Angles, view: View, *, height: float = 1.0) -> Skeleton:
    """Place every joint from the pelvis (at the origin) outwards along the segment chain."""
    h = height
    trunk = 180.0 - angles.tilt  # the trunk points up when tilt is 0
    points: dict[str, Point] = {"pelvis": (0.0, 0.0)}
    absolute: dict[str, float] = {"trunk": trunk}
    points["neck"] = _step(points["pelvis"], trunk, TRUNK_H * h)
    neck = trunk - angles.neck
    absolute["neck"] = neck
    points["chin"] = _step(points["neck"], neck, NECK_H * h)
    points["head"] = _step(points["chin"], neck, HEAD_H * h / 2)
    for side in SIDES:
        _place_limbs(side, angles, view, h, points, absolute)
    return Skeleton(view, points, absolute)


def _place_limbs(
    side: str,
    angles: Angles,
    view: View,
    h: float,
    points: dict[str, Point],
    absolute: dict[str, float],
) -> None:
    """Legs and arms of one side, each segment relative to its parent."""
    a = angles.get
    base = absolute["trunk"] - 180.0  # a limb hanging straight along the trunk
    if view is View.FRONT:
        sign = 1.0 if side == "l" else -1.0  # abduction always moves a limb away from the body
        lateral = absolute["trunk"] - 90.0 * sign  # pointing out of this side of the body
        hip = _step(points["pelvis"], lateral, HIP_JOINT_HALF_H * h)
        shoulder = _step(points["neck"], lateral, SHOULDER_JOINT_HALF_H * h)
        knee_sign, foot_turn = sign, 90.0 * sign
    else:
        sign = 1.0
        hip, shoulder = points["pelvis"], points["neck"]
        knee_sign, foot_turn = -1.0, 90.0
    thigh = base + sign * a(f"{side}_hip")
    shank = thigh + knee_sign * a(f"{side}_knee")
    foot = shank + foot_turn + sign * a(f"{side}_ankle")
    upper = base + sign * a(f"{side}_shoulder")
    forearm = upper + sign * a(f"{side}_elbow")
    hand = forearm + sign * a(f"{side}_wrist")
    points[f"{side}_hip"] = hip
    points[f"{side}_knee"] = _step(hip, thigh, THIGH_H * h, a(f"{side}_thigh_out"))
    points[f"{side}_ankle"] = _step(
        points[f"{side}_knee"], shank, SHANK_H * h, a(f"{side}_shank_out")
    )
    _place_foot(side, foot, foot_turn, view, h, points)
    points[f"{side}_shoulder"] = shoulder
    points[f"{side}_elbow"] = _step(shoulder, upper, UPPER_ARM_H * h, a(f"{side}_upper_arm_out"))
    points[f"{side}_wrist"] = _step(
        points[f"{side}_elbow"], forearm, FOREARM_H * h, a(f"{side}_forearm_out")
    )
    points[f"{side}_fingers"] = _step(points[f"{side}_wrist"], hand, HAND_H * h)
    absolute.update(
        {
            f"{side}_thigh": thigh,
            f"{side}_shank": shank,
            f"{side}_foot": foot,
            f"{side}_upper_arm": upper,
            f"{side}_forearm": forearm,
            f"{side}_hand": hand,
        }
    )


def _place_foot(
    side: str, foot_deg: float, turn_deg: float, view: View, h: float, points: dict[str, Point]
) -> None:
    """Heel and toe: the sole runs along ``foot_deg``, an ankle height below the ankle.

    Seen from the front a foot points at the viewer, so it shows as a bar its breadth wide.
    """
    ankle = points[f"{side}_ankle"]
    sole = _step(ankle, foot_deg - turn_deg, ANKLE_HEIGHT_H * h)  # straight below the ankle
    if view is View.SIDE:
        points[f"{side}_heel"] = _step(sole, foot_deg, -HEEL_BEHIND_ANKLE_H * h)
        points[f"{side}_toe"] = _step(sole, foot_deg, (FOOT_H - HEEL_BEHIND_ANKLE_H) * h)
    else:
        half = FOOT_BREADTH_H / 2 * h  # seen from the front a foot shows its breadth
        points[f"{side}_heel"] = _step(sole, foot_deg, -half)
        points[f"{side}_toe"] = _step(sole, foot_deg, half)
