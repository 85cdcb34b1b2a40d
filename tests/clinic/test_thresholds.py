"""The needs-attention thresholds file: every value sourced, mistakes named by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutemed.clinic.thresholds import load_thresholds, thresholds_path
from glutemed.errors import CatalogError
from glutemed.services.progress import ASYMMETRY_FLAG_PCT


def test_every_threshold_says_where_it_comes_from_and_how_sure_it_is() -> None:
    shipped = load_thresholds(thresholds_path())
    for name in ("adherence", "pain_trend", "stall", "gap", "not_training"):
        part = getattr(shipped, name)
        assert len(part.source) > 40 and part.certainty


def test_the_list_and_the_progress_page_flag_the_same_gap() -> None:
    """Two screens, one convention: a gap the progress page flags is the list's gap flag."""
    assert load_thresholds(thresholds_path()).gap.above_pct == ASYMMETRY_FLAG_PCT


def test_a_mistake_names_the_file_line_and_field(tmp_path: Path) -> None:
    text = thresholds_path().read_text(encoding="utf-8").replace(
        "  sessions: 2\n", "  sessions: 0\n")
    bad = tmp_path / "attention.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_thresholds(bad)
    assert "attention.yaml:" in str(caught.value) and "stall.sessions" in str(caught.value)


def test_a_threshold_without_its_source_is_refused(tmp_path: Path) -> None:
    text = thresholds_path().read_text(encoding="utf-8")
    start = text.index("gap:")
    cut = text[:start] + "gap:\n  above_pct: 10\n  certainty: expert opinion\n" + text[
        text.index("not_training:"):]
    bad = tmp_path / "attention.yaml"
    bad.write_text(cut, encoding="utf-8")
    with pytest.raises(CatalogError, match="gap.source"):
        load_thresholds(bad)
