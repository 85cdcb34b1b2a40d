"""The one small declarative rule form the progression engine reads.

A :class:`Rule` is ``when`` a :data:`Condition` over named facts holds, ``then`` one
:class:`Action`, with a ``priority``. Conditions are comparisons of facts (``max_pain_during
> 5``) combined with ``all`` / ``any`` / ``not`` - nothing else. There is deliberately no
scripting language (docs/design.md, principle 2): a
physiotherapist can read every rule in ``data/default-rules.yaml`` without reading Python,
and the engine can always say which facts made a rule fire.

Presets (:mod:`glutemed.progression.presets`) are readable shorthands that expand into these
rules; :func:`load_rules` reads a YAML list of presets and rules and validates it with
``file:line: field: message`` errors, reusing the catalogue loader's line mapping
(:mod:`glutemed.progression.rules_file`).

This module is the rule form's public entry point: the engine, the stores and the screens
import the form's vocabulary from here, whatever part it is declared in - the facts
(:mod:`~glutemed.progression.fact_specs`), the conditions
(:mod:`~glutemed.progression.rule_conditions`) and the actions
(:mod:`~glutemed.progression.rule_actions`); :data:`__all__` lists what it offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import Field

from glutemed.errors import CatalogError
from glutemed.progression.fact_specs import FACTS, FactSpec, FactValue, fact_key
from glutemed.progression.rule_actions import (
    ACTION_WORDS,
    DEFAULT_STEP_ORDER,
    PROGRESSIONS,
    Action,
    ActionKind,
)
from glutemed.progression.rule_conditions import (
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    NotOf,
    Op,
    Strict,
    condition_facts,
    evaluate,
)

__all__ = [
    "ACTION_WORDS", "DEFAULT_STEP_ORDER", "FACTS", "PROGRESSIONS", "RULES_FILE", "Action",
    "ActionKind", "AllOf", "AnyOf", "Comparison", "Condition", "FactSpec", "FactValue",
    "NotOf", "Op", "Rule", "RulesError", "condition_facts", "default_rules_path",
    "evaluate", "fact_key", "load_default_rules", "load_rules",
]

RULES_FILE = "default-rules.yaml"


class RulesError(CatalogError):
    """A rules file failed validation; each problem is ``file:line: field: message``."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(problems)
        self.args = ("invalid progression rules:\n" + "\n".join(self.problems),)

    def __str__(self) -> str:
        return str(self.args[0])


class Rule(Strict):
    """``when`` the condition holds, ``then`` the action; higher ``priority`` is tried first."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
    description: str = Field(min_length=1)
    when: Condition
    then: Action
    priority: int = Field(default=50, ge=0, le=1000)
    source: str | None = None
    """Where the rule's numbers come from and how sure that is, as written in the rules
    file's ``source:`` (shown with the rule wherever a decision is explained)."""


def load_rules(path: Path) -> list[Rule]:
    """Read a rules file (a list of ``preset:`` and ``rule:`` entries) and expand it.

    Raises :class:`RulesError` naming the file, line and field of every problem.
    """
    from glutemed.progression.rules_file import expand_entries

    return expand_entries(path)


def default_rules_path() -> Path:
    """The rules file shipped inside the package."""
    from importlib import resources

    return Path(str(resources.files("glutemed.progression") / "data" / RULES_FILE))


def load_default_rules() -> list[Rule]:
    """The shipped default rules, expanded from their presets."""
    return load_rules(default_rules_path())
