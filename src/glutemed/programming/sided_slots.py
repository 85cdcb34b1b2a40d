"""An affected side's own slots: a painful leg starts lower, or stands instead of lying on
the painful hip.

The condition's rules (:mod:`~glutemed.programming.conditions`) say when; this module turns
one slot into a slot per leg, in the session's order, the painful leg first.
"""

from __future__ import annotations

from dataclasses import replace

from glutemed.catalog.models import Laterality, Mode, Role, Variant
from glutemed.programming import conditions
from glutemed.programming.models import Side
from glutemed.programming.selection import Selector
from glutemed.programming.slots import Slot, add_note


def sided(selector: Selector, slots: list[Slot], notes: list[str]) -> list[Slot]:
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
                add_note(notes, f"No standing abduction exercise fits the equipment, so the "
                      f"{other.value} leg has no side-lying work (it would mean lying on the "
                      f"{conditions.affected_word(profile)} hip).")
                out.append(first)
                continue
            second = standing
            word = conditions.affected_word(profile)
            add_note(notes, f"The {other.value} leg's side-lying work would mean lying on the "
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
