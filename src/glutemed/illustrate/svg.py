"""Render a variant's start and end positions as a small, deterministic SVG line drawing.

Why drawn by hand: the handout, the web pages and the command line all need the same picture,
offline and byte-identical for the same input (docs/design.md, principle 5). The figure is posed by
:mod:`glutemed.illustrate.poses` from the angles in ``poses.yaml``; this module places the two
positions on the floor, draws props, highlights the moving segment in orange and adds an arrow
for the movement (or, for a hold, for the direction of effort).

Only presentation attributes, ``line``/``circle``/``polygon`` and absolute ``M``/``L`` paths
are used, so simple SVG consumers (fpdf2, browsers, converters) all draw it the same way.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from glutemed.catalog.catalog import Catalog
from glutemed.errors import NotModelledError
from glutemed.illustrate.canvas import (
    ACCENT,
    ACCENT_GHOST,
    BAND,
    BAND_COLOURS,
    GHOST,
    GHOST_FAR,
    INK,
    INK_FAR,
    SCALE,
    Canvas,
    fmt,
)
from glutemed.illustrate.posebook import FigurePose, Layout, PoseBook, PropKind
from glutemed.illustrate.poses import (
    HEAD_H,
    SEGMENT_ENDS,
    Point,
    Skeleton,
    View,
    direction,
    forward_kinematics,
)
from glutemed.illustrate.props import LINE_H, draw_carried, draw_fixed

BEHIND_BODY = {PropKind.BARBELL}  # a plate seen side-on is behind the lifter
MARGIN_H = 0.06  # white space around the drawing, in body heights
PANEL_GAP_H = 0.3  # space between the start and end figures when shown side by side
HEAD_R_H = HEAD_H * 0.45
LIMB_W_H = 0.034
HAND_W_H = 0.024
ARROW_W_H = 0.013
_TRUNK_HALF_H = {View.SIDE: (0.05, 0.052), View.FRONT: (0.07, 0.09)}  # pelvis, chest

_PROP_NAMES = {
    PropKind.BAND: "elastic band", PropKind.CUFF: "cuff weight", PropKind.DUMBBELL: "dumbbell",
    PropKind.KETTLEBELL: "kettlebell", PropKind.BARBELL: "barbell", PropKind.WALL: "wall",
    PropKind.BENCH: "bench", PropKind.STEP: "step", PropKind.BELT: "belt with a hanging weight",
    PropKind.CABLE: "cable and pulley", PropKind.ANCHOR: "fixed anchor",
    PropKind.SLIDER: "slider", PropKind.MAT: "mat",
}


# --- placing the two positions ------------------------------------------------------------------
def _lowest(body: Skeleton, contacts: tuple[str, ...] | None) -> float:
    if contacts:
        return min(body.point(name)[1] for name in contacts)
    ys = [y for name, (_, y) in body.points.items() if name != "head"]
    return min([*ys, body.points["head"][1] - HEAD_R_H])


def _grounded(body: Skeleton, pose: FigurePose) -> Skeleton:
    """Stand the figure on its surface: lowest contact at ``ground``, pelvis at x = 0."""
    lift = pose.ground + LIMB_W_H / 2 - _lowest(body, pose.contacts)
    return body.moved(-body.points["pelvis"][0], lift)


def _x_extent(body: Skeleton) -> tuple[float, float]:
    xs = [x for _, (x, _) in body.points.items()]
    head_x = body.points["head"][0]
    return min([*xs, head_x - HEAD_R_H]), max([*xs, head_x + HEAD_R_H])


def place_positions(pose: FigurePose) -> tuple[Skeleton, Skeleton, float]:
    """Start and end skeletons in world coordinates, and the x shift of the end panel.

    The end position is moved so its ``anchor`` point (a stance foot, the pelvis) coincides
    with the start's: the part of the body that stays put stays put in the picture.
    """
    start = _grounded(forward_kinematics(pose.start, pose.view), pose)
    end = forward_kinematics(pose.end, pose.view)
    if pose.anchor is not None:
        (sx, sy), (ex, ey) = start.point(pose.anchor), end.point(pose.anchor)
        end = end.moved(sx - ex, sy - ey)
    else:
        end = _grounded(end, pose)
    if pose.layout is Layout.OVERLAY or pose.isometric:
        return start, end, 0.0
    shift = _x_extent(start)[1] - _x_extent(end)[0] + PANEL_GAP_H
    return start, end.moved(shift, 0.0), shift


# --- the body ------------------------------------------------------------------------------------
def _colour(segment: str, pose: FigurePose, ghost: bool) -> str:
    if segment in pose.moving:
        return ACCENT_GHOST if ghost else ACCENT
    far = pose.view is View.SIDE and segment.startswith("l_")
    if ghost:
        return GHOST_FAR if far else GHOST
    return INK_FAR if far else INK


def _segment(canvas: Canvas, body: Skeleton, name: str, pose: FigurePose, ghost: bool) -> None:
    a, b = (body.points[p] for p in SEGMENT_ENDS[name])
    width = HAND_W_H if name.endswith(("hand", "foot")) else LIMB_W_H
    cls = "moving" if name in pose.moving and not ghost else ""
    canvas.line(a, b, _colour(name, pose, ghost), width, cls)


def _trunk(canvas: Canvas, body: Skeleton, pose: FigurePose, ghost: bool) -> None:
    pelvis_half, chest_half = _TRUNK_HALF_H[body.view]
    n = direction(body.angles_deg["trunk"] - 90.0)
    pelvis, neck = body.points["pelvis"], body.points["neck"]
    corners = [
        (pelvis[0] + n[0] * pelvis_half, pelvis[1] + n[1] * pelvis_half),
        (neck[0] + n[0] * chest_half, neck[1] + n[1] * chest_half),
        (neck[0] - n[0] * chest_half, neck[1] - n[1] * chest_half),
        (pelvis[0] - n[0] * pelvis_half, pelvis[1] - n[1] * pelvis_half),
    ]
    colour = _colour("trunk", pose, ghost)
    cls = "moving" if "trunk" in pose.moving and not ghost else ""
    canvas.polygon(corners, colour, colour, 0.03, cls)


def _limbs(side: str) -> list[str]:
    return [f"{side}_{s}" for s in ("thigh", "shank", "foot", "upper_arm", "forearm", "hand")]


def draw_body(
    canvas: Canvas, body: Skeleton, pose: FigurePose, ghost: bool, role: str = "end"
) -> None:
    """One posed figure (``role`` start or end); in side view far limbs go behind the trunk."""
    canvas.open_group(role)
    behind = _limbs("l") if body.view is View.SIDE else []
    in_front = _limbs("r") if body.view is View.SIDE else [*_limbs("l"), *_limbs("r")]
    for name in behind:
        _segment(canvas, body, name, pose, ghost)
    _trunk(canvas, body, pose, ghost)
    _segment(canvas, body, "neck", pose, ghost)
    canvas.circle(body.points["head"], HEAD_R_H, _colour("neck", pose, ghost))
    for name in in_front:
        _segment(canvas, body, name, pose, ghost)
    canvas.close_group()


# --- the arrow ----------------------------------------------------------------------------------
def _arc(centre: Point, p0: Point, p1: Point) -> list[Point]:
    """Points on a circular arc around ``centre`` from the direction of p0 to that of p1."""
    a0 = math.atan2(p0[1] - centre[1], p0[0] - centre[0])
    a1 = math.atan2(p1[1] - centre[1], p1[0] - centre[0])
    sweep = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
    radius = max(math.dist(centre, p0), math.dist(centre, p1)) + 0.05
    a0, sweep = a0 + sweep * 0.1, sweep * 0.8  # stop short of both ends
    return [
        (centre[0] + radius * math.cos(a0 + sweep * i / 12),
         centre[1] + radius * math.sin(a0 + sweep * i / 12))
        for i in range(13)
    ]


def _arrow_points(pose: FigurePose, start: Skeleton, end: Skeleton, shift: float) -> list[Point]:
    arrow = pose.arrow
    ox, oy = arrow.offset
    tip = end.point(arrow.at)
    tip = (tip[0] + ox, tip[1] + oy)
    if pose.isometric:
        assert arrow.push is not None  # the pose loader requires a push for holds
        length = math.hypot(*arrow.push) or 1.0
        ux, uy = arrow.push[0] / length, arrow.push[1] / length
        near, far = (-0.17, -0.03) if arrow.into else (0.03, 0.17)
        return [(tip[0] + ux * near, tip[1] + uy * near), (tip[0] + ux * far, tip[1] + uy * far)]
    tail = start.point(arrow.at)
    tail = (tail[0] + shift + ox, tail[1] + oy)
    if arrow.pivot is not None:
        return _arc(end.point(arrow.pivot), tail, tip)
    return [
        (tail[0] + (tip[0] - tail[0]) * t, tail[1] + (tip[1] - tail[1]) * t) for t in (0.12, 0.88)
    ]


def draw_arrow(canvas: Canvas, points: list[Point]) -> None:
    """A shaft along ``points`` ending in a filled arrowhead."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    head, half = 0.05, 0.028
    base = (x1 - ux * head, y1 - uy * head)
    canvas.open_group("arrow")
    canvas.path([*points[:-1], base], ACCENT, ARROW_W_H, cls="arrow")
    canvas.polygon(
        [(x1 + ux * 0.01, y1 + uy * 0.01), (base[0] - uy * half, base[1] + ux * half),
         (base[0] + uy * half, base[1] - ux * half)],
        ACCENT, ACCENT, 0.006, cls="arrowhead",
    )
    canvas.close_group()


# --- the whole figure ---------------------------------------------------------------------------
def _floor(canvas: Canvas, x0: float, x1: float) -> None:
    canvas.open_group("floor")
    canvas.line((x0, 0.0), (x1, 0.0), INK, LINE_H * 1.5)
    steps = int((x1 - x0) / 0.06)
    for i in range(1, steps + 1):
        x = x0 + i * 0.06
        canvas.line((x, 0.0), (x - 0.03, -0.03), INK_FAR, LINE_H * 0.8)
    canvas.close_group()


def _describe(pose: FigurePose, name: str, summary: str) -> str:
    view = "Side view" if pose.view is View.SIDE else "Front view"
    if pose.isometric:
        layout = "The position is held; the orange arrow shows the direction of effort."
    elif pose.layout is Layout.OVERLAY:
        layout = ("The pale figure is the start position and the dark figure the end position; "
                  "the orange arrow shows the movement.")
    else:
        layout = ("The left figure is the start position and the right figure the end position; "
                  "the orange arrow shows the movement.")
    moving = ", ".join(
        s.replace("l_", "left ").replace("r_", "right ").replace("_", " ") for s in pose.moving
    )
    props = sorted({_PROP_NAMES[p.kind] for p in pose.props})
    kit = f" Equipment shown: {', '.join(props)}." if props else ""
    note = f" {pose.note}" if pose.note else ""
    return f"{view} of {name}: {summary} {layout}{note} Highlighted: {moving}.{kit}"


def render_figure(variant_id: str, poses: PoseBook, catalog: Catalog) -> str:
    """The SVG text of one variant's figure (same input, same bytes).

    Raises ``UnknownIdError`` for an id not in the catalogue and ``NotModelledError`` for a
    catalogue variant without a pose (a handout can skip the picture and keep the text).
    """
    variant = catalog.variant(variant_id)  # unknown id: UnknownIdError with suggestions
    if variant_id not in poses.poses:  # a new catalogue variant nobody has posed yet
        raise NotModelledError(variant_id, "no figure yet: add its pose to poses.yaml")
    pose = poses.pose(variant_id)
    start, end, shift = place_positions(pose)
    back, front = Canvas(), Canvas()
    for dx in sorted({0.0, shift}):
        for prop in pose.props:
            draw_fixed(back, prop, dx)
    band = variant.band.default_band if variant.band else None
    colour = BAND_COLOURS[band.value] if band else BAND
    behind = [p for p in pose.props if p.kind in BEHIND_BODY]
    over = [p for p in pose.props if p.kind not in BEHIND_BODY]
    ghost = pose.layout is Layout.OVERLAY
    if not pose.isometric:
        for prop in behind:
            draw_carried(front, prop, start, 0.0, ghost=ghost)
        draw_body(front, start, pose, ghost=ghost, role="start")
        for prop in over:
            draw_carried(front, prop, start, 0.0, ghost=ghost, band_colour=colour)
    for prop in behind:
        draw_carried(front, prop, end, shift, ghost=False)
    draw_body(front, end, pose, ghost=False)
    for prop in over:
        draw_carried(front, prop, end, shift, ghost=False, band_colour=colour)
    draw_arrow(front, _arrow_points(pose, start, end, shift))
    x0 = min(back.min_x, front.min_x) / SCALE - 0.04
    x1 = max(back.max_x, front.max_x) / SCALE + 0.04
    _floor(back, x0, x1)
    summary = variant.summary + (f" The band shown is {band.value}." if band else "")
    return _document(variant_id, variant.name, _describe(pose, variant.name, summary),
                     back, front)


def _document(variant_id: str, title: str, desc: str, back: Canvas, front: Canvas) -> str:
    margin = MARGIN_H * SCALE
    min_x = min(back.min_x, front.min_x) - margin
    min_y = min(back.min_y, front.min_y) - margin
    width = max(back.max_x, front.max_x) + margin - min_x
    height = max(back.max_y, front.max_y) + margin - min_y
    box = f"{fmt(min_x)} {fmt(min_y)} {fmt(width)} {fmt(height)}"
    slug = variant_id.replace(".", "-")
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" width="{fmt(width)}" '
        # Named by the title, described by the desc: naming it by both made screen readers
        # read the long description twice (once in the name, once as the description).
        f'height="{fmt(height)}" role="img" aria-labelledby="{slug}-title" '
        f'aria-describedby="{slug}-desc">',
        f'<title id="{slug}-title">{escape(title)}</title>',
        f'<desc id="{slug}-desc">{escape(desc)}</desc>',
        f'<rect x="{fmt(min_x)}" y="{fmt(min_y)}" width="{fmt(width)}" height="{fmt(height)}" '
        'fill="#ffffff"/>',
        *back.elements,
        *front.elements,
        "</svg>",
    ]
    return "\n".join(lines) + "\n"
