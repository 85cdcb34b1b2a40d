"""A side's training days in summary: what a decision reads of every exercise but its own.

A decision reads its own exercise's sessions set by set, but of the rest of the side -- every
exercise trained on that leg -- it needs only a few things per day: the worst pain (the pain
trend and the irritable-hip gate), the worst next-morning pain (the next-morning rise), which
variants were trained (a detour to another variant of the family, the step down to the one
done last), and whether a set of the day may carry a warning sign. :class:`SideDay` holds
exactly that, so the store can keep it per person, side and day and a decision reads a dozen
small rows instead of a few hundred sets. :func:`days_of` computes it from sets: the store's
copy must equal it (a property test checks the facts both give are the same).

Pure: sets in, summaries out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.safety import SEVERE_PAIN_0_10


@dataclass(frozen=True)
class SideDay:
    """One calendar day of one side (every exercise), in summary."""

    date: dt.date
    worst_pain: int | None
    """The highest pain recorded that day, during or the next morning; None when no set
    recorded any."""
    morning_pain: int | None
    """The highest next-morning pain recorded that day; None when none was."""
    variants: frozenset[str]
    """The variants trained that day."""
    may_warn: bool
    """A set of the day may carry a warning sign (see :func:`may_warn`): only then are the
    day's sets read to find which."""


@dataclass(frozen=True)
class SideRecord:
    """What one decision reads of one side: this variant's sets in full, the side's days in
    summary, and the sets that may carry a warning sign.

    ``days`` need not cover the days of ``own``: a day it lacks is summarised from ``own``
    (the store summarises only the recent weeks; older days of the exercise itself come with
    its sets). ``warn_sets`` may hold more than the latest day's: only those are read.
    Everything must already be of the side decided for (a side's sets and both legs' ones).
    """

    own: tuple[PerformedSet, ...]
    days: tuple[SideDay, ...]
    warn_sets: tuple[PerformedSet, ...] = ()


def may_warn(s: PerformedSet) -> bool:
    """Whether a set may carry a warning sign: severe pain, a reported flag, or a note (whose
    words are read only when the day is the latest). A superset of the sets that do."""
    return (
        (s.pain_during is not None and s.pain_during >= SEVERE_PAIN_0_10)
        or (s.pain_next_morning is not None and s.pain_next_morning >= SEVERE_PAIN_0_10)
        or bool(s.red_flags)
        or s.note is not None
    )


def _higher(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def day_of_set(s: PerformedSet) -> SideDay:
    """The summary of a day that holds only ``s``."""
    return SideDay(
        date=s.date,
        worst_pain=_higher(s.pain_during, s.pain_next_morning),
        morning_pain=s.pain_next_morning,
        variants=frozenset({s.variant_id}),
        may_warn=may_warn(s),
    )


def combine(a: SideDay, b: SideDay) -> SideDay:
    """Two summaries of the same day (two stored sides, or a day and one more set) as one."""
    return SideDay(
        date=a.date,
        worst_pain=_higher(a.worst_pain, b.worst_pain),
        morning_pain=_higher(a.morning_pain, b.morning_pain),
        variants=a.variants | b.variants,
        may_warn=a.may_warn or b.may_warn,
    )


def merged(days: Iterable[SideDay]) -> tuple[SideDay, ...]:
    """Summaries of the same dates combined, oldest first."""
    by_date: dict[dt.date, SideDay] = {}
    for day in days:
        held = by_date.get(day.date)
        by_date[day.date] = day if held is None else combine(held, day)
    return tuple(by_date[d] for d in sorted(by_date))


def days_of(sets: Iterable[PerformedSet]) -> tuple[SideDay, ...]:
    """Each day of ``sets`` in summary, oldest first."""
    return merged(day_of_set(s) for s in sets)


def with_set(record: SideRecord, s: PerformedSet) -> SideRecord:
    """``record`` with one more set of the side (the set being logged, read before it was
    stored)."""
    return SideRecord(
        own=(*record.own, s),
        days=merged((*record.days, day_of_set(s))),
        warn_sets=(*record.warn_sets, s) if may_warn(s) else record.warn_sets,
    )


def sides_read(side: Side) -> frozenset[Side]:
    """The stored sides a decision for ``side`` reads: a leg's own sets and both legs' ones;
    for both legs, every set."""
    return frozenset(Side) if side is Side.BOTH else frozenset({side, Side.BOTH})


def side_record(history: Sequence[PerformedSet], variant_id: str, side: Side,
                today: dt.date) -> SideRecord:
    """The :class:`SideRecord` of a plain history (every set, any side): what the store's
    summaries stand for."""
    wanted = sides_read(side)
    mine = [s for s in history if s.side in wanted and s.date <= today]
    return SideRecord(
        own=tuple(s for s in mine if s.variant_id == variant_id),
        days=days_of(mine),
        warn_sets=tuple(s for s in mine if may_warn(s)),
    )
