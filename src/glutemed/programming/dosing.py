"""Dosing a slot: its mode, sets and rep or hold range in each week, as a prescription.

Inside a block of four weeks the volume rises (three build weeks, one consolidation week);
each new block steps the slot one rung up its ladder and starts the volume again. The
prescription carries its reason (:mod:`~glutemed.programming.rationale`), the load or band
that fits the person, and the affected side's own start.
"""

from __future__ import annotations

from glutemed.catalog.models import Mode, Role, Variant
from glutemed.programming import conditions
from glutemed.programming import rationale as why
from glutemed.programming.goals import (
    ALTERNATING_MODE_FAMILIES,
    POWER,
    POWER_REST_S,
    Dose,
    GoalPlan,
)
from glutemed.programming.models import Prescription, Side
from glutemed.programming.selection import Selector
from glutemed.programming.slots import Slot
from glutemed.programming.templates import WeekPhase


def mode_in_block(plan: GoalPlan, variant: Variant, block: int) -> Mode:
    """Isometric in rehab's first block (near neutral), isotonic otherwise where offered."""
    if block < plan.isometric_blocks and Mode.ISOMETRIC in variant.modes:
        return Mode.ISOMETRIC
    return Mode.ISOTONIC if Mode.ISOTONIC in variant.modes else Mode.ISOMETRIC


def slot_mode(selector: Selector, slot: Slot, block: int) -> Mode:
    """The slot's mode in ``block``: :func:`_mode`, except that in the families that
    alternate (``ALTERNATING_MODE_FAMILIES``) a variant offering both modes takes the one
    the slot did not use in its previous trained block."""
    plan = selector.plan
    trained = slot.trained(block)
    mode = mode_in_block(plan, slot.start, trained[0] if trained else block)
    if slot.start.family not in ALTERNATING_MODE_FAMILIES:
        variant = selector.step_up(slot.start, slot.steps(block)) if trained else slot.start
        return mode_in_block(plan, variant, block)
    for steps, b in enumerate(trained[1:], start=1):
        variant = selector.step_up(slot.start, steps)
        if b < plan.isometric_blocks or len(variant.modes) < 2:
            mode = mode_in_block(plan, variant, b)
        else:
            mode = Mode.ISOTONIC if mode is Mode.ISOMETRIC else Mode.ISOMETRIC
    return mode


def dose_for(plan: GoalPlan, slot: Slot, mode: Mode, phase: WeekPhase) -> Dose:
    if slot.kind == "power":
        return POWER.at(phase.position, phase.deload)
    if slot.role is Role.COMPOUND:
        ladder = plan.compound
    elif slot.role is Role.ACCESSORY:
        ladder = plan.accessory
    else:
        ladder = plan.abduction_hold if mode is Mode.ISOMETRIC else plan.abduction_reps
    return ladder.at(phase.position, phase.deload)


def prescribe(selector: Selector, slot: Slot, phase: WeekPhase) -> Prescription:
    plan = selector.plan
    steps = slot.steps(phase.block)
    variant = selector.step_up(slot.start, steps) if steps > 0 else slot.start
    mode = slot_mode(selector, slot, phase.block)
    alternating = slot.start.family in ALTERNATING_MODE_FAMILIES and len(variant.modes) > 1
    sets, dose_range = dose_for(plan, slot, mode, phase)
    if slot.fewer_sets:
        sets = max(sets - 1, 1)
    load = selector.load_for(variant)
    reason = why.item_reason(
        plan, kind=slot.kind, role=slot.role, variant=variant, start=slot.start, mode=mode,
        steps=steps, deload=phase.deload, block=phase.block,
        demand=selector.demand_of(variant), alternating=alternating,
    )
    if slot.side is not Side.BOTH and slot.side in selector.profile.painful_sides:
        word = conditions.affected_word(selector.profile)
        reason += f" The {word} side's own start: " + (
            "one set fewer." if slot.fewer_sets else "one rung lower.")
    if load.note:
        reason += " " + load.note
    return Prescription(
        variant_id=variant.id,
        role=slot.role,
        mode=mode,
        side=slot.side,
        sets=sets,
        slot=slot.slot_id,
        reps=dose_range if mode is Mode.ISOTONIC else None,
        hold_s=dose_range if mode is Mode.ISOMETRIC else None,
        load_kg=load.load_kg,
        band=load.band,
        band_at=load.band_at,
        rest_s=POWER_REST_S if slot.kind == "power" else plan.rest_s[slot.role],
        rir=plan.rir_for(slot.role, phase.block, phase.deload),
        optional=slot.role is Role.ACCESSORY,
        setup_note=conditions.setup_note(selector.profile, variant, slot.side),
        rationale=reason,
    )
