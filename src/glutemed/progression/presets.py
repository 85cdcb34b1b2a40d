"""Readable presets that expand into explicit rules (Liftosaur's ``lp``/``dp``, minus the script).

A rules file is a list. Each entry is either ``preset: NAME`` with optional ``params:`` or a
raw ``rule:``. Each preset below documents its parameters and where their defaults come from;
``expand_entries`` turns the file into a flat list of :class:`~glutemed.progression.rules.Rule`,
with every problem reported as ``default-rules.yaml:12: [3].params.after_stalls: ...``.

Priorities (higher is tried first) put safety before pain, pain before technique, and
technique before any progression, so a progression can only fire once the guards are quiet:

=====  ==========================================================
 1000  warning signs -> see a clinician
  950  pain above the limit, session after session, on the easiest variant -> see a
       clinician (referral)
  900  pain during or the next morning above the limit -> step down; next-morning rise
       -> deload
  800  technique failing repeatedly -> step down; failing once -> repeat (the band rule's
       'fix it first' repeat sits at 805 so its own advice is the one shown) checks left
       unanswered on a session that reached the target -> repeat (795), since an
       unanswered check is not a pass
  700  repeated stalls -> deload
  690  the work is done but a step up is not allowed yet: paused (696), a lighter week
       of the plan (695), the hip not settled (693), pain above the step-up gate
       (692, 691), pain not recorded in rehab (690), too close to failure (689)
  688  a harder landing before the checks passed in N sessions in a row -> repeat
  687  a balance support comes off one step after N clean sessions in a row (686: not yet
       -> repeat, so support and difficulty never change together)
  650  the plan's next block (a new rung, isometric to dynamic)
  600  the article's band rule (stronger band before moving it down)
  550  lever (cuff knee -> ankle once the knee load reaches a threshold)
  500  double progression (more load at the top of the rep range)
  480  the plan's extra volume for next week
  450  hold progression (longer holds towards 60 s, then the next variant)
  400  a step up the ladder
  301  power work: never more reps or sets than the plan gives -> repeat
  300  more reps or sets when nothing else can progress
    0  otherwise repeat
=====  ==========================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from glutemed.catalog.loader import _format_loc, _line_for, _read_yaml
from glutemed.catalog.models import BandLevel, Dimension, LoadKind
from glutemed.errors import CatalogError
from glutemed.programming.models import Goal
from glutemed.progression.rules import (
    DEFAULT_STEP_ORDER,
    Action,
    ActionKind,
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    NotOf,
    Op,
    Rule,
    RulesError,
)
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10

PathKey = tuple[str | int, ...]
P = TypeVar("P", bound=BaseModel)

KG_LOADS = (
    LoadKind.CUFF_WEIGHT, LoadKind.HAND_WEIGHT, LoadKind.CABLE, LoadKind.BELT_WEIGHT,
    LoadKind.BARBELL, LoadKind.MACHINE,
)


class Params(BaseModel):
    """Base of every preset's parameters: a typo in a name is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _is(fact: str, value: bool | int | float | str, op: Op = Op.EQ) -> Comparison:
    return Comparison(fact=fact, op=op, value=value)


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
    return [AnyOf(any=[_is("goal", g.value, Op.NE) for g in sorted(goals)]
                  + [_is("pain_recorded", True)])] if goals else []


def ready_to_progress(gate: Gate = None) -> list[Condition]:
    """What every progression rule demands: the work done, clean technique, pain low and
    settled, effort in reserve, nothing paused and not a lighter week of the plan.

    The pain limits are the step-up gate's (stricter than the 5/10 the pain-monitoring model
    allows for carrying on at the same dose); next-morning pain must not be worse than
    before; an unknown next-morning score does not block a step.
    """
    g = gate or DEFAULT_GATE
    conditions: list[Condition] = [
        _is("all_sets_at_top_of_range", True),
        _is("checks_all_passed", True),
        _is("max_pain_during", g.max_pain_during_0_10, Op.LE),
        NotOf.model_validate({"not": _is("max_pain_next_morning", g.max_pain_next_morning_0_10,
                                          Op.GT)}),
        _is("next_morning_pain_rise", 0, Op.LE),
        _is("warning_sign", False),
        _is("paused", False),
        _is("planned_lighter_week", False),
        *_pain_recorded_for(g.pain_recorded_for),
    ]
    if g.rir_at_least_target:
        conditions.append(_is("rir_below_target", False))
    if g.settled_hip:
        conditions.append(_is("side_irritable", False))
    return conditions


def step_up_gate_rules(p: StepUpGateParams, gate: Gate = None) -> list[Rule]:
    """The gate's own explanations: when the work is done but a step up is not allowed yet,
    say which condition held it back (these outrank every progression rule)."""
    at_top = _is("all_sets_at_top_of_range", True)
    rules = [
        Rule(
            id="gate.pain-during",
            description=f"The top of the range was reached, but pain during was above "
            f"{p.max_pain_during_0_10}/10: carry on at this dose; a step up waits for pain "
            f"at or below {p.max_pain_during_0_10}/10.",
            when=AllOf(all=[at_top, _is("max_pain_during", p.max_pain_during_0_10, Op.GT)]),
            then=Action(action=ActionKind.REPEAT),
            priority=692,
        ),
        Rule(
            id="gate.pain-next-morning",
            description=f"The top of the range was reached, but pain the next morning was "
            f"above {p.max_pain_next_morning_0_10}/10: carry on at this dose until it "
            "settles lower.",
            when=AllOf(all=[at_top, _is("max_pain_next_morning", p.max_pain_next_morning_0_10,
                                        Op.GT)]),
            then=Action(action=ActionKind.REPEAT),
            priority=691,
        ),
    ]
    if p.pain_recorded_for:
        rules.append(Rule(
            id="gate.pain-not-recorded",
            description="The top of the range was reached, but no pain score was recorded "
            "for the session: record pain during the sets (0 if none) before a step up.",
            when=AllOf(all=[at_top, _is("pain_recorded", False), AnyOf(
                any=[_is("goal", g.value) for g in sorted(p.pain_recorded_for)])]),
            then=Action(action=ActionKind.REPEAT),
            priority=690,
        ))
    if p.settled_hip:
        rules.append(Rule(
            id="gate.hip-not-settled",
            description="The top of the range was reached, but this hip had pain above the "
            "limit in another exercise this week: carry on at this dose until it settles.",
            when=AllOf(all=[at_top, _is("side_irritable", True)]),
            then=Action(action=ActionKind.REPEAT),
            priority=693,
        ))
    if p.rir_at_least_target:
        rules.append(Rule(
            id="gate.reps-in-reserve",
            description="The top of the range was reached, but closer to failure than the "
            "target asks (fewer reps in reserve): repeat this dose until it comes with reps "
            "to spare.",
            when=AllOf(all=[at_top, _is("rir_below_target", True)]),
            then=Action(action=ActionKind.REPEAT),
            priority=689,
        ))
    return rules


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
        Rule(
            id="plan.lighter-week",
            description="The plan makes this a lighter week: consolidate at this dose; the "
            "next step waits for the week after.",
            when=AllOf(all=[_is("planned_lighter_week", True),
                            _is("all_sets_at_top_of_range", True)]),
            then=Action(action=ActionKind.REPEAT),
            priority=695,
        ),
        Rule(
            id="plan.next-block",
            description="Every set at the top of the range, pain low and settled, checks "
            "passed: take the step the plan's next block proposes.",
            when=AllOf(all=[*ready, AnyOf(any=[_is("plan_proposes", "rung"),
                                               _is("plan_proposes", "mode")])]),
            then=step,
            priority=650,
        ),
        Rule(
            id="plan.more-volume",
            description="Every set at the top of the range, pain low and settled, checks "
            "passed: take the extra volume the plan's next week proposes.",
            when=AllOf(all=[*ready, _is("plan_proposes", "volume")]),
            then=step,
            priority=480,
        ),
    ]


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
            when=AllOf(all=[_is("pain_above_limit_sessions", p.after_sessions, Op.GE),
                            _is("variant_has_regression", False)]),
            then=Action(action=ActionKind.SEE_CLINICIAN),
            priority=950,
        )
    ]


# -- safety and regression presets ------------------------------------------------------


class WarningSignsParams(Params):
    """No parameters: warning signs always stop progression."""


def warning_signs_rules(_: WarningSignsParams, gate: Gate = None) -> list[Rule]:
    return [
        Rule(
            id="warning-signs.paused",
            description="Progression is paused after a warning sign: the same dose at most, "
            "until a clinician has assessed the hip and the pause is cleared.",
            when=AllOf(all=[_is("paused", True), _is("warning_sign", False),
                            _is("all_sets_at_top_of_range", True)]),
            then=Action(action=ActionKind.REPEAT),
            priority=696,
        ),
        Rule(
            id="warning-signs",
            description="A warning sign (severe or night pain, a fall or injury, numbness or "
            "tingling, fever, pain that keeps rising): see a clinician before training on.",
            when=AllOf(all=[_is("warning_sign", True), _is("warning_signs", "", Op.NE)]),
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
    during = _is("max_pain_during", p.max_pain_during_0_10, Op.GT)
    morning = AnyOf(any=[_is("next_morning_pain_rise", 0, Op.GT),
                         _is("max_pain_next_morning", p.max_pain_during_0_10, Op.GT)])
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
            when=_is("max_pain_next_morning", p.max_pain_during_0_10, Op.GT),
            then=Action(action=ActionKind.STEP_DOWN, deload_pct=p.deload_pct),
            priority=905,
        ),
        Rule(
            id="pain-monitoring.next-morning-worse",
            description="Pain the next morning was worse than before: reduce the load.",
            when=_is("next_morning_pain_rise", 0, Op.GT),
            then=Action(action=ActionKind.DELOAD, deload_pct=p.deload_pct),
            priority=900,
        ),
        Rule(
            id="pain-monitoring.repeat",
            description="Pain is past the limits and nothing can be made easier: stay here.",
            when=AnyOf(any=[during, morning]),
            then=Action(action=ActionKind.REPEAT),
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
            when=_is("technique_failed_sessions", p.step_down_after_sessions, Op.GE),
            then=Action(action=ActionKind.STEP_DOWN),
            priority=810,
        ),
        Rule(
            id="technique.repeat",
            description="A technique check failed: repeat this prescription and fix the form.",
            when=_is("checks_failed", 0, Op.GT),
            then=Action(action=ActionKind.REPEAT),
            priority=800,
        ),
        Rule(
            id="technique.unanswered",
            description="Every set reached the top of the range, but not every technique "
            "check was answered: answer them after each set (yes or no); the dose rises only "
            "once they are all 'yes'.",
            when=AllOf(all=[_is("checks_unanswered", 0, Op.GT),
                            _is("all_sets_at_top_of_range", True)]),
            then=Action(action=ActionKind.REPEAT),
            priority=795,
        ),
    ]


class DeloadParams(Params):
    """Liftosaur-style: after N sessions in a row without reaching the target, back off."""

    after_stalls: int = Field(default=3, ge=2, le=10)
    load_drop_pct: float = Field(default=10.0, gt=0, le=50)


def deload_rules(p: DeloadParams, gate: Gate = None) -> list[Rule]:
    stalled = _is("stalled_sessions", p.after_stalls, Op.GE)
    # a dose that can be made lighter in place: a load, a band, or a hold to shorten
    weighted = AnyOf(any=[_is("load_kg", 0, Op.GT), _is("band_rank", 0, Op.GE),
                          _is("mode", "isometric")])
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


# -- progression presets --------------------------------------------------------------------


class BandRuleParams(Params):
    """The article's band rule comes from each family's ``band_rule`` in the catalogue; the
    preset only turns it on. ``max_band`` caps a stronger band within one variant."""

    max_band: BandLevel = BandLevel.BLACK


def band_rule_rules(p: BandRuleParams, gate: Gate = None) -> list[Rule]:
    ready = ready_to_progress(gate)
    has_rule = _is("band_rule", True)
    return [
        Rule(
            id="band-rule.stronger-band",
            description="Every check the band rule requires passed and the burn was felt in "
            "the glutes: a stronger band, kept where it is.",
            when=AllOf(all=[has_rule, *ready, _is("band_rule_checks_passed", True),
                            _is("band_is_strongest_at_position", False)]),
            then=Action(action=ActionKind.BAND_RESISTANCE, max_band=p.max_band),
            priority=610,
        ),
        Rule(
            id="band-rule.move-down-the-leg",
            description="The strongest band at this position is mastered with every required "
            "check passed: move the band further down the leg.",
            when=AllOf(all=[has_rule, *ready, _is("band_rule_checks_passed", True),
                            _is("band_is_strongest_at_position", True)]),
            then=Action(action=ActionKind.BAND_POSITION),
            priority=600,
        ),
        Rule(
            id="band-rule.fix-first",
            description="The band rule's checks are not all passed (technique or where it is "
            "felt): stay with this band and position and fix that first.",
            when=AllOf(all=[has_rule, _is("all_sets_at_top_of_range", True),
                            _is("band_rule_checks_passed", False)]),
            then=Action(action=ActionKind.REPEAT),
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
                _is("load_kind", kind.value), *ready_to_progress(gate),
                _is("load_kg", at_kg, Op.GE),
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
    isotonic = _is("mode", "isotonic")
    rules = [
        Rule(
            id=f"double-progression.{kind.value}",
            description=f"Every set at the top of the rep range with checks passed: add "
            f"{p.load_step_pct:g} % ({kind.value}, at least {step:g} kg) and start again at "
            "the bottom of the range.",
            when=AllOf(all=[_is("load_kind", kind.value), isotonic, *ready_to_progress(gate)]),
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
            when=AllOf(all=[_is("load_kind", "band"), _is("band_rule", False), isotonic,
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
    isometric = _is("mode", "isometric")
    return [
        Rule(
            id="hold-progression.longer",
            description=f"Every hold reached the top of the range: hold {p.step_s} s longer, "
            f"up to {p.target_s} s.",
            when=AllOf(all=[isometric, *ready_to_progress(gate),
                            _is("target_hold_top_s", p.target_s, Op.LT)]),
            then=Action(action=ActionKind.PROGRESS_HOLD, hold_step_s=p.step_s,
                        hold_cap_s=p.target_s),
            priority=450,
        ),
        Rule(
            id="hold-progression.next-variant",
            description=f"Every hold reached {p.target_s} s: move to the next variant and "
            f"start again at {p.restart_s[0]}-{p.restart_s[1]} s.",
            when=AllOf(all=[isometric, *ready_to_progress(gate),
                            _is("target_hold_top_s", p.target_s, Op.GE)]),
            then=Action(action=ActionKind.STEP_UP, start_hold_s=p.restart_s),
            priority=440,
        ),
        Rule(
            id="hold-progression.more-load",
            description=f"Every hold reached {p.target_s} s and no harder variant is on the "
            f"ladder: add load and start again at {p.restart_s[0]}-{p.restart_s[1]} s.",
            when=AllOf(all=[isometric, *ready_to_progress(gate),
                            _is("target_hold_top_s", p.target_s, Op.GE),
                            _is("load_kg", 0, Op.GT)]),
            then=Action(action=ActionKind.PROGRESS_LOAD, start_hold_s=p.restart_s),
            priority=435,
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
            when=AllOf(all=[_is("mode", "isotonic"), *ready_to_progress(gate),
                            _is("variant_has_any_progression", True)]),
            then=Action(action=ActionKind.STEP_UP, prefer=p.prefer, start_reps=p.start_reps),
            priority=400,
        )
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
    ready = [_is("mode", "isotonic"), *ready_to_progress(gate)]
    return [
        Rule(
            id="more-reps",
            description=f"Every set at the top of the range and nothing harder to move to: "
            f"{p.reps_step} more reps up to {p.reps_cap}, then one more set up to {p.max_sets}.",
            when=AllOf(all=[*ready, _is("role", "compound", Op.NE)]),
            then=Action(action=ActionKind.PROGRESS_REPS, reps_step=p.reps_step,
                        reps_cap=p.reps_cap, max_sets=p.max_sets),
            priority=300,
        ),
        Rule(
            id="more-reps.compound",
            description=f"Every set of the lift at the top of the range and nothing harder "
            f"to move to: {p.reps_step} more reps up to {p.compound_reps_cap}, then one more "
            f"set up to {p.compound_max_sets}.",
            when=AllOf(all=[*ready, _is("role", "compound")]),
            then=Action(action=ActionKind.PROGRESS_REPS, reps_step=p.reps_step,
                        reps_cap=p.compound_reps_cap, max_sets=p.compound_max_sets),
            priority=300,
        ),
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
    return AnyOf(any=[_is("family", f) for f in families])


def landing_gate_rules(p: LandingGateParams, gate: Gate = None) -> list[Rule]:
    ready = ready_to_progress(gate)
    rules = []
    if p.landing_families:
        rules.append(Rule(
            id="landing.not-yet",
            description=f"Every landing at the top of the range, but a harder landing (further, "
            f"or continuous) needs every technique check passed and pain at or below the gate "
            f"in {p.clean_sessions} sessions in a row: repeat this one (expert opinion).",
            when=AllOf(all=[*ready, _family_in(p.landing_families),
                            _is("clean_sessions", p.clean_sessions, Op.LT)]),
            then=Action(action=ActionKind.REPEAT),
            priority=688,
        ))
    if p.power_families:
        rules.append(Rule(
            id="power.no-more-reps",
            description="Every set at the top of the range: power work does not get more reps "
            "or sets than the plan gives (quality over volume; stop a set before it slows) - "
            "keep this dose (expert opinion).",
            when=AllOf(all=[*ready, _family_in(p.power_families)]),
            then=Action(action=ActionKind.REPEAT),
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
    ready = [*ready_to_progress(gate), _is("support_can_lessen", True)]
    return [
        Rule(
            id="support.less",
            description=f"Every set at the top of the range with every check passed and "
            f"pain at or below the gate in {p.clean_sessions} sessions in a row: hold on "
            "less, same exercise and dose (expert opinion).",
            when=AllOf(all=[*ready, _is("clean_sessions", p.clean_sessions, Op.GE)]),
            then=Action(action=ActionKind.LESS_SUPPORT, after_sessions=p.clean_sessions),
            priority=687,
        ),
        Rule(
            id="support.not-yet",
            description=f"Every set at the top of the range, but the support comes off one "
            f"step at a time, each after {p.clean_sessions} sessions in a row at the top with "
            "every check passed and pain at or below the gate: keep it and repeat this dose "
            "(expert opinion).",
            when=AllOf(all=ready),
            then=Action(action=ActionKind.REPEAT),
            priority=686,
        ),
    ]


class OtherwiseRepeatParams(Params):
    """No parameters: when no other rule applies, repeat the prescription."""


def otherwise_repeat_rules(_: OtherwiseRepeatParams, gate: Gate = None) -> list[Rule]:
    return [
        Rule(
            id="otherwise-repeat.no-history",
            description="Nothing logged yet for this exercise on this side: start with this "
            "prescription.",
            when=_is("has_history", False),
            then=Action(action=ActionKind.REPEAT),
            priority=1,
        ),
        Rule(
            id="otherwise-repeat.top-of-ladder",
            description="Every set at the top of the range, and nothing harder is set up for "
            "this exercise: keep this level, or move on to the next exercise family.",
            when=_is("all_sets_at_top_of_range", True),
            then=Action(action=ActionKind.REPEAT),
            priority=3,
        ),
        Rule(
            id="otherwise-repeat.in-progress",
            description="The session is not finished yet: carry on with the remaining sets.",
            when=AllOf(all=[_is("has_history", True), _is("session_complete", False)]),
            then=Action(action=ActionKind.REPEAT),
            priority=2,
        ),
        Rule(
            id="otherwise-repeat",
            description="Not every set reached the top of the range yet: repeat this "
            "prescription and aim for more reps or seconds.",
            when=_is("warning_sign", False),
            then=Action(action=ActionKind.REPEAT),
            priority=0,
        )
    ]


Expander = Callable[[Any, Gate], list[Rule]]
PRESETS: dict[str, tuple[type[Params], Expander]] = {
    "warning-signs": (WarningSignsParams, warning_signs_rules),
    "referral": (ReferralParams, referral_rules),
    "step-up-gate": (StepUpGateParams, step_up_gate_rules),
    "plan": (PlanParams, plan_rules),
    "pain-monitoring": (PainMonitoringParams, pain_monitoring_rules),
    "technique-gate": (TechniqueGateParams, technique_gate_rules),
    "deload": (DeloadParams, deload_rules),
    "band-rule": (BandRuleParams, band_rule_rules),
    "lever": (LeverParams, lever_rules),
    "double-progression": (DoubleProgressionParams, double_progression_rules),
    "hold-progression": (HoldProgressionParams, hold_progression_rules),
    "step-up": (StepUpParams, step_up_rules),
    "more-reps": (MoreRepsParams, more_reps_rules),
    "landing-gate": (LandingGateParams, landing_gate_rules),
    "support-release": (SupportReleaseParams, support_release_rules),
    "otherwise-repeat": (OtherwiseRepeatParams, otherwise_repeat_rules),
}
"""Every preset by name: its parameter model and the function that expands it."""


def expand_preset(
    name: str, params: dict[str, Any] | None = None, gate: Gate = None
) -> list[Rule]:
    """The rules one preset expands into (parameters validated; unknown ones are errors).

    ``gate`` is the step-up gate every progression rule includes (the default when None).
    """
    model, expander = PRESETS[name]
    return expander(model.model_validate(params or {}), gate)


# -- the file loader ------------------------------------------------------------------------


class RuleEntry(BaseModel):
    """A raw rule in a rules file: ``rule: ID`` plus ``description``, ``when``, ``then``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    description: str
    when: Condition
    then: Action
    priority: int = 50
    source: str | None = None


def _data_loc(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Pydantic's error location with union tags dropped: only steps that exist in the data,
    so the location (and its line) points at what the person wrote."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and i == len(loc) - 1:
            node = None  # a required key that is missing: name it
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            continue
        out.append(part)
    return tuple(out)


def _problems(
    exc: ValidationError, data: Any, prefix: PathKey, file_name: str,
    lines: dict[PathKey, int],
) -> Iterator[str]:
    for err in exc.errors():
        loc = (*prefix, *_data_loc(err["loc"], data))
        message = err["msg"].removeprefix("Value error, ")
        yield f"{file_name}:{_line_for(loc, lines)}: {_format_loc(loc)}: {message}"


def _entry_rules(
    item: Any, index: int, file_name: str, lines: dict[PathKey, int], gate: Gate = None
) -> list[Rule]:
    here: PathKey = (index,)
    if not isinstance(item, dict) or ("preset" in item) == ("rule" in item):
        raise RulesError(
            [f"{file_name}:{_line_for(here, lines)}: {_format_loc(here)}: "
             "each entry needs exactly one of 'preset: NAME' or 'rule: ID'"]
        )
    try:
        if "rule" in item:
            entry = RuleEntry.model_validate(item)
            return [Rule(id=entry.rule, description=entry.description, when=entry.when,
                         then=entry.then, priority=entry.priority, source=entry.source)]
        extra = sorted(set(item) - {"preset", "params", "source"})
        name = item["preset"]
        if extra or name not in PRESETS:
            at = (*here, extra[0]) if extra else (*here, "preset")
            what = f"unknown key '{extra[0]}'" if extra else f"unknown preset '{name}'"
            raise RulesError([f"{file_name}:{_line_for(at, lines)}: {_format_loc(at)}: "
                              f"{what}; presets: {', '.join(PRESETS)}"])
        model, expander = PRESETS[name]
        params = model.model_validate(item.get("params") or {})
        source = _source(item, here, file_name, lines)
    except ValidationError as exc:
        is_rule = "rule" in item
        prefix = here if is_rule else (*here, "params")
        data = item if is_rule else item.get("params") or {}
        raise RulesError(list(_problems(exc, data, prefix, file_name, lines))) from None
    return [r.model_copy(update={"source": source}) if source else r
            for r in expander(params, gate)]


def _source(item: dict[str, Any], here: PathKey, file_name: str,
            lines: dict[PathKey, int]) -> str | None:
    """An entry's ``source:`` (where its numbers come from): text, or absent."""
    value = item.get("source")
    if value is None or (isinstance(value, str) and value.strip()):
        return None if value is None else " ".join(value.split())
    at = (*here, "source")
    raise RulesError([f"{file_name}:{_line_for(at, lines)}: {_format_loc(at)}: "
                      "source must be text naming authors, year and venue, and how sure"])


def _gate(data: list[Any], file_name: str, lines: dict[PathKey, int]) -> Gate:
    """The file's step-up gate (its ``step-up-gate`` entry), read before the other entries
    because every progression rule includes it; None (the default gate) when absent."""
    for index, item in enumerate(data):
        if isinstance(item, dict) and item.get("preset") == "step-up-gate":
            try:
                return StepUpGateParams.model_validate(item.get("params") or {})
            except ValidationError as exc:
                prefix = (index, "params")
                raise RulesError(list(_problems(exc, item.get("params") or {}, prefix,
                                                file_name, lines))) from None
    return None


def expand_entries(path: Path) -> list[Rule]:
    """Read, validate and expand a rules file; every problem is reported at once."""
    try:
        data, lines = _read_yaml(path)
    except CatalogError as exc:
        raise RulesError(exc.problems) from None
    if not isinstance(data, list) or not data:
        raise RulesError([f"{path.name}:1: (document): must be a non-empty list of entries"])
    rules: list[Rule] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    try:
        gate = _gate(data, path.name, lines)
    except RulesError as exc:
        raise RulesError(exc.problems) from None
    for index, item in enumerate(data):
        try:
            entry_rules = _entry_rules(item, index, path.name, lines, gate)
        except RulesError as exc:
            problems.extend(exc.problems)
            continue
        line = _line_for((index,), lines)
        for rule in entry_rules:
            if rule.id in first_line:
                problems.append(f"{path.name}:{line}: [{index}]: rule id '{rule.id}' is "
                                f"already defined at line {first_line[rule.id]}")
            first_line.setdefault(rule.id, line)
            rules.append(rule)
    if problems:
        raise RulesError(problems)
    return rules
