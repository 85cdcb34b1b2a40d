"""Every variant's figure: valid, self-contained, deterministic SVG showing the movement."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.catalog.models import Mode
from glutemed.errors import UnknownIdError
from glutemed.illustrate.canvas import ACCENT, SCALE, fmt
from glutemed.illustrate.posebook import Layout, PoseBook, load_default_poses
from glutemed.illustrate.poses import Angles, View
from glutemed.illustrate.svg import LIMB_W_H, place_positions, render_figure

NS = {"svg": "http://www.w3.org/2000/svg"}
ALL_IDS = [v.id for v in load_default_catalog().variants]


@pytest.fixture(scope="module")
def poses() -> PoseBook:
    return load_default_poses()


def _coordinates(root: ET.Element) -> list[tuple[float, float]]:
    """Every coordinate a line, circle (its extent), polygon or path draws."""
    points: list[tuple[float, float]] = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag == "line":
            points += [(float(el.get("x1", "")), float(el.get("y1", ""))),
                       (float(el.get("x2", "")), float(el.get("y2", "")))]
        elif tag == "circle":
            cx, cy, r = (float(el.get(k, "")) for k in ("cx", "cy", "r"))
            points += [(cx - r, cy - r), (cx + r, cy + r)]
        elif tag == "polygon":
            for pair in el.get("points", "").split():
                x, y = pair.split(",")
                points.append((float(x), float(y)))
        elif tag == "path":
            d = el.get("d", "")
            assert re.fullmatch(r"[MLZ0-9.\- ]+", d), d  # absolute polyline commands only
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
            points += list(zip(numbers[::2], numbers[1::2], strict=True))
    return points


@pytest.mark.parametrize("variant_id", ALL_IDS)
def test_every_figure_is_valid_svg_with_everything_inside_its_view_box(
    variant_id: str, poses: PoseBook, catalog: Catalog
) -> None:
    svg = render_figure(variant_id, poses, catalog)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    min_x, min_y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert width > 0 and height > 0
    coords = _coordinates(root)
    assert len(coords) > 20
    for x, y in coords:
        assert min_x <= x <= min_x + width and min_y <= y <= min_y + height, (variant_id, x, y)
    assert len(svg.encode("utf-8")) < 20_000


@pytest.mark.parametrize("variant_id", ALL_IDS)
def test_figure_highlights_the_moving_segment_and_has_an_arrow(
    variant_id: str, poses: PoseBook, catalog: Catalog
) -> None:
    root = ET.fromstring(render_figure(variant_id, poses, catalog))
    moving = [el for el in root.iter() if el.get("class") == "moving"]
    assert moving and all(el.get("stroke") == ACCENT for el in moving)
    arrows = root.findall(".//svg:g[@class='arrow']", NS)
    assert len(arrows) == 1
    assert arrows[0].find("svg:path[@class='arrow']", NS) is not None
    assert arrows[0].find("svg:polygon[@class='arrowhead']", NS) is not None


@pytest.mark.parametrize("variant_id", ALL_IDS)
def test_isotonic_figures_show_two_different_positions(
    variant_id: str, poses: PoseBook, catalog: Catalog
) -> None:
    root = ET.fromstring(render_figure(variant_id, poses, catalog))
    starts = root.findall(".//svg:g[@class='start']", NS)
    ends = root.findall(".//svg:g[@class='end']", NS)
    assert len(ends) == 1
    if Mode.ISOTONIC in catalog.variant(variant_id).modes:
        assert len(starts) == 1
        start_xml = ET.tostring(starts[0]).replace(b'class="start"', b"")
        end_xml = ET.tostring(ends[0]).replace(b'class="end"', b"")
        assert start_xml != end_xml
    else:
        assert starts == []  # a hold is one position with a push arrow


def test_same_input_gives_the_same_bytes(poses: PoseBook, catalog: Catalog) -> None:
    first = [render_figure(v, poses, catalog) for v in ALL_IDS]
    again = [render_figure(v, load_default_poses(), load_default_catalog()) for v in ALL_IDS]
    assert first == again
    assert len(set(first)) == len(first)  # and each variant gets its own picture


def test_title_and_desc_name_the_exercise_for_screen_readers(
    poses: PoseBook, catalog: Catalog
) -> None:
    root = ET.fromstring(render_figure("side-lying-abduction.cuff-ankle", poses, catalog))
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.text == catalog.variant(
        "side-lying-abduction.cuff-ankle").name
    assert desc is not None and desc.text is not None
    assert "Front view" in desc.text and "cuff weight" in desc.text
    # The name is the title alone and the description the desc alone: naming it by both
    # made screen readers read the description twice (issue 16).
    assert root.get("aria-labelledby") == "side-lying-abduction-cuff-ankle-title"
    assert root.get("aria-describedby") == "side-lying-abduction-cuff-ankle-desc"


def test_props_are_drawn(poses: PoseBook, catalog: Catalog) -> None:
    band = render_figure("banded-side-step.knees-light", poses, catalog)
    assert band.count('class="band"') == 2  # one loop per position (side by side)
    wall = render_figure("single-limb-stance.wall-press", poses, catalog)
    assert "wall" in wall and wall.count("<line") > 20  # the wall's hatching


def test_stance_foot_stands_on_the_floor(poses: PoseBook) -> None:
    """The lowest contact sits half a stroke above y = 0, so the drawn foot touches the floor."""
    start, end, _ = place_positions(poses.pose("single-leg-squat.bodyweight"))
    for body in (start, end):
        lowest = min(body.point("r_heel")[1], body.point("r_toe")[1])
        assert lowest == pytest.approx(LIMB_W_H / 2, abs=1e-9)


def test_anchor_point_stays_put_between_start_and_end(poses: PoseBook) -> None:
    start, end, shift = place_positions(poses.pose("side-lying-abduction.bodyweight"))
    assert shift == 0.0
    assert end.point("pelvis") == pytest.approx(start.point("pelvis"))
    assert end.point("l_ankle") != pytest.approx(start.point("l_ankle"))


def test_side_by_side_layout_keeps_the_two_figures_apart(poses: PoseBook) -> None:
    start, end, shift = place_positions(poses.pose("banded-side-step.knees-light"))
    assert shift > 0
    assert max(x for x, _ in start.points.values()) < min(x for x, _ in end.points.values())


def test_unknown_variant_suggests_close_ids(poses: PoseBook, catalog: Catalog) -> None:
    with pytest.raises(UnknownIdError) as info:
        render_figure("side-plank.ful", poses, catalog)
    assert "side-plank.full" in info.value.suggestions


def test_numbers_have_one_decimal_and_no_negative_zero() -> None:
    assert fmt(-0.04) == "0.0" and fmt(1.25) in {"1.2", "1.3"} and fmt(-3.0) == "-3.0"
    assert SCALE == 300.0


@pytest.mark.parametrize("variant_id", ALL_IDS)
def test_both_positions_rest_on_their_surface(variant_id: str, poses: PoseBook) -> None:
    """Neither position floats above nor sinks through the floor (or bench, or step)."""
    pose = poses.pose(variant_id)
    for body in place_positions(pose)[:2]:
        names = pose.contacts or [n for n in body.points if n != "head"]
        lowest = min(body.point(n)[1] for n in names)
        assert lowest == pytest.approx(pose.ground + LIMB_W_H / 2, abs=0.012), variant_id


def test_band_is_drawn_in_the_colour_of_the_variants_default_band(
    poses: PoseBook, catalog: Catalog
) -> None:
    from glutemed.illustrate.canvas import BAND_COLOURS

    light = render_figure("banded-side-step.knees-light", poses, catalog)  # yellow in the data
    heavy = render_figure("banded-side-step.knees-heavy", poses, catalog)  # blue
    assert f'stroke="{BAND_COLOURS["yellow"]}"' in light and "band shown is yellow" in light
    assert f'stroke="{BAND_COLOURS["blue"]}"' in heavy
    assert BAND_COLOURS["yellow"] not in heavy


angle = st.floats(min_value=-150, max_value=150, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(
    tilt=angle, hip=angle, knee=st.floats(-150, 150), shoulder=angle,
    view=st.sampled_from(View), layout=st.sampled_from(Layout),
)
def test_any_pose_renders_inside_its_view_box(
    tilt: float, hip: float, knee: float, shoulder: float, view: View, layout: Layout
) -> None:
    """Whatever the angles, the drawing stays valid and inside its own view box."""
    catalog = load_default_catalog()
    base = load_default_poses().pose("side-lying-abduction.cuff-ankle")
    end = Angles(tilt=tilt, l_hip=hip, r_knee=knee, l_shoulder=shoulder)
    pose = replace(base, view=view, layout=layout, end=end)
    svg = render_figure(pose.variant_id, PoseBook({pose.variant_id: pose}), catalog)
    root = ET.fromstring(svg)
    min_x, min_y, width, height = (float(v) for v in root.get("viewBox", "").split())
    for x, y in _coordinates(root):
        assert min_x <= x <= min_x + width and min_y <= y <= min_y + height


def test_catalogue_variant_without_a_pose_is_not_modelled(catalog: Catalog) -> None:
    from glutemed.errors import NotModelledError

    with pytest.raises(NotModelledError) as info:
        render_figure("side-plank.full", PoseBook({}), catalog)
    assert "poses.yaml" in str(info.value)
