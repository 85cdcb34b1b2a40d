"""A progress report (PDF) for a referrer or for the client.

Who, goal, condition, dates; the outcome table (first and latest value, the change, and
whether it reaches the published smallest change, with its source); a chart per measure;
adherence; the prescription in force with its figures; and the decisions that mattered
(steps up and back, warning signs), all in plain words. Laid out with fpdf2 like the
handout (:mod:`glutemed.export.to_pdf`), whose page and text primitives it shares
(:mod:`glutemed.export.pdf_document`). The same data and ``created`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from glutemed.export.handout_text import GOAL_LABELS
from glutemed.export.outcome_charts import group_by_measure, measure_chart
from glutemed.export.pdf_document import FIXED_CREATED, PageWriter, new_document, register_fonts
from glutemed.outcomes.measures import MeasureBook
from glutemed.outcomes.series import Series
from glutemed.programming.models import Goal

Audience = Literal["referrer", "client"]
AUDIENCES: tuple[Audience, ...] = ("referrer", "client")


@dataclass(frozen=True)
class PrescriptionLine:
    """One exercise in force: its name, side and dose in words and figures."""

    name: str
    side: str
    dose: str


@dataclass(frozen=True)
class DecisionLine:
    """A decision that mattered, in plain words."""

    date: dt.date
    kind: str
    what: str
    why: str


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows (gathered by :mod:`glutemed.services.outcomes`)."""

    person: str
    audience: Audience
    goal: Goal
    condition: str | None
    start: dt.date
    today: dt.date
    series: list[Series]
    sessions_planned: int
    sessions_trained: int
    prescriptions: list[PrescriptionLine]
    decisions: list[DecisionLine]
    book: MeasureBook
    schedule_weeks: tuple[int, ...] = field(default=(0, 4, 8, 12))

    @property
    def weeks_in(self) -> int:
        """Whole weeks since the start."""
        return max(0, (self.today - self.start).days // 7)


def _fmt(value: float, integer: bool) -> str:
    return f"{value:.0f}" if integer else f"{value:.2f}".rstrip("0").rstrip(".")


def _verdict(s: Series) -> str:
    if len(s.points) < 2:
        return "one reading so far"
    noticing = s.worth_noticing
    better = s.improvement > 0
    direction = "better" if better else ("no change" if s.improvement == 0 else "worse")
    if noticing is None:
        return f"{direction} (no published smallest change)"
    if noticing:
        return f"{direction}, at least the smallest change worth noticing"
    return f"{direction}, less than the smallest change worth noticing"


class _ReportWriter(PageWriter):
    """The handout's page writer, with the report's footer and a table."""

    def footer_note(self) -> None:
        self.font(8, "I")
        self.pdf.set_text_color(110)
        self.pdf.cell(0, 4, self.t(f"glutemed progress report: {self.person}"),
                      new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(0)

    def table(self, widths: Sequence[float], rows: Sequence[Sequence[str]]) -> None:
        pdf = self.pdf
        for number, row in enumerate(rows):
            self.font(8.5, "B" if number == 0 else "")
            if pdf.get_y() > pdf.h - 25:
                pdf.add_page()
                self.footer_note()
            y = pdf.get_y()
            x = pdf.l_margin
            bottom = y
            for width, cell in zip(widths, row, strict=True):
                pdf.set_xy(x, y)
                pdf.multi_cell(width, 4.4, self.t(cell), border=0, new_x="RIGHT", new_y="TOP")
                bottom = max(bottom, pdf.get_y() + 4.4 * self._lines(width, cell))
                x += width
            pdf.set_xy(pdf.l_margin, bottom + 0.8)
            pdf.set_draw_color(200)
            pdf.line(pdf.l_margin, bottom + 0.4, pdf.l_margin + sum(widths), bottom + 0.4)

    def _lines(self, width: float, text: str) -> int:
        lines = self.pdf.multi_cell(width, 4.4, self.t(text), dry_run=True, output="LINES")
        return max(1, len(lines))


def render_report_pdf(data: ReportData, *, created: dt.datetime = FIXED_CREATED) -> bytes:
    """The report as PDF bytes."""
    pdf = new_document(f"Progress report: {data.person}", created)
    w = _ReportWriter(pdf, register_fonts(pdf), data.person)
    pdf.add_page()
    w.footer_note()
    _cover(w, data)
    _outcome_table(w, data)
    _charts(w, data)
    _training(w, data)
    _decisions(w, data)
    _sources(w, data)
    return bytes(pdf.output())


def _cover(w: _ReportWriter, data: ReportData) -> None:
    w.para(f"Progress report: {data.person}", 18, "B", h=9)
    reader = ("for the referring clinician" if data.audience == "referrer"
              else "for you, to see how far you have come")
    w.para(f"Written {data.today:%d %B %Y}, {reader}.", 10, "I")
    w.para(f"Goal: {GOAL_LABELS.get(data.goal, str(data.goal))}", 11)
    w.para(f"Condition: {data.condition or 'not stated'}", 11)
    w.para(f"Training started {data.start:%d %B %Y}; this is week {data.weeks_in + 1}. "
           f"Outcomes are measured at "
           + ", ".join("baseline" if k == 0 else f"week {k}" for k in data.schedule_weeks)
           + ".", 10)
    w.para("glutemed gives exercise advice, not a diagnosis. Numbers below are what was "
           "entered, with who entered them kept in the record.", 8.5, "I")


def _outcome_table(w: _ReportWriter, data: ReportData) -> None:
    w.heading("Outcomes")
    if not data.series:
        w.para("No outcome measures have been recorded yet.", 10)
        return
    rows = [["Measure", "First", "Latest", "Change", "What it means"]]
    for s in data.series:
        m = s.measure
        unit = f" {m.unit}" if m.unit and not m.unit.startswith("/") else ""
        rows.append([
            s.label,
            f"{_fmt(s.first.value, m.integer)}{unit} ({s.first.date:%d %b})",
            f"{_fmt(s.latest.value, m.integer)}{unit} ({s.latest.date:%d %b})",
            f"{s.change:+.{0 if m.integer else 2}f}" if len(s.points) > 1 else "-",
            _verdict(s) + (f"; {m.better} is better" if len(s.points) > 1 else ""),
        ])
    w.table([46, 30, 30, 16, w.width - 122], rows)


def _charts(w: _ReportWriter, data: ReportData) -> None:
    groups = group_by_measure(data.series)
    if not groups:
        return
    pdf = w.pdf
    w.heading("Charts")
    w.para("A dashed green line marks the first value moved by the published smallest change "
           "worth noticing, where such a figure exists.", 8.5, "I")
    for group in groups:
        png = measure_chart(group, fmt="png")
        height = w.width * 0.5
        if pdf.get_y() + height > pdf.h - 18:
            pdf.add_page()
            w.footer_note()
        pdf.image(io.BytesIO(png), x=pdf.l_margin, y=pdf.get_y(), w=w.width)
        pdf.set_y(pdf.get_y() + height + 2)


def _training(w: _ReportWriter, data: ReportData) -> None:
    pdf = w.pdf
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
        w.footer_note()
    w.heading("Training")
    share = (f" ({100 * data.sessions_trained / data.sessions_planned:.0f} %)"
             if data.sessions_planned else "")
    w.para(f"Adherence: {data.sessions_trained} of {data.sessions_planned} planned sessions "
           f"trained so far{share}.", 10)
    if data.prescriptions:
        w.para("Exercises in force now:", 10, "B")
        rows = [["Exercise", "Side", "Dose"]] + [
            [p.name, p.side, p.dose] for p in data.prescriptions
        ]
        w.table([70, 18, w.width - 88], rows)


def _decisions(w: _ReportWriter, data: ReportData) -> None:
    w.heading("Decisions that mattered")
    if not data.decisions:
        w.para("No step up or back and no warning sign so far: the program ran as planned.",
               10)
        return
    rows = [["Date", "What", "Why"]] + [
        [f"{d.date:%d %b %Y}", f"{d.kind}: {d.what}", d.why] for d in data.decisions
    ]
    w.table([24, 60, w.width - 84], rows)


def _sources(w: _ReportWriter, data: ReportData) -> None:
    shown = {s.measure.id: s.measure for s in data.series}
    notes = [f"{m.short}: {m.smallest_change.value:g} ({m.smallest_change.kind}); "
             f"{m.smallest_change.source}. {m.smallest_change.certainty}"
             for m in shown.values() if m.smallest_change is not None]
    if not notes:
        return
    w.heading("Where the smallest changes come from", 11)
    w.font(8)
    w.bullets(notes, w.pdf.l_margin, w.width)
