"""Draw the app icons in ``src/glutemed/web/static/icons/`` (run once; the PNGs are committed).

A pelvis-and-thigh glyph: the hip joint, the thigh lifted out to the side, and the gluteus
medius as an arc over the joint -- the one movement the app is about. Drawn with matplotlib
(already a dependency), so nothing is downloaded. ``maskable-512.png`` keeps the glyph
inside the central 80 % that every platform's mask leaves visible.

    python tools/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Arc, Circle, FancyBboxPatch

OUT = Path(__file__).resolve().parents[1] / "src" / "glutemed" / "web" / "static" / "icons"
INK = "#16202a"
PAPER = "#ffffff"
ACCENT = "#4aa3ff"


def draw(size: int, path: Path, *, maskable: bool) -> None:
    fig = plt.figure(figsize=(1, 1), dpi=size)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    if maskable:
        ax.add_patch(plt.Rectangle((0, 0), 1, 1, color=INK))
        scale, offset = 0.62, 0.19
    else:
        ax.add_patch(FancyBboxPatch((0.02, 0.02), 0.96, 0.96,
                                    boxstyle="round,pad=0,rounding_size=0.2", color=INK))
        scale, offset = 0.8, 0.1

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    width = 72 * 0.075 * scale / 0.8  # points: the figure is 72 pt wide at any size
    # pelvis (a bar), the standing thigh straight down, the lifted thigh out to the side
    ax.plot(*zip(at(0.15, 0.78), at(0.62, 0.78), strict=True), color=PAPER, lw=width,
            solid_capstyle="round")
    ax.plot(*zip(at(0.3, 0.72), at(0.3, 0.08), strict=True), color=PAPER, lw=width,
            solid_capstyle="round")
    ax.plot(*zip(at(0.55, 0.66), at(0.92, 0.3), strict=True), color=PAPER, lw=width,
            solid_capstyle="round")
    ax.add_patch(Circle(at(0.55, 0.66), 0.075 * scale, color=PAPER))
    # the gluteus medius: an arc from the pelvis over the hip joint
    ax.add_patch(Arc(at(0.55, 0.66), 0.62 * scale, 0.62 * scale, theta1=-20, theta2=110,
                     color=ACCENT, lw=width * 0.9))
    fig.savefig(path, dpi=size, transparent=not maskable)
    plt.close(fig)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, OUT / "icon-192.png", maskable=False)
    draw(512, OUT / "icon-512.png", maskable=False)
    draw(512, OUT / "maskable-512.png", maskable=True)
    draw(180, OUT / "apple-touch-icon.png", maskable=True)


if __name__ == "__main__":
    main()
