"""The situation a decision is about: one side's history of one variant, gathered once.

A :class:`Situation` holds this variant's last sessions set by set and the rest of the side
(every other exercise on that leg) day by day, in summary
(:mod:`~glutemed.progression.side_days`), so the store never has to hand a decision the
side's other sets. Facts (:mod:`~glutemed.progression.facts`) and actions
(:mod:`~glutemed.progression.actions`) both read it. Pure: nothing is read from a clock or
a file.

Which sets count:

* *this side* - sets logged for ``side`` plus sets logged for ``both`` legs (for ``both``,
  every set). Left and right are therefore progressed separately.
* *up to today* - sets dated after ``today`` are ignored.
* *the last session* - the sets of this variant on the latest date that has any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Family, LoadKind, LoadSpec, Variant
from glutemed.programming.models import Prescription, Side
from glutemed.progression.context import EMPTY_CONTEXT, DecisionContext
from glutemed.progression.models import PerformedSet
from glutemed.progression.safety import RedFlags, WarningSign, signs_of
from glutemed.progression.side_days import (
    SideDay,
    SideRecord,
    days_of,
    merged,
    side_record,
    sides_read,
)

KG_KINDS = frozenset(
    {LoadKind.CUFF_WEIGHT, LoadKind.HAND_WEIGHT, LoadKind.CABLE, LoadKind.BELT_WEIGHT,
     LoadKind.BARBELL, LoadKind.MACHINE}
)
"""Load kinds measured in kilograms (a band is graded by level, a wall press not at all)."""

Session = tuple[PerformedSet, ...]

LOOKBACK_SESSIONS = 12
"""Sessions read back from today. Every fact needs fewer (the longest look-back a preset
allows is 10 stalled sessions), and bounding it keeps a decision fast however long the
history grows."""


def _order(s: PerformedSet) -> tuple[object, ...]:
    """An order on sets, so the same history in any order gives the same decision: facts
    are order-free, and the fields that word an explanation (pain, note) break ties."""
    return (s.date, s.variant_id, s.set_index, s.side.value,
            -1 if s.pain_during is None else s.pain_during,
            -1 if s.pain_next_morning is None else s.pain_next_morning, s.note or "")


@dataclass(frozen=True)
class Situation:
    """Everything a decision is about, gathered once and shared by facts and actions."""

    prescription: Prescription
    variant: Variant
    family: Family
    catalog: Catalog
    side: Side
    today: dt.date
    days: tuple[SideDay, ...]
    """The side's training days (every exercise) in summary, oldest first, from the first
    session the facts look back to (see :func:`situation_of`)."""
    sessions: tuple[Session, ...]
    signs: tuple[WarningSign, ...]
    context: DecisionContext = EMPTY_CONTEXT

    @property
    def last_session(self) -> Session:
        """The sets of this variant on its latest date (empty without history)."""
        return self.sessions[-1] if self.sessions else ()

    @cached_property
    def run(self) -> tuple[Session, ...]:
        """This variant's sessions since the side last did another variant of the family
        (see :func:`current_run`); worked out once, as three facts read it."""
        since = _last_detour(self.days, self.variant.id, self.family.family)
        return tuple(x for x in self.sessions if since is None or x[0].date > since)

    @property
    def pain_series(self) -> list[int]:
        """The side's highest pain per session date, oldest first (facts and the warning
        signs both read it)."""
        return _pain_series(self.days)


def _pain_series(days: Sequence[SideDay]) -> list[int]:
    return [d.worst_pain for d in days if d.worst_pain is not None]


def _last_detour(days: Sequence[SideDay], variant_id: str, family: str) -> dt.date | None:
    """The latest day the side did another variant of ``family``."""
    return max((d.date for d in days
                if any(v != variant_id and v.split(".", 1)[0] == family for v in d.variants)),
               default=None)


def kg_load(variant: Variant) -> LoadSpec | None:
    """The variant's load measured in kilograms, if it has one."""
    return next((load for load in variant.loads if load.kind in KG_KINDS), None)


def load_kind(variant: Variant) -> str:
    """``cuff-weight``, ``band``, ... or ``none`` (a kg load is named before a band)."""
    spec = kg_load(variant) or (variant.loads[0] if variant.loads else None)
    return spec.kind.value if spec is not None else "none"


def current_load_kg(prescription: Prescription, variant: Variant,
                    last_session: Session = ()) -> float | None:
    """The load the decision starts from: prescribed, else last performed, else the default."""
    spec = kg_load(variant)
    if spec is None:
        return None
    if prescription.load_kg is not None:
        return prescription.load_kg
    done = [s.load_kg for s in last_session if s.load_kg is not None]
    return max(done) if done else spec.default_kg


def situation(
    history: Sequence[PerformedSet],
    prescription: Prescription,
    catalog: Catalog,
    today: dt.date,
    *,
    side: Side,
    red_flags: RedFlags | None = None,
    context: DecisionContext = EMPTY_CONTEXT,
) -> Situation:
    """Gather the side's history and this variant's sessions, oldest first."""
    record = side_record(history, prescription.variant_id, side, today)
    return situation_of(record, prescription, catalog, today, side=side, red_flags=red_flags,
                        context=context)


def situation_of(
    record: SideRecord,
    prescription: Prescription,
    catalog: Catalog,
    today: dt.date,
    *,
    side: Side,
    red_flags: RedFlags | None = None,
    context: DecisionContext = EMPTY_CONTEXT,
) -> Situation:
    """Gather a :class:`SideRecord` (this variant's sets, the side's days in summary).

    The facts look back :data:`LOOKBACK_SESSIONS` sessions of this variant, and at least as
    many training days of the side: the days from the earlier of the two on are kept.
    """
    flags = red_flags or context.red_flags
    variant = catalog.variant(prescription.variant_id)
    wanted = sides_read(side)
    by_date: dict[dt.date, list[PerformedSet]] = {}
    for s in record.own:
        if s.variant_id == variant.id and s.side in wanted and s.date <= today:
            by_date.setdefault(s.date, []).append(s)
    recent = sorted(by_date)[-LOOKBACK_SESSIONS:]
    summarised = {d.date for d in record.days}
    days = [d for d in merged((*record.days, *days_of(
        s for d in by_date if d not in summarised for s in by_date[d]))) if d.date <= today]
    side_dates = [d.date for d in days][-LOOKBACK_SESSIONS:]
    cutoff = min(side_dates[0], recent[0]) if recent else (side_dates or [today])[0]
    window = tuple(d for d in days if d.date >= cutoff)
    latest = window[-1].date if window else None
    warn = sorted((s for s in record.warn_sets if s.date == latest and s.side in wanted),
                  key=_order)
    return Situation(
        prescription=prescription, variant=variant, family=catalog.family_of(variant),
        catalog=catalog, side=side, today=today, days=window,
        sessions=tuple(tuple(sorted(by_date[d], key=_order)) for d in recent),
        signs=tuple(signs_of(warn, _pain_series(window), flags)),
        context=context,
    )
