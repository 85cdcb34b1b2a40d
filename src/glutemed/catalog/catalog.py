"""The loaded catalogue: families, variants, equipment and anatomy, with ladder look-ups.

Pure: built from already-parsed models, it never touches a file. The loader builds it; every
other package receives it as an argument.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches

from glutemed.catalog.coaching import Coaching
from glutemed.catalog.models import Anatomy, Dimension, Equipment, Family, LadderStep, Variant
from glutemed.errors import InputError, UnknownIdError

NO_EQUIPMENT = "none"
"""What a person types for 'no equipment': bodyweight only (a floor and a wall are assumed)."""


@dataclass(frozen=True)
class Catalog:
    """Everything the knowledge base holds, indexed for look-up."""

    anatomy: Anatomy
    equipment: Sequence[Equipment]
    families: Sequence[Family]
    _variants: dict[str, Variant] = field(init=False, repr=False, compare=False)
    _families: dict[str, Family] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_families", {f.family: f for f in self.families})
        object.__setattr__(
            self, "_variants", {v.id: v for f in self.families for v in f.variants}
        )

    # -- look-ups -------------------------------------------------------------------------
    @property
    def variants(self) -> list[Variant]:
        """Every variant, family by family, in file order."""
        return list(self._variants.values())

    @property
    def equipment_ids(self) -> list[str]:
        """The equipment vocabulary, in file order."""
        return [e.id for e in self.equipment]

    def parse_equipment(self, text: str) -> frozenset[str]:
        """What a person has, from a comma list such as ``"mini-band, dumbbell"``.

        ``none`` means bodyweight only. Every id must be in the vocabulary: a typo would
        otherwise silently filter out everything that needs the misspelt item. The command
        line and the web forms both call this, so the rule and its message live in one place.
        """
        items = [item.strip() for item in text.split(",") if item.strip()]
        allowed = f"allowed: {NO_EQUIPMENT}, {', '.join(self.equipment_ids)}"
        if not items:
            raise InputError("equipment", f"give a comma list; {allowed}")
        unknown = [i for i in items if i != NO_EQUIPMENT and i not in self.equipment_ids]
        if unknown:
            raise InputError("equipment", f"unknown {', '.join(map(repr, unknown))}; {allowed}")
        if NO_EQUIPMENT in items and len(items) > 1:
            raise InputError(
                "equipment", f"'{NO_EQUIPMENT}' (bodyweight only) cannot be combined with equipment"
            )
        return frozenset(i for i in items if i != NO_EQUIPMENT)

    def variant(self, variant_id: str) -> Variant:
        """The variant with this id, or an error suggesting the closest ids."""
        try:
            return self._variants[variant_id]
        except KeyError:
            raise UnknownIdError("variant", variant_id, self.suggest(variant_id)) from None

    def family(self, family_id: str) -> Family:
        """The family with this slug, or an error suggesting the closest slugs."""
        try:
            return self._families[family_id]
        except KeyError:
            close = get_close_matches(family_id, list(self._families), n=3, cutoff=0.4)
            raise UnknownIdError("family", family_id, close) from None

    def family_of(self, variant: Variant | str) -> Family:
        """The family a variant belongs to."""
        variant_id = variant if isinstance(variant, str) else variant.id
        return self.family(self.variant(variant_id).family)

    def coaching(self, variant: Variant | str) -> Coaching:
        """What a trainee is told about a variant: its family's set-up, cues, checks, faults,
        feel and evidence merged with its own -- the one merge every screen uses."""
        found = self.variant(variant if isinstance(variant, str) else variant.id)
        return Coaching.of(self.family(found.family), found)

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Closest variant ids to ``text``: substring matches first, then fuzzy ones."""
        ids = list(self._variants)
        contains = [i for i in ids if text and text in i]
        fuzzy = get_close_matches(text, ids, n=n, cutoff=0.4)
        return list(dict.fromkeys([*contains, *fuzzy]))[:n]

    # -- ladders ---------------------------------------------------------------------------
    @property
    def steps(self) -> list[LadderStep]:
        """Every ladder edge in the catalogue."""
        return [step for f in self.families for step in f.ladder]

    def progressions(self, variant_id: str) -> list[LadderStep]:
        """Edges leading from this variant to a harder one."""
        self.variant(variant_id)
        return [s for s in self.family_of(variant_id).ladder if s.from_ == variant_id]

    def alternatives(self, variant_id: str) -> list[str]:
        """Variants on the same rung done another way (a set-up aid, another kind of load)."""
        self.variant(variant_id)
        for group in self.family_of(variant_id).alternatives:
            if variant_id in group.variants:
                return [v for v in group.variants if v != variant_id]
        return []

    def alternatives_note(self, variant_id: str) -> str | None:
        """Why this variant's alternatives are the same rung, if it has any."""
        for group in self.family_of(variant_id).alternatives:
            if variant_id in group.variants:
                return group.note
        return None

    def regressions(self, variant_id: str) -> list[LadderStep]:
        """Edges leading to this variant from an easier one (read backwards)."""
        self.variant(variant_id)
        return [s for s in self.family_of(variant_id).ladder if s.to == variant_id]

    def ladder_order(self, family_id: str) -> list[Variant]:
        """A family's variants from easiest to hardest.

        A topological order of the progression edges, ties broken by the variant's level and
        then by file order, so the result is deterministic.
        """
        family = self.family(family_id)
        position = {v.id: i for i, v in enumerate(family.variants)}
        waiting: dict[str, int] = {v.id: 0 for v in family.variants}
        for step in family.ladder:
            waiting[step.to] += 1
        ready = [(self.variant(i).level, position[i], i) for i, n in waiting.items() if n == 0]
        heapq.heapify(ready)
        ordered: list[str] = []
        while ready:  # one at a time, so a later rung's easiest variant waits its turn
            _, _, here = heapq.heappop(ready)
            ordered.append(here)
            for step in family.ladder:
                if step.from_ == here:
                    waiting[step.to] -= 1
                    if waiting[step.to] == 0:
                        heapq.heappush(ready, (self.variant(step.to).level,
                                               position[step.to], step.to))
        return [self.variant(i) for i in ordered]

    def filter(
        self,
        *,
        family: str | None = None,
        equipment: Iterable[str] | None = None,
        weight_bearing: bool | None = None,
        mode: str | None = None,
        part: str | None = None,
    ) -> list[Variant]:
        """Variants matching every given filter.

        ``equipment`` is what the person *has*: a variant matches when it needs nothing
        outside that set (so an empty set means bodyweight only).
        """
        have = None if equipment is None else set(equipment)
        out = []
        for v in self.variants:
            if family is not None and v.family != family:
                continue
            if have is not None and not set(v.equipment) <= have:
                continue
            if weight_bearing is not None and v.weight_bearing != weight_bearing:
                continue
            if mode is not None and mode not in v.modes:
                continue
            if part is not None and part not in v.parts:
                continue
            out.append(v)
        return out

    def steps_changing(self, dimension: Dimension) -> list[LadderStep]:
        """Every edge that changes the given dimension."""
        return [s for s in self.steps if s.changes is dimension]
