"""The facts a rule may name: each fact's type and meaning, and its key in a facts mapping.

The engine (:mod:`glutemed.progression.facts`) computes every one of them for every
decision; a rule's comparison (:mod:`glutemed.progression.rule_conditions`) is checked
against this table when a rules file is loaded, so a misspelt fact or a number compared with
text is an error with its file and line, not a rule that silently never fires.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from glutemed.catalog.models import Dimension

FactValue = bool | int | float | str | None
"""What a fact can be. ``None`` means "unknown" and never satisfies a comparison."""


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
