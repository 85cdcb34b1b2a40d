"""The handout's figures: which exercises get one, drawing them from SVG, and their size.

The SVGs come from :mod:`glutemed.illustrate` (imported only when figures are collected, so
rendering itself stays pure given its inputs); a figure the PDF library cannot draw, or an
exercise with none, gets a plain placeholder box rather than a failed handout.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping, Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.errors import NotModelledError, UnknownIdError
from glutemed.export.pdf_document import PageWriter
from glutemed.programming.models import Prescription, Program

FIGURE_MAX_W_MM = 58.0
FIGURE_MAX_H_MM = 72.0
LARGE_FIGURE_W_MM = 110.0
LARGE_FIGURE_H_MM = 120.0


def collect_figures(variant_ids: Sequence[str], catalog: Catalog) -> dict[str, str]:
    """SVG figures from :mod:`glutemed.illustrate` for the variants that have one.

    A variant without a pose (or an id the catalogue does not know) has no figure; the
    handout then draws a plain box with its name rather than failing.
    """
    from glutemed.illustrate.posebook import load_default_poses
    from glutemed.illustrate.svg import render_figure

    poses = load_default_poses()
    figures: dict[str, str] = {}
    for variant_id in dict.fromkeys(variant_ids):
        try:
            figures[variant_id] = render_figure(variant_id, poses, catalog)
        except (NotModelledError, UnknownIdError):
            continue
    return figures


def handout_variant_ids(
    program: Program, current: Mapping[str, Sequence[Prescription]] | None = None
) -> list[str]:
    """The variants the handout draws: the program's, and those progression has moved to."""
    planned = [i.variant_id for w in program.weeks for s in w.sessions for i in s.items]
    moved = [rx.variant_id for sides in (current or {}).values() for rx in sides]
    return list(dict.fromkeys([*planned, *moved]))


def figure_size(svg: str | None, large: bool = False) -> tuple[float, float]:
    """Width and height (mm) to draw a figure at: 58 mm wide, no taller than 72 mm (large
    print: 110 by 120 mm).

    A standing figure is tall and narrow; fitting it by height keeps two exercises on a page.
    """
    max_w, max_h = (LARGE_FIGURE_W_MM, LARGE_FIGURE_H_MM) if large else (
        FIGURE_MAX_W_MM, FIGURE_MAX_H_MM
    )
    if svg is None:
        return max_w, max_w * 0.6
    match = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', svg)
    aspect = float(match.group(2)) / float(match.group(1)) if match else 0.75
    width = min(max_w, max_h / aspect) if aspect > 0 else max_w
    return width, width * aspect


def draw_figure(w: PageWriter, svg: str | None, x: float, y: float, width: float) -> float:
    """Draw the figure (or a placeholder) and return its bottom edge."""
    pdf = w.pdf
    if svg is not None:
        quiet = logging.getLogger("fpdf.svg")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # <title>/<desc> are for screen readers, not paper
        try:
            info = pdf.image(io.BytesIO(svg.encode("utf-8")), x=x, y=y, w=width)
            height = float(getattr(info, "rendered_height", 0) or width * 0.75)
            return y + height
        except Exception:  # a figure the PDF library cannot draw gets the placeholder
            pass
        finally:
            quiet.setLevel(level)
    height = width * 0.6
    pdf.set_draw_color(190)
    pdf.set_fill_color(245)
    pdf.rect(x, y, width, height, style="DF")
    pdf.set_draw_color(0)
    w.font(8, "I")
    pdf.set_xy(x, y + height / 2 - 2)
    pdf.cell(width, 4, w.t("(figure not available)"), align="C")
    return y + height
