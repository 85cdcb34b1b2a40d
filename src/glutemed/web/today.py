"""What the today page shows: the ``todays_session`` service's answer, grouped for a page.

The service decides which session is due and which prescription is in force for each side
(left and right progress separately). This module only groups its per-side items into one
card per exercise (same program slot and same variant) and adds the latest decision, so the
page can offer one log form with a side choice and a hold timer per side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.coaching import Coaching
from glutemed.catalog.models import Family, Variant
from glutemed.programming.models import Prescription, Side
from glutemed.progression.models import PerformedSet
from glutemed.store.decision_records import StoredDecision
from glutemed.web import usecases
from glutemed.web.context import WebContext

if TYPE_CHECKING:
    from glutemed.catalog.models import Check
    from glutemed.services.todays_session import TodayItem, TodaysSession


@dataclass(frozen=True)
class SideCount:
    """Sets of one side done today, and how many are prescribed."""

    side: str
    done: int
    sets: int

    @property
    def next_set(self) -> int:
        """The number the next set of this side gets."""
        return self.done + 1


@dataclass
class TodayEntry:
    """One exercise of today's session (one or two sides), ready to show and to log."""

    index: int
    variant: Variant
    family: Family
    coaching: Coaching
    """The catalogue's one merge of the family's and the variant's coaching."""
    items: list[TodayItem]
    """The service's items, one per side."""
    last_decision: StoredDecision | None = None

    @property
    def form_id(self) -> str:
        """The id of this entry's log form (the hold timer writes into it)."""
        return f"log-{self.index}"

    @property
    def prescription(self) -> Prescription:
        """The first side's prescription (the dose shown when both sides agree)."""
        target: Prescription = self.items[0].target
        return target

    @property
    def sides(self) -> list[Side]:
        """The sides to log, in the service's order."""
        return [item.side for item in self.items]

    @property
    def targets_differ(self) -> bool:
        """True when left and right are prescribed differently (they progress separately)."""
        doses = {
            (i.target.sets, i.target.reps, i.target.hold_s, i.target.load_kg, i.target.band)
            for i in self.items
        }
        return len(doses) > 1

    @property
    def done_today(self) -> int:
        """Sets already logged today, all sides together."""
        return sum(int(item.done_today) for item in self.items)

    @property
    def per_side(self) -> list[SideCount]:
        """Each side's sets done today beside its prescribed sets, in the service's order:
        set numbers count per side (left set 1, right set 1, left set 2, ...)."""
        return [
            SideCount(side=item.side.value, done=int(item.done_today), sets=item.target.sets)
            for item in self.items
        ]

    @property
    def next_side(self) -> str:
        """The side to log next: the one with the fewest sets done today (the first on a
        tie), so the form offers left, right, left, ... without being told."""
        return min(self.per_side, key=lambda count: count.done).side

    @property
    def last_time(self) -> list[PerformedSet]:
        """What was done last time, every side."""
        return [s for item in self.items for s in item.last_time]

    @property
    def setup(self) -> list[str]:
        """The set-up steps, family's first (the service's merged list)."""
        return list(self.items[0].setup)

    @property
    def cues(self) -> list[str]:
        """Every execution cue, family's first (the service's merged list)."""
        return list(self.items[0].cues)

    @property
    def checks(self) -> list[Check]:
        """The technique checks asked after a set: the family's and the variant's own, the
        list the progression engine expects an answer to each of."""
        return self.family.checks_for(self.variant)


@dataclass
class TodayView:
    """The session due on a date."""

    date: dt.date
    session: TodaysSession | None
    """The service's session (None when the person has no program)."""
    entries: list[TodayEntry]

    @property
    def see_clinician(self) -> bool:
        """True while progression is paused after a warning sign (until it is cleared)."""
        return self.session is not None and self.session.paused is not None


def build_today(ctx: WebContext, person_id: int, date: dt.date) -> TodayView:
    """The session due on ``date`` for this person, grouped one card per exercise."""
    from glutemed.errors import InputError

    catalog: Catalog = ctx.catalog
    try:
        session = usecases.todays_session(ctx, person_id, date)
    except InputError:
        return TodayView(date=date, session=None, entries=[])
    groups: dict[tuple[str, str], list[TodayItem]] = {}
    for item in session.items:
        groups.setdefault((item.slot, item.variant_id), []).append(item)
    entries = []
    for index, ((_slot, variant_id), items) in enumerate(groups.items()):
        variant = catalog.variant(variant_id)
        coaching = catalog.coaching(variant)
        entries.append(
            TodayEntry(
                index=index,
                variant=variant,
                family=coaching.family,
                coaching=coaching,
                items=items,
                last_decision=usecases.last_decision(ctx, person_id, variant_id),
            )
        )
    return TodayView(date=date, session=session if session.items else None, entries=entries)
