"""Choosing the slots once: what each leg day holds, from the goal's plan and the person.

Per leg day and template: the goal's lateral power work, the bilateral lift and the one
single-leg pattern (:mod:`~glutemed.programming.templates`), the abduction exercises of the
first one to three days, and the optional isolation work; then what does not fit the
minutes a session is dropped, optional work first. The same slots serve every block the
template is used in, apart from ladder steps.
"""

from __future__ import annotations

from dataclasses import replace

from glutemed.catalog.models import Laterality, Mode, Pattern, Role, Variant
from glutemed.errors import InputError
from glutemed.programming.dosing import dose_for, mode_in_block
from glutemed.programming.goals import POWER_REST_S
from glutemed.programming.models import Side
from glutemed.programming.selection import Selector
from glutemed.programming.sided_slots import sided
from glutemed.programming.slots import Slot, add_note
from glutemed.programming.templates import (
    DayRotation,
    SessionTemplate,
    WeekPhase,
    abduction_days,
    day_rotations,
)

WARM_UP_MIN = 5.0
"""Minutes set aside for a warm-up when fitting a session into the time available."""
SHORT_SESSION_MIN = 30
"""Below this, even the day's bilateral lift gives way to the single-leg and abduction work."""


def plan_days(
    selector: Selector, rotations: list[DayRotation], notes: list[str]
) -> dict[tuple[str, int], list[Slot]]:
    """Slots per (template key, day number); the same in every block the template is used,
    apart from ladder steps. A day keeps its abduction exercises when its lifts take turns
    (so they progress without a break), except at one leg day a week, where the abduction
    staples take turns with the lifts."""
    profile = selector.profile
    one_day = profile.days_per_week == 1
    out: dict[tuple[str, int], list[Slot]] = {}
    abduction: dict[tuple[int, str], list[Slot]] = {}
    abd_days = abduction_days(profile.days_per_week)
    for rotation in rotations:
        every = len(rotation.templates)
        for template in dict.fromkeys(rotation.templates):
            key = (template.key, rotation.day)
            if key in out:
                continue
            turns = tuple(i for i, t in enumerate(rotation.templates) if t == template)

            def timed(slots: list[Slot], every: int = every, turns: tuple[int, ...] = turns
                      ) -> list[Slot]:
                return [replace(s, every=every, turns=turns) for s in slots]

            slots = timed(_power_slots(selector, index=len(out)))
            slots += timed(_compound_slots(selector, template, notes))
            if rotation.day in abd_days:
                abd_key = (rotation.day, template.key if one_day else "")
                if abd_key not in abduction:  # families take turns between days and blocks
                    found = _abduction_slots(selector, index=len(abduction))
                    abduction[abd_key] = timed(found) if one_day else found
                slots += abduction[abd_key]
            slots += timed(_accessory_slots(selector, template))
            out[key] = sided(selector, _fit_minutes(selector, slots, notes), notes)
    if not any(s.role is Role.ABDUCTION for slots in out.values() for s in slots):
        raise InputError(
            "avoid", "nothing is left for hip-abduction work; avoid fewer variants or positions"
        )
    return _one_line_per_slot(out)


def _one_line_per_slot(
    out: dict[tuple[str, int], list[Slot]],
) -> dict[tuple[str, int], list[Slot]]:
    """Merge a day's slots that fill the same position (kind and family) in different
    templates, e.g. the deadlift of both day-2 variants: one slot trained in all their
    blocks, so it keeps climbing its ladder, as the progression engine's state (kept per
    slot) does."""
    merged: dict[tuple[int, str, str, Side], Slot] = {}
    for (_, day), slots in out.items():
        for slot in slots:
            label = (day, slot.kind, slot.start.family, slot.side)  # a leg's own slot stays
            first = merged.get(label)
            if first is None:
                merged[label] = slot
            elif first.every == slot.every:
                turns = tuple(sorted(set(first.turns) | set(slot.turns)))
                merged[label] = replace(first, turns=turns)
    return {
        key: [merged.get((key[1], s.kind, s.start.family, s.side), s) for s in slots]
        for key, slots in out.items()
    }


def leg_day_rotations(selector: Selector) -> list[DayRotation]:
    """The week's leg days with their rotations, using only the day-2 single-leg lifts this
    person can start (e.g. no single-leg squat for a beginner without a box to sit to)."""
    usable = tuple(
        p for p in selector.plan.day_two_single_leg if _single_leg_start(selector, p)
    ) or (Pattern.LUNGE,)
    return day_rotations(selector.profile.days_per_week, usable)


def _single_leg_start(selector: Selector, pattern: Pattern) -> Variant | None:
    """Where this person would start a single-leg pattern, or None when it is out of reach
    (nothing allowed, or its easiest allowed form is more than a level above them)."""
    candidates = selector.pattern_variants(pattern, Role.COMPOUND)
    if not candidates:
        return None
    start = selector.start(candidates)
    return start if start.level <= selector.target_level(start) + 1 else None


def _power_slots(selector: Selector, index: int) -> list[Slot]:
    """The goal's lateral power work: its families take turns day by day (and block by block
    at one leg day a week), each started where the person can start it."""
    usable = []
    for family in selector.plan.power_families:
        candidates = selector.family_variants(family)
        if candidates:
            start = selector.start(candidates)
            if start.level <= selector.target_level(start) + 1:
                usable.append(start)
    if not usable:
        return []
    # Families the person can start at their own level come first (a beginner meets the
    # lateral lunge and the shuffle before hops).
    usable.sort(key=lambda v: v.level > selector.target_level(v))
    return [Slot(Role.COMPOUND, usable[index % len(usable)], "power")]


def _compound_slots(
    selector: Selector, template: SessionTemplate, notes: list[str]
) -> list[Slot]:
    slots: list[Slot] = []
    if template.bilateral is not None:
        candidates = selector.pattern_variants(template.bilateral, Role.COMPOUND)
        if candidates:
            light = selector.plan.prefer_light_bilateral
            pick = min if light else max
            slots.append(Slot(Role.COMPOUND, pick(candidates, key=lambda v: v.level), "bilateral"))
        else:
            lift = "squat" if template.bilateral is Pattern.BILATERAL_SQUAT else "deadlift"
            add_note(notes, f"No equipment for a bilateral {lift}: the "
                  "single-leg lift carries that day (a barbell, or a dumbbell/kettlebell for "
                  "goblet squats and kettlebell deadlifts, would add it).")
    target = None
    for pattern in template.single_leg:
        candidates = selector.pattern_variants(pattern, Role.COMPOUND)
        if not candidates:
            continue
        start = selector.start(candidates)
        if start.level <= selector.target_level(start) + 1:
            target = start
            break
        target = target or start
    if target is None:
        add_note(notes, "No single-leg hinge, squat or lunge is possible with these constraints "
              "(e.g. weight bearing avoided): the abduction work carries the sessions.")
    else:
        slots.append(Slot(Role.COMPOUND, target, "single-leg"))
    return slots


def _abduction_slots(selector: Selector, index: int) -> list[Slot]:
    plan = selector.plan
    iso = Mode.ISOMETRIC if plan.isometric_blocks > 0 else None
    primaries = [f for f in plan.primary_families if selector.family_variants(f, iso)]
    if not primaries:
        primaries = [f for f in plan.primary_families if selector.family_variants(f)]
        iso = None
    if not primaries:
        return []
    family = primaries[index % len(primaries)]
    prefer = Mode.ISOMETRIC if iso else Mode.ISOTONIC
    slots = [Slot(Role.ABDUCTION, selector.start(selector.family_variants(family, iso), prefer),
                  "abduction")]
    turns = [f for f in plan.secondary_turns if f != family and selector.family_variants(f)]
    if turns:  # the goal's staples in turn, day by day
        turns = turns[index % len(turns):] + turns[:index % len(turns)]
    seconds = [*turns, *(f for f in plan.secondary_families if f != family)]
    for second in seconds:
        candidates = selector.family_variants(second)
        if candidates:
            start = selector.start(candidates, Mode.ISOTONIC)
            slots.append(Slot(Role.ABDUCTION, start, "abduction-2", plan.secondary_from_block))
            break
    return slots


def _accessory_slots(selector: Selector, template: SessionTemplate) -> list[Slot]:
    slots = []
    for family in template.accessory_families:
        candidates = selector.family_variants(family)
        if candidates:
            slots.append(Slot(Role.ACCESSORY, selector.start(candidates), "accessory"))
    return slots


def _fit_minutes(
    selector: Selector, slots: list[Slot], notes: list[str]
) -> list[Slot]:
    """Drop optional isolation, then the second abduction exercise, until the day fits.

    The bilateral lift, and a second abduction exercise that carries the goal's emphasis, go
    only in sessions shorter than ``SHORT_SESSION_MIN``; the single-leg lift and the main
    abduction exercise always stay (they carry the article's rules)."""
    minutes = selector.profile.minutes_per_session
    budget = minutes - WARM_UP_MIN
    kept = list(slots)
    order = ["accessory", "accessory"]
    if not selector.plan.secondary_is_emphasis:
        order.append("abduction-2")
    if minutes < SHORT_SESSION_MIN:
        order += ["abduction-2", "power", "bilateral"]
    for kind in order:
        if sum(_minutes(selector, s) for s in kept) <= budget:
            break
        droppable = [s for s in kept if s.kind == kind]
        if droppable:
            kept.remove(droppable[-1])
    if len(kept) < len(slots):
        add_note(notes, f"Some exercises were left out to fit "
                 f"{selector.profile.minutes_per_session} minutes a session; more time brings "
                 "back the isolation work first.")
    return kept


def _minutes(selector: Selector, slot: Slot) -> float:
    """Rough session time of a slot at its busiest build week."""
    sets, (_, high) = dose_for(selector.plan, slot, mode_in_block(selector.plan, slot.start, 0),
                            WeekPhase(block=0, position=2))
    sides = 2 if slot.start.laterality is Laterality.PER_SIDE else 1
    work_s = high if mode_in_block(selector.plan, slot.start, 0) is Mode.ISOMETRIC else high * 3
    rest = POWER_REST_S if slot.kind == "power" else selector.plan.rest_s[slot.role]
    return sets * (sides * work_s + rest) / 60
