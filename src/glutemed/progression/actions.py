"""What each action does to a prescription: the next dose, or the next variant on the ladder.

An action that cannot apply (no lever edge from here, the cuff already at its heaviest, a
hold already at its cap) returns ``None`` and the engine tries the next matching rule. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from glutemed.catalog.models import BandLevel, Dimension, LadderStep, LoadKind, Mode, Variant
from glutemed.programming.conditions import support_steps
from glutemed.programming.models import Prescription
from glutemed.progression.rules import Action, ActionKind
from glutemed.progression.safety import ADVICE
from glutemed.progression.session_facts import clean_sessions, support_step
from glutemed.progression.situation import Situation, current_load_kg, kg_load

MIN_STEP_KG: dict[LoadKind, float] = {
    LoadKind.CUFF_WEIGHT: 0.5, LoadKind.HAND_WEIGHT: 1.0, LoadKind.CABLE: 2.5,
    LoadKind.BELT_WEIGHT: 2.5, LoadKind.BARBELL: 2.5, LoadKind.MACHINE: 2.5,
}
"""Smallest change each kind of weight allows when an action does not say (cuffs come in
0.5 kg steps, dumbbells in 1-2 kg, plates and stacks in 2.5 kg)."""

BANDS = list(BandLevel)


@dataclass(frozen=True)
class Outcome:
    """The next prescription and a short sentence saying what changed."""

    prescription: Prescription
    summary: str
    step: LadderStep | None = None


def _kg(value: float) -> float:
    return round(value, 3)


def _step_kg(action: Action, sit: Situation, variant: Variant | None = None) -> float:
    if "min_step_kg" in action.model_fields_set:
        return action.min_step_kg
    spec = kg_load(variant or sit.variant)
    return MIN_STEP_KG.get(spec.kind, 1.0) if spec is not None else 1.0


def _with(sit: Situation, **changes: Any) -> Prescription:
    """The current prescription for this side, with changes."""
    return sit.prescription.model_copy(update={"side": sit.side, **changes})


def progress_load(action: Action, sit: Situation) -> Outcome | None:
    """ACSM 2009: 2-10 % more, rounded to what the equipment allows, never below one step."""
    load = current_load_kg(sit.prescription, sit.variant, sit.last_session)
    if load is None:
        return None
    step = _step_kg(action, sit)
    increment = max(step, round(load * action.load_step_pct / 100 / step) * step)
    new = _kg(load + increment)
    spec = kg_load(sit.variant)
    owned = sit.context.owned(spec.kind) if spec is not None else frozenset()
    if owned:  # the next weight the person owns, or no heavier load at all
        heavier = [w for w in owned if w > load + 1e-9]
        if not heavier:
            return None
        new = _kg(min(heavier))
    if action.max_kg is not None and new > action.max_kg + 1e-9:
        return None
    p = sit.prescription
    if p.reps is not None:
        restart = f"; start again at {p.reps[0]} reps and build to {p.reps[1]}"
        return Outcome(_with(sit, load_kg=new), f"Load {load:g} kg -> {new:g} kg{restart}.")
    hold = action.start_hold_s if "start_hold_s" in action.model_fields_set else p.hold_s
    restart = f"; hold {hold[0]}-{hold[1]} s again" if hold and hold != p.hold_s else ""
    return Outcome(_with(sit, load_kg=new, hold_s=hold),
                   f"Load {load:g} kg -> {new:g} kg{restart}.")


def progress_reps(action: Action, sit: Situation) -> Outcome | None:
    """More reps up to the cap, then one more set up to the maximum."""
    p = sit.prescription
    if p.mode is not Mode.ISOTONIC or p.reps is None:
        return None
    low, high = p.reps
    if high < action.reps_cap:
        new_high = min(action.reps_cap, high + action.reps_step)
        new = (min(low + action.reps_step, new_high), new_high)
        return Outcome(_with(sit, reps=new), f"Reps {low}-{high} -> {new[0]}-{new[1]}.")
    if p.sets < action.max_sets:
        return Outcome(_with(sit, sets=p.sets + 1), f"Sets {p.sets} -> {p.sets + 1}.")
    return None


def progress_hold(action: Action, sit: Situation) -> Outcome | None:
    """Longer holds in steps, capped (the article's 30-60 s)."""
    p = sit.prescription
    if p.mode is not Mode.ISOMETRIC or p.hold_s is None or p.hold_s[1] >= action.hold_cap_s:
        return None
    low, high = p.hold_s
    new_high = min(action.hold_cap_s, high + action.hold_step_s)
    new = (min(low + action.hold_step_s, new_high), new_high)
    return Outcome(_with(sit, hold_s=new), f"Hold {low}-{high} s -> {new[0]}-{new[1]} s.")


def _edge(sit: Situation, dimension: Dimension) -> LadderStep | None:
    return next(
        (s for s in sit.catalog.progressions(sit.variant.id) if s.changes is dimension), None
    )


def move_to(sit: Situation, step: LadderStep, target_id: str, action: Action,
            load_kg: float | None = None) -> Outcome:
    """The prescription for another variant: same sets, rest and effort; its own dose."""
    p = sit.prescription
    target = sit.catalog.variant(target_id)
    mode = p.mode if p.mode in target.modes else target.modes[0]
    if step.changes is Dimension.MODE and action.action is ActionKind.STEP_UP:
        mode = next((m for m in target.modes if m is not p.mode), mode)
    reps, hold = p.reps, p.hold_s
    if mode is Mode.ISOTONIC and reps is None:
        reps, hold = action.start_reps, None
    elif mode is Mode.ISOMETRIC and (hold is None or action.action is ActionKind.STEP_UP):
        reps, hold = None, action.start_hold_s
    spec = kg_load(target)
    if load_kg is None and spec is not None:
        current = current_load_kg(p, sit.variant, sit.last_session)
        same_kind = (kg_load(sit.variant) or spec).kind is spec.kind
        load_kg = current if same_kind and current is not None else spec.default_kg
        owned = sit.context.owned(spec.kind)
        if owned and load_kg is not None and load_kg not in owned:
            below = [w for w in owned if w <= load_kg]
            load_kg = max(below) if below else min(owned)
    band = closest_owned(target.band.default_band if target.band else None, sit)
    new = p.model_copy(update={
        "variant_id": target.id, "side": sit.side, "mode": mode, "reps": reps, "hold_s": hold,
        "load_kg": load_kg if spec is not None else None, "band": band,
        "band_at": target.band.at if target.band else None,
        "rationale": f"{target.name}: reached by a {step.changes.value} step on the ladder.",
    })
    dose = _dose_text(new)
    return Outcome(new, f"{sit.variant.name} -> {target.name}{dose}.", step)


def closest_owned(band: BandLevel | None, sit: Situation) -> BandLevel | None:
    """``band``, or - when the person listed the bands they own and this is not one of
    them - the owned band closest to it (the lighter on a tie), as the generator picks."""
    owned = sit.context.owned_bands
    if band is None or not owned or band in owned:
        return band
    return min(owned, key=lambda b: (abs(b.rank - band.rank), b.rank))


def _not_owned(wanted: BandLevel, got: BandLevel) -> str:
    return (f" The {wanted.value} band is not one you own: your {got.value} band is the "
            "next stronger one you have.") if wanted is not got else ""


def _dose_text(p: Prescription) -> str:
    if p.load_kg is not None:
        return f" with {p.load_kg:g} kg"
    if p.band is not None:
        return f" with a {p.band.value} band at the {p.band_at.value if p.band_at else '?'}"
    return ""


def band_resistance(action: Action, sit: Situation) -> Outcome | None:
    """A stronger band: back up to this variant's own band after a deload, else the
    ladder's next band at this position, else one level up here."""
    spec = sit.variant.band
    current = sit.prescription.band or (spec.default_band if spec else None)
    own = spec.default_band if spec else None
    step = _edge(sit, Dimension.BAND_RESISTANCE)
    restoring = current is not None and own is not None and current.rank < own.rank
    owned = sit.context.owned_bands
    if step is not None and not restoring:
        target = sit.catalog.variant(step.to)
        wanted = target.band.default_band if target.band else None
        if owned and current is not None and wanted is not None and wanted not in owned:
            got = _next_owned(current, action, sit)
            if got is None:
                return None
            moved = move_to(sit, step, step.to, action)
            return Outcome(moved.prescription.model_copy(update={"band": got}),
                           moved.summary.replace(f"a {wanted.value} band", f"a {got.value} band")
                           + _not_owned(wanted, got), step)
        return move_to(sit, step, step.to, action)
    if spec is None or current is None or current.rank >= action.max_band.rank:
        return None
    stronger = BANDS[current.rank + 1]
    got = _next_owned(current, action, sit) if owned else stronger
    if got is None:
        return None
    return Outcome(_with(sit, band=got, band_at=spec.at),
                   f"Band {current.value} -> {got.value}, kept at the {spec.at.value}."
                   + _not_owned(stronger, got))


def _next_owned(current: BandLevel, action: Action, sit: Situation) -> BandLevel | None:
    """The lightest band the person owns that is stronger than ``current`` (within the
    rule's ``max_band``), or None: nothing stronger they own."""
    stronger = [b for b in sit.context.owned_bands
                if current.rank < b.rank <= action.max_band.rank]
    return min(stronger, key=lambda b: b.rank) if stronger else None


def band_position(action: Action, sit: Situation) -> Outcome | None:
    """The band further down the leg (the ladder's band-position edge)."""
    step = _edge(sit, Dimension.BAND_POSITION)
    return move_to(sit, step, step.to, action) if step is not None else None


def lever(action: Action, sit: Situation) -> Outcome | None:
    """A longer lever; a kg load is scaled by the lever ratio so the demand stays level."""
    step = _edge(sit, Dimension.LEVER)
    if step is None:
        return None
    load = current_load_kg(sit.prescription, sit.variant, sit.last_session)
    new_load = None
    if load is not None:
        unit = _step_kg(action, sit)
        new_load = _kg(max(unit, math.floor(load * action.lever_load_factor / unit) * unit))
        spec = kg_load(sit.variant)
        owned = sit.context.owned(spec.kind) if spec is not None else frozenset()
        if owned:  # the lighter weight the longer lever needs must be one the person owns
            lighter = [w for w in owned if w <= new_load + 1e-9]
            if not lighter:
                return None
            new_load = max(lighter)
    return move_to(sit, step, step.to, action, load_kg=new_load)


def step_up(action: Action, sit: Situation) -> Outcome | None:
    """The next variant up, preferring edges in ``prefer`` order, ties in file order.

    Only variants the person may do (their equipment and avoided positions) are offered.
    A family's band rule is respected here too: its ``before`` step (moving the band) is not
    taken while the rule's required checks have not all passed, or while its ``prefer``
    step is still available.
    """
    steps = [s for s in sit.catalog.progressions(sit.variant.id) if sit.context.allows(s.to)]
    rule = sit.family.band_rule
    if rule is not None:
        blocked = not _band_checks_passed(sit) or any(s.changes is rule.prefer for s in steps)
        steps = [s for s in steps if not (blocked and s.changes is rule.before)]
    ranked = sorted(
        (s for s in steps if s.changes in action.prefer),
        key=lambda s: action.prefer.index(s.changes),
    )
    return move_to(sit, ranked[0], ranked[0].to, action) if ranked else None


def _band_checks_passed(sit: Situation) -> bool:
    rule = sit.family.band_rule
    return rule is not None and bool(sit.last_session) and all(
        s.checks.get(c) is True for s in sit.last_session for c in rule.requires
    )


def step_down(action: Action, sit: Situation) -> Outcome | None:
    """An easier variant (the one most recently done, else the first regression edge);
    with none on the ladder, a lighter dose of this one."""
    steps = [s for s in sit.catalog.regressions(sit.variant.id) if sit.context.allows(s.from_)]
    if not steps:
        return deload(action, sit)
    last_done = {v: d.date for d in sit.days for v in d.variants}
    step = max(steps, key=lambda s: (last_done.get(s.from_) is not None,
                                     last_done.get(s.from_), -steps.index(s)))
    outcome = move_to(sit, step, step.from_, action)
    return Outcome(_no_heavier(outcome.prescription, sit), outcome.summary, step)


def _no_heavier(new: Prescription, sit: Situation) -> Prescription:
    """A step down never adds kilograms, and never a stronger band at the same position."""
    old = current_load_kg(sit.prescription, sit.variant, sit.last_session)
    changes: dict[str, Any] = {}
    if old is not None and new.load_kg is not None and new.load_kg > old:
        changes["load_kg"] = old
    old_band = sit.prescription.band
    if (old_band is not None and new.band is not None and new.band_at == sit.prescription.band_at
            and new.band.rank > old_band.rank):
        changes["band"] = old_band
    return new.model_copy(update=changes) if changes else new


def deload(action: Action, sit: Situation) -> Outcome | None:
    """Less of the same variant: about ``deload_pct`` off the load, a lighter band, shorter
    holds, or one set fewer, whichever applies first."""
    p = sit.prescription
    load = current_load_kg(p, sit.variant, sit.last_session)
    unit = _step_kg(action, sit)
    if load is not None and load > unit:
        new = _kg(max(unit, math.floor(load * (1 - action.deload_pct / 100) / unit) * unit))
        new = min(new, _kg(load - unit))
        return Outcome(_with(sit, load_kg=new), f"Load {load:g} kg -> {new:g} kg.")
    band = p.band or (sit.variant.band.default_band if sit.variant.band else None)
    owned = sit.context.owned_bands
    lighter_owned = [b for b in owned if band is not None and b.rank < band.rank]
    if band is not None and band.rank > 0 and (not owned or lighter_owned):
        lighter = max(lighter_owned, key=lambda b: b.rank) if owned else BANDS[band.rank - 1]
        return Outcome(_with(sit, band=lighter), f"Band {band.value} -> {lighter.value}.")
    if p.mode is Mode.ISOMETRIC and p.hold_s is not None and p.hold_s[0] > action.hold_step_s:
        low, high = p.hold_s
        new_hold = (low - action.hold_step_s, high - action.hold_step_s)
        return Outcome(_with(sit, hold_s=new_hold),
                       f"Hold {low}-{high} s -> {new_hold[0]}-{new_hold[1]} s.")
    if p.sets > 1:
        return Outcome(_with(sit, sets=p.sets - 1), f"Sets {p.sets} -> {p.sets - 1}.")
    return None


def repeat(action: Action, sit: Situation) -> Outcome | None:
    """The same prescription again."""
    return Outcome(_with(sit), "Repeat the same prescription next time.")


def plan_step(action: Action, sit: Situation) -> Outcome | None:
    """The step the plan proposes for the slot's next session (see :mod:`.proposals`)."""
    from glutemed.progression.proposals import propose

    proposal = propose(sit, action)
    return proposal.outcome if proposal is not None else None


def less_support(action: Action, sit: Situation) -> Outcome | None:
    """One step off the balance support named in the set-up, the dose unchanged.

    Taken only when the clean sessions in a row are a whole multiple of ``after_sessions``:
    the step itself leaves the run of clean sessions unbroken, so the next step needs
    ``after_sessions`` more of them (with the lighter support), never the same ones again.
    """
    steps = support_steps()
    now = support_step(sit.prescription)
    run = clean_sessions(sit)
    if not 0 <= now < len(steps) - 1 or run == 0 or run % action.after_sessions:
        return None
    note = (sit.prescription.setup_note or "").replace(steps[now], steps[now + 1])
    return Outcome(_with(sit, setup_note=note),
                   f"Support: {steps[now]} -> {steps[now + 1]}")


def see_clinician(action: Action, sit: Situation) -> Outcome | None:
    """No change to the exercise: it is paused until a clinician has seen the hip."""
    return Outcome(_with(sit), ADVICE)


APPLY: dict[ActionKind, Callable[[Action, Situation], Outcome | None]] = {
    ActionKind.PROGRESS_LOAD: progress_load,
    ActionKind.PROGRESS_REPS: progress_reps,
    ActionKind.PROGRESS_HOLD: progress_hold,
    ActionKind.BAND_RESISTANCE: band_resistance,
    ActionKind.BAND_POSITION: band_position,
    ActionKind.LEVER: lever,
    ActionKind.STEP_UP: step_up,
    ActionKind.PLAN_STEP: plan_step,
    ActionKind.LESS_SUPPORT: less_support,
    ActionKind.STEP_DOWN: step_down,
    ActionKind.REPEAT: repeat,
    ActionKind.DELOAD: deload,
    ActionKind.SEE_CLINICIAN: see_clinician,
}


def apply_action(action: Action, sit: Situation) -> Outcome | None:
    """The outcome of ``action`` here, or ``None`` when it cannot apply."""
    return APPLY[action.action](action, sit)
