"""The article on the command line: ``glutemed today`` and ``glutemed log`` carry the family's
coaching merged with the variant's, the set-up steps, and the catalogue's fix for a failed
check (issue 16).

Source for every statement pinned here: the seed article "Gluteus Medius Training"; each
test names the passage.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from glutemed.catalog.catalog import Catalog
from glutemed.cli import app

DAY = "2026-03-02"
HOLD = "side-lying-abduction.isometric-hold"
WALL = "single-limb-stance.wall-press"


def run(db: str, *args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--db", db], env={"COLUMNS": "80"})
    return result


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def today_text(article_person: tuple[str, int]) -> str:
    result = run(article_person[0], "today", "--date", DAY)
    assert result.exit_code == 0, result.output
    return _flat(result.output)


def test_today_shows_the_side_lying_set_up_of_the_article(today_text: str) -> None:
    """Article: bottom hip and knee bent for the base; ankle in line with the shoulder or
    behind; slight internal rotation; an object behind you (or a wall)."""
    assert "Set up:" in today_text
    assert "bend the bottom hip and knee" in today_text
    assert "ankle lines up with the shoulder" in today_text
    assert "slight internal rotation" in today_text
    assert "firm object" in today_text and "behind your pelvis" in today_text


def test_today_keeps_the_familys_cues_beside_the_variants_own(today_text: str) -> None:
    """Article: think of the leg getting longer (family cue) - kept for the hold, whose own
    cue is how high to lift; the stance cues squeeze the glutes and keep the pelvis level."""
    hold = today_text[today_text.index("Side-lying abduction hold Set up"):]
    assert "make the leg longer" in hold
    assert "10-20 degrees" in hold  # the variant's own cue is there too
    wall = today_text[today_text.index("Standing wall press with the free knee Set up"):]
    assert "Squeeze the buttock of the standing leg" in wall
    assert "Keep the pelvis level" in wall
    assert "Press the lifted knee firmly into the wall" in wall


def test_today_asks_every_check_of_the_wall_press(today_text: str, catalog: Catalog) -> None:
    """The wall press asks the family's checks (pelvis level, trunk upright, knee over foot)
    and its own (felt in the standing hip) - not only its own."""
    wall = today_text[today_text.index("Standing wall press with the free knee Set up"):]
    wall = wall[: wall.index("Banded side step")] if "Banded side step" in wall else wall
    for check in catalog.coaching(WALL).checks:
        assert check.question in wall, check.id
    assert len(catalog.coaching(WALL).checks) == 4


def test_log_accepts_the_family_checks_of_the_wall_press(
    article_person: tuple[str, int],
) -> None:
    """Before the merge only 'standing-leg-felt' could be recorded for the wall press."""
    result = run(
        article_person[0], "log", WALL, "--side", "left", "--hold-s", "25", "--pain", "0",
        "--checks", "pelvis-level=yes,no-trunk-lean=yes,knee-over-foot=yes,standing-leg-felt=yes",
        "--date", DAY,
    )
    assert result.exit_code == 0, result.output
    history = run(article_person[0], "history", "--json")
    assert '"pelvis-level": true' in history.output


def test_a_failed_check_is_answered_with_the_catalogues_fix(
    article_person: tuple[str, int], catalog: Catalog
) -> None:
    """A 'no' to 'pelvis stayed stacked' gets the catalogue's fix for that fault (an object
    or a wall behind the pelvis), not a generic 'fix the technique'."""
    result = run(
        article_person[0], "log", HOLD, "--side", "left", "--hold-s", "35", "--pain", "1",
        "--checks", "pelvis-stayed-stacked=no,no-trunk-side-bend=yes", "--date", DAY,
    )
    assert result.exit_code == 0, result.output
    text = _flat(result.output)
    (fault,) = catalog.coaching(HOLD).faults_for("pelvis-stayed-stacked")
    assert "Technique to work on next set" in text
    assert "Did your pelvis stay stacked" in text
    assert f"Fix: {fault.fix}" in text
    other = catalog.coaching(HOLD).faults_for("no-trunk-side-bend")[0]
    assert other.fix not in text  # a passed check gets no fix


def test_checks_fail_without_naming_one_lists_every_fix(
    article_person: tuple[str, int], catalog: Catalog
) -> None:
    result = run(
        article_person[0], "log", HOLD, "--side", "right", "--hold-s", "35", "--pain", "1",
        "--checks", "fail", "--date", DAY,
    )
    assert result.exit_code == 0, result.output
    text = _flat(result.output)
    assert "which one was not given" in text
    for fault in catalog.coaching(HOLD).faults:
        assert fault.fix in text


def test_all_checks_passed_prints_no_fixes(article_person: tuple[str, int]) -> None:
    result = run(
        article_person[0], "log", HOLD, "--side", "left", "--hold-s", "35", "--pain", "0",
        "--checks", "pass", "--date", DAY,
    )
    assert result.exit_code == 0, result.output
    assert "Technique to work on" not in result.output


def test_the_band_rule_keeps_in_most_cases() -> None:
    """Article: '... before moving it to the ankle or feet in most cases'."""
    result = CliRunner().invoke(app, ["exercises", "show", "banded-side-step.knees-light"])
    assert result.exit_code == 0, result.output
    assert "in most cases" in _flat(result.output)


def test_anatomy_says_why_train_one_muscle_on_purpose() -> None:
    """Article: movements rather than muscles for the most part, yet specific exercises
    are sometimes needed; the four reasons with their limits."""
    result = CliRunner().invoke(app, ["anatomy"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    text = _flat(result.output)
    assert "Train movements first" in text
    assert "calves quite a bit" in text
    assert "weaker in the hip abductors" in text and "Nobody knows yet whether" in text
    assert "prospective study followed healthy female runners" in text
