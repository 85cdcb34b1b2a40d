"""The presets that make the dose harder on the same exercise: the band rule, the lever,
double progression (load), hold progression and more reps or sets.

Each includes the step-up gate (:func:`~glutemed.progression.preset_gate.ready_to_progress`);
their priorities (300-610) put the article's band rule and the lever before load, load
before longer holds, and more reps last, when nothing else can change.
"""

from __future__ import annotations

from pydantic import Field

from glutemed.catalog.models import BandLevel, Dimension, LoadKind
from glutemed.progression.preset_gate import (
    Gate,
    Params,
    fact_is,
    ready_to_progress,
    repeat_rule,
)
from glutemed.progression.rules import (
    Action,
    ActionKind,
    AllOf,
    Comparison,
    Op,
    Rule,
)


class BandRuleParams(Params):
    """The article's band rule comes from each family's ``band_rule`` in the catalogue; the
    preset only turns it on. ``max_band`` caps a stronger band within one variant."""

    max_band: BandLevel = BandLevel.BLACK


def band_rule_rules(p: BandRuleParams, gate: Gate = None) -> list[Rule]:
    ready = ready_to_progress(gate)
    has_rule = fact_is("band_rule", True)
    return [
        Rule(
            id="band-rule.stronger-band",
            description="Every check the band rule requires passed and the burn was felt in "
            "the glutes: a stronger band, kept where it is.",
            when=AllOf(all=[has_rule, *ready, fact_is("band_rule_checks_passed", True),
                            fact_is("band_is_strongest_at_position", False)]),
            then=Action(action=ActionKind.BAND_RESISTANCE, max_band=p.max_band),
            priority=610,
        ),
        Rule(
            id="band-rule.move-down-the-leg",
            description="The strongest band at this position is mastered with every required "
            "check passed: move the band further down the leg.",
            when=AllOf(all=[has_rule, *ready, fact_is("band_rule_checks_passed", True),
                            fact_is("band_is_strongest_at_position", True)]),
            then=Action(action=ActionKind.BAND_POSITION),
            priority=600,
        ),
        repeat_rule(
            id="band-rule.fix-first",
            description="The band rule's checks are not all passed (technique or where it is "
            "felt): stay with this band and position and fix that first.",
            when=AllOf(all=[has_rule, fact_is("all_sets_at_top_of_range", True),
                            fact_is("band_rule_checks_passed", False)]),
            priority=805,
        ),
    ]


class LeverParams(Params):
    """Move a cuff from the knee to the ankle once the knee load reaches ``move_at_kg``.

    The ankle is about twice as far from the hip as the knee (thigh 0.245 H, thigh + shank
    0.491 H; Drillis & Contini 1966 via Winter 2009), so the same cuff makes about twice the
    moment: ``load_factor`` 0.5 keeps the demand about level across the move.
    """

    move_at_kg: dict[LoadKind, float] = Field(
        default_factory=lambda: {LoadKind.CUFF_WEIGHT: 2.0}
    )
    load_factor: float = Field(default=0.5, gt=0, le=1)
    min_step_kg: dict[LoadKind, float] = Field(
        default_factory=lambda: {LoadKind.CUFF_WEIGHT: 0.5}
    )


def lever_rules(p: LeverParams, gate: Gate = None) -> list[Rule]:
    return [
        Rule(
            id=f"lever.{kind.value}",
            description=f"At the top of the range with {at_kg:g} kg or more: move the "
            f"{kind.value} further from the hip and lighten it by the lever ratio.",
            when=AllOf(all=[
                fact_is("load_kind", kind.value), *ready_to_progress(gate),
                fact_is("load_kg", at_kg, Op.GE),
                Comparison(fact="variant_has_progression", dimension=Dimension.LEVER,
                           value=True),
            ]),
            then=Action(action=ActionKind.LEVER, lever_load_factor=p.load_factor,
                        min_step_kg=p.min_step_kg.get(kind, 0.5)),
            priority=550,
        )
        for kind, at_kg in p.move_at_kg.items()
    ]


class DoubleProgressionParams(Params):
    """Every set at the top of the rep range, checks passed -> more load, reps back to the
    bottom of the range.

    ``load_step_pct`` follows ACSM 2009 (Ratamess et al.): raise the load 2-10 % once the
    current load can be done for 1-2 reps over the target. ``min_step_kg`` is the smallest
    jump the equipment allows (cuff weights come in 0.5 kg, dumbbells in 1-2 kg); ``max_kg``
    is where the equipment runs out (cuffs are usually at most 5 kg), after which the next
    variant takes over.
    """

    load_step_pct: float = Field(default=5.0, ge=2.0, le=10.0)
    min_step_kg: dict[LoadKind, float] = Field(
        default_factory=lambda: {
            LoadKind.CUFF_WEIGHT: 0.5, LoadKind.HAND_WEIGHT: 1.0, LoadKind.CABLE: 2.5,
            LoadKind.BELT_WEIGHT: 2.5, LoadKind.BARBELL: 2.5, LoadKind.MACHINE: 2.5,
        }
    )
    max_kg: dict[LoadKind, float] = Field(
        default_factory=lambda: {LoadKind.CUFF_WEIGHT: 5.0}
    )
    max_band: BandLevel = BandLevel.BLACK


def double_progression_rules(p: DoubleProgressionParams, gate: Gate = None) -> list[Rule]:
    isotonic = fact_is("mode", "isotonic")
    rules = [
        Rule(
            id=f"double-progression.{kind.value}",
            description=f"Every set at the top of the rep range with checks passed: add "
            f"{p.load_step_pct:g} % ({kind.value}, at least {step:g} kg) and start again at "
            "the bottom of the range.",
            when=AllOf(all=[fact_is("load_kind", kind.value), isotonic, *ready_to_progress(gate)]),
            then=Action(action=ActionKind.PROGRESS_LOAD, load_step_pct=p.load_step_pct,
                        min_step_kg=step, max_kg=p.max_kg.get(kind)),
            priority=500,
        )
        for kind, step in p.min_step_kg.items()
    ]
    rules.append(
        Rule(
            id="double-progression.band",
            description="Every set at the top of the rep range with a band: one band level "
            "stronger, reps back to the bottom of the range.",
            when=AllOf(all=[fact_is("load_kind", "band"), fact_is("band_rule", False), isotonic,
                            *ready_to_progress(gate)]),
            then=Action(action=ActionKind.BAND_RESISTANCE, max_band=p.max_band),
            priority=500,
        )
    )
    return rules


class HoldProgressionParams(Params):
    """Isometric holds grow in ``step_s`` steps towards ``target_s`` (the article's 30-60 s
    holds), then the next variant starts again at ``restart_s``."""

    step_s: int = Field(default=10, ge=1, le=60)
    target_s: int = Field(default=60, ge=10, le=600)
    restart_s: tuple[int, int] = (30, 40)


def hold_progression_rules(p: HoldProgressionParams, gate: Gate = None) -> list[Rule]:
    isometric = fact_is("mode", "isometric")
    return [
        Rule(
            id="hold-progression.longer",
            description=f"Every hold reached the top of the range: hold {p.step_s} s longer, "
            f"up to {p.target_s} s.",
            when=AllOf(all=[isometric, *ready_to_progress(gate),
                            fact_is("target_hold_top_s", p.target_s, Op.LT)]),
            then=Action(action=ActionKind.PROGRESS_HOLD, hold_step_s=p.step_s,
                        hold_cap_s=p.target_s),
            priority=450,
        ),
        Rule(
            id="hold-progression.next-variant",
            description=f"Every hold reached {p.target_s} s: move to the next variant and "
            f"start again at {p.restart_s[0]}-{p.restart_s[1]} s.",
            when=AllOf(all=[isometric, *ready_to_progress(gate),
                            fact_is("target_hold_top_s", p.target_s, Op.GE)]),
            then=Action(action=ActionKind.STEP_UP, start_hold_s=p.restart_s),
            priority=440,
        ),
        Rule(
            id="hold-progression.more-load",
            description=f"Every hold reached {p.target_s} s and no harder variant is on the "
            f"ladder: add load and start again at {p.restart_s[0]}-{p.restart_s[1]} s.",
            when=AllOf(all=[isometric, *ready_to_progress(gate),
                            fact_is("target_hold_top_s", p.target_s, Op.GE),
                            fact_is("load_kg", 0, Op.GT)]),
            then=Action(action=ActionKind.PROGRESS_LOAD, start_hold_s=p.restart_s),
            priority=435,
        ),
    ]


class MoreRepsParams(Params):
    """The article's first progression, more reps or sets, for when nothing else can change:
    within its 10-20 reps and 3-4 sets for hip-abduction (and isolation) work, and within its
    3-5 sets of 8-12 for the compound lifts - past those, the ladder or the load must change,
    which glutemed says rather than stretch a lift into endurance work."""

    reps_step: int = Field(default=2, ge=1, le=10)
    reps_cap: int = Field(default=20, ge=1, le=100)
    max_sets: int = Field(default=4, ge=1, le=10)
    compound_reps_cap: int = Field(default=12, ge=1, le=100)
    compound_max_sets: int = Field(default=5, ge=1, le=10)


def more_reps_rules(p: MoreRepsParams, gate: Gate = None) -> list[Rule]:
    ready = [fact_is("mode", "isotonic"), *ready_to_progress(gate)]
    return [
        Rule(
            id="more-reps",
            description=f"Every set at the top of the range and nothing harder to move to: "
            f"{p.reps_step} more reps up to {p.reps_cap}, then one more set up to {p.max_sets}.",
            when=AllOf(all=[*ready, fact_is("role", "compound", Op.NE)]),
            then=Action(action=ActionKind.PROGRESS_REPS, reps_step=p.reps_step,
                        reps_cap=p.reps_cap, max_sets=p.max_sets),
            priority=300,
        ),
        Rule(
            id="more-reps.compound",
            description=f"Every set of the lift at the top of the range and nothing harder "
            f"to move to: {p.reps_step} more reps up to {p.compound_reps_cap}, then one more "
            f"set up to {p.compound_max_sets}.",
            when=AllOf(all=[*ready, fact_is("role", "compound")]),
            then=Action(action=ActionKind.PROGRESS_REPS, reps_step=p.reps_step,
                        reps_cap=p.compound_reps_cap, max_sets=p.compound_max_sets),
            priority=300,
        ),
    ]
