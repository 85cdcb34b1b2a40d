"""Forward kinematics of the stick figure, checked against hand calculations.

Segment lengths are Drillis & Contini's fractions of body height as drawn in Winter 2009,
Fig. 4.1 (docs/evidence.md, body segments); the angle convention is the module docstring's.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutemed.illustrate.poses import (
    ANKLE_HEIGHT_H,
    SEGMENT_ENDS,
    SHANK_H,
    THIGH_H,
    TRUNK_H,
    UPPER_ARM_H,
    Angles,
    View,
    forward_kinematics,
)


def _offset(view: View, angles: Angles, a: str, b: str) -> tuple[float, float]:
    body = forward_kinematics(angles, view)
    (ax, ay), (bx, by) = body.point(a), body.point(b)
    return bx - ax, by - ay


def test_thigh_abducted_30_puts_the_knee_at_l_sin30_minus_l_cos30_from_the_hip() -> None:
    dx, dy = _offset(View.FRONT, Angles(l_hip=30), "l_hip", "l_knee")
    assert dx == pytest.approx(THIGH_H * math.sin(math.radians(30)))
    assert dy == pytest.approx(-THIGH_H * math.cos(math.radians(30)))


def test_right_leg_abduction_is_mirrored_in_front_view() -> None:
    dx, dy = _offset(View.FRONT, Angles(r_hip=30), "r_hip", "r_knee")
    assert dx == pytest.approx(-THIGH_H * 0.5)
    assert dy == pytest.approx(-THIGH_H * math.cos(math.radians(30)))


def test_hip_flexed_90_in_side_view_points_the_thigh_forward() -> None:
    dx, dy = _offset(View.SIDE, Angles(r_hip=90), "r_hip", "r_knee")
    assert (dx, dy) == pytest.approx((THIGH_H, 0.0), abs=1e-12)


def test_knee_flexed_90_under_a_vertical_thigh_points_the_shank_backward() -> None:
    dx, dy = _offset(View.SIDE, Angles(r_knee=90), "r_knee", "r_ankle")
    assert (dx, dy) == pytest.approx((-SHANK_H, 0.0), abs=1e-12)


def test_trunk_tilt_carries_the_limbs_with_it() -> None:
    """A forward lean of 90 with the hip flexed 90 leaves the thigh vertical (a hinge)."""
    dx, dy = _offset(View.SIDE, Angles(tilt=90, r_hip=90), "r_hip", "r_knee")
    assert (dx, dy) == pytest.approx((0.0, -THIGH_H), abs=1e-12)
    tx, ty = _offset(View.SIDE, Angles(tilt=90), "pelvis", "neck")
    assert (tx, ty) == pytest.approx((TRUNK_H, 0.0), abs=1e-12)


def test_standing_shoulder_height_matches_winter_landmark_0_818() -> None:
    """Winter 2009 Fig. 4.1: shoulder at 0.818 H above the floor when standing."""
    body = forward_kinematics(Angles(), View.SIDE)
    floor = body.point("r_ankle")[1] - ANKLE_HEIGHT_H
    assert body.point("r_shoulder")[1] - floor == pytest.approx(0.818)
    assert body.point("r_hip")[1] - floor == pytest.approx(0.530)
    assert body.point("r_knee")[1] - floor == pytest.approx(0.285)


def test_out_of_plane_segment_is_foreshortened_by_cos() -> None:
    dx, dy = _offset(View.FRONT, Angles(l_thigh_out=-60), "l_hip", "l_knee")
    assert math.hypot(dx, dy) == pytest.approx(THIGH_H * 0.5)


def test_point_part_way_along_a_segment() -> None:
    body = forward_kinematics(Angles(r_shoulder=90), View.SIDE)
    sx, sy = body.point("r_shoulder")
    assert body.point("r_upper_arm@0.5") == pytest.approx((sx + UPPER_ARM_H / 2, sy))


angle = st.floats(min_value=-150, max_value=150, allow_nan=False)


@given(tilt=angle, hip=angle, knee=st.floats(0, 150), shoulder=angle, view=st.sampled_from(View))
def test_in_plane_segments_keep_their_length_for_any_pose(
    tilt: float, hip: float, knee: float, shoulder: float, view: View
) -> None:
    angles = Angles(tilt=tilt, l_hip=hip, r_hip=-hip, l_knee=knee, r_shoulder=shoulder)
    body = forward_kinematics(angles, view)
    lengths = {"l_thigh": THIGH_H, "l_shank": SHANK_H, "r_upper_arm": UPPER_ARM_H,
               "trunk": TRUNK_H}
    for segment, expected in lengths.items():
        a, b = (body.points[p] for p in SEGMENT_ENDS[segment])
        assert math.dist(a, b) == pytest.approx(expected)
