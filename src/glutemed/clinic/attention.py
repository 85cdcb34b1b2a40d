"""Which clients need their clinician, and why: the needs-attention flags, computed purely.

The services read a client's facts (planned sessions and the sets logged for them, each
training day's highest pain, the open safety pause, the progression lines' stall counters,
the left-right gaps of the progress summary) and hand them in with the client's local
today; :func:`assess` turns them into what the clinic's list shows:

* **last trained** -- the latest date with a logged set;
* **adherence** -- sets done of sets due over the last ``adherence.window_days`` (today's
  session counts only once a set of it is logged: the day is not over);
* **pain trend** -- the mean of each training day's highest pain during a set over the
  later half of the window against the earlier half: *rising* or *falling* when they differ
  by ``pain_trend.change_points`` or more, *steady* otherwise, *unknown* when either half
  has no pain recorded;
* **flags** -- a warning sign (an open safety pause), pain rising, a stall, a big
  left-right gap, low adherence, not training.

Each flag carries a ``key`` naming the evidence that raised it (the pause and its reasons,
the sessions behind a stall, the numbers behind a gap). An acknowledgement stores the key it
saw: the flag stays acknowledged while its key is the same, and rises again as soon as
something new happens (a further warning sign, another stalled session, a new pain score).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import fmean

from glutemed.clinic.thresholds import AttentionThresholds
from glutemed.programming.models import Side


class FlagKind(StrEnum):
    """What a flag is about, most urgent first (the order the list sorts them)."""

    WARNING_SIGN = "warning-sign"
    PAIN_RISING = "pain-rising"
    CLIENT_CHANGE = "client-change"
    STALL = "stall"
    GAP = "gap"
    LOW_ADHERENCE = "low-adherence"
    NOT_TRAINING = "not-training"

    @property
    def rank(self) -> int:
        """0 for the most urgent kind."""
        return list(FlagKind).index(self)

    @property
    def label(self) -> str:
        """The kind in words, for a page."""
        return FLAG_LABELS[self]


FLAG_LABELS = {
    FlagKind.WARNING_SIGN: "Warning sign",
    FlagKind.PAIN_RISING: "Pain rising",
    FlagKind.CLIENT_CHANGE: "Changed by the client",
    FlagKind.STALL: "Stalled",
    FlagKind.GAP: "Left-right gap",
    FlagKind.LOW_ADHERENCE: "Low adherence",
    FlagKind.NOT_TRAINING: "Not training",
}


class PainTrend(StrEnum):
    """Which way logged pain is going."""

    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SessionDue:
    """A planned session in the window: the sets it asks for and the sets logged for it."""

    date: dt.date
    sets_due: int
    sets_done: int


@dataclass(frozen=True)
class PainDay:
    """The highest pain during a set on one training day (0-10)."""

    date: dt.date
    max_pain: int


@dataclass(frozen=True)
class StallLine:
    """One progression line (slot and side) and its stall counter."""

    slot: str
    name: str
    side: Side
    stalls: int
    last_date: dt.date | None = None


@dataclass(frozen=True)
class GapLine:
    """One exercise's left-right gap, as the progress summary computes it."""

    variant_id: str
    name: str
    gap_pct: float
    weaker: Side | None


@dataclass(frozen=True)
class PauseFact:
    """The client's open safety pause."""

    id: int
    started_on: dt.date
    reason: str


@dataclass(frozen=True)
class ChangeFact:
    """A change the client made to their own program (who, when, what)."""

    id: int
    at: dt.datetime
    what: str


@dataclass(frozen=True)
class ClientFacts:
    """Everything :func:`assess` reads about one client."""

    today: dt.date
    program_start: dt.date | None = None
    last_trained: dt.date | None = None
    sessions: Sequence[SessionDue] = ()
    pain_days: Sequence[PainDay] = ()
    pause: PauseFact | None = None
    stalls: Sequence[StallLine] = ()
    gaps: Sequence[GapLine] = ()
    client_changes: Sequence[ChangeFact] = ()


@dataclass(frozen=True)
class Flag:
    """One reason to look at a client: what, in words, and the evidence's key."""

    kind: FlagKind
    key: str
    summary: str
    since: dt.date | None = None


@dataclass(frozen=True)
class Adherence:
    """Sets done of sets due in the window (``pct`` None when nothing was due)."""

    done: int
    due: int
    window_days: int

    @property
    def pct(self) -> float | None:
        """Done as a percentage of due, one decimal."""
        return None if self.due == 0 else round(100 * self.done / self.due, 1)


@dataclass(frozen=True)
class PainReading:
    """The pain trend and the two means it compares (None where no pain was recorded)."""

    trend: PainTrend
    earlier: float | None
    later: float | None


@dataclass(frozen=True)
class Assessment:
    """What the list shows of one client before acknowledgements are applied."""

    last_trained: dt.date | None
    days_since_trained: int | None
    adherence: Adherence
    pain: PainReading
    flags: tuple[Flag, ...] = field(default_factory=tuple)


def adherence_of(facts: ClientFacts, t: AttentionThresholds) -> Adherence:
    """Sets done of sets due over the window ending today; a set logged beyond what a
    session asked for does not make up for another session's missing ones."""
    since = facts.today - dt.timedelta(days=t.adherence.window_days - 1)
    counted = [
        s for s in facts.sessions
        if since <= s.date <= facts.today and not (s.date == facts.today and s.sets_done == 0)
    ]
    return Adherence(
        done=sum(min(s.sets_done, s.sets_due) for s in counted),
        due=sum(s.sets_due for s in counted),
        window_days=t.adherence.window_days,
    )


def pain_trend_of(facts: ClientFacts, t: AttentionThresholds) -> PainReading:
    """The later half of the window's mean daily highest pain against the earlier half's."""
    half = t.pain_trend.window_days // 2
    later_from = facts.today - dt.timedelta(days=half - 1)
    earlier_from = facts.today - dt.timedelta(days=t.pain_trend.window_days - 1)
    later = [d.max_pain for d in facts.pain_days if later_from <= d.date <= facts.today]
    earlier = [d.max_pain for d in facts.pain_days if earlier_from <= d.date < later_from]
    if not later or not earlier:
        return PainReading(PainTrend.UNKNOWN, _mean(earlier), _mean(later))
    a, b = round(fmean(earlier), 1), round(fmean(later), 1)
    change = round(b - a, 1)
    if change >= t.pain_trend.change_points:
        trend = PainTrend.RISING
    elif change <= -t.pain_trend.change_points:
        trend = PainTrend.FALLING
    else:
        trend = PainTrend.STEADY
    return PainReading(trend, a, b)


def _mean(values: Sequence[int]) -> float | None:
    return round(fmean(values), 1) if values else None


def assess(facts: ClientFacts, t: AttentionThresholds) -> Assessment:
    """Every flag of one client, most urgent first, and the figures the list shows."""
    adherence = adherence_of(facts, t)
    pain = pain_trend_of(facts, t)
    days_since = None if facts.last_trained is None else (facts.today - facts.last_trained).days
    flags = [
        *_warning(facts), *_pain_rising(facts, pain), *_client_change(facts),
        *_stall(facts, t), *_gap(facts, t), *_low_adherence(adherence, t),
        *_not_training(facts, t),
    ]
    return Assessment(
        last_trained=facts.last_trained, days_since_trained=days_since, adherence=adherence,
        pain=pain, flags=tuple(sorted(flags, key=lambda f: f.kind.rank)),
    )


def _warning(facts: ClientFacts) -> Iterable[Flag]:
    if facts.pause is not None:
        p = facts.pause
        yield Flag(FlagKind.WARNING_SIGN, f"pause:{p.id}:{p.reason}",
                   f"progression paused since {p.started_on.isoformat()}: {p.reason}",
                   p.started_on)


def _pain_rising(facts: ClientFacts, pain: PainReading) -> Iterable[Flag]:
    if pain.trend is PainTrend.RISING:
        last = max(d.date for d in facts.pain_days if d.date <= facts.today)
        yield Flag(FlagKind.PAIN_RISING, f"pain:{last.isoformat()}",
                   f"pain during sets rising: mean {pain.earlier}/10, then {pain.later}/10",
                   last)


def _client_change(facts: ClientFacts) -> Iterable[Flag]:
    if facts.client_changes:
        newest = max(facts.client_changes, key=lambda c: c.id)
        more = len(facts.client_changes) - 1
        extra = f" (and {more} earlier change{'' if more == 1 else 's'})" if more else ""
        yield Flag(FlagKind.CLIENT_CHANGE, f"change:{newest.id}",
                   f"the client changed their program: {newest.what}{extra}",
                   newest.at.date())


def _stall(facts: ClientFacts, t: AttentionThresholds) -> Iterable[Flag]:
    stalled = sorted(
        (s for s in facts.stalls if s.stalls >= t.stall.sessions),
        key=lambda s: (-s.stalls, s.slot, s.side),
    )
    if stalled:
        key = ";".join(f"{s.slot}:{s.side.value}:{s.stalls}:{s.last_date}" for s in stalled)
        words = ", ".join(
            f"{s.name}{'' if s.side is Side.BOTH else f' ({s.side.value})'}: "
            f"{s.stalls} sessions" for s in stalled
        )
        dates = [s.last_date for s in stalled if s.last_date is not None]
        yield Flag(FlagKind.STALL, key, f"short of the target at the same dose: {words}",
                   max(dates) if dates else None)


def _gap(facts: ClientFacts, t: AttentionThresholds) -> Iterable[Flag]:
    big = sorted((g for g in facts.gaps if g.gap_pct > t.gap.above_pct),
                 key=lambda g: (-g.gap_pct, g.variant_id))
    if big:
        key = ";".join(f"{g.variant_id}:{g.weaker}:{g.gap_pct}" for g in big)
        words = ", ".join(
            f"{g.name} {g.gap_pct:g} %" + (f" weaker {g.weaker.value}" if g.weaker else "")
            for g in big
        )
        yield Flag(FlagKind.GAP, key, f"left-right gap above {t.gap.above_pct:g} %: {words}")


def _low_adherence(adherence: Adherence, t: AttentionThresholds) -> Iterable[Flag]:
    pct = adherence.pct
    if pct is not None and adherence.due >= t.adherence.min_sets_due and (
            pct < t.adherence.below_pct):
        yield Flag(FlagKind.LOW_ADHERENCE, f"adherence:{adherence.done}/{adherence.due}",
                   f"{adherence.done} of {adherence.due} sets due in the last "
                   f"{adherence.window_days} days ({pct:g} %)")


def _not_training(facts: ClientFacts, t: AttentionThresholds) -> Iterable[Flag]:
    if facts.program_start is None or facts.program_start > facts.today:
        return
    since = facts.last_trained or facts.program_start
    days = (facts.today - since).days
    if days >= t.not_training.days:
        what = ("no set logged since " + since.isoformat() if facts.last_trained
                else "no set logged since the program started on " + since.isoformat())
        yield Flag(FlagKind.NOT_TRAINING, f"last:{since.isoformat()}",
                   f"{what} ({days} days)", since)


@dataclass(frozen=True)
class Acknowledgement:
    """A clinician's acknowledgement of one flag: the key they saw, who, when and a note."""

    kind: FlagKind
    key: str
    by: str
    at: dt.datetime
    note: str


@dataclass(frozen=True)
class FlagView:
    """A flag with the acknowledgement that still covers it (None: open)."""

    flag: Flag
    acknowledged: Acknowledgement | None = None

    @property
    def open(self) -> bool:
        """True until a clinician has acknowledged exactly this evidence."""
        return self.acknowledged is None


def with_acknowledgements(flags: Iterable[Flag],
                          acks: Iterable[Acknowledgement]) -> list[FlagView]:
    """Each flag with the newest acknowledgement of its kind if that one saw the same key;
    open flags first (most urgent first), then the acknowledged ones."""
    newest: dict[FlagKind, Acknowledgement] = {}
    for ack in acks:
        if ack.kind not in newest or ack.at >= newest[ack.kind].at:
            newest[ack.kind] = ack
    views = []
    for flag in flags:
        seen = newest.get(flag.kind)
        views.append(FlagView(flag, seen if seen is not None and seen.key == flag.key else None))
    return sorted(views, key=lambda v: (not v.open, v.flag.kind.rank))


def urgency(views: Sequence[FlagView]) -> tuple[int, int, int]:
    """A sort key, smallest first: clients with open flags (the most urgent kind first, then
    more of them), then clients whose every flag is acknowledged, then clients with none."""
    open_ranks = [v.flag.kind.rank for v in views if v.open]
    if open_ranks:
        return (0, min(open_ranks), -len(open_ranks))
    return (1, 0, 0) if views else (2, 0, 0)
