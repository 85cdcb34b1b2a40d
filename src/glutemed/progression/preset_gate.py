"""The step-up gate: what every progression rule demands before the dose may rise.

The base of every preset's parameters (:class:`Params`), the one way presets name a fact
comparison (:func:`fact_is`), the gate's own parameters and the conditions it adds to each
progression rule (:func:`ready_to_progress`), and the rules that say which of them held a
step back. Every preset module builds on this one; :mod:`glutemed.progression.presets`
lists the presets by name.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from glutemed.programming.models import Goal
from glutemed.progression.rule_actions import Action, ActionKind
from glutemed.progression.rule_conditions import AllOf, AnyOf, Comparison, Condition, NotOf, Op
from glutemed.progression.rules import Rule
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10


class Params(BaseModel):
    """Base of every preset's parameters: a typo in a name is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def fact_is(fact: str, value: bool | int | float | str, op: Op = Op.EQ) -> Comparison:
    """``fact op value`` (equality by default): the comparison every preset is made of."""
    return Comparison(fact=fact, op=op, value=value)


def repeat_rule(*, id: str, description: str, when: Condition, priority: int) -> Rule:
    """A rule whose answer is the same dose next time: what every guard and gate says when
    it holds a step back (the description says which, and why)."""
    return Rule(id=id, description=description, when=when,
                then=Action(action=ActionKind.REPEAT), priority=priority)


class StepUpGateParams(Params):
    """What a step up needs beyond the work done and clean technique: the symptom-led gate.

    Acceptable pain (up to 5/10 during, settled by the next morning, not rising) lets a
    person carry on at the same dose; a step *up* asks for less. Silbernagel et al. 2007's
    pain-monitoring model calls 0-2/10 (0-3 in some summaries) the "safe" zone: the default
    ``max_pain_during_0_10`` of 3 takes its upper summary bound (secondary sources, moderate
    confidence). Reps in reserve below the target's low end mean the set was closer to
    failure than planned (ACSM 2009 ties progression to finishing the target with reps to
    spare). Rehab asks for pain to be recorded at all: a step up through pain nobody wrote
    down is not symptom-led (glutemed's rule, expert opinion).
    """

    max_pain_during_0_10: int = Field(default=3, ge=0, le=PAIN_DURING_LIMIT_0_10)
    max_pain_next_morning_0_10: int = Field(default=3, ge=0, le=PAIN_DURING_LIMIT_0_10)
    rir_at_least_target: bool = True
    pain_recorded_for: frozenset[Goal] = frozenset({Goal.REHAB})
    settled_hip: bool = True
    """No step up on a side that had pain above the limit in any exercise in the last 7
    days: the hip, not the exercise, is what hurts (glutemed's rule, expert opinion)."""


Gate = StepUpGateParams | None
DEFAULT_GATE = StepUpGateParams()


def _pain_recorded_for(goals: frozenset[Goal]) -> list[Condition]:
    return [AnyOf(any=[fact_is("goal", g.value, Op.NE) for g in sorted(goals)]
                  + [fact_is("pain_recorded", True)])] if goals else []


def ready_to_progress(gate: Gate = None) -> list[Condition]:
    """What every progression rule demands: the work done, clean technique, pain low and
    settled, effort in reserve, nothing paused and not a lighter week of the plan.

    The pain limits are the step-up gate's (stricter than the 5/10 the pain-monitoring model
    allows for carrying on at the same dose); next-morning pain must not be worse than
    before; an unknown next-morning score does not block a step.
    """
    g = gate or DEFAULT_GATE
    conditions: list[Condition] = [
        fact_is("all_sets_at_top_of_range", True),
        fact_is("checks_all_passed", True),
        fact_is("max_pain_during", g.max_pain_during_0_10, Op.LE),
        NotOf.model_validate({"not": fact_is("max_pain_next_morning",
                                             g.max_pain_next_morning_0_10, Op.GT)}),
        fact_is("next_morning_pain_rise", 0, Op.LE),
        fact_is("warning_sign", False),
        fact_is("paused", False),
        fact_is("planned_lighter_week", False),
        *_pain_recorded_for(g.pain_recorded_for),
    ]
    if g.rir_at_least_target:
        conditions.append(fact_is("rir_below_target", False))
    if g.settled_hip:
        conditions.append(fact_is("side_irritable", False))
    return conditions


def step_up_gate_rules(p: StepUpGateParams, gate: Gate = None) -> list[Rule]:
    """The gate's own explanations: when the work is done but a step up is not allowed yet,
    say which condition held it back (these outrank every progression rule)."""
    at_top = fact_is("all_sets_at_top_of_range", True)
    rules = [
        repeat_rule(
            id="gate.pain-during",
            description=f"The top of the range was reached, but pain during was above "
            f"{p.max_pain_during_0_10}/10: carry on at this dose; a step up waits for pain "
            f"at or below {p.max_pain_during_0_10}/10.",
            when=AllOf(all=[at_top, fact_is("max_pain_during", p.max_pain_during_0_10, Op.GT)]),
            priority=692,
        ),
        repeat_rule(
            id="gate.pain-next-morning",
            description=f"The top of the range was reached, but pain the next morning was "
            f"above {p.max_pain_next_morning_0_10}/10: carry on at this dose until it "
            "settles lower.",
            when=AllOf(all=[at_top, fact_is("max_pain_next_morning",
                                            p.max_pain_next_morning_0_10, Op.GT)]),
            priority=691,
        ),
    ]
    if p.pain_recorded_for:
        rules.append(repeat_rule(
            id="gate.pain-not-recorded",
            description="The top of the range was reached, but no pain score was recorded "
            "for the session: record pain during the sets (0 if none) before a step up.",
            when=AllOf(all=[at_top, fact_is("pain_recorded", False), AnyOf(
                any=[fact_is("goal", g.value) for g in sorted(p.pain_recorded_for)])]),
            priority=690,
        ))
    if p.settled_hip:
        rules.append(repeat_rule(
            id="gate.hip-not-settled",
            description="The top of the range was reached, but this hip had pain above the "
            "limit in another exercise this week: carry on at this dose until it settles.",
            when=AllOf(all=[at_top, fact_is("side_irritable", True)]),
            priority=693,
        ))
    if p.rir_at_least_target:
        rules.append(repeat_rule(
            id="gate.reps-in-reserve",
            description="The top of the range was reached, but closer to failure than the "
            "target asks (fewer reps in reserve): repeat this dose until it comes with reps "
            "to spare.",
            when=AllOf(all=[at_top, fact_is("rir_below_target", True)]),
            priority=689,
        ))
    return rules
