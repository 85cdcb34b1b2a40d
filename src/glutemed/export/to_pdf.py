"""A printable handout of a program: written for the person, each exercise in full, a log sheet.

What a clinician hands over at the end of an appointment. Page 1 speaks to the person: what
the program is for, when to train, how to read a target, how it moves on, and the pain rules.
Then one block per exercise with its figure, the target (for a stored person, the
prescription in force today, from the same service that answers ``glutemed today``; for a
plan file, the plan's dose by week), every set-up step and cue, and the technique checks; a
log sheet with a left and a right column for every set of a one-leg exercise; and, last, the
program's reasons with their sources, for a clinician.

``large_print`` sets every text about 1.4 times larger, gives each figure the full width,
and turns the log sheet's pages sideways so its columns stay wide enough to write in.

Rendering is pure given its inputs - the figures arrive as SVG strings (see
:func:`collect_figures`), the targets in force and the creation date are passed in - so the
same input gives the same bytes, and no network, database or clock is touched. DejaVu Sans is
embedded when the system has it (``fonts-dejavu-core``); otherwise the PDF core font
Helvetica is used and text is reduced to Latin-1.
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
from glutemed.catalog.coaching import Coaching
from glutemed.catalog.models import Laterality
from glutemed.errors import GlutemedError, NotModelledError, UnknownIdError
from glutemed.export.text import dose_text, variant_name
from glutemed.export.to_ics import WEEKDAYS, schedule
from glutemed.programming.conditions import condition_data, education_for
from glutemed.programming.models import (
    AffectedSide,
    Condition,
    Goal,
    Prescription,
    Profile,
    Program,
    Side,
    slot_of,
)
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
from glutemed.units import Unit, format_load

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""Default creation date written into the PDF: fixed, so output does not depend on the clock."""

LARGE_PRINT_SCALE = 1.4
"""Text size factor of the large-print handout: 10 pt body text becomes 14 pt, within the
16-18 pt range often asked for only on headings; a usability choice, not a published figure."""

GOAL_LABELS = {
    Goal.HYPERTROPHY: "Appearance and muscle size (hypertrophy)",
    Goal.REHAB: "Rehabilitation",
    Goal.RISK_REDUCTION: "Injury-risk reduction",
    Goal.PERFORMANCE: "Performance in sports with lateral movement",
}

GOAL_FOR_YOU = {
    Goal.HYPERTROPHY: "to build stronger, fuller hip muscles",
    Goal.REHAB: "to rebuild strength in the side of your hip while keeping pain in check",
    Goal.RISK_REDUCTION: "to build strength and control on one leg",
    Goal.PERFORMANCE: "to build hip strength for sports that move sideways",
}



def goal_label(profile: Profile) -> str:
    """The goal as the handout names it, with what the person told us about themselves
    (never an example that may not be them, such as "a runner")."""
    parts = [GOAL_LABELS.get(profile.goal, str(profile.goal))]
    if profile.condition is not Condition.NONE:
        side = (f", {profile.affected_side.value} side"
                if profile.affected_side is not AffectedSide.NONE else "")
        parts.append(condition_data(profile).name + side)
    if profile.balance_risk:
        parts.append("balance: standing exercises with a hand on a support")
    return "; ".join(parts)


SAFETY_TEXT = (
    "This is exercise advice, not a diagnosis. Some discomfort is acceptable: keep pain during "
    f"an exercise at {PAIN_DURING_LIMIT_0_10}/10 or less, and the next morning no worse than "
    "before. If it is worse, do not progress; hold or step back. Stop and see a clinician for "
    "severe or night pain, a fall or injury, numbness or tingling, fever, or pain that keeps "
    "rising."
)
"""The pain-monitoring limit comes from the progression engine's own constant, so the sheet
and the rules can never disagree."""

LATIN1_SWAPS = {
    "\u00d7": "x", "\u2013": "-", "\u2014": "-", "\u00b7": "|", "\u2610": "[ ]",
    "\u2022": "-", "\u00b1": "+/-",
}


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


def handout_variant_ids(
    program: Program, current: Mapping[str, Sequence[Prescription]] | None = None
) -> list[str]:
    """The variants the handout draws: the program's, and those progression has moved to."""
    planned = [i.variant_id for w in program.weeks for s in w.sessions for i in s.items]
    moved = [rx.variant_id for sides in (current or {}).values() for rx in sides]
    return list(dict.fromkeys([*planned, *moved]))
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
    current: Mapping[str, Sequence[Prescription]] | None = None,
    as_of: dt.date | None = None,
    large_print: bool = False,
) -> bytes:
    """The handout as PDF bytes; identical input gives identical bytes.

    ``current`` maps each exercise of the program (its slot, e.g. ``abduction:side-plank``)
    to the prescriptions in force for its sides, as the sessions service computes them
    (``targets_in_force``); ``as_of`` is the day they were read. Without ``current`` (a plan
    file) the handout shows the plan's own dose week by week.
    """
    pdf = new_document(f"Hip abductor program for {person}", created)
    fonts = _register_fonts(pdf)
    writer = _Writer(pdf, fonts, person, LARGE_PRINT_SCALE if large_print else 1.0)
    writer.cover(program, unit, start, weekdays, as_of if current is not None else None)
    writer.overview(program, start, weekdays)
    writer.exercises(program, catalog, figures or {}, unit, current)
    writer.log_sheet(program, catalog, start, weekdays, unit, current)
    writer.reasons(program)
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
    """Lays the handout out on an FPDF document (the only stateful part).

    ``k`` scales every font size and line height (1.0 normal, 1.4 large print).
    """

    def __init__(self, pdf: Any, fonts: _Fonts, person: str, k: float = 1.0) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self.person = person
        self.k = k
        self.own_setup: dict[str, list[str]] = {}

    @property
    def large(self) -> bool:
        return self.k > 1.0

    @property
    def width(self) -> float:
        """Width between the margins of the current page (landscape pages are wider)."""
        return float(self.pdf.w - self.pdf.l_margin - self.pdf.r_margin)

    # -- primitives -------------------------------------------------------------------------
    def t(self, text: str) -> str:
        """Text the current font can show (Latin-1 only without DejaVu)."""
        if self.fonts.unicode:
            return text
        for char, swap in LATIN1_SWAPS.items():
            text = text.replace(char, swap)
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, style: str = "") -> None:
        self.pdf.set_font(self.fonts.family, style, size * self.k)

    def para(self, text: str, size: float = 10, style: str = "", h: float = 5) -> None:
        self.font(size, style)
        self.pdf.multi_cell(self.width, h * self.k, self.t(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str, size: float = 14) -> None:
        self.pdf.ln(2)
        self.para(text, size, "B", h=size * 0.5)
        self.pdf.ln(1)

    def bullets(self, lines: Sequence[str], x: float, width: float, mark: str = "\u2022") -> None:
        for line in lines:
            self.pdf.set_x(x)
            self.pdf.multi_cell(
                width, 4.6 * self.k, self.t(f"{mark} {line}"), align="L",
                new_x="LMARGIN", new_y="NEXT",
            )

    def new_page(self, orientation: str = "") -> None:
        self.pdf.add_page(orientation=orientation)
        self.footer_note()

    def footer_note(self) -> None:
        self.font(8, "I")
        self.pdf.set_text_color(110)
        self.pdf.cell(
            0, 4 * self.k, self.t(f"glutemed handout for {self.person}"),
            new_x="LMARGIN", new_y="NEXT",
        )
        self.pdf.set_text_color(0)

    def room_for(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit above the bottom margin."""
        if self.pdf.get_y() + height > self.pdf.h - self.pdf.b_margin:
            self.new_page()

    # -- page 1: for the person ------------------------------------------------------------
    def cover(
        self,
        program: Program,
        unit: Unit,
        start: dt.date | None,
        weekdays: Sequence[int] | None,
        as_of: dt.date | None,
    ) -> None:
        self.new_page()
        profile = program.profile
        self.para(f"Your hip program, {self.person}", 20, "B", h=10)
        goal = GOAL_FOR_YOU.get(profile.goal, str(profile.goal))
        sessions = max((len(w.sessions) for w in program.weeks), default=0)
        when = (
            f"This program is {goal}. It runs for {len(program.weeks)} weeks, with "
            f"{sessions} leg session{'s' if sessions != 1 else ''} a week of about "
            f"{profile.minutes_per_session} minutes"
        )
        if start is not None:
            days = ", ".join(WEEKDAYS[d].capitalize() for d in (weekdays or []))
            when += f", starting on {start:%A %d %B %Y}" + (f" ({days})" if days else "")
        self.para(when + ".", 11, h=5.5)
        self.para(f"Goal: {goal_label(profile)}", 9.5, "I", h=5)
        education = education_for(profile)
        if education:
            self.heading("Every day, for your condition", 12)
            self.bullets(education, self.pdf.l_margin, self.width)
        for title, text in _for_you(as_of, unit):
            self.heading(title, 12)
            self.para(text, 10.5, h=5.2)
        self._safety_box()

    def _safety_box(self) -> None:
        pdf = self.pdf
        pdf.ln(3)
        self.room_for(30 * self.k)
        pdf.set_fill_color(255, 243, 224)
        pdf.set_draw_color(230, 140, 40)
        self.font(10, "B")
        pdf.cell(
            self.width, 6 * self.k, self.t("Pain rules and warning signs"),
            border="LTR", fill=True, new_x="LMARGIN", new_y="NEXT",
        )
        self.font(9.5)
        pdf.multi_cell(
            self.width, 4.8 * self.k, self.t(SAFETY_TEXT),
            border="LBR", fill=True, new_x="LMARGIN", new_y="NEXT",
        )
        pdf.set_draw_color(0)
        pdf.set_fill_color(255)

    def overview(
        self, program: Program, start: dt.date | None, weekdays: Sequence[int] | None
    ) -> None:
        self.new_page()
        self.heading("Weeks at a glance", 16)
        dates = _session_dates(program, start, weekdays)
        self.font(9)
        widths = (14, 52, 114) if not self.large else (20, 60, 100)
        with self.pdf.table(
            col_widths=widths, line_height=4.8 * self.k, first_row_as_headings=True,
            text_align="LEFT",
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
        self,
        program: Program,
        catalog: Catalog,
        figures: Mapping[str, str],
        unit: Unit,
        current: Mapping[str, Sequence[Prescription]] | None,
    ) -> None:
        self.new_page()
        self.heading("Your exercises", 16)
        self.own_setup = _own_setup(program, current)
        if current is None:
            for variant_id, doses in _doses_by_variant(program, unit, catalog).items():
                self._exercise(variant_id, "Dose by week", doses, catalog, figures)
            return
        for slot, sides in current.items():
            if not sides:
                continue
            variant_id = sides[0].variant_id
            lines = _target_lines(sides, unit, catalog)
            if any(rx.variant_id != slot for rx in sides):
                lines.append(f"Moved on from: {variant_name(slot, catalog)}")
            self._exercise(variant_id, "Your target now", lines, catalog, figures)

    def _exercise(
        self,
        variant_id: str,
        dose_title: str,
        doses: list[str],
        catalog: Catalog,
        figures: Mapping[str, str],
    ) -> None:
        pdf = self.pdf
        figure = figures.get(variant_id)
        fig_w, fig_h = _figure_size(figure, self.large)
        coaching = _coaching_or_none(catalog, variant_id)
        text_w = self.width if self.large else self.width - 62
        text_h = self._text_height(coaching, doses, text_w)
        need = (fig_h + text_h + 20) if self.large else max(fig_h, text_h) + 20
        usable = pdf.h - pdf.t_margin - pdf.b_margin - 10
        self.room_for(min(need, usable))
        top = pdf.get_y() + 2
        pdf.set_draw_color(200)
        pdf.line(pdf.l_margin, top - 1, pdf.l_margin + self.width, top - 1)
        pdf.set_draw_color(0)
        pdf.set_y(top)
        self.para(variant_name(variant_id, catalog), 12.5, "B", h=6)
        if coaching is not None:
            self.para(coaching.variant.summary, 9.5, "I", h=4.6)
        fig_top = pdf.get_y() + 1
        fig_bottom = self._figure(figure, pdf.l_margin, fig_top, fig_w)
        if self.large:  # the text runs full width under a large figure
            pdf.set_y(fig_bottom + 2)
            self._exercise_text(coaching, dose_title, doses, pdf.l_margin, self.width)
            pdf.ln(3)
            return
        text_x = pdf.l_margin + 62
        pdf.set_xy(text_x, fig_top)
        page = pdf.page
        self._exercise_text(coaching, dose_title, doses, text_x, text_w)
        # Text that ran on to a new page ends below nothing: the figure stayed behind.
        pdf.set_y((max(pdf.get_y(), fig_bottom) if pdf.page == page else pdf.get_y()) + 3)

    def _text_height(self, coaching: Coaching | None, doses: Sequence[str], width: float) -> float:
        """About how tall an exercise's text will be at this width (to keep it on one page)."""
        groups = [list(doses)]
        if coaching is not None:
            own = self.own_setup.get(coaching.variant.id, [])
            groups += [[*own, *coaching.setup], list(coaching.cues),
                       [c.question for c in coaching.checks], [coaching.feel.target]]
            if coaching.band_rule is not None:
                groups.append([coaching.band_rule.rationale, coaching.band_rule.unless])
        self.font(9.5)
        lines = sum(
            -(-self.pdf.get_string_width(self.t(f"\u2022 {line}")) // (width - 3))
            for group in groups for line in group
        )
        return float(lines * 4.6 * self.k + len(groups) * 6 * self.k)

    def _exercise_text(
        self,
        coaching: Coaching | None,
        dose_title: str,
        doses: list[str],
        x: float,
        width: float,
    ) -> None:
        self._block(dose_title, doses, x, width, "\u2022")
        if coaching is None:
            return
        own = self.own_setup.get(coaching.variant.id, [])
        self._block("Set up", [*own, *coaching.setup], x, width, "\u2022")
        self._block("As you move", list(coaching.cues), x, width, "\u2022")
        self._block(
            "After each set, check", [c.question for c in coaching.checks], x, width, "\u2610"
        )
        rule = coaching.band_rule
        if rule is not None:
            self._block("The band rule", [rule.rationale, rule.unless], x, width, "\u2022")
        self.font(9, "I")
        self.pdf.set_x(x)
        self.pdf.multi_cell(
            width, 4.4 * self.k, self.t(f"Feel it: {coaching.feel.target}"),
            new_x="LMARGIN", new_y="NEXT",
        )

    def _block(self, title: str, lines: Sequence[str], x: float, width: float, mark: str) -> None:
        if not lines:
            return
        self.font(10, "B")
        self.pdf.set_x(x)
        self.pdf.cell(width, 6 * self.k, self.t(title), new_x="LMARGIN", new_y="NEXT")
        self.font(9.5)
        self.bullets(lines, x, width, mark)

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
        unit: Unit,
        current: Mapping[str, Sequence[Prescription]] | None,
    ) -> None:
        """One table per week; a one-leg exercise gets a left and a right column per set."""
        dates = _session_dates(program, start, weekdays)
        orientation = "landscape" if self.large else "portrait"
        self.new_page(orientation)
        self.heading("Training log", 16)
        self.para(
            "Write the reps or seconds and the load of each set (e.g. 12 @ 4 kg): in the L "
            "column for the left leg and the R column for the right; a both-legs exercise uses "
            "one box per set. Pain during: 0-10. Next morning: better, same or worse. OK?: tick "
            "when every technique check was a yes."
            + (" Targets are those in force when this sheet was printed." if current else ""),
            9, "I", h=4.5,
        )
        sets = max(
            (i.sets for w in program.weeks for s in w.sessions for i in s.items), default=3
        )
        sets = min(max(sets, 3), 5)
        widths = _log_widths(self.width, sets)
        for w, week in enumerate(program.weeks, start=1):
            rows = sum(len(s.items) for s in week.sessions)
            if self.pdf.get_y() > self.pdf.h - 30 * self.k - 7 * self.k * rows:
                self.new_page(orientation)
            self.heading(f"Week {week.number}: {week.focus}", 11)
            self.font(8)
            with self.pdf.table(
                col_widths=widths, line_height=6 * self.k, num_heading_rows=2,
                text_align="CENTER",
            ) as table:
                head = table.row()
                for text in ("Session / date", "Exercise", "Target"):
                    head.cell(self.t(text), align="LEFT")
                for n in range(1, sets + 1):
                    head.cell(f"Set {n}", colspan=2)
                for text in ("Pain", "Next AM", "OK?"):
                    head.cell(self.t(text))
                sub = table.row()
                for _ in range(3):
                    sub.cell("")
                for _ in range(sets):
                    sub.cell("L")
                    sub.cell("R")
                for _ in range(3):
                    sub.cell("")
                for s, session in enumerate(week.sessions, start=1):
                    day = dates.get((w, s))
                    label = session.name + (f"\n{day:%a %d %b}" if day else "\n__ / __")
                    for i, item in enumerate(session.items):
                        shown = current.get(slot_of(item)) if current else None
                        row = table.row()
                        row.cell(self.t(label if i == 0 else ""), align="LEFT")
                        name_of = shown[0].variant_id if shown else item.variant_id
                        row.cell(self.t(variant_name(name_of, catalog)), align="LEFT")
                        row.cell(self.t(_short_target(item, shown, unit)), align="LEFT")
                        per_side = _per_side(item, catalog)
                        for _ in range(sets):
                            if per_side:
                                row.cell("")
                                row.cell("")
                            else:
                                row.cell("", colspan=2)
                        for _ in range(3):
                            row.cell("")

    # -- last page: for a clinician --------------------------------------------------------
    def reasons(self, program: Program) -> None:
        """The program's reasons with their sources: for the clinician, not page 1."""
        self.new_page()
        self.heading("For your clinician: why this plan", 14)
        self.para(
            "The rules behind this program and the sources they rest on, as glutemed "
            "generated it.", 9, "I", h=4.5,
        )
        self.font(9.5)
        self.bullets(program.rationale, self.pdf.l_margin, self.width)


FIGURE_MAX_W_MM = 58.0
FIGURE_MAX_H_MM = 72.0
LARGE_FIGURE_W_MM = 110.0
LARGE_FIGURE_H_MM = 120.0


def _own_setup(program: Program, current: Mapping[str, Sequence[Prescription]] | None
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


def _for_you(as_of: dt.date | None, unit: Unit) -> list[tuple[str, str]]:
    """Page 1's short sections, spoken to the person who trains."""
    moves_on = (
        f"The targets in this handout are the ones in force on {as_of:%d %B %Y}. Each time "
        "you log a set, glutemed looks at your reps or seconds, your pain and your technique "
        "checks, and moves the target on, keeps it, or steps it back. Your left and right "
        "side move on separately. Print a new handout when your targets change."
        if as_of is not None
        else "These are the plan's targets week by week. Log your sets (glutemed log, or the "
        "web app) and glutemed will move them on as you get stronger, keeping your left and "
        "right side separate."
    )
    return [
        (
            "Each session",
            "Look up the day's session in 'Weeks at a glance', then do its exercises in the "
            "order listed. Each exercise has a picture, how to set up, what to think about as "
            "you move, and a few yes-or-no questions to ask yourself after every set.",
        ),
        (
            "Reading a target",
            "A target gives the sets, then the repetitions or the seconds to hold, for example "
            "3 \u00d7 10\u201312 reps, and how many more repetitions you should still have in "
            f"the tank when you stop (reps in reserve). Loads are in {unit}. 'Each side' means "
            "do all the sets on one leg, then on the other.",
        ),
        ("How it moves on", moves_on),
        (
            "Writing it down",
            "The training log at the back has a box for every set, with a left and a right "
            "column for the exercises done one leg at a time.",
        ),
    ]


def _figure_size(svg: str | None, large: bool = False) -> tuple[float, float]:
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


def _coaching_or_none(catalog: Catalog, variant_id: str) -> Coaching | None:
    try:
        return catalog.coaching(variant_id)
    except GlutemedError:
        return None


def _per_side(item: Prescription, catalog: Catalog) -> bool:
    """True when the item is logged one leg at a time (so it needs L and R columns)."""
    if item.side is not Side.BOTH:
        return False
    try:
        return catalog.variant(item.variant_id).laterality is Laterality.PER_SIDE
    except GlutemedError:
        return False


def _log_widths(width: float, sets: int) -> tuple[float, ...]:
    """Column widths filling ``width``: a label, the exercise, the target, two narrow
    columns per set, and pain, next morning, OK."""
    fixed = (0.12, 0.19, 0.15)
    tail = (0.05, 0.065, 0.04)
    per_box = (1 - sum(fixed) - sum(tail)) / (2 * sets)
    return (
        *(width * f for f in fixed),
        *([width * per_box] * (2 * sets)),
        *(width * f for f in tail),
    )


def _dose(rx: Prescription, unit: Unit) -> str:
    """``3 × 10–12 reps · 2 kg`` (no side, no rest): one target on a line."""
    amount = rx.reps if rx.reps else rx.hold_s
    suffix = " reps" if rx.reps else " s hold"
    low, high = amount or (0, 0)
    text = f"{rx.sets} \u00d7 {low}\u2013{high}{suffix}" if low != high else (
        f"{rx.sets} \u00d7 {low}{suffix}"
    )
    if rx.load_kg is not None:
        text += f" \u00b7 {format_load(rx.load_kg, unit)}"
    if rx.band is not None:
        where = f" at the {rx.band_at.value}" if rx.band_at else ""
        text += f" \u00b7 {rx.band.value} band{where}"
    return text


def _target_lines(sides: Sequence[Prescription], unit: Unit, catalog: Catalog) -> list[str]:
    """The targets in force: one line when both sides agree, else one line per side."""
    doses = {rx.side: _dose(rx, unit) for rx in sides}
    rir = sides[0].rir
    effort = f"{rir[0]}\u2013{rir[1]} reps in reserve \u00b7 rest {sides[0].rest_s} s"
    if len(set(doses.values())) == 1:
        only = next(iter(doses.values()))
        each = len(doses) > 1 or _per_side(sides[0], catalog)
        return [only + (" each side" if each else ""), effort]
    return [f"{side.value.capitalize()}: {dose}" for side, dose in doses.items()] + [effort]


def _short_target(
    item: Prescription, shown: Sequence[Prescription] | None = None, unit: Unit = "kg"
) -> str:
    """The log sheet's target: the prescription in force (per side when they differ), or the
    plan's dose when no targets in force were given."""
    if shown:
        doses = {rx.side: _dose(rx, unit) for rx in shown}
        if len(set(doses.values())) == 1:
            return next(iter(doses.values()))
        return "\n".join(f"{side.value[0].upper()}: {d}" for side, d in doses.items())
    amount = item.reps if item.reps else item.hold_s
    suffix = " reps" if item.reps else " s"
    low, high = amount or (0, 0)
    side = "" if item.side.value == "both" else f" {item.side.value}"
    return f"{item.sets} \u00d7 {low}\u2013{high}{suffix}{side}"


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
