"""docs/progression.md stays true: every fact, preset and action is documented, and the
custom-rules example in it loads."""

from __future__ import annotations

import re
from pathlib import Path

from glutemed.progression.presets import PRESETS
from glutemed.progression.rules import FACTS, ActionKind, evaluate, load_rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "progression.md"


def test_every_fact_preset_and_action_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in [*FACTS, *PRESETS, *(a.value for a in ActionKind)]
               if f"`{name}" not in text]
    assert missing == []


def test_the_custom_rules_example_loads_and_means_what_it_says(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(- rule: cautious-pain.*?)```", text, re.S)
    assert block is not None
    path = tmp_path / "example.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    cautious, lever = load_rules(path)
    assert evaluate(cautious.when, {"max_pain_during": 4, "family": "side-plank"})
    assert not evaluate(cautious.when, {"max_pain_during": 3, "family": "side-plank"})
    assert lever.then.action is ActionKind.LEVER
