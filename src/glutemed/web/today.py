"""What the today page and ``GET /api/v1/people/{id}/today`` show: the session due.

Read-only composition of stored records: the planned session the store finds for the date
(or the first one not yet done), each item's prescription in force for each side (the
progression state the engine left behind), what was done last time, and how many sets are
already logged today. The decisions themselves are the engine's, made when sets are logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Check, Family, Variant
from glutemed.programming.models import Prescription, Side
from glutemed.store.repositories import PlannedSessionRecord, StoredDecision, StoredSet
from glutemed.web.context import WebContext

SAFETY_ACTIONS = frozenset({"see-clinician"})


@dataclass
class TodayEntry:
    """One prescription of today's session, ready to show and to log against."""

    index: int
    prescription: Prescription
    variant: Variant
    family: Family
    sides: list[Side]
    cues: list[str]
    checks: list[Check]
    last_time: list[StoredSet] = field(default_factory=list)
    done_today: int = 0
    last_decision: StoredDecision | None = None

    @property
    def form_id(self) -> str:
        """The id of this entry's log form (the hold timer writes into it)."""
        return f"log-{self.index}"


@dataclass
class TodayView:
    """The session due on a date."""

    date: dt.date
    session: PlannedSessionRecord | None
    entries: list[TodayEntry]

    @property
    def see_clinician(self) -> bool:
        """True when any latest decision says to stop and see a clinician."""
        return any(
            e.last_decision is not None and e.last_decision.action in SAFETY_ACTIONS
            for e in self.entries
        )


def _sides(prescription: Prescription) -> list[Side]:
    if prescription.side is Side.BOTH:
        return [Side.BOTH]
    return [Side.LEFT, Side.RIGHT]


def build_today(ctx: WebContext, person_id: int, date: dt.date) -> TodayView:
    """The session due on ``date`` for this person, with last time and today's count."""
    catalog: Catalog = ctx.catalog
    with ctx.uow(readonly=True) as uow:
        program = uow.programs.active(person_id)
        if program is None:
            return TodayView(date=date, session=None, entries=[])
        session = uow.programs.session_on(program.id, date) or uow.programs.first_open_session(
            program.id
        )
        if session is None:
            return TodayView(date=date, session=None, entries=[])
        states = {(s.slot, s.side): s.prescription for s in uow.state.all(person_id)}
        today_sets = uow.sets.on_date(person_id, date)
        entries = []
        for index, item in enumerate(session.items):
            side_key = Side.LEFT if item.side is not Side.BOTH else Side.BOTH
            current = states.get((item.variant_id, side_key), item)
            variant = catalog.variant(current.variant_id)
            family = catalog.family_of(variant)
            entries.append(
                TodayEntry(
                    index=index,
                    prescription=current,
                    variant=variant,
                    family=family,
                    sides=_sides(current),
                    cues=family.cues_for(variant)[:4],
                    checks=family.checks_for(variant),
                    last_time=uow.sets.last_session(person_id, variant.id, date),
                    done_today=sum(
                        1 for s in today_sets if s.performed.variant_id == variant.id
                    ),
                    last_decision=uow.decisions.last(person_id, variant.id),
                )
            )
    return TodayView(date=date, session=session, entries=entries)
