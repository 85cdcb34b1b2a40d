"""Readable presets that expand into explicit rules (Liftosaur's ``lp``/``dp``, minus the script).

A rules file is a list. Each entry is either ``preset: NAME`` with optional ``params:`` or a
raw ``rule:``. Each preset below documents its parameters and where their defaults come from;
``expand_entries`` turns the file into a flat list of :class:`~glutemed.progression.rules.Rule`,
with every problem reported as ``default-rules.yaml:12: [3].params.after_stalls: ...``.

Priorities (higher is tried first) put safety before pain, pain before technique, and
technique before any progression, so a progression can only fire once the guards are quiet:

=====  ==========================================================
 1000  warning signs -> see a clinician
  900  pain during above the limit -> step down; next-morning rise -> deload
  800  technique failing repeatedly -> step down; failing once -> hold (the band rule's
       'fix it first' hold sits at 805 so its own advice is the one shown); checks left
       unanswered on a session that reached the target -> hold (795), since an unanswered
       check is not a pass
  700  repeated stalls -> deload
  600  the article's band rule (stronger band before moving it down)
  550  lever (cuff knee -> ankle once the knee load reaches a threshold)
  500  double progression (more load at the top of the rep range)
  450  hold progression (longer holds towards 60 s, then the next variant)
  400  a step up the ladder
  300  more reps or sets when nothing else can progress
    0  otherwise hold
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
from glutemed.progression.rules import (
    DEFAULT_STEP_ORDER,
    Action,
    ActionKind,
    AllOf,
    AnyOf,
    Comparison,
    Condition,
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


def ready_to_progress() -> list[Condition]:
    """What every progression rule demands: the work done, clean technique, pain in limits.

    Pain limits are Silbernagel et al. 2007's pain-monitoring model: up to 5/10 during is
    acceptable, and next-morning pain must not be worse than before.
    """
    return [
        _is("all_sets_at_top_of_range", True),
        _is("checks_all_passed", True),
        _is("max_pain_during", PAIN_DURING_LIMIT_0_10, Op.LE),
        _is("next_morning_pain_rise", 0, Op.LE),
        _is("warning_sign", False),
    ]


# -- safety and regression presets ------------------------------------------------------


class WarningSignsParams(Params):
    """No parameters: warning signs always stop progression."""


def warning_signs_rules(_: WarningSignsParams) -> list[Rule]:
    return [
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


def pain_monitoring_rules(p: PainMonitoringParams) -> list[Rule]:
    during = _is("max_pain_during", p.max_pain_during_0_10, Op.GT)
    morning = _is("next_morning_pain_rise", 0, Op.GT)
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
            id="pain-monitoring.next-morning-worse",
            description="Pain the next morning was worse than before: reduce the load.",
            when=morning,
            then=Action(action=ActionKind.DELOAD, deload_pct=p.deload_pct),
            priority=900,
        ),
        Rule(
            id="pain-monitoring.hold",
            description="Pain is past the limits and nothing can be made easier: stay here.",
            when=AnyOf(any=[during, morning]),
            then=Action(action=ActionKind.HOLD),
            priority=890,
        ),
    ]


class TechniqueGateParams(Params):
    """The article: step back to an easier variant when technique fails."""

    step_down_after_sessions: int = Field(default=2, ge=1, le=10)


def technique_gate_rules(p: TechniqueGateParams) -> list[Rule]:
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
            id="technique.hold",
            description="A technique check failed: repeat this prescription and fix the form.",
            when=_is("checks_failed", 0, Op.GT),
            then=Action(action=ActionKind.HOLD),
            priority=800,
        ),
        Rule(
            id="technique.unanswered",
            description="Every set reached the top of the range, but not every technique "
            "check was answered: answer them after each set (yes or no); the dose rises only "
            "once they are all 'yes'.",
            when=AllOf(all=[_is("checks_unanswered", 0, Op.GT),
                            _is("all_sets_at_top_of_range", True)]),
            then=Action(action=ActionKind.HOLD),
            priority=795,
        ),
    ]


class DeloadParams(Params):
    """Liftosaur-style: after N sessions in a row without reaching the target, back off."""

    after_stalls: int = Field(default=3, ge=2, le=10)
    load_drop_pct: float = Field(default=10.0, gt=0, le=50)


def deload_rules(p: DeloadParams) -> list[Rule]:
    return [
        Rule(
            id="deload.after-stalls",
            description=f"{p.after_stalls} sessions in a row short of the target at this dose: "
            f"take about {p.load_drop_pct:g} % off and build back up.",
            when=_is("stalled_sessions", p.after_stalls, Op.GE),
            then=Action(action=ActionKind.DELOAD, deload_pct=p.load_drop_pct),
            priority=700,
        )
    ]


# -- progression presets --------------------------------------------------------------------


class BandRuleParams(Params):
    """The article's band rule comes from each family's ``band_rule`` in the catalogue; the
    preset only turns it on. ``max_band`` caps a stronger band within one variant."""

    max_band: BandLevel = BandLevel.BLACK


def band_rule_rules(p: BandRuleParams) -> list[Rule]:
    ready = ready_to_progress()
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
            then=Action(action=ActionKind.HOLD),
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


def lever_rules(p: LeverParams) -> list[Rule]:
    return [
        Rule(
            id=f"lever.{kind.value}",
            description=f"At the top of the range with {at_kg:g} kg or more: move the "
            f"{kind.value} further from the hip and lighten it by the lever ratio.",
            when=AllOf(all=[
                _is("load_kind", kind.value), *ready_to_progress(),
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


def double_progression_rules(p: DoubleProgressionParams) -> list[Rule]:
    isotonic = _is("mode", "isotonic")
    rules = [
        Rule(
            id=f"double-progression.{kind.value}",
            description=f"Every set at the top of the rep range with checks passed: add "
            f"{p.load_step_pct:g} % ({kind.value}, at least {step:g} kg) and start again at "
            "the bottom of the range.",
            when=AllOf(all=[_is("load_kind", kind.value), isotonic, *ready_to_progress()]),
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
                            *ready_to_progress()]),
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


def hold_progression_rules(p: HoldProgressionParams) -> list[Rule]:
    isometric = _is("mode", "isometric")
    return [
        Rule(
            id="hold-progression.longer",
            description=f"Every hold reached the top of the range: hold {p.step_s} s longer, "
            f"up to {p.target_s} s.",
            when=AllOf(all=[isometric, *ready_to_progress(),
                            _is("target_hold_top_s", p.target_s, Op.LT)]),
            then=Action(action=ActionKind.PROGRESS_HOLD, hold_step_s=p.step_s,
                        hold_cap_s=p.target_s),
            priority=450,
        ),
        Rule(
            id="hold-progression.next-variant",
            description=f"Every hold reached {p.target_s} s: move to the next variant and "
            f"start again at {p.restart_s[0]}-{p.restart_s[1]} s.",
            when=AllOf(all=[isometric, *ready_to_progress(),
                            _is("target_hold_top_s", p.target_s, Op.GE)]),
            then=Action(action=ActionKind.STEP_UP, start_hold_s=p.restart_s),
            priority=440,
        ),
        Rule(
            id="hold-progression.more-load",
            description=f"Every hold reached {p.target_s} s and no harder variant is on the "
            f"ladder: add load and start again at {p.restart_s[0]}-{p.restart_s[1]} s.",
            when=AllOf(all=[isometric, *ready_to_progress(),
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


def step_up_rules(p: StepUpParams) -> list[Rule]:
    return [
        Rule(
            id="step-up",
            description="Every set at the top of the range with checks passed: the next "
            "variant up the ladder.",
            when=AllOf(all=[_is("mode", "isotonic"), *ready_to_progress(),
                            _is("variant_has_any_progression", True)]),
            then=Action(action=ActionKind.STEP_UP, prefer=p.prefer, start_reps=p.start_reps),
            priority=400,
        )
    ]


class MoreRepsParams(Params):
    """The article's first progression, more reps or sets, for when nothing else can change
    (the article's 10-20 reps and 3-4 sets for hip-abduction work)."""

    reps_step: int = Field(default=2, ge=1, le=10)
    reps_cap: int = Field(default=20, ge=1, le=100)
    max_sets: int = Field(default=4, ge=1, le=10)


def more_reps_rules(p: MoreRepsParams) -> list[Rule]:
    return [
        Rule(
            id="more-reps",
            description=f"Every set at the top of the range and nothing harder to move to: "
            f"{p.reps_step} more reps up to {p.reps_cap}, then one more set up to {p.max_sets}.",
            when=AllOf(all=[_is("mode", "isotonic"), *ready_to_progress()]),
            then=Action(action=ActionKind.PROGRESS_REPS, reps_step=p.reps_step,
                        reps_cap=p.reps_cap, max_sets=p.max_sets),
            priority=300,
        )
    ]


class OtherwiseHoldParams(Params):
    """No parameters: when no other rule applies, repeat the prescription."""


def otherwise_hold_rules(_: OtherwiseHoldParams) -> list[Rule]:
    return [
        Rule(
            id="otherwise-hold.no-history",
            description="Nothing logged yet for this exercise on this side: start with this "
            "prescription.",
            when=_is("has_history", False),
            then=Action(action=ActionKind.HOLD),
            priority=1,
        ),
        Rule(
            id="otherwise-hold.top-of-ladder",
            description="Every set at the top of the range, and nothing harder is set up for "
            "this exercise: keep this level, or move on to the next exercise family.",
            when=_is("all_sets_at_top_of_range", True),
            then=Action(action=ActionKind.HOLD),
            priority=3,
        ),
        Rule(
            id="otherwise-hold.in-progress",
            description="The session is not finished yet: carry on with the remaining sets.",
            when=AllOf(all=[_is("has_history", True), _is("session_complete", False)]),
            then=Action(action=ActionKind.HOLD),
            priority=2,
        ),
        Rule(
            id="otherwise-hold",
            description="Not every set reached the top of the range yet: repeat this "
            "prescription and aim for more reps or seconds.",
            when=_is("warning_sign", False),
            then=Action(action=ActionKind.HOLD),
            priority=0,
        )
    ]


Expander = Callable[[Any], list[Rule]]
PRESETS: dict[str, tuple[type[Params], Expander]] = {
    "warning-signs": (WarningSignsParams, warning_signs_rules),
    "pain-monitoring": (PainMonitoringParams, pain_monitoring_rules),
    "technique-gate": (TechniqueGateParams, technique_gate_rules),
    "deload": (DeloadParams, deload_rules),
    "band-rule": (BandRuleParams, band_rule_rules),
    "lever": (LeverParams, lever_rules),
    "double-progression": (DoubleProgressionParams, double_progression_rules),
    "hold-progression": (HoldProgressionParams, hold_progression_rules),
    "step-up": (StepUpParams, step_up_rules),
    "more-reps": (MoreRepsParams, more_reps_rules),
    "otherwise-hold": (OtherwiseHoldParams, otherwise_hold_rules),
}
"""Every preset by name: its parameter model and the function that expands it."""


def expand_preset(name: str, params: dict[str, Any] | None = None) -> list[Rule]:
    """The rules one preset expands into (parameters validated; unknown ones are errors)."""
    model, expander = PRESETS[name]
    return expander(model.model_validate(params or {}))


# -- the file loader ------------------------------------------------------------------------


class RuleEntry(BaseModel):
    """A raw rule in a rules file: ``rule: ID`` plus ``description``, ``when``, ``then``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    description: str
    when: Condition
    then: Action
    priority: int = 50


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
    item: Any, index: int, file_name: str, lines: dict[PathKey, int]
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
                         then=entry.then, priority=entry.priority)]
        extra = sorted(set(item) - {"preset", "params"})
        name = item["preset"]
        if extra or name not in PRESETS:
            at = (*here, extra[0]) if extra else (*here, "preset")
            what = f"unknown key '{extra[0]}'" if extra else f"unknown preset '{name}'"
            raise RulesError([f"{file_name}:{_line_for(at, lines)}: {_format_loc(at)}: "
                              f"{what}; presets: {', '.join(PRESETS)}"])
        model, expander = PRESETS[name]
        params = model.model_validate(item.get("params") or {})
    except ValidationError as exc:
        is_rule = "rule" in item
        prefix = here if is_rule else (*here, "params")
        data = item if is_rule else item.get("params") or {}
        raise RulesError(list(_problems(exc, data, prefix, file_name, lines))) from None
    return expander(params)


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
    for index, item in enumerate(data):
        try:
            entry_rules = _entry_rules(item, index, path.name, lines)
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
