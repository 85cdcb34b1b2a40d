"""The printed handout, read back with ``pdftotext`` (issue 16): the prescription in force (the
sessions service's answer, not the original plan), every set-up step, cue and check of the
article, the band rule, left and right columns on the log sheet, a first page written for
the person, and a large-print version.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from glutemed.catalog.catalog import Catalog
from glutemed.cli import app

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (Debian package poppler-utils) missing"
)

DAY = "2026-03-02"
PROGRAM = [
    "side-lying-abduction.isometric-hold",
    "single-limb-stance.wall-press",
    "banded-side-step.knees-light",
    "squat.goblet",
]
FOOTER = "glutemed handout for Ann"


def run(db: str, *args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    return result


def _pdf(db: str, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / f"handout{len(extra)}.pdf"
    run(db, "export", "pdf", "-o", str(out), *extra)
    return out


def _text(pdf: Path, *args: str) -> str:
    done = subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return done.stdout


def _flat(text: str) -> str:
    """One line of words, without the page footers a block may run across."""
    return " ".join(text.replace(FOOTER, " ").split())


@pytest.fixture
def handout(article_person: tuple[str, int], tmp_path: Path) -> Path:
    return _pdf(article_person[0], tmp_path)


def test_handout_keeps_every_set_up_step_cue_and_check(handout: Path, catalog: Catalog) -> None:
    """Article: the side-lying set-up (bent bottom leg, ankle-shoulder line, slight internal
    rotation, object behind); every cue, not the first three; every technique check."""
    text = _flat(_text(handout))
    for variant_id in PROGRAM:
        coaching = catalog.coaching(variant_id)
        for line in (*coaching.setup, *coaching.cues, *(c.question for c in coaching.checks)):
            assert line in text, (variant_id, line)
    assert "make the leg longer" in text
    assert "slight internal rotation" in text


def test_handout_carries_the_band_rule_with_in_most_cases(handout: Path) -> None:
    text = _flat(_text(handout))
    assert "The band rule" in text and "in most cases" in text


def test_first_page_is_for_the_person(handout: Path) -> None:
    first = _flat(_text(handout, "-f", "1", "-l", "1"))
    assert first.startswith("Your hip program, Ann")
    assert "article" not in first.lower() and "\u2022" not in first
    assert "Pain rules and warning signs" in first and "see a clinician" in first
    assert "targets in this handout are the ones in force on" in first


def test_handout_shows_the_prescription_in_force(
    article_person: tuple[str, int], tmp_path: Path
) -> None:
    """After a session at the top of the range the goblet squat's load moves on; the handout
    prints the load ``glutemed today`` gives, not the plan's 12 kg."""
    db = article_person[0]
    for _ in range(3):
        run(db, "log", "squat.goblet", "--side", "both", "--reps", "12", "--load-kg", "12",
            "--rir", "2", "--pain", "0", "--checks", "pass", "--date", DAY)
    items = json.loads(run(db, "today", "--json").output)["items"]
    goblet = next(i for i in items if i["variant_id"] == "squat.goblet")
    load = goblet["target"]["load_kg"]
    assert load != 12.0, "precondition: the engine moved the load on after the session"
    text = _flat(_text(_pdf(db, tmp_path)))
    exercises = text[text.index("Your exercises"): text.index("Training log")]
    goblet_block = exercises[exercises.index("Goblet squat"):]
    assert f"3 \u00d7 8\u201312 reps \u00b7 {load:g} kg" in goblet_block
    assert "12 kg" not in exercises
    log = text[text.index("Training log"):]
    assert f"{load:g} kg" in log and "12 kg" not in log


def test_log_sheet_has_left_and_right_columns(handout: Path) -> None:
    """A one-leg exercise gets an L and an R box for every set; the goblet squat (both legs
    together) one box per set."""
    text = _flat(_text(handout, "-layout"))
    log = text[text.index("Training log"):]
    assert "Set 1 Set 2 Set 3" in log
    assert re.search(r"L R L R L R", log)
    reader = PdfReader(str(handout))
    assert len(reader.pages) >= 5


def _word_heights(pdf: Path, page: int) -> list[float]:
    bbox = _text(pdf, "-bbox", "-f", str(page), "-l", str(page))
    return [
        float(m.group(2)) - float(m.group(1))
        for m in re.finditer(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)"', bbox)
    ]


def test_large_print_is_about_one_and_a_half_times_bigger(
    article_person: tuple[str, int], tmp_path: Path, handout: Path
) -> None:
    large = _pdf(article_person[0], tmp_path, "--large-print")
    normal_h = sorted(_word_heights(handout, 1))
    large_h = sorted(_word_heights(large, 1))
    ratio = large_h[len(large_h) // 2] / normal_h[len(normal_h) // 2]
    assert 1.3 <= ratio <= 1.5  # LARGE_PRINT_SCALE = 1.4
    pages = PdfReader(str(large)).pages
    log_pages = [p for p in pages if "Training log" in (p.extract_text() or "")]
    assert log_pages and all(float(p.mediabox.width) > float(p.mediabox.height)
                             for p in log_pages)
    assert _flat(_text(large)).count("in most cases") >= 1
