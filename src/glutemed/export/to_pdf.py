"""A printable handout of a program: who and why, each exercise with its picture, a log sheet.

What a clinician hands over at the end of an appointment: page 1 names the person, the goal,
the schedule, the reasons for the plan and the pain rules; then one block per exercise with
its figure, dose by week, the key cues and the technique checks; last, a log sheet to fill in
by hand, one table per week.

Rendering is pure given its inputs - the figures arrive as SVG strings (see
:func:`collect_figures`) and the creation date is passed in - so the same program gives the
same bytes, and no network or clock is touched. DejaVu Sans is embedded when the system has
it (``fonts-dejavu-core``); otherwise the PDF core font Helvetica is used and text is reduced
to Latin-1.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Variant
from glutemed.errors import GlutemedError, NotModelledError, UnknownIdError
from glutemed.export.text import dose_text, variant_name
from glutemed.export.to_ics import WEEKDAYS, schedule
from glutemed.programming.models import Goal, Prescription, Program
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
from glutemed.units import Unit

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""Default creation date written into the PDF: fixed, so output does not depend on the clock."""

GOAL_LABELS = {
    Goal.HYPERTROPHY: "Appearance and muscle size (hypertrophy)",
    Goal.REHAB: "Rehabilitation (for example lateral hip pain)",
    Goal.RISK_REDUCTION: "Injury-risk reduction (for example a runner)",
    Goal.PERFORMANCE: "Performance in sports with lateral movement",
}

SAFETY_TEXT = (
    "This is exercise advice, not a diagnosis. Some discomfort is acceptable: keep pain during "
    f"an exercise at {PAIN_DURING_LIMIT_0_10}/10 or less, and the next morning no worse than "
    "before. If it is worse, do not progress; hold or step back. Stop and see a clinician for "
    "severe or night pain, a fall or injury, numbness or tingling, fever, or pain that keeps "
    "rising."
)
"""The pain-monitoring limit comes from the progression engine's own constant, so the sheet
and the rules can never disagree."""

LATIN1_SWAPS = {"\u00d7": "x", "\u2013": "-", "\u2014": "-", "\u00b7": "|", "\u2610": "[ ]"}


@dataclass(frozen=True)
class _Fonts:
    family: str
    unicode: bool


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


def new_document(title: str, created: dt.datetime) -> Any:
    """An empty A4 PDF with glutemed's metadata, margins and page breaks, dated ``created``
    (a fixed date by default, so identical input gives identical bytes). The handout and
    the progress report both start from it."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_creation_date(created)
    pdf.set_producer("glutemed")
    pdf.set_creator("glutemed")
    pdf.set_title(title)
    pdf.set_author("glutemed")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    return pdf


def render_pdf(
    program: Program,
    *,
    person: str,
    catalog: Catalog,
    figures: Mapping[str, str] | None = None,
    unit: Unit = "kg",
    start: dt.date | None = None,
    weekdays: Sequence[int] | None = None,
    created: dt.datetime = FIXED_CREATED,
) -> bytes:
    """The handout as PDF bytes; identical input gives identical bytes."""
    pdf = new_document(f"Hip abductor program for {person}", created)
    fonts = _register_fonts(pdf)
    writer = _Writer(pdf, fonts, person)
    writer.cover(program, unit, start, weekdays)
    writer.exercises(program, catalog, figures or {}, unit)
    writer.log_sheet(program, catalog, start, weekdays)
    return bytes(pdf.output())


def _register_fonts(pdf: Any) -> _Fonts:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    oblique = FONT_DIR / "DejaVuSans-Oblique.ttf"
    if regular.exists() and bold.exists() and oblique.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        pdf.add_font("DejaVu", "I", str(oblique))
        return _Fonts("DejaVu", unicode=True)
    return _Fonts("Helvetica", unicode=False)


class _Writer:
    """Lays the handout out on an FPDF document (the only stateful part)."""

    def __init__(self, pdf: Any, fonts: _Fonts, person: str) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self.person = person
        self.width = pdf.w - pdf.l_margin - pdf.r_margin

    # -- primitives -------------------------------------------------------------------------
    def t(self, text: str) -> str:
        """Text the current font can show (Latin-1 only without DejaVu)."""
        if self.fonts.unicode:
            return text
        for char, swap in LATIN1_SWAPS.items():
            text = text.replace(char, swap)
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, style: str = "") -> None:
        self.pdf.set_font(self.fonts.family, style, size)

    def para(self, text: str, size: float = 10, style: str = "", h: float = 5) -> None:
        self.font(size, style)
        self.pdf.multi_cell(self.width, h, self.t(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str, size: float = 14) -> None:
        self.pdf.ln(2)
        self.para(text, size, "B", h=size * 0.5)
        self.pdf.ln(1)

    def bullets(self, lines: Sequence[str], x: float, width: float, mark: str = "\u2022") -> None:
        for line in lines:
            self.pdf.set_x(x)
            self.pdf.multi_cell(
                width, 4.6, self.t(f"{mark} {line}"), align="L", new_x="LMARGIN", new_y="NEXT"
            )

    def footer_note(self) -> None:
        self.font(8, "I")
        self.pdf.set_text_color(110)
        self.pdf.cell(
            0, 4, self.t(f"glutemed handout for {self.person}"), new_x="LMARGIN", new_y="NEXT"
        )
        self.pdf.set_text_color(0)

    # -- page 1 -----------------------------------------------------------------------------
    def cover(
        self, program: Program, unit: Unit, start: dt.date | None, weekdays: Sequence[int] | None
    ) -> None:
        pdf = self.pdf
        pdf.add_page()
        self.footer_note()
        self.para(f"Hip abductor program for {self.person}", 20, "B", h=10)
        profile = program.profile
        self.para(f"Goal: {GOAL_LABELS.get(profile.goal, str(profile.goal))}", 12)
        sessions = max((len(w.sessions) for w in program.weeks), default=0)
        when = f"{len(program.weeks)} weeks, {sessions} leg session(s) a week, about "
        when += f"{profile.minutes_per_session} minutes each"
        self.para(when, 11)
        if start is not None:
            days = ", ".join(WEEKDAYS[d].capitalize() for d in (weekdays or []))
            self.para(f"Starting {start:%A %d %B %Y}" + (f" on {days}" if days else ""), 11)
        self.para(f"Loads are shown in {unit}.", 9, "I")
        self.heading("Why this plan")
        self.font(10)
        self.bullets(program.rationale, pdf.l_margin, self.width)
        self._safety_box()
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
            self.footer_note()
        self.heading("Weeks at a glance")
        self._overview(program, start, weekdays)

    def _safety_box(self) -> None:
        pdf = self.pdf
        pdf.ln(3)
        pdf.set_fill_color(255, 243, 224)
        pdf.set_draw_color(230, 140, 40)
        self.font(10, "B")
        pdf.cell(
            self.width,
            6,
            self.t("Pain rules and warning signs"),
            border="LTR",
            fill=True,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.font(9.5)
        pdf.multi_cell(
            self.width,
            4.8,
            self.t(SAFETY_TEXT),
            border="LBR",
            fill=True,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_draw_color(0)
        pdf.set_fill_color(255)

    def _overview(
        self, program: Program, start: dt.date | None, weekdays: Sequence[int] | None
    ) -> None:
        dates = _session_dates(program, start, weekdays)
        self.font(9)
        with self.pdf.table(
            col_widths=(14, 52, 114), line_height=4.8, first_row_as_headings=True, text_align="LEFT"
        ) as table:
            table.row([self.t(h) for h in ("Week", "Focus", "Sessions")])
            for w, week in enumerate(program.weeks, start=1):
                names = [
                    s.name + (f" ({dates[(w, i)]:%d %b})" if (w, i) in dates else "")
                    for i, s in enumerate(week.sessions, start=1)
                ]
                table.row([str(week.number), self.t(week.focus), self.t("; ".join(names))])

    # -- exercises --------------------------------------------------------------------------
    def exercises(
        self, program: Program, catalog: Catalog, figures: Mapping[str, str], unit: Unit
    ) -> None:
        self.pdf.add_page()
        self.footer_note()
        self.heading("Your exercises", 16)
        for variant_id, doses in _doses_by_variant(program, unit, catalog).items():
            self._exercise(variant_id, doses, catalog, figures.get(variant_id))

    def _exercise(
        self, variant_id: str, doses: list[str], catalog: Catalog, figure: str | None
    ) -> None:
        pdf = self.pdf
        fig_w, fig_h = _figure_size(figure)
        if pdf.get_y() + max(fig_h, 75) + 16 > pdf.h - pdf.b_margin:
            pdf.add_page()
            self.footer_note()
        variant = _variant_or_none(catalog, variant_id)
        top = pdf.get_y() + 2
        pdf.set_draw_color(200)
        pdf.line(pdf.l_margin, top - 1, pdf.l_margin + self.width, top - 1)
        pdf.set_draw_color(0)
        pdf.set_y(top)
        self.para(variant_name(variant_id, catalog), 12.5, "B", h=6)
        if variant is not None:
            self.para(variant.summary, 9.5, "I", h=4.6)
        fig_top = pdf.get_y() + 1
        fig_bottom = self._figure(figure, pdf.l_margin, fig_top, fig_w)
        text_x = pdf.l_margin + 62
        pdf.set_xy(text_x, fig_top)
        self._exercise_text(variant, catalog, doses, text_x, self.width - 62)
        pdf.set_y(max(pdf.get_y(), fig_bottom) + 3)

    def _exercise_text(
        self, variant: Variant | None, catalog: Catalog, doses: list[str], x: float, width: float
    ) -> None:
        self.font(10, "B")
        self.pdf.set_x(x)
        self.pdf.cell(width, 5, self.t("Dose"), new_x="LMARGIN", new_y="NEXT")
        self.font(9.5)
        self.bullets(doses, x, width)
        if variant is None:
            return
        family = catalog.family_of(variant)
        cues = [*variant.cues, *family.cues][:3]
        checks = [c.question for c in family.checks_for(variant)]
        for title, lines, mark in (
            ("Key cues", cues, "\u2022"),
            ("After each set, check", checks, "\u2610"),
        ):
            self.font(10, "B")
            self.pdf.set_x(x)
            self.pdf.cell(width, 6, self.t(title), new_x="LMARGIN", new_y="NEXT")
            self.font(9.5)
            self.bullets(lines, x, width, mark)
        feel = family.feel_for(variant)
        self.font(9, "I")
        self.pdf.set_x(x)
        self.pdf.multi_cell(
            width, 4.4, self.t(f"Feel it: {feel.target}"), new_x="LMARGIN", new_y="NEXT"
        )

    def _figure(self, svg: str | None, x: float, y: float, width: float) -> float:
        """Draw the figure (or a placeholder) and return its bottom edge."""
        pdf = self.pdf
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
        self.font(8, "I")
        pdf.set_xy(x, y + height / 2 - 2)
        pdf.cell(width, 4, self.t("(figure not available)"), align="C")
        return y + height

    # -- log sheet --------------------------------------------------------------------------
    def log_sheet(
        self,
        program: Program,
        catalog: Catalog,
        start: dt.date | None,
        weekdays: Sequence[int] | None,
    ) -> None:
        dates = _session_dates(program, start, weekdays)
        self.pdf.add_page()
        self.footer_note()
        self.heading("Training log", 16)
        self.para(
            "Write reps or seconds and the load for each set (e.g. 12 @ 4 kg). Pain during: "
            "0-10. Next morning: better, same or worse. Checks: tick when all were yes.",
            9,
            "I",
            h=4.5,
        )
        widths = (24, 46, 26, 13, 13, 13, 13, 10, 11, 11)
        heads = (
            "Session / date",
            "Exercise",
            "Target",
            "Set 1",
            "Set 2",
            "Set 3",
            "Set 4",
            "Pain",
            "Next AM",
            "OK?",
        )
        for w, week in enumerate(program.weeks, start=1):
            rows = sum(len(s.items) for s in week.sessions)
            if self.pdf.get_y() > self.pdf.h - 30 - 7 * rows:
                self.pdf.add_page()
                self.footer_note()
            self.heading(f"Week {week.number}: {week.focus}", 11)
            self.font(8)
            with self.pdf.table(
                col_widths=widths, line_height=6.5, first_row_as_headings=True, text_align="LEFT"
            ) as table:
                table.row([self.t(h) for h in heads])
                for s, session in enumerate(week.sessions, start=1):
                    day = dates.get((w, s))
                    label = session.name + (f"\n{day:%a %d %b}" if day else "\n__ / __")
                    for i, item in enumerate(session.items):
                        cells = [
                            label if i == 0 else "",
                            variant_name(item.variant_id, catalog),
                            _short_target(item),
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                        ]
                        table.row([self.t(c) for c in cells])


FIGURE_MAX_W_MM = 58.0
FIGURE_MAX_H_MM = 72.0


def _figure_size(svg: str | None) -> tuple[float, float]:
    """Width and height (mm) to draw a figure at: 58 mm wide, no taller than 72 mm.

    A standing figure is tall and narrow; fitting it by height keeps two exercises on a page.
    """
    if svg is None:
        return FIGURE_MAX_W_MM, FIGURE_MAX_W_MM * 0.6
    match = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', svg)
    aspect = float(match.group(2)) / float(match.group(1)) if match else 0.75
    width = min(FIGURE_MAX_W_MM, FIGURE_MAX_H_MM / aspect) if aspect > 0 else FIGURE_MAX_W_MM
    return width, width * aspect


def _variant_or_none(catalog: Catalog, variant_id: str) -> Variant | None:
    try:
        return catalog.variant(variant_id)
    except GlutemedError:
        return None


def _short_target(item: Prescription) -> str:
    amount = item.reps if item.reps else item.hold_s
    unit = " reps" if item.reps else " s"
    low, high = amount or (0, 0)
    side = "" if item.side.value == "both" else f" {item.side.value}"
    return f"{item.sets} \u00d7 {low}\u2013{high}{unit}{side}"


def _doses_by_variant(program: Program, unit: Unit, catalog: Catalog) -> dict[str, list[str]]:
    """Per variant, its dose by run of weeks: ``Weeks 1–2: 3 × 30–45 s hold …``."""
    runs: dict[str, list[tuple[int, int, str]]] = {}
    for week in program.weeks:
        seen: set[str] = set()
        for session in week.sessions:
            for item in session.items:
                if item.variant_id in seen:
                    continue
                seen.add(item.variant_id)
                text = dose_text(item, unit, catalog) + (" (optional)" if item.optional else "")
                spans = runs.setdefault(item.variant_id, [])
                if spans and spans[-1][2] == text and spans[-1][1] == week.number - 1:
                    spans[-1] = (spans[-1][0], week.number, text)
                else:
                    spans.append((week.number, week.number, text))
    return {
        variant: [
            (f"Week {a}" if a == b else f"Weeks {a}\u2013{b}") + f": {text}" for a, b, text in spans
        ]
        for variant, spans in runs.items()
    }


def _session_dates(
    program: Program, start: dt.date | None, weekdays: Sequence[int] | None
) -> dict[tuple[int, int], dt.date]:
    if start is None or not weekdays:
        return {}
    return {(w, s): day for w, s, day in schedule(program, start, weekdays)}
