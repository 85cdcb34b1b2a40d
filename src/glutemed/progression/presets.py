"""Readable presets that expand into explicit rules (Liftosaur's ``lp``/``dp``, minus the script).

A rules file is a list. Each entry is either ``preset: NAME`` with optional ``params:`` or a
raw ``rule:``. Each preset below documents its parameters and where their defaults come from;
:func:`~glutemed.progression.rules_file.expand_entries` turns the file into a flat list of
:class:`~glutemed.progression.rules.Rule`, with every problem reported as
``default-rules.yaml:12: [3].params.after_stalls: ...``.

This module is the presets' index (:data:`PRESETS`, :func:`expand_preset`); the presets
themselves are in :mod:`~glutemed.progression.preset_gate` (the step-up gate),
:mod:`~glutemed.progression.safety_presets` (hold or step back),
:mod:`~glutemed.progression.dose_presets` (a harder dose on the same exercise) and
:mod:`~glutemed.progression.step_presets` (between exercises and supports, and the
catch-all).

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

from collections.abc import Callable
from typing import Any

from glutemed.progression.dose_presets import (
    BandRuleParams,
    DoubleProgressionParams,
    HoldProgressionParams,
    LeverParams,
    MoreRepsParams,
    band_rule_rules,
    double_progression_rules,
    hold_progression_rules,
    lever_rules,
    more_reps_rules,
)
from glutemed.progression.preset_gate import Gate, Params, StepUpGateParams, step_up_gate_rules
from glutemed.progression.rules import Rule
from glutemed.progression.safety_presets import (
    DeloadParams,
    PainMonitoringParams,
    ReferralParams,
    TechniqueGateParams,
    WarningSignsParams,
    deload_rules,
    pain_monitoring_rules,
    referral_rules,
    technique_gate_rules,
    warning_signs_rules,
)
from glutemed.progression.step_presets import (
    LandingGateParams,
    OtherwiseRepeatParams,
    PlanParams,
    StepUpParams,
    SupportReleaseParams,
    landing_gate_rules,
    otherwise_repeat_rules,
    plan_rules,
    step_up_rules,
    support_release_rules,
)

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
