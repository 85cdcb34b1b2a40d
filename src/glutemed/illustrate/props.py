"""Drawing the equipment: bands, weights, walls, benches, steps, belts, cables and sliders.

Why separate from the body: props come in two kinds. Fixed ones (a wall, a bench, a pulley
column) are drawn once per panel behind the figure; body-borne ones (a cuff, a dumbbell, a
band round the knees) follow the pose and are drawn with each position, faint at the start.
"""

from __future__ import annotations

import math

from glutemed.illustrate.canvas import BAND, INK, PROP_FILL, Canvas
from glutemed.illustrate.posebook import Prop, PropKind
from glutemed.illustrate.poses import SEGMENT_ENDS, Point, Skeleton, direction

LINE_H = 0.008  # prop outline width, in body heights
_WALL_HEIGHT_H = 1.05


def _add(a: Point, b: Point, k: float = 1.0) -> Point:
    return (a[0] + b[0] * k, a[1] + b[1] * k)


def _box(canvas: Canvas, x0: float, y0: float, x1: float, y1: float, fill: str) -> None:
    canvas.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill, INK, LINE_H)


def _hatch_line(canvas: Canvas, x: float, height: float, width: float, k: float) -> None:
    """One 45-degree hatch line x + y = k inside the panel [x, x + width] x [0, height]."""
    start = (x + max(0.0, k - height), min(k, height))
    end = (x + min(width, k), max(0.0, k - width))
    if start[0] < end[0]:
        canvas.line(start, end, "#c9d1d9", LINE_H * 0.7)


def draw_fixed(canvas: Canvas, prop: Prop, dx: float) -> None:
    """A prop that does not move with the body, shifted ``dx`` for the second panel."""
    kind = prop.kind
    x = (prop.x or 0.0) + dx
    if kind is PropKind.WALL:
        height = prop.height or _WALL_HEIGHT_H
        if prop.behind:  # a wall behind the body, seen face-on: a pale hatched panel
            _box(canvas, x, 0.0, x + prop.width, height, "#eef1f4")
            steps = int((prop.width + height) / 0.07)
            for i in range(1, steps + 1):
                _hatch_line(canvas, x, height, prop.width, i * 0.07)
            return
        canvas.line((x, 0.0), (x, height), INK, LINE_H * 2)
        for i in range(1, int(height / 0.08) + 1):  # hatching on the solid side
            y = i * 0.08
            canvas.line((x, y), (x + 0.04 * prop.side, y - 0.04), INK, LINE_H)
    elif kind in (PropKind.BENCH, PropKind.STEP, PropKind.MAT):
        height = prop.height or {PropKind.BENCH: 0.25, PropKind.STEP: 0.1}.get(kind, 0.012)
        if kind is PropKind.BENCH:  # a padded top on two legs
            _box(canvas, x, height - 0.04, x + prop.width, height, PROP_FILL)
            for leg_x in (x + 0.03, x + prop.width - 0.05):
                _box(canvas, leg_x, 0.0, leg_x + 0.02, height - 0.04, PROP_FILL)
        else:
            _box(canvas, x, 0.0, x + prop.width, height, PROP_FILL)
    elif kind is PropKind.CABLE and prop.anchor is not None:  # pulley on its column
        ax, ay = prop.anchor[0] + dx, prop.anchor[1]
        _box(canvas, ax - 0.02 + 0.04 * prop.side, 0.0, ax + 0.02 + 0.04 * prop.side, 1.0,
             PROP_FILL)
        canvas.circle((ax, ay), 0.028, PROP_FILL, INK, LINE_H)
    elif kind is PropKind.ANCHOR and prop.anchor is not None:
        ax, ay = prop.anchor[0] + dx, prop.anchor[1]
        _box(canvas, ax - 0.015, 0.0, ax + 0.015, ay + 0.02, PROP_FILL)
        canvas.circle((ax, ay), 0.022, PROP_FILL, INK, LINE_H)


def draw_carried(
    canvas: Canvas, prop: Prop, body: Skeleton, dx: float, ghost: bool, band_colour: str = BAND
) -> None:
    """A prop attached to the body (or tying it to a fixed point), in this pose's position."""
    ink = "#c3c9cf" if ghost else INK
    fill = "#e9ecef" if ghost else "#495057"
    kind = prop.kind
    if kind is PropKind.BAND and prop.between is not None:
        a = body.point(prop.between[0])
        b = _anchor(prop, dx) if prop.between[1] == "anchor" else body.point(prop.between[1])
        _loop(canvas, a, b, "#cfd5db" if ghost else band_colour, ghost)
        return
    if prop.at is None:
        return
    at = prop_point(prop, body)
    axis = _axis(body, prop.at)
    if kind is PropKind.CUFF:
        _oriented_box(canvas, at, axis, 0.07, 0.062, fill, ink)
    elif kind is PropKind.DUMBBELL:
        _dumbbell(canvas, at, axis, prop.at, fill, ink)
    elif kind is PropKind.KETTLEBELL:
        canvas.line(at, (at[0], at[1] - 0.03), ink, 0.012)
        canvas.circle((at[0], at[1] - 0.065), 0.04, fill, ink, LINE_H)
    elif kind is PropKind.BARBELL:
        canvas.circle(at, 0.12, "#f1f3f5" if ghost else PROP_FILL, ink, 0.016)
        canvas.circle(at, 0.022, ink)
    elif kind is PropKind.BELT:
        _belt(canvas, body, at, axis, fill, ink)
    elif kind is PropKind.SLIDER:
        _oriented_box(canvas, (at[0], at[1] - 0.012), 90.0, 0.1, 0.016, fill, ink)
    elif kind is PropKind.CABLE:
        canvas.line(at, _anchor(prop, dx), ink, 0.006)


def prop_point(prop: Prop, body: Skeleton) -> Point:
    """Where a body-borne prop sits: its point on the body, moved ``offset`` body heights
    in front of the segment (perpendicular to it, towards the figure's front in side view).
    """
    assert prop.at is not None  # body-borne props always name their point
    at = body.point(prop.at)
    if not prop.offset:
        return at
    return _add(at, direction(_axis(body, prop.at) - 90.0), prop.offset)


def _anchor(prop: Prop, dx: float) -> Point:
    assert prop.anchor is not None  # guaranteed by Prop's validator
    return (prop.anchor[0] + dx, prop.anchor[1])


def _axis(body: Skeleton, ref: str) -> float:
    """Direction of the segment a prop sits on (straight down for a bare joint)."""
    segment = ref.partition("@")[0]
    return body.angles_deg[segment] if segment in SEGMENT_ENDS else 0.0


def _oriented_box(canvas: Canvas, centre: Point, axis_deg: float, length: float, breadth: float,
                  fill: str, ink: str) -> None:
    u, n = direction(axis_deg), direction(axis_deg + 90.0)
    corners = [
        _add(_add(centre, u, sx * length / 2), n, sy * breadth / 2)
        for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    ]
    canvas.polygon(corners, fill, ink, LINE_H)


def _dumbbell(canvas: Canvas, at: Point, axis_deg: float, ref: str, fill: str, ink: str) -> None:
    """A handle with a plate at each end; across the hand, or along a thigh it rests on."""
    across = "hand" in ref or "forearm" in ref or "fingers" in ref
    handle = axis_deg + 90.0 if across else axis_deg
    u = direction(handle)
    canvas.line(_add(at, u, -0.06), _add(at, u, 0.06), ink, 0.014)
    for k in (-0.065, 0.065):
        _oriented_box(canvas, _add(at, u, k), handle, 0.03, 0.075, fill, ink)


def _belt(canvas: Canvas, body: Skeleton, at: Point, axis_deg: float, fill: str,
          ink: str) -> None:
    """A belt across the waist and a weight hanging from a chain in front."""
    n = direction(axis_deg + 90.0)
    canvas.line(_add(at, n, -0.06), _add(at, n, 0.06), ink, 0.018)
    hang_from = _add(at, n, -0.05 if body.view.value == "side" else 0.0)  # in front
    bottom = (hang_from[0], hang_from[1] - 0.2)
    canvas.line(hang_from, bottom, ink, 0.005)
    canvas.polygon(
        [(bottom[0] - 0.05, bottom[1]), (bottom[0] + 0.05, bottom[1]),
         (bottom[0] + 0.05, bottom[1] - 0.045), (bottom[0] - 0.05, bottom[1] - 0.045)],
        fill, ink, LINE_H,
    )


BAND_THICKNESS_H = 0.012  # the elastic itself, in body heights
BAND_WRAP_H = 0.017 + BAND_THICKNESS_H / 2  # half a limb's width plus half the band


def band_loop(a: Point, b: Point, radius: float = BAND_WRAP_H, steps: int = 8) -> list[Point]:
    """A closed elastic loop wrapped round two limbs at ``a`` and ``b``.

    Seen from the front a loop band round both knees is two strands between the legs that
    curl round the outside of each leg: a stadium whose round ends are centred on the limbs,
    so each limb sits inside the loop. Pure geometry, so a test can check it encloses both.
    """
    length = math.dist(a, b)
    if length < 1e-6:
        return [
            (a[0] + radius * math.cos(2 * math.pi * i / (2 * steps)),
             a[1] + radius * math.sin(2 * math.pi * i / (2 * steps)))
            for i in range(2 * steps)
        ]
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    base = math.atan2(uy, ux)
    points: list[Point] = []
    for centre, start in ((b, base - math.pi / 2), (a, base + math.pi / 2)):
        for i in range(steps + 1):  # a half circle round the outside of this limb
            angle = start + math.pi * i / steps
            points.append((centre[0] + radius * math.cos(angle),
                           centre[1] + radius * math.sin(angle)))
    return points


def _loop(canvas: Canvas, a: Point, b: Point, colour: str, ghost: bool) -> None:
    """An elastic loop round two points, in its colour, with a dark edge."""
    loop = band_loop(a, b)
    if not ghost:
        canvas.path(loop, INK, BAND_THICKNESS_H + 0.008, closed=True, cls="band-edge")
    canvas.path(loop, colour, BAND_THICKNESS_H, closed=True, cls="band")
