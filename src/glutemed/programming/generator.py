"""Turn a profile into a complete multi-week program: the article's template, by goal.

``generate_program(profile, catalog)`` is pure and deterministic: the same profile and
catalogue always give the same program. How it builds one:

1. Validate the profile against the catalogue (equipment ids, variant ids, provocations).
2. Choose, once, a starting variant for every slot of the week (selection.py): the bilateral
   lift and the one single-leg pattern of each leg day (templates.py), the abduction
   exercises of the first one to three days, and the optional isolation work.
3. Lay out the weeks in blocks of four (three build weeks, one consolidation week): inside a
   block sets, reps and hold times rise (volume first); a new block steps each slot one rung
   up its ladder and starts the volume again (then variant).

Sides: every prescription carries ``side = both``. For a per-side variant (see the variant's
``laterality``) that means *the sets are done on each leg*; for a bilateral one, both legs
work together. The progression engine may split a per-side prescription into ``left`` and
``right`` once the two legs progress differently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Laterality, Mode, Pattern, Role, Variant
from glutemed.errors import InputError
from glutemed.programming import conditions
from glutemed.programming import rationale as why
from glutemed.programming.goals import (
    ALTERNATING_MODE_FAMILIES,
    POWER,
    POWER_REST_S,
    REHAB_PROVOCATIONS,
    Dose,
    GoalPlan,
)
from glutemed.programming.models import (
    Prescription,
    Profile,
    Program,
    Session,
    Side,
    Week,
)
from glutemed.programming.selection import (
    CAPACITY_NM_PER_KG,
    DemandLookup,
    Selector,
)
from glutemed.programming.templates import (
    DayRotation,
    SessionTemplate,
    WeekPhase,
    abduction_days,
    day_rotations,
    week_focus,
    week_phase,
)

WARM_UP_MIN = 5.0
"""Minutes set aside for a warm-up when fitting a session into the time available."""
SHORT_SESSION_MIN = 30
"""Below this, even the day's bilateral lift gives way to the single-leg and abduction work."""


SlotKind = Literal["power", "bilateral", "single-leg", "abduction", "abduction-2", "accessory"]
"""What an exercise position is for in a leg day (the first half of its slot id)."""


@dataclass(frozen=True)
class Slot:
    """One exercise position in a leg day, with the variant it starts from."""

    role: Role
    start: Variant
    kind: SlotKind
    first_block: int = 0
    """Block in which the slot appears (rehab adds weight-bearing abduction later)."""
    every: int = 1
    """The day's rotation length in blocks (1: the slot is trained in every block)."""
    turns: tuple[int, ...] = (0,)
    """Blocks (``block % every``) in which the slot's template is the day's."""

    def trained(self, block: int) -> list[int]:
        """The blocks up to and including ``block`` in which the slot is trained."""
        return [b for b in range(self.first_block, block + 1) if b % self.every in self.turns]

    def steps(self, block: int) -> int:
        """Rungs climbed by ``block``: one per earlier block in which the slot was trained."""
        return len(self.trained(block - 1)) if block > 0 else 0
    side: Side = Side.BOTH
    """``both`` (each leg, or both together), or the one leg this slot is for when a
    condition gives the affected side its own start."""
    fewer_sets: bool = False
    """The affected side on the bottom rung: one set fewer instead of an easier variant."""

    @property
    def slot_id(self) -> str:
        """The program position, with the leg when the slot is for one leg only."""
        base = f"{self.kind}:{self.start.family}"
        return base if self.side is Side.BOTH else f"{base}:{self.side.value}"


def generate_program(
    profile: Profile, catalog: Catalog, *, demand: DemandLookup | None = None
) -> Program:
    """The whole program for one profile (pure, deterministic).

    ``demand`` overrides the load-model look-up (tests pass a fake); by default the
    load model is used when the profile has body mass and height and the model is installed.
    """
    validate_profile(profile, catalog)
    plan = conditions.plan_for_profile(profile)
    lookup = demand if demand is not None else load_model_lookup(profile)
    selector = Selector(profile=profile, catalog=catalog, plan=plan, demand=lookup)
    notes: list[str] = []
    rotations = _rotations(selector)
    day_slots = _plan_days(selector, rotations, notes)
    cache: dict[tuple[object, ...], Prescription] = {}
    weeks = [
        _build_week(selector, rotations, day_slots, number, cache)
        for number in range(1, profile.weeks + 1)
    ]
    capacity = None if lookup is None else CAPACITY_NM_PER_KG.get(profile.sex, 1.21)
    reasons = why.program_reasons(profile, plan, notes, capacity,
                                  conditions.condition_reasons(profile))
    return Program(profile=profile, weeks=weeks, rationale=reasons)


# -- validation -----------------------------------------------------------------------------


def known_provocations(catalog: Catalog) -> list[str]:
    """Every provocation id the catalogue uses, plus the ones rehab adds."""
    found = {p for v in catalog.variants for p in v.avoid_if} | REHAB_PROVOCATIONS
    return sorted(found)


def validate_profile(profile: Profile, catalog: Catalog) -> None:
    """Reject ids the catalogue does not know, naming the field and the allowed values.

    ``none`` (bodyweight only) is accepted in ``equipment`` and simply adds nothing.
    """
    unknown = sorted(profile.equipment - set(catalog.equipment_ids) - {"none"})
    if unknown:
        raise InputError(
            "equipment",
            f"unknown {', '.join(unknown)}; allowed: none, {', '.join(catalog.equipment_ids)}",
        )
    for variant_id in sorted(profile.avoid_variants):
        catalog.variant(variant_id)  # raises UnknownIdError with suggestions
    allowed = known_provocations(catalog)
    bad = sorted(profile.avoid_provocations - set(allowed))
    if bad:
        raise InputError(
            "avoid_provocations", f"unknown {', '.join(bad)}; allowed: {', '.join(allowed)}"
        )


def load_model_lookup(profile: Profile) -> DemandLookup | None:
    """The load model's demand for this person's body, when body data is given.

    Without body data the planner uses the catalogue's levels. ``Profile`` takes its body
    bounds from the load model (``MASS_KG``, ``HEIGHT_M``), so every body it accepts can be
    modelled: there is no silent fallback for a body the model rejects.
    """
    if profile.mass_kg is None or profile.height_m is None:
        return None
    from glutemed.biomech.anthropometrics import Person
    from glutemed.biomech.demand import demand_or_none

    person = Person(mass_kg=profile.mass_kg, height_m=profile.height_m, sex=profile.sex)

    def lookup(variant: Variant) -> tuple[float, float] | None:
        result = demand_or_none(variant, person)
        return None if result is None else (result.moment_nm, result.moment_nm_per_kg)

    return lookup


# -- choosing the slots once ----------------------------------------------------------------


def _plan_days(
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
            out[key] = _sided(selector, _fit_minutes(selector, slots, notes), notes)
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


def _rotations(selector: Selector) -> list[DayRotation]:
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
            _note(notes, f"No equipment for a bilateral {lift}: the "
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
        _note(notes, "No single-leg hinge, squat or lunge is possible with these constraints "
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
        _note(notes, f"Some exercises were left out to fit {selector.profile.minutes_per_session} "
              "minutes a session; more time brings back the isolation work first.")
    return kept


def _sided(selector: Selector, slots: list[Slot], notes: list[str]) -> list[Slot]:
    """Give the affected side its own slot and start where the condition asks for it.

    With one painful side, each per-side exercise (not the optional isolation) becomes a
    slot per leg: the painful leg one rung lower (or one set fewer on the bottom rung), and
    a leg whose side-lying work would mean lying on the painful hip does the first standing
    abduction exercise its equipment allows instead. With both sides affected every leg
    starts lower. The slots stay in the session's order, the painful leg first.
    """
    profile = selector.profile
    painful = profile.painful_sides
    easier = conditions.easier_affected_side(profile)
    out: list[Slot] = []
    for slot in slots:
        if slot.role is Role.ACCESSORY or slot.start.laterality is not Laterality.PER_SIDE:
            out.append(slot)
            continue
        candidates = _family_or_pattern(selector, slot)
        if len(painful) == 2 and easier:
            out.append(_easier(selector, slot, candidates, Side.BOTH))
            continue
        if len(painful) != 1:
            out.append(slot)
            continue
        (sore,) = painful
        other = Side.LEFT if sore is Side.RIGHT else Side.RIGHT
        first = _easier(selector, slot, candidates, sore) if easier else replace(slot, side=sore)
        second = replace(slot, side=other)
        if conditions.lies_on_painful_side(profile, slot.start, other.value):
            standing = _standing_for(selector, slot, other)
            if standing is None:
                _note(notes, f"No standing abduction exercise fits the equipment, so the "
                      f"{other.value} leg has no side-lying work (it would mean lying on the "
                      f"{conditions.affected_word(profile)} hip).")
                out.append(first)
                continue
            second = standing
            word = conditions.affected_word(profile)
            _note(notes, f"The {other.value} leg's side-lying work would mean lying on the "
                  f"{word} {sore.value} hip: it does {standing.start.name.lower()} instead.")
        out += [first, second]
    return out


def _family_or_pattern(selector: Selector, slot: Slot) -> list[Variant]:
    if slot.role is Role.COMPOUND:
        return selector.pattern_variants(slot.start.pattern, Role.COMPOUND)
    return selector.family_variants(slot.start.family)


def _easier(selector: Selector, slot: Slot, candidates: list[Variant], side: Side) -> Slot:
    """The slot for an affected side: one level lower on the ladder, else one set fewer."""
    prefer = slot.start.modes[0] if slot.start.modes else None
    start = selector.start([v for v in candidates if v.family == slot.start.family] or
                           [slot.start], prefer, easier=True)
    same = start.id == slot.start.id or start.level >= slot.start.level
    return replace(slot, start=slot.start if same else start, side=side, fewer_sets=same)


def _standing_for(selector: Selector, slot: Slot, side: Side) -> Slot | None:
    """A standing abduction start for a leg that cannot do side-lying work."""
    for family in conditions.standing_replacements():
        candidates = [v for v in selector.family_variants(family)
                      if v.laterality is Laterality.PER_SIDE]
        if candidates:
            iso = Mode.ISOMETRIC if Mode.ISOMETRIC in slot.start.modes else None
            start = selector.start(candidates, iso)
            return replace(slot, start=start, side=side)
    return None


def _minutes(selector: Selector, slot: Slot) -> float:
    """Rough session time of a slot at its busiest build week."""
    sets, (_, high) = _dose(selector.plan, slot, _mode(selector.plan, slot.start, 0),
                            WeekPhase(block=0, position=2))
    sides = 2 if slot.start.laterality is Laterality.PER_SIDE else 1
    work_s = high if _mode(selector.plan, slot.start, 0) is Mode.ISOMETRIC else high * 3
    rest = POWER_REST_S if slot.kind == "power" else selector.plan.rest_s[slot.role]
    return sets * (sides * work_s + rest) / 60


# -- laying out the weeks -------------------------------------------------------------------


def _build_week(
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
                cache[key] = _prescribe(selector, slot, phase)
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


def _mode(plan: GoalPlan, variant: Variant, block: int) -> Mode:
    """Isometric in rehab's first block (near neutral), isotonic otherwise where offered."""
    if block < plan.isometric_blocks and Mode.ISOMETRIC in variant.modes:
        return Mode.ISOMETRIC
    return Mode.ISOTONIC if Mode.ISOTONIC in variant.modes else Mode.ISOMETRIC


def _slot_mode(selector: Selector, slot: Slot, block: int) -> Mode:
    """The slot's mode in ``block``: :func:`_mode`, except that in the families that
    alternate (``ALTERNATING_MODE_FAMILIES``) a variant offering both modes takes the one
    the slot did not use in its previous trained block."""
    plan = selector.plan
    trained = slot.trained(block)
    mode = _mode(plan, slot.start, trained[0] if trained else block)
    if slot.start.family not in ALTERNATING_MODE_FAMILIES:
        variant = selector.step_up(slot.start, slot.steps(block)) if trained else slot.start
        return _mode(plan, variant, block)
    for steps, b in enumerate(trained[1:], start=1):
        variant = selector.step_up(slot.start, steps)
        if b < plan.isometric_blocks or len(variant.modes) < 2:
            mode = _mode(plan, variant, b)
        else:
            mode = Mode.ISOTONIC if mode is Mode.ISOMETRIC else Mode.ISOMETRIC
    return mode


def _dose(plan: GoalPlan, slot: Slot, mode: Mode, phase: WeekPhase) -> Dose:
    if slot.kind == "power":
        return POWER.at(phase.position, phase.deload)
    if slot.role is Role.COMPOUND:
        ladder = plan.compound
    elif slot.role is Role.ACCESSORY:
        ladder = plan.accessory
    else:
        ladder = plan.abduction_hold if mode is Mode.ISOMETRIC else plan.abduction_reps
    return ladder.at(phase.position, phase.deload)


def _prescribe(selector: Selector, slot: Slot, phase: WeekPhase) -> Prescription:
    plan = selector.plan
    steps = slot.steps(phase.block)
    variant = selector.step_up(slot.start, steps) if steps > 0 else slot.start
    mode = _slot_mode(selector, slot, phase.block)
    alternating = slot.start.family in ALTERNATING_MODE_FAMILIES and len(variant.modes) > 1
    sets, dose_range = _dose(plan, slot, mode, phase)
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


def _note(notes: list[str], text: str) -> None:
    if text not in notes:
        notes.append(text)


__all__ = ["generate_program", "known_provocations", "load_model_lookup", "validate_profile"]
