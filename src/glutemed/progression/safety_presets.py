"""The presets that hold a dose or step it back: warning signs, referral, pain, technique
and stalls.

Their priorities (700-1000) sit above every progression preset's, so a progression can only
fire once these guards are quiet (the table is in :mod:`glutemed.progression.presets`).
"""

from __future__ import annotations

from pydantic import Field

from glutemed.progression.preset_gate import Gate, Params, fact_is, repeat_rule
from glutemed.progression.rules import (
    Action,
    ActionKind,
    AllOf,
    AnyOf,
    NotOf,
    Op,
    Rule,
)
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10


class ReferralParams(Params):
    """Pain above the limit session after session, with no easier variant left to step down
    to, is not something more exercise advice will fix: see a clinician. Three sessions is
    glutemed's choice (expert opinion, not from a study): long enough to see that stepping
    back did not settle it, short enough not to train through a month of pain."""

    after_sessions: int = Field(default=3, ge=2, le=8)


def referral_rules(p: ReferralParams, gate: Gate = None) -> list[Rule]:
    return [
        Rule(
            id="referral.pain-not-settling",
            description=f"Pain above the limit in {p.after_sessions} sessions in a row on the "
            "easiest variant there is: see a clinician before training on.",
            when=AllOf(all=[fact_is("pain_above_limit_sessions", p.after_sessions, Op.GE),
                            fact_is("variant_has_regression", False)]),
            then=Action(action=ActionKind.SEE_CLINICIAN),
            priority=950,
        )
    ]


class WarningSignsParams(Params):
    """No parameters: warning signs always stop progression."""


def warning_signs_rules(_: WarningSignsParams, gate: Gate = None) -> list[Rule]:
    return [
        repeat_rule(
            id="warning-signs.paused",
            description="Progression is paused after a warning sign: the same dose at most, "
            "until a clinician has assessed the hip and the pause is cleared.",
            when=AllOf(all=[fact_is("paused", True), fact_is("warning_sign", False),
                            fact_is("all_sets_at_top_of_range", True)]),
            priority=696,
        ),
        Rule(
            id="warning-signs",
            description="A warning sign (severe or night pain, a fall or injury, numbness or "
            "tingling, fever, pain that keeps rising): see a clinician before training on.",
            when=AllOf(all=[fact_is("warning_sign", True), fact_is("warning_signs", "", Op.NE)]),
            then=Action(action=ActionKind.SEE_CLINICIAN),
            priority=1000,
        )
    ]


class PainMonitoringParams(Params):
    """Silbernagel et al. 2007: pain during above 5/10 is too high; a next-morning rise means
    reduce the load.

    The limit can be made stricter (a clinician may want 3/10 after surgery) but never looser
    than 5/10: the engine's safety net holds any progression above 5/10 whatever the file
    says, so a looser number here would only make the rules lie about what happens.
    """

    max_pain_during_0_10: int = Field(default=PAIN_DURING_LIMIT_0_10, ge=0,
                                      le=PAIN_DURING_LIMIT_0_10)
    deload_pct: float = Field(default=10.0, gt=0, le=50)


def pain_monitoring_rules(p: PainMonitoringParams, gate: Gate = None) -> list[Rule]:
    during = fact_is("max_pain_during", p.max_pain_during_0_10, Op.GT)
    morning = AnyOf(any=[fact_is("next_morning_pain_rise", 0, Op.GT),
                         fact_is("max_pain_next_morning", p.max_pain_during_0_10, Op.GT)])
    return [
        Rule(
            id="pain-monitoring.during-too-high",
            description=f"Pain during a set above {p.max_pain_during_0_10}/10 is too high "
            "(pain-monitoring model): go one step down the ladder.",
            when=during,
            then=Action(action=ActionKind.STEP_DOWN, deload_pct=p.deload_pct),
            priority=910,
        ),
        Rule(
            id="pain-monitoring.next-morning-too-high",
            description=f"Pain the next morning was above {p.max_pain_during_0_10}/10: it "
            "did not settle overnight, so go one step down the ladder (from the very first "
            "session on).",
            when=fact_is("max_pain_next_morning", p.max_pain_during_0_10, Op.GT),
            then=Action(action=ActionKind.STEP_DOWN, deload_pct=p.deload_pct),
            priority=905,
        ),
        Rule(
            id="pain-monitoring.next-morning-worse",
            description="Pain the next morning was worse than before: reduce the load.",
            when=fact_is("next_morning_pain_rise", 0, Op.GT),
            then=Action(action=ActionKind.DELOAD, deload_pct=p.deload_pct),
            priority=900,
        ),
        repeat_rule(
            id="pain-monitoring.repeat",
            description="Pain is past the limits and nothing can be made easier: stay here.",
            when=AnyOf(any=[during, morning]),
            priority=890,
        ),
    ]


class TechniqueGateParams(Params):
    """The article: step back to an easier variant when technique fails."""

    step_down_after_sessions: int = Field(default=2, ge=1, le=10)


def technique_gate_rules(p: TechniqueGateParams, gate: Gate = None) -> list[Rule]:
    return [
        Rule(
            id="technique.step-down",
            description=f"A technique check failed in {p.step_down_after_sessions} sessions "
            "in a row: go back to an easier variant and own it.",
            when=fact_is("technique_failed_sessions", p.step_down_after_sessions, Op.GE),
            then=Action(action=ActionKind.STEP_DOWN),
            priority=810,
        ),
        repeat_rule(
            id="technique.repeat",
            description="A technique check failed: repeat this prescription and fix the form.",
            when=fact_is("checks_failed", 0, Op.GT),
            priority=800,
        ),
        repeat_rule(
            id="technique.unanswered",
            description="Every set reached the top of the range, but not every technique "
            "check was answered: answer them after each set (yes or no); the dose rises only "
            "once they are all 'yes'.",
            when=AllOf(all=[fact_is("checks_unanswered", 0, Op.GT),
                            fact_is("all_sets_at_top_of_range", True)]),
            priority=795,
        ),
    ]


class DeloadParams(Params):
    """Liftosaur-style: after N sessions in a row without reaching the target, back off."""

    after_stalls: int = Field(default=3, ge=2, le=10)
    load_drop_pct: float = Field(default=10.0, gt=0, le=50)


def deload_rules(p: DeloadParams, gate: Gate = None) -> list[Rule]:
    stalled = fact_is("stalled_sessions", p.after_stalls, Op.GE)
    # a dose that can be made lighter in place: a load, a band, or a hold to shorten
    weighted = AnyOf(any=[fact_is("load_kg", 0, Op.GT), fact_is("band_rank", 0, Op.GE),
                          fact_is("mode", "isometric")])
    return [
        Rule(
            id="deload.after-stalls",
            description=f"{p.after_stalls} sessions in a row short of the target at this dose: "
            f"take about {p.load_drop_pct:g} % off and build back up.",
            when=AllOf(all=[stalled, weighted]),
            then=Action(action=ActionKind.DELOAD, deload_pct=p.load_drop_pct),
            priority=700,
        ),
        Rule(
            id="deload.after-stalls.easier-variant",
            description=f"{p.after_stalls} sessions in a row short of the reps with no load "
            "or band to take off: go back to an easier variant and build up from there (one "
            "set fewer when there is none).",
            when=AllOf(all=[stalled, NotOf.model_validate({"not": weighted})]),
            then=Action(action=ActionKind.STEP_DOWN),
            priority=700,
        ),
    ]
