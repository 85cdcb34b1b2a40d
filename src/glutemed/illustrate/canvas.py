"""A tiny SVG element builder that tracks the bounding box of everything drawn.

Why: the figure's viewBox must contain every line with a margin, and output must be byte-for-
byte deterministic. Building the strings ourselves with fixed one-decimal rounding gives both,
with no drawing library. World coordinates are in body heights with y up; the canvas flips
them to SVG pixels (y down) at ``SCALE`` pixels per body height.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from glutemed.illustrate.poses import Point

SCALE = 300.0  # SVG user units per body height

INK = "#1b1f24"  # near-black body and props: high contrast on white and in print
INK_FAR = "#5f6b77"  # limbs on the far side in side view
GHOST = "#b9c1c9"  # start position when drawn underneath the end position
GHOST_FAR = "#cfd5db"
ACCENT = "#d9480f"  # moving segment and arrow (orange, distinct from ink in greyscale too)
ACCENT_GHOST = "#f4b48f"
BAND = "#7b2cbf"  # elastic bands of unstated resistance
#: Elastic bands in their usual resistance colours (Thera-Band order, lightest first), always
#: drawn inside a dark edge so even yellow stands out on white.
BAND_COLOURS = {
    "tan": "#c8a97e", "yellow": "#f5c518", "red": "#d62839", "green": "#2f9e44",
    "blue": "#1c64d1", "black": "#212529", "silver": "#adb5bd", "gold": "#d4a017",
}
PROP_FILL = "#dde2e7"


def fmt(value: float) -> str:
    """One decimal, no negative zero: the same geometry always gives the same bytes."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


@dataclass
class Canvas:
    """Collects SVG elements and the extent of their coordinates (in SVG units)."""

    elements: list[str] = field(default_factory=list)
    min_x: float = float("inf")
    min_y: float = float("inf")
    max_x: float = float("-inf")
    max_y: float = float("-inf")

    @staticmethod
    def to_svg(point: Point) -> tuple[float, float]:
        """World (body heights, y up) to SVG units (y down)."""
        return (round(point[0] * SCALE, 1), round(-point[1] * SCALE, 1))

    def _extend(self, x: float, y: float, pad: float = 0.0) -> None:
        self.min_x = min(self.min_x, x - pad)
        self.min_y = min(self.min_y, y - pad)
        self.max_x = max(self.max_x, x + pad)
        self.max_y = max(self.max_y, y + pad)

    def line(self, a: Point, b: Point, stroke: str, width_h: float, cls: str = "") -> None:
        """A round-capped line; ``width_h`` is the stroke width in body heights."""
        (x1, y1), (x2, y2) = self.to_svg(a), self.to_svg(b)
        width = width_h * SCALE
        for x, y in ((x1, y1), (x2, y2)):
            self._extend(x, y, width / 2)
        self.elements.append(
            f'<line{_cls(cls)} x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" '
            f'stroke="{stroke}" stroke-width="{fmt(width)}" stroke-linecap="round"/>'
        )

    def circle(self, centre: Point, radius_h: float, fill: str, stroke: str = "none",
               width_h: float = 0.0, cls: str = "") -> None:
        """A circle; filled, outlined or both."""
        x, y = self.to_svg(centre)
        radius = radius_h * SCALE
        self._extend(x, y, radius + width_h * SCALE / 2)
        self.elements.append(
            f'<circle{_cls(cls)} cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(radius)}" fill="{fill}"'
            + (f' stroke="{stroke}" stroke-width="{fmt(width_h * SCALE)}"' if width_h else "")
            + "/>"
        )

    def polygon(self, points: Sequence[Point], fill: str, stroke: str = "none",
                width_h: float = 0.0, cls: str = "") -> None:
        """A closed shape with round joins (a filled trunk, a weight plate, an arrowhead)."""
        coords = [self.to_svg(p) for p in points]
        for x, y in coords:
            self._extend(x, y, width_h * SCALE / 2)
        text = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in coords)
        stroke_attrs = (
            f' stroke="{stroke}" stroke-width="{fmt(width_h * SCALE)}" stroke-linejoin="round"'
            if width_h else ""
        )
        self.elements.append(f'<polygon{_cls(cls)} points="{text}" fill="{fill}"{stroke_attrs}/>')

    def path(self, points: Sequence[Point], stroke: str, width_h: float, *, closed: bool = False,
             fill: str = "none", cls: str = "", dash: str = "") -> None:
        """A polyline (absolute M/L commands only, so tests can read every coordinate)."""
        coords = [self.to_svg(p) for p in points]
        for x, y in coords:
            self._extend(x, y, width_h * SCALE / 2)
        d = "M" + " L".join(f"{fmt(x)} {fmt(y)}" for x, y in coords) + (" Z" if closed else "")
        self.elements.append(
            f'<path{_cls(cls)} d="{d}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{fmt(width_h * SCALE)}" stroke-linecap="round" '
            f'stroke-linejoin="round"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
        )

    def open_group(self, cls: str) -> None:
        """Start a named group (``start``, ``end``, ``props``, ``arrow``) for readers and tests."""
        self.elements.append(f'<g class="{cls}">')

    def close_group(self) -> None:
        """End the current group."""
        self.elements.append("</g>")


def _cls(cls: str) -> str:
    return f' class="{cls}"' if cls else ""
