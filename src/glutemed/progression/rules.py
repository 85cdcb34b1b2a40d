"""The one small declarative rule form the progression engine reads.

A :class:`Rule` is ``when`` a :data:`Condition` over named facts holds, ``then`` one
:class:`Action`, with a ``priority``. Conditions are comparisons of facts (``max_pain_during
> 5``) combined with ``all`` / ``any`` / ``not`` - nothing else. There is deliberately no
scripting language (docs/design.md, principle 2): a
physiotherapist can read every rule in ``data/default-rules.yaml`` without reading Python,
and the engine can always say which facts made a rule fire.

Presets (:mod:`glutemed.progression.presets`) are readable shorthands that expand into these
rules; :func:`load_rules` reads a YAML list of presets and rules and validates it with
``file:line: field: message`` errors, reusing the catalogue loader's line mapping.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from glutemed.catalog.models import BandLevel, Dimension
from glutemed.errors import CatalogError

FactValue = bool | int | float | str | None
"""What a fact can be. ``None`` means "unknown" and never satisfies a comparison."""

RULES_FILE = "default-rules.yaml"


class RulesError(CatalogError):
    """A rules file failed validation; each problem is ``file:line: field: message``."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(problems)
        self.args = ("invalid progression rules:\n" + "\n".join(self.problems),)

    def __str__(self) -> str:
        return str(self.args[0])


class FactSpec(BaseModel):
    """The name, type and meaning of one fact the engine computes."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["bool", "number", "text"]
    meaning: str
    takes_dimension: bool = False


def _spec(kind: Literal["bool", "number", "text"], meaning: str, *, dim: bool = False) -> FactSpec:
    return FactSpec(kind=kind, meaning=meaning, takes_dimension=dim)


FACTS: dict[str, FactSpec] = {
    # -- the person and the plan around the decision (glutemed.progression.context) ------------
    "goal": _spec("text", "the person's goal (hypertrophy, rehab, risk-reduction, performance)"),
    "role": _spec("text", "the prescription's role: compound, abduction or accessory"),
    "paused": _spec(
        "bool", "progression is paused for the person after a warning sign, until cleared"
    ),
    "planned_lighter_week": _spec("bool", "the plan makes this a lighter (consolidation) week"),
    "plan_proposes": _spec(
        "text", "what the plan's next session proposes beyond the dose in force: 'rung' (a "
        "harder variant), 'mode' (e.g. isometric to dynamic), 'volume' (more sets or a higher "
        "range) or 'none'"
    ),
    "rir_below_target": _spec(
        "bool", "a set of the last session left fewer reps in reserve than the target's low end"
    ),
    "side_irritable": _spec(
        "bool", "this side had pain above the limit in any exercise in the last 7 days"
    ),
    "pain_above_limit_sessions": _spec(
        "number", "consecutive latest sessions on this variant with pain above the limit "
        "(during or the next morning)"
    ),
    # -- performance in the last session of this variant and side -------------------------
    "has_history": _spec("bool", "at least one set of this variant was logged for this side"),
    "sessions_logged": _spec("number", "sessions (dates) of this variant logged for this side"),
    "sets_done": _spec("number", "sets done in the last session"),
    "sets_prescribed": _spec("number", "sets the prescription asks for"),
    "session_complete": _spec("bool", "the last session has at least the prescribed sets"),
    "all_sets_at_top_of_range": _spec(
        "bool", "every prescribed set reached the top of the rep or hold range at full dose"
    ),
    "all_sets_in_range": _spec("bool", "every set reached at least the bottom of the range"),
    "reps_over_top": _spec("number", "fewest reps over the top of the range in any set"),
    "hold_s_best": _spec("number", "longest hold in the last session, seconds"),
    "hold_s_worst": _spec("number", "shortest hold in the last session, seconds"),
    "target_reps_top": _spec("number", "top of the prescribed rep range (0 for holds)"),
    "target_hold_top_s": _spec("number", "top of the prescribed hold range (0 for reps)"),
    "rir_min": _spec("number", "fewest reps in reserve reported in the last session"),
    "stalled_sessions": _spec(
        "number", "consecutive latest sessions at this dose that missed the top of the range "
        "(counted since the side last did another variant of the family)"
    ),
    "days_since_last_session": _spec("number", "days from the last session to today"),
    # -- technique -----------------------------------------------------------------------
    "checks_all_passed": _spec(
        "bool", "every technique check of the variant was answered 'yes' in every set of the "
        "last session (none 'no', none left unanswered)"
    ),
    "clean_sessions": _spec(
        "number", "consecutive latest sessions of this variant with every set at the top of "
        "the range at full dose, every check answered 'yes', pain during and the next morning "
        "at or below 3/10 and no warning sign"
    ),
    "checks_failed": _spec("number", "technique checks answered 'no' last session"),
    "checks_unanswered": _spec(
        "number", "technique checks left unanswered last session (one per set and check)"
    ),
    "technique_failed_sessions": _spec(
        "number", "consecutive latest sessions with a failed technique check (where-felt "
        "checks such as felt-in-glutes excluded)"
    ),
    # -- pain (Silbernagel 2007 pain-monitoring model) -------------------------------------
    "pain_recorded": _spec("bool", "pain during the set was recorded last session"),
    "max_pain_during": _spec("number", "highest pain during a set last session, 0-10"),
    "max_pain_next_morning": _spec("number", "highest next-morning pain after it, 0-10"),
    "next_morning_pain_rise": _spec(
        "number", "next-morning pain after the last session minus the one before it"
    ),
    "pain_rising_sessions": _spec("number", "consecutive sessions in which pain rose"),
    "warning_sign": _spec("bool", "a warning sign is present (see safety.py)"),
    "warning_signs": _spec("text", "the warning signs present, comma-separated"),
    # -- the prescription, the variant and its ladder ---------------------------------------
    "mode": _spec("text", "isotonic or isometric"),
    "side": _spec("text", "left, right or both"),
    "family": _spec("text", "the family slug"),
    "load_kind": _spec("text", "cuff-weight, hand-weight, band, cable, ... or none"),
    "load_kg": _spec("number", "the prescribed external load, kg (0 when none)"),
    "band_rank": _spec("number", "band level, 0 = tan ... 7 = gold (-1 when no band)"),
    "variant_has_progression": _spec(
        "bool", "a ladder edge leads from this variant to a harder one changing DIMENSION",
        dim=True,
    ),
    "variant_has_any_progression": _spec("bool", "any ladder edge leads to a harder variant"),
    "variant_has_regression": _spec("bool", "any ladder edge leads to an easier variant"),
    "band_rule": _spec("bool", "the family carries the article's band rule"),
    "band_rule_checks_passed": _spec(
        "bool", "every check the band rule requires was answered 'yes' in every set"
    ),
    "band_is_strongest_at_position": _spec(
        "bool", "the variant has a band, no stronger band at the same position on the ladder, "
        "and its band has not been lightened by a deload"
    ),
    "support_step": _spec(
        "number", "the balance support in the prescription's set-up: 0 = a hand on the "
        "counter, 1 = fingertips, 2 = hands free beside it; -1 when it names none"
    ),
    "support_can_lessen": _spec(
        "bool", "the set-up names a balance support that has a lighter step after it"
    ),
}
"""Every fact a rule may name. The engine computes all of them for every decision."""


def fact_key(name: str, dimension: Dimension | None = None) -> str:
    """The key of a fact in the facts mapping; parametrised facts carry their dimension."""
    return f"{name}[{dimension.value}]" if dimension is not None else name


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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Comparison(_Strict):
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


class AllOf(_Strict):
    """Every sub-condition holds."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(_Strict):
    """At least one sub-condition holds."""

    any: list[Condition] = Field(min_length=1)


class NotOf(_Strict):
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


class ActionKind(StrEnum):
    """What a decision does to the prescription (the brief's Decision actions)."""

    PROGRESS_LOAD = "progress-load"
    PROGRESS_REPS = "progress-reps"
    PROGRESS_HOLD = "progress-hold"
    BAND_RESISTANCE = "band-resistance"
    BAND_POSITION = "band-position"
    LEVER = "lever"
    STEP_UP = "step-up"
    PLAN_STEP = "plan-step"
    """Take the step the plan proposes for the next session (a new rung, isometric to
    dynamic, more volume), through the same gate as any step up."""
    LESS_SUPPORT = "less-support"
    """Take one step off a balance support (a hand on the counter -> fingertips -> hands
    free beside it): the same exercise and dose, harder on balance alone."""
    STEP_DOWN = "step-down"
    REPEAT = "repeat"
    """The same prescription next time. Called "hold" before 0.2, which read like an
    isometric hold; stored decisions and old history files are read with the new name."""
    DELOAD = "deload"
    SEE_CLINICIAN = "see-clinician"

    @classmethod
    def _missing_(cls, value: object) -> ActionKind | None:
        """Decisions stored or exported before 0.2 name ``repeat`` "hold"."""
        return cls.REPEAT if value == "hold" else None

    @property
    def words(self) -> str:
        """What the action asks of the person, in plain words (every screen uses these)."""
        return ACTION_WORDS[self]

    @property
    def progresses(self) -> bool:
        """True for every action that makes the exercise harder."""
        return self in PROGRESSIONS


PROGRESSIONS = frozenset(
    {
        ActionKind.PROGRESS_LOAD, ActionKind.PROGRESS_REPS, ActionKind.PROGRESS_HOLD,
        ActionKind.BAND_RESISTANCE, ActionKind.BAND_POSITION, ActionKind.LEVER,
        ActionKind.STEP_UP, ActionKind.PLAN_STEP, ActionKind.LESS_SUPPORT,
    }
)

ACTION_WORDS: dict[ActionKind, str] = {
    ActionKind.PROGRESS_LOAD: "add load",
    ActionKind.PROGRESS_REPS: "add reps",
    ActionKind.PROGRESS_HOLD: "hold longer",
    ActionKind.BAND_RESISTANCE: "use a stronger band",
    ActionKind.BAND_POSITION: "move the band further down the leg",
    ActionKind.LEVER: "make the lever longer",
    ActionKind.STEP_UP: "move up to a harder variant",
    ActionKind.PLAN_STEP: "take the plan's next step",
    ActionKind.LESS_SUPPORT: "hold on less",
    ActionKind.STEP_DOWN: "step back to an easier variant",
    ActionKind.REPEAT: "repeat the same target",
    ActionKind.DELOAD: "ease off (deload)",
    ActionKind.SEE_CLINICIAN: "see a clinician",
}


DEFAULT_STEP_ORDER: tuple[Dimension, ...] = (
    Dimension.LOAD, Dimension.LEVER, Dimension.BAND_RESISTANCE, Dimension.BAND_POSITION,
    Dimension.MODE, Dimension.RANGE, Dimension.STABILITY, Dimension.BASE_OF_SUPPORT,
)
"""Which ladder edge a plain step-up prefers when several lead on (load first, as the
article lists cuff weights before the other options)."""

_ACTION_PARAMS: dict[ActionKind, frozenset[str]] = {
    ActionKind.PROGRESS_LOAD: frozenset({"load_step_pct", "min_step_kg", "max_kg",
                                         "start_hold_s"}),
    ActionKind.PROGRESS_REPS: frozenset({"reps_step", "reps_cap", "max_sets"}),
    ActionKind.PROGRESS_HOLD: frozenset({"hold_step_s", "hold_cap_s"}),
    ActionKind.BAND_RESISTANCE: frozenset({"max_band"}),
    ActionKind.BAND_POSITION: frozenset(),
    ActionKind.LEVER: frozenset({"lever_load_factor", "min_step_kg"}),
    ActionKind.STEP_UP: frozenset({"prefer", "start_reps", "start_hold_s"}),
    ActionKind.PLAN_STEP: frozenset({"lever_load_factor", "min_step_kg"}),
    ActionKind.LESS_SUPPORT: frozenset({"after_sessions"}),
    ActionKind.STEP_DOWN: frozenset({"deload_pct", "min_step_kg", "start_reps", "start_hold_s"}),
    ActionKind.REPEAT: frozenset(),
    ActionKind.DELOAD: frozenset({"deload_pct", "min_step_kg", "hold_step_s"}),
    ActionKind.SEE_CLINICIAN: frozenset(),
}


class Action(_Strict):
    """What a rule does, with the parameters that action uses (others are an error)."""

    action: ActionKind
    load_step_pct: float = Field(
        default=5.0, ge=2.0, le=10.0,
        description="ACSM 2009: raise the load 2-10 % once 1-2 reps over target are done",
    )
    min_step_kg: float = Field(default=1.0, gt=0, le=10)
    max_kg: float | None = Field(default=None, gt=0, le=500)
    reps_step: int = Field(default=2, ge=1, le=10)
    reps_cap: int = Field(default=20, ge=1, le=100)
    max_sets: int = Field(default=4, ge=1, le=10)
    hold_step_s: int = Field(default=10, ge=1, le=60)
    hold_cap_s: int = Field(default=60, ge=5, le=600)
    max_band: BandLevel = BandLevel.BLACK
    lever_load_factor: float = Field(default=0.5, gt=0, le=1)
    prefer: tuple[Dimension, ...] = DEFAULT_STEP_ORDER
    start_reps: tuple[int, int] = (10, 15)
    start_hold_s: tuple[int, int] = (30, 40)
    deload_pct: float = Field(default=10.0, gt=0, le=50)
    after_sessions: int = Field(
        default=2, ge=1, le=10,
        description="less-support: clean sessions in a row each support step needs",
    )

    @model_validator(mode="after")
    def _only_its_own_params(self) -> Action:
        extra = sorted(self.model_fields_set - {"action"} - _ACTION_PARAMS[self.action])
        if extra:
            allowed = ", ".join(sorted(_ACTION_PARAMS[self.action])) or "none"
            raise ValueError(
                f"'{self.action}' does not use {', '.join(extra)}; its parameters: {allowed}"
            )
        for name in ("start_reps", "start_hold_s"):
            low, high = getattr(self, name)
            if not 0 < low <= high:
                raise ValueError(f"{name} must be a range low <= high, both positive")
        return self


class Rule(_Strict):
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
