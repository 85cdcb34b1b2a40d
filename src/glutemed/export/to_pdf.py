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
:func:`~glutemed.export.handout_figures.collect_figures`), the targets in force and the
creation date are passed in - so the same input gives the same bytes, and no network,
database or clock is touched.

This module lays out the handout's first pages and its last and calls its parts: the page and
its text primitives (:mod:`~glutemed.export.pdf_document`), the words
(:mod:`~glutemed.export.handout_text`, :mod:`~glutemed.export.handout_targets`), the figures
(:mod:`~glutemed.export.handout_figures`), the exercise pages
(:mod:`~glutemed.export.handout_exercises`) and the log sheet
(:mod:`~glutemed.export.handout_log`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.export.handout_exercises import draw_exercises
from glutemed.export.handout_log import draw_log_sheet, session_dates
from glutemed.export.handout_text import GOAL_FOR_YOU, SAFETY_TEXT, for_you, goal_label
from glutemed.export.pdf_document import FIXED_CREATED, PageWriter, new_document, register_fonts
from glutemed.export.to_ics import WEEKDAYS
from glutemed.programming.conditions import education_for
from glutemed.programming.models import Prescription, Program
from glutemed.units import Unit

LARGE_PRINT_SCALE = 1.4
"""Text size factor of the large-print handout: 10 pt body text becomes 14 pt, within the
16-18 pt range often asked for only on headings; a usability choice, not a published figure."""


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
    writer = _HandoutWriter(pdf, register_fonts(pdf), person,
                            LARGE_PRINT_SCALE if large_print else 1.0)
    writer.cover(program, unit, start, weekdays, as_of if current is not None else None)
    writer.overview(program, start, weekdays)
    draw_exercises(writer, program, catalog, figures or {}, unit, current)
    draw_log_sheet(writer, program, catalog, start, weekdays, unit, current)
    writer.reasons(program)
    return bytes(pdf.output())


class _HandoutWriter(PageWriter):
    """The handout's own pages: the cover for the person, the weeks at a glance, and the
    reasons for a clinician (the exercise pages and the log sheet are their own modules)."""

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
        for title, text in for_you(as_of, unit):
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
        dates = session_dates(program, start, weekdays)
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
