"""The presets that move between exercises and supports, the gates that hold such a step,
and the catch-all: the plan's next block, a step up the ladder, the landing gate for power
work, the release of a balance support, and otherwise repeat.

Each progression here includes the step-up gate
(:func:`~glutemed.progression.preset_gate.ready_to_progress`).
"""

from __future__ import annotations

from pydantic import Field

from glutemed.catalog.models import Dimension
from glutemed.progression.preset_gate import (
    Gate,
    Params,
    fact_is,
    ready_to_progress,
    repeat_rule,
)
from glutemed.progression.rules import (
    DEFAULT_STEP_ORDER,
    Action,
    ActionKind,
    AllOf,
    AnyOf,
    Op,
    Rule,
)


class PlanParams(Params):
    """The plan's proposals (:mod:`glutemed.progression.proposals`) as rules.

    A new rung or mode from the plan's next block outranks the engine's own steps (the
    program's structure comes first); more volume from the plan's next week ranks below a
    load increase and above the rest, so loaded lifts still gain load. A kg load carried
    along a lever edge is scaled by ``lever_load_factor`` (the ankle is about twice as far
    from the hip as the knee: thigh 0.245 H, thigh + shank 0.491 H, Drillis & Contini 1966
    via Winter 2009), the same named rule as the ``lever`` preset.
    """

    lever_load_factor: float = Field(default=0.5, gt=0, le=1)
    min_step_kg: float = Field(default=0.5, gt=0, le=10)


def plan_rules(p: PlanParams, gate: Gate = None) -> list[Rule]:
    step = Action(action=ActionKind.PLAN_STEP, lever_load_factor=p.lever_load_factor,
                  min_step_kg=p.min_step_kg)
    ready = ready_to_progress(gate)
    return [
        repeat_rule(
            id="plan.lighter-week",
            description="The plan makes this a lighter week: consolidate at this dose; the "
            "next step waits for the week after.",
            when=AllOf(all=[fact_is("planned_lighter_week", True),
                            fact_is("all_sets_at_top_of_range", True)]),
            priority=695,
        ),
        Rule(
            id="plan.next-block",
            description="Every set at the top of the range, pain low and settled, checks "
            "passed: take the step the plan's next block proposes.",
            when=AllOf(all=[*ready, AnyOf(any=[fact_is("plan_proposes", "rung"),
                                               fact_is("plan_proposes", "mode")])]),
            then=step,
            priority=650,
        ),
        Rule(
            id="plan.more-volume",
            description="Every set at the top of the range, pain low and settled, checks "
            "passed: take the extra volume the plan's next week proposes.",
            when=AllOf(all=[*ready, fact_is("plan_proposes", "volume")]),
            then=step,
            priority=480,
        ),
    ]


class StepUpParams(Params):
    """A step up the ladder when the work is done and nothing above applied (for example a
    bodyweight variant at the top of its rep range). ``prefer`` orders the edges."""

    prefer: tuple[Dimension, ...] = DEFAULT_STEP_ORDER
    start_reps: tuple[int, int] = (10, 15)


def step_up_rules(p: StepUpParams, gate: Gate = None) -> list[Rule]:
    return [
        Rule(
            id="step-up",
            description="Every set at the top of the range with checks passed: the next "
            "variant up the ladder.",
            when=AllOf(all=[fact_is("mode", "isotonic"), *ready_to_progress(gate),
                            fact_is("variant_has_any_progression", True)]),
            then=Action(action=ActionKind.STEP_UP, prefer=p.prefer, start_reps=p.start_reps),
            priority=400,
        )
    ]


class LandingGateParams(Params):
    """Power work is progressed for the quality of each landing, not for volume.

    ``landing_families`` (hops, bounds): a step to a harder landing (a longer distance, a
    stuck landing to continuous) needs every technique check passed, pain at or below the
    step-up gate and no warning sign in ``clean_sessions`` sessions in a row, not just one.
    ``power_families`` (these and the lateral lunge and shuffle): never more reps or sets
    than the plan gives (its 3-4 x 5-8), since a power set is stopped before the movement
    slows. Both are glutemed's choices, expert opinion: no study in our sources sets them.
    """

    landing_families: tuple[str, ...] = ("lateral-hop", "skater-bound")
    power_families: tuple[str, ...] = (
        "lateral-hop", "skater-bound", "lateral-shuffle", "lateral-lunge",
    )
    clean_sessions: int = Field(default=2, ge=1, le=10)


def _family_in(families: tuple[str, ...]) -> AnyOf:
    return AnyOf(any=[fact_is("family", f) for f in families])


def landing_gate_rules(p: LandingGateParams, gate: Gate = None) -> list[Rule]:
    ready = ready_to_progress(gate)
    rules = []
    if p.landing_families:
        rules.append(repeat_rule(
            id="landing.not-yet",
            description=f"Every landing at the top of the range, but a harder landing (further, "
            f"or continuous) needs every technique check passed and pain at or below the gate "
            f"in {p.clean_sessions} sessions in a row: repeat this one (expert opinion).",
            when=AllOf(all=[*ready, _family_in(p.landing_families),
                            fact_is("clean_sessions", p.clean_sessions, Op.LT)]),
            priority=688,
        ))
    if p.power_families:
        rules.append(repeat_rule(
            id="power.no-more-reps",
            description="Every set at the top of the range: power work does not get more reps "
            "or sets than the plan gives (quality over volume; stop a set before it slows) - "
            "keep this dose (expert opinion).",
            when=AllOf(all=[*ready, _family_in(p.power_families)]),
            priority=301,
        ))
    return rules


class SupportReleaseParams(Params):
    """A balance support (a hand on a counter, set up for a fall in the last year or not
    managing 10 s on one leg) comes off by a gate, never by date: one step at a time (a
    hand, fingertips, hands free beside it), each after ``clean_sessions`` sessions in a row
    at the top of the range with every check passed, pain at or below the step-up gate and
    no warning sign. Until then the dose in force is repeated, so support and difficulty
    never change in the same step. glutemed's choice, expert opinion."""

    clean_sessions: int = Field(default=2, ge=1, le=10)


def support_release_rules(p: SupportReleaseParams, gate: Gate = None) -> list[Rule]:
    ready = [*ready_to_progress(gate), fact_is("support_can_lessen", True)]
    return [
        Rule(
            id="support.less",
            description=f"Every set at the top of the range with every check passed and "
            f"pain at or below the gate in {p.clean_sessions} sessions in a row: hold on "
            "less, same exercise and dose (expert opinion).",
            when=AllOf(all=[*ready, fact_is("clean_sessions", p.clean_sessions, Op.GE)]),
            then=Action(action=ActionKind.LESS_SUPPORT, after_sessions=p.clean_sessions),
            priority=687,
        ),
        repeat_rule(
            id="support.not-yet",
            description=f"Every set at the top of the range, but the support comes off one "
            f"step at a time, each after {p.clean_sessions} sessions in a row at the top with "
            "every check passed and pain at or below the gate: keep it and repeat this dose "
            "(expert opinion).",
            when=AllOf(all=ready),
            priority=686,
        ),
    ]


class OtherwiseRepeatParams(Params):
    """No parameters: when no other rule applies, repeat the prescription."""


def otherwise_repeat_rules(_: OtherwiseRepeatParams, gate: Gate = None) -> list[Rule]:
    return [
        repeat_rule(
            id="otherwise-repeat.no-history",
            description="Nothing logged yet for this exercise on this side: start with this "
            "prescription.",
            when=fact_is("has_history", False),
            priority=1,
        ),
        repeat_rule(
            id="otherwise-repeat.top-of-ladder",
            description="Every set at the top of the range, and nothing harder is set up for "
            "this exercise: keep this level, or move on to the next exercise family.",
            when=fact_is("all_sets_at_top_of_range", True),
            priority=3,
        ),
        repeat_rule(
            id="otherwise-repeat.in-progress",
            description="The session is not finished yet: carry on with the remaining sets.",
            when=AllOf(all=[fact_is("has_history", True), fact_is("session_complete", False)]),
            priority=2,
        ),
        repeat_rule(
            id="otherwise-repeat",
            description="Not every set reached the top of the range yet: repeat this "
            "prescription and aim for more reps or seconds.",
            when=fact_is("warning_sign", False),
            priority=0,
        )
    ]
