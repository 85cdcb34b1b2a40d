"""A rule's condition: comparisons of facts combined with ``all`` / ``any`` / ``not``, and
how one is evaluated.

Nothing else: there is deliberately no scripting language (docs/design.md, principle 2).
A comparison is checked against the fact's declared type
(:data:`~glutemed.progression.fact_specs.FACTS`) when it is made, and an unknown fact never
satisfies one.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from glutemed.catalog.models import Dimension
from glutemed.progression.fact_specs import FACTS, FactValue, fact_key


class Op(StrEnum):
    """Comparison operators; the only verbs a condition has."""

    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EQ = "=="
    NE = "!="


_OPS: dict[Op, Callable[[Any, Any], bool]] = {
    Op.GT: operator.gt, Op.GE: operator.ge, Op.LT: operator.lt,
    Op.LE: operator.le, Op.EQ: operator.eq, Op.NE: operator.ne,
}


class Strict(BaseModel):
    """Base of the rule form's models: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Comparison(Strict):
    """``fact op value``, e.g. ``{fact: max_pain_during, op: ">", value: 5}``."""

    fact: str
    op: Op = Op.EQ
    value: bool | int | float | str
    dimension: Dimension | None = None

    @model_validator(mode="after")
    def _known_fact(self) -> Comparison:
        spec = FACTS.get(self.fact)
        if spec is None:
            raise ValueError(f"unknown fact '{self.fact}'; known: {', '.join(sorted(FACTS))}")
        if spec.takes_dimension != (self.dimension is not None):
            need = "needs" if spec.takes_dimension else "takes no"
            raise ValueError(f"fact '{self.fact}' {need} a 'dimension'")
        is_bool = isinstance(self.value, bool)
        is_number = isinstance(self.value, int | float) and not is_bool
        if spec.kind == "bool" and not (is_bool and self.op in (Op.EQ, Op.NE)):
            raise ValueError(f"fact '{self.fact}' is yes/no: use op '==' or '!=' with true/false")
        if spec.kind == "number" and not is_number:
            raise ValueError(f"fact '{self.fact}' is a number: compare it with a number")
        if spec.kind == "text" and not (isinstance(self.value, str) and self.op in (Op.EQ, Op.NE)):
            raise ValueError(f"fact '{self.fact}' is text: use op '==' or '!=' with a string")
        return self

    @property
    def key(self) -> str:
        """The facts-mapping key this comparison reads."""
        return fact_key(self.fact, self.dimension)


class AllOf(Strict):
    """Every sub-condition holds."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    """At least one sub-condition holds."""

    any: list[Condition] = Field(min_length=1)


class NotOf(Strict):
    """The sub-condition does not hold."""

    not_: Condition = Field(alias="not")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "fact"
    for model, tag in ((AllOf, "all"), (AnyOf, "any"), (NotOf, "not"), (Comparison, "fact")):
        if isinstance(value, model):
            return tag
    return None


Condition = Annotated[
    Union[  # noqa: UP007 - a forward-referencing union needs the Union form here
        Annotated[Comparison, Tag("fact")],
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
    ],
    Discriminator(_condition_tag),
]
"""A comparison, or ``all`` / ``any`` / ``not`` of conditions."""

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def evaluate(condition: Condition, facts: Mapping[str, FactValue]) -> bool:
    """Whether ``condition`` holds for these facts (an unknown fact never satisfies one)."""
    if isinstance(condition, AllOf):
        return all(evaluate(c, facts) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, facts) for c in condition.any)
    if isinstance(condition, NotOf):
        return not evaluate(condition.not_, facts)
    seen = facts.get(condition.key)
    if seen is None:
        return False
    if isinstance(seen, bool) != isinstance(condition.value, bool):
        return False
    try:
        return _OPS[condition.op](seen, condition.value)
    except TypeError:
        return False


def condition_facts(condition: Condition) -> list[str]:
    """The fact keys a condition reads, in order, each once (what a fired rule 'saw')."""
    if isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        keys = [k for c in parts for k in condition_facts(c)]
        return list(dict.fromkeys(keys))
    if isinstance(condition, NotOf):
        return condition_facts(condition.not_)
    return [condition.key]
