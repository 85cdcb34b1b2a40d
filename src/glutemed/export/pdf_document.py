"""The PDF page every glutemed document starts from: A4, fonts, and the text primitives.

The handout (:mod:`glutemed.export.to_pdf`) and the progress report
(:mod:`glutemed.export.report_pdf`) both lay text out with :class:`PageWriter`, so a
paragraph, a heading or a bullet list looks the same in both and text is reduced to what the
font can show in one place. DejaVu Sans is embedded when the system has it
(``fonts-dejavu-core``); otherwise the PDF core font Helvetica is used and text is reduced to
Latin-1. The creation date is an argument (a fixed one by default), so identical input gives
identical bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""Default creation date written into the PDF: fixed, so output does not depend on the clock."""

LATIN1_SWAPS = {
    "\u00d7": "x", "\u2013": "-", "\u2014": "-", "\u00b7": "|", "\u2610": "[ ]",
    "\u2022": "-", "\u00b1": "+/-",
}


@dataclass(frozen=True)
class Fonts:
    """The font family the document uses, and whether it can show any Unicode text."""

    family: str
    unicode: bool


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


def register_fonts(pdf: Any) -> Fonts:
    """DejaVu Sans (regular, bold, oblique) when all three are installed, else Helvetica."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    oblique = FONT_DIR / "DejaVuSans-Oblique.ttf"
    if regular.exists() and bold.exists() and oblique.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        pdf.add_font("DejaVu", "I", str(oblique))
        return Fonts("DejaVu", unicode=True)
    return Fonts("Helvetica", unicode=False)


class PageWriter:
    """Lays text out on an FPDF document (the only stateful part).

    ``k`` scales every font size and line height (1.0 normal, 1.4 large print).
    """

    def __init__(self, pdf: Any, fonts: Fonts, person: str, k: float = 1.0) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self.person = person
        self.k = k

    @property
    def large(self) -> bool:
        return self.k > 1.0

    @property
    def width(self) -> float:
        """Width between the margins of the current page (landscape pages are wider)."""
        return float(self.pdf.w - self.pdf.l_margin - self.pdf.r_margin)

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
        """The line at the top of every page naming whose document it is."""
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
