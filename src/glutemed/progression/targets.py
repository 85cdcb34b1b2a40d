"""The exact target of a session: what `today` shows and what a logged set is judged against.

One pure function decides it, and every interface calls it through the services, so the
target shown and the target stored can never differ:

* a session of this slot and side already in progress on the date keeps the target it
  started with (more sets that day, on any device, are judged against the same target, and
  the engine, deciding from it again, can step at most once a session);
* otherwise the progression state's prescription is in force - the one authority for what
  comes next; the program's item only fills in for a slot never trained;
* a lighter (consolidation) week of the plan trims the number of sets for that session
  only; the sets in force come back the week after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from glutemed.programming.models import Prescription, Side


@dataclass(frozen=True)
class SlotState:
    """The stored progression state of one slot and side (the core's view of it)."""

    prescription: Prescription
    """The dose in force for the next session."""
    session_date: dt.date | None = None
    session_target: Prescription | None = None
    """What the session on ``session_date`` was judged against."""
    session_base_sets: int | None = None
    """The sets in force before a lighter week trimmed them for that session."""


@dataclass(frozen=True)
class Target:
    """The target of one slot and side for one session."""

    prescription: Prescription
    base_sets: int
    """The sets in force outside a lighter week (equal to the target's sets otherwise)."""
    in_session: bool
    """A session of this slot and side is already under way on the date."""
    lighter_week: bool

    @property
    def trimmed(self) -> bool:
        """A lighter week took sets off for this session."""
        return self.base_sets != self.prescription.sets

    def carried_forward(self, decided: Prescription) -> Prescription:
        """The prescription to keep in force after a decision made from this target: a
        lighter week's trim is given back (a deload's own set removed stays removed)."""
        if not self.trimmed:
            return decided
        return decided.model_copy(
            update={"sets": max(1, min(10, decided.sets + self.base_sets - self.prescription.sets))}
        )


def session_target(
    planned: Prescription | None,
    state: SlotState | None,
    side: Side,
    date: dt.date,
    *,
    lighter_week: bool = False,
) -> Target:
    """The target for ``side`` of a slot on ``date`` (``planned``: the program's item of the
    session; ``state``: the slot's progression state, None if never trained)."""
    if state is not None and state.session_date == date and state.session_target is not None:
        target = state.session_target.model_copy(update={"side": side})
        base = state.session_base_sets or target.sets
        return Target(target, base, in_session=True, lighter_week=lighter_week)
    if state is not None:
        base_rx = state.prescription
    elif planned is not None:
        base_rx = planned
    else:
        raise ValueError("a target needs the program's item or a progression state")
    base_rx = base_rx.model_copy(update={"side": side})
    if lighter_week and planned is not None and planned.sets < base_rx.sets:
        trimmed = base_rx.model_copy(update={"sets": planned.sets})
        return Target(trimmed, base_rx.sets, in_session=False, lighter_week=True)
    return Target(base_rx, base_rx.sets, in_session=False, lighter_week=lighter_week)
