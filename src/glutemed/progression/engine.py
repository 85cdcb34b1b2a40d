"""``decide``: one side's history of one exercise in, one explained :class:`Decision` out.

The engine computes every named fact (:mod:`~glutemed.progression.facts`), tries the rules
from the highest priority down, and applies the first whose condition holds and whose action
can apply here. It never performs the action itself: the store saves the decision and every
interface shows it, with the rules and facts that fired, so a person can always ask "why?".

Two safety nets sit outside the rules, so that no rules file can switch them off:

* a warning sign always gives ``see-clinician``;
* pain beyond the pain-monitoring limits (Silbernagel et al. 2007: more than 5/10 during or
  the next morning, or next-morning pain worse than before), a failed technique check, a
  warning sign, or progression paused for the person (a warning sign not yet cleared) turn
  any progression into ``repeat`` - load never rises through pain or poor technique.

What the plan proposes for the slot's next session (:mod:`~glutemed.progression.proposals`)
is one more candidate step, offered to the rules as the fact ``plan_proposes`` and the
action ``plan-step``; the decision is always made from the prescription in force for the
session, so a set logged after the session was complete decides again from the same
starting point and can never step twice.

Progression state (success, stall and deload counters per variant and side) is explicit data,
as in Liftosaur: :func:`advance_state` folds a decision into a :class:`ProgressionState` that
the store persists. The decision itself depends on the history alone, so the same history
always gives the same decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Variant
from glutemed.programming.models import Prescription, Side
from glutemed.progression.actions import Outcome, apply_action
from glutemed.progression.context import EMPTY_CONTEXT, DecisionContext
from glutemed.progression.facts import facts, facts_for
from glutemed.progression.models import PerformedSet
from glutemed.progression.proposals import propose
from glutemed.progression.rules import (
    Action,
    ActionKind,
    FactValue,
    Rule,
    condition_facts,
    evaluate,
)
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10, RedFlags
from glutemed.progression.side_days import SideRecord
from glutemed.progression.situation import Situation, situation, situation_of

__all__ = [
    "Decision", "FiredRule", "ProgressionCounters", "ProgressionState", "advance_state",
    "decide", "decide_in", "decide_record", "facts",
]

GUARD_PAIN = "guard.pain-limits"
GUARD_TECHNIQUE = "guard.technique"
GUARD_WARNING = "guard.warning-signs"
GUARD_PAUSED = "guard.paused"
NO_RULE = "no-rule-matched"


class FiredRule(BaseModel):
    """A rule whose condition held, with the facts it read.

    ``applied`` is true for the one rule whose action was taken; the others held too but
    were outranked or could not apply here (shown so "why not?" has an answer as well).
    """

    model_config = ConfigDict(frozen=True)

    rule_id: str
    description: str
    facts: dict[str, FactValue]
    applied: bool = True
    note: str | None = None
    source: str | None = None
    """Where the rule's numbers come from (the rules file's ``source:``)."""


class Decision(BaseModel):
    """What to do next for one variant and side, and why."""

    model_config = ConfigDict(frozen=True)

    action: ActionKind
    variant_id: str
    side: Side
    date: dt.date
    prescription: Prescription
    fired: list[FiredRule]
    explanation: str
    facts: dict[str, FactValue] = Field(default_factory=dict)

    @property
    def progresses(self) -> bool:
        """True when the decision makes the exercise harder."""
        return self.action.progresses

    @property
    def see_clinician(self) -> bool:
        """True when the decision sends the person to a clinician (the safety banner)."""
        return self.action is ActionKind.SEE_CLINICIAN

    @property
    def rule_id(self) -> str:
        """The id of the rule that was applied."""
        return next((f.rule_id for f in self.fired if f.applied), NO_RULE)


def _fired(rule: Rule, seen: dict[str, FactValue], applied: bool, note: str | None = None
           ) -> FiredRule:
    keys = condition_facts(rule.when)
    return FiredRule(rule_id=rule.id, description=rule.description,
                     facts={k: seen.get(k) for k in keys}, applied=applied, note=note,
                     source=rule.source)


GUARD_FACTS = {
    GUARD_WARNING: ("warning_sign", "warning_signs"),
    GUARD_PAUSED: ("paused",),
    GUARD_PAIN: ("max_pain_during", "max_pain_next_morning", "next_morning_pain_rise"),
    GUARD_TECHNIQUE: ("checks_all_passed", "checks_failed", "checks_unanswered"),
}


def _guard_reason(seen: dict[str, FactValue], sit: Situation) -> tuple[str, str] | None:
    """Why no progression is allowed now, or ``None``."""
    if seen.get("warning_sign") is True:
        return GUARD_WARNING, f"warning signs: {seen.get('warning_signs')}"
    if sit.context.paused is not None:
        return GUARD_PAUSED, ("progression is paused until a clinician clears it "
                              f"({sit.context.paused})")
    pain = seen.get("max_pain_during")
    morning = seen.get("max_pain_next_morning")
    rise = seen.get("next_morning_pain_rise")
    if isinstance(pain, int) and pain > PAIN_DURING_LIMIT_0_10:
        return GUARD_PAIN, f"pain during was {pain}/10, above {PAIN_DURING_LIMIT_0_10}/10"
    if isinstance(morning, int) and morning > PAIN_DURING_LIMIT_0_10:
        return GUARD_PAIN, (f"pain the next morning was {morning}/10, above "
                            f"{PAIN_DURING_LIMIT_0_10}/10")
    if isinstance(rise, int) and rise > 0:
        return GUARD_PAIN, f"next-morning pain rose by {rise} point(s)"
    if seen.get("checks_all_passed") is False:
        failed, unanswered = seen.get("checks_failed"), seen.get("checks_unanswered")
        if failed:
            return GUARD_TECHNIQUE, f"{failed} technique check(s) failed"
        return GUARD_TECHNIQUE, (
            f"{unanswered} technique check answer(s) missing; an unanswered check is not a pass"
        )
    return None


@dataclass(frozen=True)
class _Choice:
    rule_id: str
    description: str
    action: ActionKind
    outcome: Outcome


def decide(
    rules: Sequence[Rule],
    history: Sequence[PerformedSet],
    prescription: Prescription,
    catalog: Catalog,
    today: dt.date,
    *,
    side: Side,
    red_flags: RedFlags | None = None,
    context: DecisionContext = EMPTY_CONTEXT,
) -> Decision:
    """The next step for ``prescription`` (the one in force for the session) on ``side``.

    ``history`` may hold every set of the person (any variant, side and date): only the
    sets of ``side`` (and of ``both``) up to ``today`` are read. ``red_flags`` are warning
    signs reported outside a set; they apply to either side. ``context`` carries the person
    and the plan around the decision (goal, pause, lighter week, the plan's next item).
    """
    return decide_in(rules, situation(history, prescription, catalog, today, side=side,
                                      red_flags=red_flags, context=context))


def decide_record(
    rules: Sequence[Rule],
    record: SideRecord,
    prescription: Prescription,
    catalog: Catalog,
    today: dt.date,
    *,
    side: Side,
    red_flags: RedFlags | None = None,
    context: DecisionContext = EMPTY_CONTEXT,
) -> Decision:
    """:func:`decide` from what the store keeps of the side (this variant's sets, the side's
    days in summary): the same decision as from the sets those stand for."""
    return decide_in(rules, situation_of(record, prescription, catalog, today, side=side,
                                         red_flags=red_flags, context=context))


def decide_in(rules: Sequence[Rule], sit: Situation) -> Decision:
    """The decision for an already gathered :class:`Situation`."""
    seen = facts_for(sit)
    proposal = propose(sit)
    seen["plan_proposes"] = proposal.kind if proposal is not None else "none"
    ordered = sorted(enumerate(rules), key=lambda pair: (-pair[1].priority, pair[0]))
    chosen: _Choice | None = None
    fired: list[FiredRule] = []
    for rule in (r for _, r in ordered if evaluate(r.when, seen)):
        outcome = None if chosen else apply_action(rule.then, sit)
        if outcome is not None:
            chosen = _Choice(rule.id, rule.description, rule.then.action, outcome)
            fired.insert(0, _fired(rule, seen, applied=True))
        else:
            note = "outranked" if chosen else "could not apply here"
            fired.append(_fired(rule, seen, applied=False, note=note))
    chosen, fired = _safety_net(chosen, fired, sit, seen)
    return Decision(
        action=chosen.action, variant_id=sit.variant.id, side=sit.side, date=sit.today,
        prescription=chosen.outcome.prescription, fired=fired,
        explanation=_explain(chosen, sit), facts=seen,
    )


def _safety_net(chosen: _Choice | None, fired: list[FiredRule], sit: Situation,
                seen: dict[str, FactValue]) -> tuple[_Choice, list[FiredRule]]:
    """Replace a choice the safety rules forbid (or a missing one) with hold/see-clinician."""
    reason = _guard_reason(seen, sit)
    if reason is not None:
        guard_id, why = reason
        safe = ActionKind.SEE_CLINICIAN if guard_id == GUARD_WARNING else ActionKind.REPEAT
        if chosen is None or _overrides(chosen.action, safe):
            description = f"Safety net (not switchable by rules): {why}."
            guard = FiredRule(rule_id=guard_id, description=description,
                              facts={k: seen.get(k) for k in GUARD_FACTS[guard_id]})
            overridden = [f.model_copy(update={"applied": False, "note": "overridden by safety"})
                          if f.applied else f for f in fired]
            outcome = apply_action(Action(action=safe), sit)
            assert outcome is not None  # hold and see-clinician always apply
            return _Choice(guard_id, description, safe, outcome), [guard, *overridden]
    if chosen is None:
        description = "No rule matched: repeat the prescription."
        outcome = apply_action(Action(action=ActionKind.REPEAT), sit)
        assert outcome is not None
        no_rule = FiredRule(rule_id=NO_RULE, description=description, facts={})
        return _Choice(NO_RULE, description, ActionKind.REPEAT, outcome), [no_rule, *fired]
    return chosen, fired


def _overrides(taken: ActionKind, safe: ActionKind) -> bool:
    """Whether a safety net must replace the action the rules chose."""
    if safe is ActionKind.SEE_CLINICIAN:
        return taken is not ActionKind.SEE_CLINICIAN
    return taken.progresses


def _explain(choice: _Choice, sit: Situation) -> str:
    side = "" if sit.side is Side.BOTH else f" ({sit.side.value} side)"
    parts = [f"{sit.variant.name}{side}: {choice.description}", choice.outcome.summary]
    if sit.signs:
        parts.append("Warning signs: " + "; ".join(f"{s.sign} ({s.evidence})" for s in sit.signs)
                     + ".")
    if choice.rule_id == "otherwise-repeat.top-of-ladder" and sit.family.leads_to:
        parts.append("Next steps the catalogue offers: " + "; ".join(
            f"{link.family} ({link.note.rstrip('.')})" for link in sit.family.leads_to) + ".")
    if choice.rule_id == "otherwise-repeat.top-of-ladder":
        parts.append(_locked_steps(sit))
    band_rule = sit.family.band_rule
    if band_rule is not None and choice.rule_id.startswith("band-rule."):
        parts.append(band_rule.unless if choice.action is ActionKind.REPEAT
                     else band_rule.rationale)
    return " ".join(" ".join(p.split()) for p in parts if p)


def _locked_steps(sit: Situation) -> str:
    """The harder steps this ladder has that the person cannot take, and what each needs:
    at the top of what they can do, a person should hear what would come next and which
    kit it asks for, not only that nothing changes (issue 13)."""
    locked = [sit.catalog.variant(s.to) for s in sit.catalog.progressions(sit.variant.id)
              if not sit.context.allows(s.to)]
    if not locked:
        return ""
    names = {e.id: e.name.lower() for e in sit.catalog.equipment}

    def needs(v: Variant) -> str:
        kit = [names.get(e, e) for e in v.equipment]
        return f"needs a {' and a '.join(kit)}" if kit else "not open with your profile"

    return ("Harder steps on this ladder that your kit or profile rules out: "
            + "; ".join(f"{v.name} ({needs(v)})" for v in locked)
            + ". Add the kit to your profile's equipment to be offered it.")


# -- explicit progression state ----------------------------------------------------------------


class ProgressionCounters(BaseModel):
    """Counters for one variant and side, as the store persists them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    variant_id: str
    side: Side
    successes: int = Field(default=0, ge=0)
    stalls: int = Field(default=0, ge=0)
    deloads: int = Field(default=0, ge=0)
    regressions: int = Field(default=0, ge=0)
    last_action: ActionKind | None = None
    last_rule: str | None = None
    last_date: dt.date | None = None
    paused_for_clinician: bool = False


class ProgressionState(BaseModel):
    """Every variant-and-side counter of one person (Liftosaur keeps such state explicit)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    counters: tuple[ProgressionCounters, ...] = ()

    def get(self, variant_id: str, side: Side) -> ProgressionCounters:
        """The counters for this variant and side (zeros when never decided)."""
        return next(
            (c for c in self.counters if c.variant_id == variant_id and c.side is side),
            ProgressionCounters(variant_id=variant_id, side=side),
        )


def advance_state(state: ProgressionState, decision: Decision) -> ProgressionState:
    """The state after ``decision``: counters of the decided variant and side updated."""
    old = state.get(decision.variant_id, decision.side)
    action = decision.action
    stalled = decision.facts.get("stalled_sessions")
    new = old.model_copy(update={
        "successes": old.successes + 1 if action.progresses else old.successes,
        "stalls": 0 if action.progresses or action is ActionKind.DELOAD else (
            stalled if isinstance(stalled, int) else old.stalls),
        "deloads": old.deloads + (action is ActionKind.DELOAD),
        "regressions": old.regressions + (action is ActionKind.STEP_DOWN),
        "last_action": action,
        "last_rule": decision.rule_id,
        "last_date": decision.date,
        "paused_for_clinician": action is ActionKind.SEE_CLINICIAN,
    })
    others = tuple(
        c for c in state.counters
        if not (c.variant_id == decision.variant_id and c.side is decision.side)
    )
    ordered = sorted((*others, new), key=lambda c: (c.variant_id, c.side.value))
    return ProgressionState(counters=tuple(ordered))
