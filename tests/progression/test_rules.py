"""The rule form and the rules-file loader: conditions, validation, file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from glutemed.errors import CatalogError, GlutemedError
from glutemed.progression.presets import PRESETS, expand_preset
from glutemed.progression.rules import (
    FACTS,
    Action,
    ActionKind,
    AllOf,
    Comparison,
    Condition,
    RulesError,
    condition_facts,
    evaluate,
    load_default_rules,
    load_rules,
)

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


def test_a_nested_condition_reads_like_the_yaml():
    cond = CONDITION.validate_python({"all": [
        {"fact": "max_pain_during", "op": "<=", "value": 5},
        {"any": [{"fact": "mode", "value": "isometric"},
                 {"not": {"fact": "checks_all_passed", "value": False}}]},
    ]})
    assert evaluate(cond, {"max_pain_during": 5, "mode": "isotonic", "checks_all_passed": True})
    assert not evaluate(cond, {"max_pain_during": 6, "mode": "isometric"})
    assert condition_facts(cond) == ["max_pain_during", "mode", "checks_all_passed"]


def test_an_unknown_fact_value_never_satisfies_a_comparison():
    cond = Comparison(fact="rir_min", op="<", value=2)
    assert not evaluate(cond, {"rir_min": None})
    assert not evaluate(cond, {})
    assert evaluate(cond, {"rir_min": 1})


def test_true_is_not_one():
    """A yes/no fact never compares equal to the number 1 (Python's True == 1 is a trap)."""
    assert not evaluate(Comparison(fact="max_pain_during", op=">=", value=1),
                        {"max_pain_during": True})


def test_a_dimension_fact_is_keyed_by_its_dimension():
    cond = Comparison(fact="variant_has_progression", dimension="lever", value=True)
    assert condition_facts(cond) == ["variant_has_progression[lever]"]
    assert evaluate(cond, {"variant_has_progression[lever]": True})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fact": "pain", "op": ">", "value": 5}, "unknown fact 'pain'"),
        ({"fact": "checks_all_passed", "op": ">", "value": True}, "is yes/no"),
        ({"fact": "max_pain_during", "value": "high"}, "is a number"),
        ({"fact": "mode", "op": "<", "value": "isotonic"}, "is text"),
        ({"fact": "variant_has_progression", "value": True}, "needs a 'dimension'"),
        ({"fact": "max_pain_during", "op": "=>", "value": 5}, "op"),
    ],
)
def test_a_bad_comparison_names_the_problem(data, message):
    with pytest.raises(ValidationError, match=message):
        CONDITION.validate_python(data)


def test_an_action_rejects_parameters_it_does_not_use():
    with pytest.raises(ValidationError, match="'repeat' does not use load_step_pct"):
        Action(action=ActionKind.REPEAT, load_step_pct=5)


def test_the_acsm_range_bounds_the_load_step():
    """ACSM 2009: 2-10 %; 15 % is refused."""
    with pytest.raises(ValidationError, match="load_step_pct"):
        Action(action=ActionKind.PROGRESS_LOAD, load_step_pct=15)


def test_the_default_rules_load_with_unique_ids_and_every_preset_used():
    rules = load_default_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert {r.id.split(".")[0] for r in rules} >= {
        "warning-signs", "pain-monitoring", "technique", "deload", "band-rule", "lever",
        "double-progression", "hold-progression", "step-up", "more-reps", "otherwise-repeat",
    }
    assert max(rules, key=lambda r: r.priority).then.action is ActionKind.SEE_CLINICIAN


def test_every_progression_rule_demands_pain_within_the_limits():
    """Silbernagel 2007: no rule that makes the exercise harder may fire above 5/10."""
    for rule in load_default_rules():
        if rule.then.action.progresses:
            assert isinstance(rule.when, AllOf)
            assert not evaluate(rule.when, {**_all_true(), "max_pain_during": 6}), rule.id


def _all_true() -> dict[str, object]:
    return {name: True for name, spec in FACTS.items() if spec.kind == "bool"}


def test_every_preset_expands_with_its_defaults():
    for name in PRESETS:
        assert expand_preset(name), name


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my-rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_raw_rule_loads(tmp_path):
    path = _write(tmp_path, """
- rule: regress-on-pain
  description: Pain above 4 - step down.
  when: {all: [{fact: max_pain_during, op: ">", value: 4}]}
  then: {action: step-down}
  priority: 950
- preset: otherwise-repeat
""")
    rules = load_rules(path)
    assert rules[0].id == "regress-on-pain" and rules[0].priority == 950
    assert evaluate(rules[0].when, {"max_pain_during": 5})


def test_a_bad_preset_parameter_names_file_line_and_field(tmp_path):
    path = _write(tmp_path, """- preset: warning-signs
- preset: deload
  params:
    after_stalls: 1
""")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert info.value.problems == [
        "my-rules.yaml:4: [1].params.after_stalls: Input should be greater than or equal to 2"
    ]
    assert isinstance(info.value, CatalogError | GlutemedError)
    assert str(info.value).startswith("invalid progression rules:")


def test_an_unknown_fact_in_a_raw_rule_names_its_line(tmp_path):
    path = _write(tmp_path, """- rule: oops
  description: typo in a fact
  when:
    all:
      - {fact: checks_all_passed, value: true}
      - {fact: max_pian_during, op: ">", value: 5}
  then: {action: hold}
""")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    (problem,) = info.value.problems
    assert problem.startswith("my-rules.yaml:6: [0].when.all[1]")
    assert "unknown fact 'max_pian_during'" in problem


def test_an_unknown_preset_lists_the_known_ones(tmp_path):
    path = _write(tmp_path, "- preset: linear-progression\n")
    with pytest.raises(RulesError, match=r"my-rules.yaml:1: \[0\].preset: unknown preset "
                                         r"'linear-progression'; presets: warning-signs"):
        load_rules(path)


def test_an_entry_must_be_a_preset_or_a_rule(tmp_path):
    path = _write(tmp_path, "- preset: deload\n- {description: neither}\n")
    with pytest.raises(RulesError, match="my-rules.yaml:2: \\[1\\]: each entry needs exactly"):
        load_rules(path)


def test_a_duplicated_rule_id_names_both_lines(tmp_path):
    path = _write(tmp_path, "- preset: deload\n- preset: deload\n")
    with pytest.raises(RulesError, match="my-rules.yaml:2: \\[1\\]: rule id 'deload.after-stalls'"
                                         " is already defined at line 1"):
        load_rules(path)


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    path = _write(tmp_path, "- preset: deload\n- preset: [unclosed\n")
    with pytest.raises(RulesError, match="my-rules.yaml:3"):
        load_rules(path)


def test_every_problem_is_reported_at_once(tmp_path):
    path = _write(tmp_path, "- preset: nope\n- preset: deload\n  params: {after_stalls: 0}\n")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert len(info.value.problems) == 2


def test_an_empty_file_is_an_error(tmp_path):
    with pytest.raises(RulesError, match="must be a non-empty list"):
        load_rules(_write(tmp_path, ""))


def test_a_missing_key_is_named(tmp_path):
    path = _write(tmp_path, "- rule: half\n  description: no action\n"
                            "  when: {fact: has_history, value: true}\n")
    with pytest.raises(RulesError, match=r"my-rules.yaml:1: \[0\].then: Field required"):
        load_rules(path)


def test_the_pain_limit_can_be_stricter_but_never_looser_than_five():
    """Silbernagel 2007: above 5/10 is too high, so a rules file may not allow 6."""
    (during, *_) = expand_preset("pain-monitoring", {"max_pain_during_0_10": 3})
    assert evaluate(during.when, {"max_pain_during": 4})
    with pytest.raises(ValidationError, match="less than or equal to 5"):
        expand_preset("pain-monitoring", {"max_pain_during_0_10": 6})


def test_every_default_rules_entry_with_a_number_names_its_source() -> None:
    """Honest evidence: each preset whose parameters carry numbers says where they come from
    (authors, year, venue, or glutemed's own choice), and the expanded rules keep it."""
    import yaml

    from glutemed.progression.rules import default_rules_path

    entries = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    missing = [e.get("preset") or e.get("rule") for e in entries
               if e.get("params") and not str(e.get("source") or "").strip()]
    assert missing == []
    sourced = {r.id: r.source for r in load_default_rules()}
    assert "Silbernagel" in (sourced["pain-monitoring.during-too-high"] or "")
    assert "expert opinion" in (sourced["referral.pain-not-settling"] or "")
    assert "ACSM 2009" in (sourced["double-progression.hand-weight"] or "")
