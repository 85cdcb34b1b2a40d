"""The handout's exercise pages: one block per exercise with its figure, target, set-up,
cues, technique checks and where it should be felt.

A block is kept on one page when it fits (its height is estimated before it is drawn); in
large print the text runs full width under a larger figure. For a stored person the target is
the prescription in force today per side; for a plan file, the plan's dose week by week.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.coaching import Coaching
from glutemed.errors import GlutemedError
from glutemed.export.handout_figures import draw_figure, figure_size
from glutemed.export.handout_targets import doses_by_variant, target_lines
from glutemed.export.pdf_document import PageWriter
from glutemed.export.text import variant_name
from glutemed.programming.models import Prescription, Program
from glutemed.units import Unit

SetupNotes = Mapping[str, Sequence[str]]
"""Variant id -> this person's own set-up steps for it (support, the side to lie on)."""


def draw_exercises(
    w: PageWriter,
    program: Program,
    catalog: Catalog,
    figures: Mapping[str, str],
    unit: Unit,
    current: Mapping[str, Sequence[Prescription]] | None,
) -> None:
    """The exercise pages, in the program's order (or the order of the targets in force)."""
    w.new_page()
    w.heading("Your exercises", 16)
    own = own_setup(program, current)
    if current is None:
        for variant_id, doses in doses_by_variant(program, unit, catalog).items():
            _exercise(w, own, variant_id, "Dose by week", doses, catalog, figures)
        return
    for slot, sides in current.items():
        if not sides:
            continue
        variant_id = sides[0].variant_id
        lines = target_lines(sides, unit, catalog)
        if any(rx.variant_id != slot for rx in sides):
            lines.append(f"Moved on from: {variant_name(slot, catalog)}")
        _exercise(w, own, variant_id, "Your target now", lines, catalog, figures)


def own_setup(program: Program, current: Mapping[str, Sequence[Prescription]] | None
              ) -> dict[str, list[str]]:
    """Each exercise's set-up steps for this person (support, the side to lie on), once."""
    items = [i for w in program.weeks for s in w.sessions for i in s.items]
    items += [rx for sides in (current or {}).values() for rx in sides]
    found: dict[str, list[str]] = {}
    for item in items:
        notes = found.setdefault(item.variant_id, [])
        if item.setup_note and item.setup_note not in notes:
            notes.append(item.setup_note)
    return found


def _exercise(
    w: PageWriter,
    own: SetupNotes,
    variant_id: str,
    dose_title: str,
    doses: list[str],
    catalog: Catalog,
    figures: Mapping[str, str],
) -> None:
    pdf = w.pdf
    figure = figures.get(variant_id)
    fig_w, fig_h = figure_size(figure, w.large)
    coaching = _coaching_or_none(catalog, variant_id)
    text_w = w.width if w.large else w.width - 62
    text_h = _text_height(w, own, coaching, doses, text_w)
    need = (fig_h + text_h + 20) if w.large else max(fig_h, text_h) + 20
    usable = pdf.h - pdf.t_margin - pdf.b_margin - 10
    w.room_for(min(need, usable))
    top = pdf.get_y() + 2
    pdf.set_draw_color(200)
    pdf.line(pdf.l_margin, top - 1, pdf.l_margin + w.width, top - 1)
    pdf.set_draw_color(0)
    pdf.set_y(top)
    w.para(variant_name(variant_id, catalog), 12.5, "B", h=6)
    if coaching is not None:
        w.para(coaching.variant.summary, 9.5, "I", h=4.6)
    fig_top = pdf.get_y() + 1
    fig_bottom = draw_figure(w, figure, pdf.l_margin, fig_top, fig_w)
    if w.large:  # the text runs full width under a large figure
        pdf.set_y(fig_bottom + 2)
        _exercise_text(w, own, coaching, dose_title, doses, pdf.l_margin, w.width)
        pdf.ln(3)
        return
    text_x = pdf.l_margin + 62
    pdf.set_xy(text_x, fig_top)
    page = pdf.page
    _exercise_text(w, own, coaching, dose_title, doses, text_x, text_w)
    # Text that ran on to a new page ends below nothing: the figure stayed behind.
    pdf.set_y((max(pdf.get_y(), fig_bottom) if pdf.page == page else pdf.get_y()) + 3)


def _text_height(w: PageWriter, own: SetupNotes, coaching: Coaching | None,
                 doses: Sequence[str], width: float) -> float:
    """About how tall an exercise's text will be at this width (to keep it on one page)."""
    groups = [list(doses)]
    if coaching is not None:
        mine = own.get(coaching.variant.id, [])
        groups += [[*mine, *coaching.setup], list(coaching.cues),
                   [c.question for c in coaching.checks], [coaching.feel.target]]
        if coaching.band_rule is not None:
            groups.append([coaching.band_rule.rationale, coaching.band_rule.unless])
    w.font(9.5)
    lines = sum(
        -(-w.pdf.get_string_width(w.t(f"\u2022 {line}")) // (width - 3))
        for group in groups for line in group
    )
    return float(lines * 4.6 * w.k + len(groups) * 6 * w.k)


def _exercise_text(
    w: PageWriter,
    own: SetupNotes,
    coaching: Coaching | None,
    dose_title: str,
    doses: list[str],
    x: float,
    width: float,
) -> None:
    _block(w, dose_title, doses, x, width, "\u2022")
    if coaching is None:
        return
    mine = own.get(coaching.variant.id, [])
    _block(w, "Set up", [*mine, *coaching.setup], x, width, "\u2022")
    _block(w, "As you move", list(coaching.cues), x, width, "\u2022")
    _block(
        w, "After each set, check", [c.question for c in coaching.checks], x, width, "\u2610"
    )
    rule = coaching.band_rule
    if rule is not None:
        _block(w, "The band rule", [rule.rationale, rule.unless], x, width, "\u2022")
    w.font(9, "I")
    w.pdf.set_x(x)
    w.pdf.multi_cell(
        width, 4.4 * w.k, w.t(f"Feel it: {coaching.feel.target}"),
        new_x="LMARGIN", new_y="NEXT",
    )


def _block(w: PageWriter, title: str, lines: Sequence[str], x: float, width: float,
           mark: str) -> None:
    if not lines:
        return
    w.font(10, "B")
    w.pdf.set_x(x)
    w.pdf.cell(width, 6 * w.k, w.t(title), new_x="LMARGIN", new_y="NEXT")
    w.font(9.5)
    w.bullets(lines, x, width, mark)


def _coaching_or_none(catalog: Catalog, variant_id: str) -> Coaching | None:
    try:
        return catalog.coaching(variant_id)
    except GlutemedError:
        return None
