"""The PDF handout, checked page by page: text per page with pypdf, pixels with pdftoppm."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from glutemed.catalog.catalog import Catalog
from glutemed.export import pdf_document
from glutemed.export.handout_figures import collect_figures
from glutemed.export.to_pdf import render_pdf
from glutemed.programming.models import Program

FIGURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120" width="200" height="120">'
    '<line x1="20" y1="100" x2="180" y2="100" stroke="#000" stroke-width="4"/>'
    '<circle cx="100" cy="40" r="20" fill="#c00"/></svg>'
)


def _render(program: Program, catalog: Catalog, **kw: object) -> bytes:
    args: dict[str, object] = {
        "person": "Ana Example",
        "catalog": catalog,
        "figures": {"side-lying-abduction.isometric-hold": FIGURE},
        "start": dt.date(2026, 1, 5),
        "weekdays": [0, 3],
    }
    args.update(kw)
    return render_pdf(program, **args)  # type: ignore[arg-type]


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_cover_page_names_person_goal_schedule_and_safety(
    program: Program, catalog: Catalog
) -> None:
    pages = _pages(_render(program, catalog))
    first = " ".join(pages[0].split())
    assert "Your hip program, Ana Example" in first
    assert "Rehabilitation" in first
    assert "runs for 4 weeks, with 2 leg sessions a week" in first
    assert "starting on Monday 05 January 2026 (Mon, Thu)" in first
    assert "see a clinician" in first and "5/10" in first
    assert "Leg day B (08 Jan)" in pages[1]


def test_first_page_speaks_to_the_person_and_the_reasons_go_last(
    program: Program, catalog: Catalog
) -> None:
    """Issue 16: page 1 is written for the person, with no bullets about the source
    article; the program's reasons (with their sources) are kept, on the last page."""
    pages = _pages(_render(program, catalog))
    first = " ".join(pages[0].split())
    assert "Rehabilitation starts with isometrics." not in first
    assert "\u2022" not in pages[0] and "article" not in first.lower()
    assert "Each session" in first and "Reading a target" in first
    assert "How it moves on" in first and "reps in reserve" in first
    last = " ".join(pages[-1].split())
    assert "For your clinician: why this plan" in last
    assert "Rehabilitation starts with isometrics." in last


def test_every_exercise_has_dose_cues_and_checks(program: Program, catalog: Catalog) -> None:
    pages = _pages(_render(program, catalog))
    exercise_text = "\n".join(p for p in pages if "Training log" not in p)
    variant_ids = {i.variant_id for w in program.weeks for s in w.sessions for i in s.items}
    for variant_id in variant_ids:
        variant = catalog.variant(variant_id)
        family = catalog.family_of(variant)
        assert variant.name in exercise_text
        first_check = family.checks_for(variant)[0].question
        assert first_check[:30] in exercise_text.replace("\n", " ")
    assert "Weeks 1\u20132: 3 \u00d7 30\u201345 s hold each side" in exercise_text
    assert "Weeks 3\u20134: 4 \u00d7 30\u201345 s hold each side" in exercise_text
    assert "As you move" in exercise_text and "After each set, check" in exercise_text


def test_log_sheet_has_a_table_for_every_week(program: Program, catalog: Catalog) -> None:
    pages = _pages(_render(program, catalog))
    log = "\n".join(p for p in pages if "Training log" in p or "Set 1" in p)
    for week in program.weeks:
        assert f"Week {week.number}: {week.focus}" in "\n".join(pages)
    assert "Set 4" in log and "OK?" in log
    assert "Mon 05 Jan" in log and "Thu 29 Jan" in "\n".join(pages)


def test_same_input_same_bytes(program: Program, catalog: Catalog) -> None:
    assert _render(program, catalog) == _render(program, catalog)


def test_the_figure_is_embedded_as_vector_drawing(program: Program, catalog: Catalog) -> None:
    with_figure = _render(program, catalog)
    without = _render(program, catalog, figures={})
    assert with_figure != without
    assert len(PdfReader(io.BytesIO(without)).pages) >= 4


def test_core_font_fallback_without_dejavu(
    program: Program, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_document, "FONT_DIR", tmp_path)
    text = "\n".join(_pages(_render(program, catalog)))
    assert "3 x 30-45 s hold each side" in text
    assert "Your hip program, Ana Example" in text


def test_figures_from_the_illustrator_are_svg_and_unknown_ids_have_none(catalog: Catalog) -> None:
    figures = collect_figures(["side-lying-abduction.bodyweight", "no-such.variant"], catalog)
    assert list(figures) == ["side-lying-abduction.bodyweight"]
    for svg in figures.values():
        assert svg.lstrip().startswith(("<svg", "<?xml"))


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="pdftoppm is missing (Debian: apt-get install poppler-utils)",
)
def test_pages_render_to_png_with_ink_on_them(
    program: Program, catalog: Catalog, tmp_path: Path
) -> None:
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(_render(program, catalog))
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) == len(PdfReader(str(pdf)).pages) >= 4
    for page in pages:
        pixels = _pgm_pixels(page.read_bytes())
        dark = sum(1 for p in pixels if p < 128)
        assert dark > 200, f"{page.name} looks blank"
        assert len(pixels) > 20_000


def _pgm_pixels(data: bytes) -> bytes:
    """Pixel bytes of a binary PGM (P5): header 'P5 w h maxval' then raw bytes."""
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    return data[len(data) - width * height :]


def test_every_catalogue_figure_embeds_in_the_pdf(catalog: Catalog) -> None:
    """The handout falls back to a grey box when fpdf2 cannot draw an SVG; none should."""
    import logging

    from fpdf import FPDF

    figures = collect_figures([v.id for v in catalog.variants], catalog)
    assert set(figures) == {v.id for v in catalog.variants}
    quiet = logging.getLogger("fpdf.svg")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        pdf = FPDF()
        pdf.add_page()
        for variant_id, svg in figures.items():
            info = pdf.image(io.BytesIO(svg.encode()), x=10, y=10, w=58)
            assert info.rendered_height > 10, variant_id
    finally:
        quiet.setLevel(level)
