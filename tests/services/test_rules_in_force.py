"""A clinic's own progression rules: chosen once (--rules / GLUTEMED_RULES), validated when
chosen, used by every decision, and never without the safety presets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutemed.catalog.loader import load_default_catalog
from glutemed.catalog.models import Mode
from glutemed.errors import InputError
from glutemed.programming.models import Prescription, Role, Side
from glutemed.progression.engine import decide
from glutemed.progression.models import PerformedSet
from glutemed.progression.rules import RulesError, default_rules_path
from glutemed.services import rules_in_force as chosen

CATALOG = load_default_catalog()
SHIPPED = default_rules_path().read_text(encoding="utf-8")
DAY = dt.date(2026, 3, 2)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clinic-rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _stricter_gate(tmp_path: Path) -> Path:
    """The shipped file with the step-up gate at 2/10 instead of 3/10."""
    old = "    max_pain_during_0_10: 3        # a step up only with pain at or below 3/10 during"
    assert old in SHIPPED
    return _file(tmp_path, SHIPPED.replace(old, "    max_pain_during_0_10: 2"))


def _a_good_session_with_pain(pain: int) -> tuple[Prescription, list[PerformedSet]]:
    """Three side-plank holds at the top of a 30-40 s target, pain ``pain``/10, checks
    passed: the work done, so only the pain gate stands between it and a longer hold."""
    rx = Prescription(variant_id="side-plank.short", role=Role.ABDUCTION, side=Side.LEFT,
                      mode=Mode.ISOMETRIC, sets=3, hold_s=(30, 40), rest_s=60, rir=(2, 3),
                      rationale="a side plank for the test")
    checks = {check.id: True for check in CATALOG.coaching(rx.variant_id).checks}
    sets = [PerformedSet(variant_id=rx.variant_id, side=Side.LEFT, date=DAY, hold_s=40,
                         pain_during=pain, checks=checks, target_hold_s=(30, 40))
            for _ in range(3)]
    return rx, sets


def test_the_shipped_rules_decide_until_a_file_is_chosen() -> None:
    assert chosen.rules_file_in_force() is None
    rx, sets = _a_good_session_with_pain(3)
    shipped = decide(chosen.rules_in_force(), sets, rx, CATALOG, DAY, side=Side.LEFT)
    assert shipped.progresses, shipped.explanation  # 3/10 is within the shipped gate


def test_a_stricter_gate_in_the_clinics_file_holds_a_session_the_shipped_one_progresses(
    tmp_path: Path,
) -> None:
    """Pain 3/10: the shipped gate (3/10, Silbernagel et al. 2007's safe zone as cited in
    default-rules.yaml) lets it progress; a clinic's 2/10 repeats the dose."""
    chosen.use_rules_file(_stricter_gate(tmp_path))
    rx, sets = _a_good_session_with_pain(3)
    strict = decide(chosen.rules_in_force(), sets, rx, CATALOG, DAY, side=Side.LEFT)
    assert not strict.progresses
    assert strict.action.value == "repeat"
    rx, sets = _a_good_session_with_pain(2)
    assert decide(chosen.rules_in_force(), sets, rx, CATALOG, DAY, side=Side.LEFT).progresses


def test_the_services_decide_with_the_chosen_rules(tmp_path: Path) -> None:
    from glutemed.services.set_logging import default_rules

    path = _stricter_gate(tmp_path)
    chosen.use_rules_file(path)
    assert chosen.rules_file_in_force() == path.resolve()
    assert [r.id for r in default_rules()] == [r.id for r in chosen.rules_in_force()]


def test_a_file_without_the_safety_presets_is_refused_and_nothing_changes(
    tmp_path: Path,
) -> None:
    lax = _file(tmp_path, "- preset: more-reps\n  source: a clinic's own choice\n")
    with pytest.raises(InputError) as refused:
        chosen.use_rules_file(lax)
    assert refused.value.field == "rules"
    assert "warning-signs" in str(refused.value) and "step-up-gate" in str(refused.value)
    assert chosen.rules_file_in_force() is None


def test_a_looser_pain_limit_is_refused_by_the_preset_itself(tmp_path: Path) -> None:
    """The pain-monitoring limit may be made stricter, never looser than 5/10."""
    text = SHIPPED.replace("max_pain_during_0_10: 5", "max_pain_during_0_10: 7", 1)
    assert text != SHIPPED
    with pytest.raises(RulesError) as refused:
        chosen.use_rules_file(_file(tmp_path, text))
    assert "clinic-rules.yaml:" in str(refused.value)


def test_a_missing_file_names_the_rules_option(tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        chosen.use_rules_file(tmp_path / "nowhere.yaml")
    assert refused.value.field == "rules" and "no rules file" in str(refused.value)


def test_the_command_line_option_validates_before_the_command_runs(tmp_path: Path) -> None:
    """``--rules`` also exports GLUTEMED_RULES for what the command starts (serve's
    workers); the suite's own fixture puts the environment back afterwards."""
    from glutemed.cli import app

    lax = _file(tmp_path, "- preset: more-reps\n  source: a clinic's own choice\n")
    result = CliRunner().invoke(app, ["--rules", str(lax), "exercises", "list"])
    assert result.exit_code == 2
    assert "Error: rules:" in result.output and "safety presets" in result.output
    ok = CliRunner().invoke(app, ["--rules", str(_stricter_gate(tmp_path)), "exercises", "list"])
    assert ok.exit_code == 0, ok.output
    import os

    assert os.environ["GLUTEMED_RULES"] == str((tmp_path / "clinic-rules.yaml").resolve())
