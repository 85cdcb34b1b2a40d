"""Laying out the weeks: each leg day's slots, dosed for the week's phase, in order.

Identical slots in the same phase share one (frozen) prescription, so a long program does
not build the same value again; a day is named after what it holds.
"""

from __future__ import annotations

from glutemed.catalog.models import Pattern, Role
from glutemed.programming.dosing import prescribe
from glutemed.programming.models import Prescription, Session, Week
from glutemed.programming.selection import Selector
from glutemed.programming.slots import Slot
from glutemed.programming.templates import DayRotation, week_focus, week_phase


def build_week(
    selector: Selector,
    rotations: list[DayRotation],
    day_slots: dict[tuple[str, int], list[Slot]],
    number: int,
    cache: dict[tuple[object, ...], Prescription],
) -> Week:
    """One week; identical slots in the same phase share one (frozen) prescription."""
    profile = selector.profile
    phase = week_phase(number, profile.days_per_week)
    sessions = []
    for rotation in rotations:
        template = rotation.template(phase.block)
        slots = day_slots[(template.key, rotation.day)]
        items = []
        for slot in slots:
            if phase.block < slot.first_block:
                continue
            key = (slot.kind, slot.start.id, slot.first_block, slot.every, slot.turns,
                   slot.side, slot.fewer_sets, phase.block, phase.position, phase.lighter)
            if key not in cache:
                cache[key] = prescribe(selector, slot, phase)
            items.append(cache[key])
        if selector.plan.abduction_first:
            items.sort(key=lambda p: p.role is not Role.ABDUCTION)
        day = rotation.day
        sessions.append(Session(day=day, name=_session_name(selector, day, items), items=items))
    focus = week_focus(phase, is_last=number == profile.weeks)
    return Week(number=number, focus=focus, sessions=sessions)


_PATTERN_NAMES = {
    Pattern.BILATERAL_SQUAT: "squat",
    Pattern.BILATERAL_HINGE: "deadlift",
    Pattern.SINGLE_LEG_HINGE: "single-leg deadlift",
    Pattern.SINGLE_LEG_SQUAT: "single-leg squat",
    Pattern.LUNGE: "reverse lunge",
    Pattern.LATERAL: "lateral power",
}


def _session_name(selector: Selector, day: int, items: list[Prescription]) -> str:
    """'Leg day 1: squat + single-leg deadlift + abduction', from what the day holds."""
    patterns = [selector.catalog.variant(i.variant_id).pattern for i in items]
    parts = list(dict.fromkeys(_PATTERN_NAMES[p] for p in patterns if p in _PATTERN_NAMES))
    if any(i.role is Role.ABDUCTION for i in items):
        parts.append("abduction")
    return f"Leg day {day}: {' + '.join(parts)}"
