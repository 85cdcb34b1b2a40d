"""What the plan proposes for a slot's next session, measured against the dose in force.

The generated program is a template: week by week it raises volume, and at each new block
it moves every slot one rung up its ladder (or from isometric to dynamic work). The
progression state, not the calendar, decides what a person does: so each planned change is
only a *proposal*, offered to the engine as the action ``plan-step`` and taken through the
same gate as any step up (the top of the range reached, checks passed, pain low, effort in
reserve, nothing paused), at most one step per session.

A proposal is always harder than what is in force, and it never takes back what was earned:

* **rung** - the plan's variant lies further up the ladder than the one in force: take the
  first edge on the way (one dimension per step). A kg load of the same kind carries over
  unchanged; along a *lever* edge it is scaled by the lever ratio (the same named rule as the
  ``lever`` preset), so the demand stays about level.
* **mode** - same variant, the plan switches mode (rehab's isometric block ends).
* **volume** - same variant and mode, the plan asks for more sets or a higher range: one
  set more, or else the plan's range, one dimension a session.

A plan variant that is *behind* the one in force (the person has moved on faster than the
calendar), or on another branch of the ladder, proposes nothing: progress already made is
never undone by a date.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Dimension, LadderStep, Mode
from glutemed.programming.models import Prescription
from glutemed.progression.actions import Outcome, move_to
from glutemed.progression.rules import Action, ActionKind
from glutemed.progression.situation import Situation, current_load_kg, kg_load

ProposalKind = Literal["rung", "mode", "volume"]
PLAN_STEP = Action(action=ActionKind.PLAN_STEP)


@dataclass(frozen=True)
class Proposal:
    """The plan's next step for this slot and what it makes of the prescription."""

    kind: ProposalKind
    outcome: Outcome


def upward_path(
    catalog: Catalog, start: str, goal: str, allows: Callable[[str], bool]
) -> list[LadderStep]:
    """The shortest chain of progression edges from ``start`` up to ``goal`` through variants
    the person may do; empty when ``goal`` is not above ``start`` on the ladder."""
    seen = {start}
    queue: deque[tuple[str, list[LadderStep]]] = deque([(start, [])])
    while queue:
        here, path = queue.popleft()
        for edge in catalog.progressions(here):
            if edge.to in seen or not allows(edge.to):
                continue
            if edge.to == goal:
                return [*path, edge]
            seen.add(edge.to)
            queue.append((edge.to, [*path, edge]))
    return []


def _dose_range(p: Prescription) -> tuple[int, int] | None:
    return p.reps if p.mode is Mode.ISOTONIC else p.hold_s


def _range_text(p: Prescription) -> str:
    pair = _dose_range(p)
    unit = " reps" if p.mode is Mode.ISOTONIC else " s"
    return f"{p.sets} x {pair[0]}-{pair[1]}{unit}" if pair else f"{p.sets} sets"


def _rung(sit: Situation, planned: Prescription, action: Action) -> Proposal | None:
    path = upward_path(sit.catalog, sit.variant.id, planned.variant_id, sit.context.allows)
    if not path:
        return None
    edge = path[0]
    arriving = edge.to == planned.variant_id
    target = sit.catalog.variant(edge.to)
    outcome = move_to(sit, edge, edge.to, action, load_kg=_carried_load(sit, edge, planned,
                                                                       action, arriving))
    new = outcome.prescription
    if arriving:
        mode = planned.mode if planned.mode in target.modes else new.mode
        dose = planned if mode is planned.mode else new
        new = new.model_copy(update={
            "mode": mode, "sets": planned.sets, "reps": dose.reps, "hold_s": dose.hold_s,
        })
    summary = (f"{sit.variant.name} -> {target.name} ({_range_text(new)}): the plan's next "
               f"rung, one {edge.changes.value} step.")
    return Proposal("rung", Outcome(new, summary, edge))


def _carried_load(sit: Situation, edge: LadderStep, planned: Prescription, action: Action,
                  arriving: bool) -> float | None:
    """The kg load on the new rung: the earned load of the same kind (scaled along a lever
    edge), else the plan's starting load when the step lands on the plan's variant."""
    new_spec = kg_load(sit.catalog.variant(edge.to))
    if new_spec is None:
        return None
    old_spec = kg_load(sit.variant)
    current = current_load_kg(sit.prescription, sit.variant, sit.last_session)
    if old_spec is not None and old_spec.kind is new_spec.kind and current is not None:
        if edge.changes is not Dimension.LEVER:
            return current
        unit = action.min_step_kg
        return round(max(unit, math.floor(current * action.lever_load_factor / unit) * unit), 3)
    if arriving and planned.load_kg is not None:
        return planned.load_kg
    return None


def _mode(sit: Situation, planned: Prescription) -> Proposal | None:
    p = sit.prescription
    if planned.mode is p.mode or planned.mode not in sit.variant.modes:
        return None
    new = p.model_copy(update={
        "side": sit.side, "mode": planned.mode, "sets": planned.sets, "reps": planned.reps,
        "hold_s": planned.hold_s,
    })
    summary = (f"{sit.variant.name}: {p.mode.value} -> {planned.mode.value} "
               f"({_range_text(new)}), the plan's next block.")
    return Proposal("mode", Outcome(new, summary))


def _volume(sit: Situation, planned: Prescription) -> Proposal | None:
    """One dimension at a time: one more set while the plan has more, else the plan's
    higher range (its top, never a lower bottom than the one reached)."""
    p = sit.prescription
    if planned.mode is not p.mode:
        return None
    now, then = _dose_range(p), _dose_range(planned)
    update: dict[str, object] = {"side": sit.side}
    if planned.sets > p.sets:
        update["sets"] = p.sets + 1
    elif now is not None and then is not None and then[1] > now[1]:
        update["reps" if p.mode is Mode.ISOTONIC else "hold_s"] = (
            min(max(now[0], then[0]), then[1]), then[1])
    else:
        return None
    new = p.model_copy(update=update)
    summary = f"{_range_text(p)} -> {_range_text(new)}: the plan's next week builds volume."
    return Proposal("volume", Outcome(new, summary))


def propose(sit: Situation, action: Action = PLAN_STEP) -> Proposal | None:
    """The plan's proposal for this slot's next session, or ``None`` when the plan asks for
    nothing harder than the prescription in force."""
    planned = sit.context.next_planned
    if planned is None:
        return None
    if planned.variant_id != sit.variant.id:
        return _rung(sit, planned, action)
    return _mode(sit, planned) or _volume(sit, planned)
