"""A program position: one exercise place in a leg day, with the variant it starts from.

The generator chooses the slots once (:mod:`~glutemed.programming.day_slots`), gives an
affected leg its own (:mod:`~glutemed.programming.sided_slots`), and doses each slot week by
week (:mod:`~glutemed.programming.dosing`). A slot's id (``abduction:side-plank``, with
``:left`` or ``:right`` for one leg) is the key the progression state is kept under.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from glutemed.catalog.models import Role, Variant
from glutemed.programming.models import Side

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


def add_note(notes: list[str], text: str) -> None:
    """Add a note to the program's reasons, once (several days may hit the same limit)."""
    if text not in notes:
        notes.append(text)
