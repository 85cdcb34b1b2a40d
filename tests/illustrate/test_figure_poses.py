"""Each figure's pose checked against its set-up by geometry (issue 16): joint angles, contact
points and where the equipment sits, computed from the posed skeletons - not a word in the
SVG.

Sources: the seed article's descriptions (the "Captain Morgan": standing on one leg, the
other hip flexed, pushing that leg into the wall; the goblet squat's weight at the chest;
band at the knees, ankles or feet; the banded side step) and the catalogue's set-up steps,
each named in its test. Segment lengths are Drillis & Contini's, as drawn in Winter 2009
(docs/evidence.md).
"""

from __future__ import annotations

import math

import pytest

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import LoadKind, LoadSite
from glutemed.illustrate.posebook import FigurePose, PoseBook, PropKind, load_default_poses
from glutemed.illustrate.poses import (
    SHANK_H,
    THIGH_H,
    Angles,
    Point,
    Skeleton,
    View,
    forward_kinematics,
)
from glutemed.illustrate.props import BAND_WRAP_H, band_loop, prop_point
from glutemed.illustrate.svg import LIMB_W_H, place_positions

BOOK: PoseBook = load_default_poses()


def _positions(variant_id: str) -> tuple[FigurePose, Skeleton, Skeleton]:
    pose = BOOK.pose(variant_id)
    start, end, _ = place_positions(pose)
    return pose, start, end


def _angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


# -- the standing wall press ("Captain Morgan") -------------------------------------------


@pytest.fixture(scope="module")
def wall_press() -> tuple[FigurePose, Skeleton]:
    pose, start, _ = _positions("single-limb-stance.wall-press")
    assert pose.isometric  # a hold: one position
    return pose, start


def test_wall_press_standing_leg_is_straight_and_on_the_floor(
    wall_press: tuple[FigurePose, Skeleton],
) -> None:
    """Set-up: stand on the leg further from the wall; the stance leg does the work."""
    _, body = wall_press
    p = body.points
    assert math.dist(p["r_hip"], p["r_knee"]) == pytest.approx(THIGH_H)  # in the plane
    assert math.dist(p["r_knee"], p["r_ankle"]) == pytest.approx(SHANK_H)
    assert _angle_between(body.angles_deg["r_thigh"], body.angles_deg["r_shank"]) < 5
    assert min(p["r_heel"][1], p["r_toe"][1]) == pytest.approx(LIMB_W_H / 2)
    assert p["l_hip"][1] == pytest.approx(p["r_hip"][1])  # pelvis level


def test_wall_press_free_knee_is_lifted_in_front_to_hip_height(
    wall_press: tuple[FigurePose, Skeleton],
) -> None:
    """Set-up: lift the near knee to hip height (the hip flexed, the thigh pointing forwards:
    seen from the front it is foreshortened to under half its length); the foot is off the
    floor."""
    _, body = wall_press
    p = body.points
    assert math.dist(p["l_hip"], p["l_knee"]) < 0.5 * THIGH_H
    assert p["l_knee"][1] == pytest.approx(p["l_hip"][1], abs=0.03)
    assert min(p["l_heel"][1], p["l_toe"][1]) > 0.15


def test_wall_press_knee_presses_out_into_a_wall_at_its_side(
    wall_press: tuple[FigurePose, Skeleton],
) -> None:
    """Side-on to the wall, the outside of the lifted knee against it, pushing out."""
    pose, body = wall_press
    (wall,) = [w for w in pose.props if w.kind is PropKind.WALL]
    assert wall.x is not None and not wall.behind  # a wall seen edge-on, beside the body
    knee = body.points["l_knee"]
    assert wall.x - knee[0] == pytest.approx(LIMB_W_H / 2, abs=0.005)  # touching it
    assert all(x <= wall.x for x, _ in body.points.values())  # nothing passes through it
    assert body.points["r_ankle"][0] < knee[0]  # the standing leg is the far one
    assert pose.arrow.at == "l_knee" and pose.arrow.push == (1.0, 0.0) and pose.arrow.into


# -- the goblet squat ------------------------------------------------------------------------


@pytest.mark.parametrize("position", ["start", "end"])
def test_goblet_dumbbell_is_held_at_the_chest(position: str) -> None:
    """Summary: a dumbbell or kettlebell held at the chest - at the top and at the bottom."""
    pose, start, end = _positions("squat.goblet")
    body = start if position == "start" else end
    (bell,) = [p for p in pose.props if p.kind is PropKind.DUMBBELL]
    centre = prop_point(bell, body)
    pelvis, neck = body.points["pelvis"], body.points["neck"]
    trunk = (neck[0] - pelvis[0], neck[1] - pelvis[1])
    length = math.hypot(*trunk)
    along = ((centre[0] - pelvis[0]) * trunk[0] + (centre[1] - pelvis[1]) * trunk[1]) / length
    ahead = ((centre[0] - pelvis[0]) * trunk[1] - (centre[1] - pelvis[1]) * trunk[0]) / length
    assert 0.6 * length <= along <= length  # chest height, below the shoulders
    assert 0.05 <= ahead <= 0.12  # just in front of the chest, not out at arm's length
    hand = body.point("r_hand@0.3")
    assert math.dist(hand, centre) < 0.08  # held in the hands


# -- bands: a loop at the height the catalogue says ---------------------------------------


SITE_SEGMENT = {LoadSite.KNEES: "thigh", LoadSite.ANKLES: "shank", LoadSite.FEET: "foot"}


def _banded(catalog: Catalog) -> list[str]:
    return [v.id for v in catalog.variants if any(ld.kind is LoadKind.BAND for ld in v.loads)]


def test_every_banded_variant_draws_its_band_where_the_catalogue_puts_it(
    catalog: Catalog,
) -> None:
    """Knees: on the thigh just above the knee; ankles: on the shin just above the ankle;
    feet: round the feet (Lewis et al. 2018 placed the band the same way)."""
    checked = 0
    for variant_id in _banded(catalog):
        (load,) = [ld for ld in catalog.variant(variant_id).loads if ld.kind is LoadKind.BAND]
        pose, start, end = _positions(variant_id)
        (band,) = [p for p in pose.props if p.kind is PropKind.BAND]
        assert band.between is not None
        segment = SITE_SEGMENT[load.at]
        for ref in band.between:
            if ref == "anchor":
                continue
            seg, _, fraction = ref.partition("@")
            assert seg.endswith(segment), (variant_id, ref)
            if segment != "foot":
                assert 0.75 <= float(fraction) < 1.0, (variant_id, ref)  # just above the joint
            for body in (start, end):
                joint = {"thigh": "knee", "shank": "ankle", "foot": "toe"}[segment]
                side = seg[0]
                length = {"thigh": THIGH_H, "shank": SHANK_H, "foot": 0.152}[segment]
                assert math.dist(body.point(ref), body.points[f"{side}_{joint}"]) < 0.3 * length
        checked += 1
    assert checked == len(_banded(catalog)) >= 10


@pytest.mark.parametrize(
    "a, b", [((0.0, 0.0), (0.2, 0.0)), ((0.05, 0.3), (-0.1, 0.25)), ((0.0, 0.0), (0.0, 0.0))]
)
def test_a_band_is_a_loop_round_both_limbs(a: Point, b: Point) -> None:
    """The loop wraps round each limb: both limb points lie inside it, at least half a
    limb's width from its edge, and its ends are round (not a box)."""
    loop = band_loop(a, b)
    for limb in (a, b):
        assert _inside(limb, loop)
        assert min(_distance_to_edge(limb, loop)) >= LIMB_W_H / 2 - 1e-9
    corners = sum(1 for i in range(len(loop)) if _turn(loop, i) > 60)
    assert corners == 0  # smooth: no square corners
    assert BAND_WRAP_H > LIMB_W_H / 2


def _inside(point: Point, polygon: list[Point]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance_to_edge(point: Point, polygon: list[Point]) -> list[float]:
    out = []
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((point[0] - x1) * dx + (point[1] - y1) * dy) / (dx * dx + dy * dy
                                                                                 or 1.0)))
        out.append(math.dist(point, (x1 + t * dx, y1 + t * dy)))
    return out


def _turn(polygon: list[Point], i: int) -> float:
    a, b, c = polygon[i - 1], polygon[i], polygon[(i + 1) % len(polygon)]
    h1 = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
    h2 = math.degrees(math.atan2(c[1] - b[1], c[0] - b[0]))
    return _angle_between(h1, h2)


# -- banded side steps in a half squat ----------------------------------------------------


def _standing_hip_height() -> float:
    body = forward_kinematics(Angles(), View.FRONT)
    return body.points["pelvis"][1] - min(body.points["r_heel"][1], body.points["r_toe"][1])


@pytest.mark.parametrize(
    "variant_id",
    [v for v in BOOK.poses if v.startswith("banded-side-step.")],
)
def test_side_steps_are_drawn_in_a_half_squat_at_one_height(variant_id: str) -> None:
    """Set-up and cues: knees softly bent into a half squat, gliding at the same height
    (the check 'did your head stay at about the same height?'). Seen from the front the
    thigh tips towards you (hip flexion = -thigh_out) and the shin leans forwards; the
    knee bends by the sum. The pelvis sits 10-30 % lower than in standing."""
    pose, start, end = _positions(variant_id)
    standing = _standing_hip_height()
    for angles, body in ((pose.start, start), (pose.end, end)):
        for side in ("l", "r"):
            hip_flexion = -angles.get(f"{side}_thigh_out")
            knee_flexion = hip_flexion + angles.get(f"{side}_shank_out")
            assert hip_flexion >= 40, (variant_id, side)
            assert 60 <= knee_flexion <= 100, (variant_id, side)
        height = body.points["pelvis"][1] - LIMB_W_H / 2
        assert 0.7 * standing <= height <= 0.9 * standing, variant_id
    assert start.points["head"][1] == pytest.approx(end.points["head"][1], abs=0.01)


# -- the side-lying hold at the height its cue gives ---------------------------------------


def test_side_lying_hold_is_drawn_at_the_cues_10_to_20_degrees(catalog: Catalog) -> None:
    """Summary and cue: lift the leg only 10-20 degrees and hold it there."""
    pose, start, _ = _positions("side-lying-abduction.isometric-hold")
    assert pose.isometric
    abduction = start.angles_deg["l_thigh"] - (start.angles_deg["trunk"] - 180.0)
    assert 10 <= abduction <= 20
    assert "10-20 degrees" in catalog.variant("side-lying-abduction.isometric-hold").summary
