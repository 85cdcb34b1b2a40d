"""The clinic's needs-attention list: read each client's facts, assess them in the core
(:mod:`glutemed.clinic.attention`), apply the clinician's acknowledgements, sort and filter.

Also the one way to acknowledge a flag: it is checked against the flags the client has
*now* (so an acknowledgement always names the evidence the clinician saw) and stored with
who, when and a note. Every read for the whole list happens in one read transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Laterality
from glutemed.clinic.attention import (
    Acknowledgement,
    Assessment,
    ChangeFact,
    ClientFacts,
    FlagKind,
    FlagView,
    GapLine,
    PainDay,
    PauseFact,
    SessionDue,
    StallLine,
    assess,
    urgency,
    with_acknowledgements,
)
from glutemed.clinic.thresholds import AttentionThresholds, default_thresholds
from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Side
from glutemed.services.progress import variants_of
from glutemed.store.program_changes import ProgramChange
from glutemed.store.records import PauseRecord, PersonRecord
from glutemed.store.tables import utc_now
from glutemed.store.unit_of_work import SqlUnitOfWork

NOTE_LIMIT = 2000
"""An acknowledgement's note is free text, kept like a clearance note (the same size)."""

TodayOf = Callable[[PersonRecord], dt.date]
"""The person's local today (the shell reads the clock, in the person's time zone)."""


@dataclass(frozen=True)
class ClientAttention:
    """One client's line of the list: the figures, and each flag with its acknowledgement."""

    id: int
    name: str
    has_login: bool
    today: dt.date
    assessment: Assessment
    flags: tuple[FlagView, ...]

    @property
    def open_flags(self) -> list[FlagView]:
        """The flags no acknowledgement covers."""
        return [f for f in self.flags if f.open]


class SortKey(StrEnum):
    """The columns the list sorts by."""

    ATTENTION = "attention"
    NAME = "name"
    LAST_TRAINED = "last-trained"
    ADHERENCE = "adherence"
    PAIN = "pain"
    FLAGS = "flags"


ORDERS = ("asc", "desc")
FLAG_FILTERS = ("any", *(k.value for k in FlagKind))


@dataclass(frozen=True)
class Listing:
    """How to sort and filter the list (query parameters of the page and the API)."""

    sort: SortKey = SortKey.ATTENTION
    order: str = "asc"
    flag: str | None = None

    @classmethod
    def parse(cls, sort: str | None, order: str | None, flag: str | None) -> Listing:
        """Read the query parameters; an unknown value names the field and what is allowed."""
        allowed = [k.value for k in SortKey]
        if sort not in (None, "", *allowed):
            raise InputError("sort", f"'{sort}' is not a column; use one of {', '.join(allowed)}")
        if order not in (None, "", *ORDERS):
            raise InputError("order", f"'{order}' is not an order; use asc or desc")
        if flag not in (None, "", *FLAG_FILTERS):
            raise InputError("flag", f"'{flag}' is not a flag; use one of "
                                     f"{', '.join(FLAG_FILTERS)}")
        return cls(sort=SortKey(sort or SortKey.ATTENTION), order=order or "asc",
                   flag=flag or None)


def _sets_due(item: Mapping[str, Any], catalog: Catalog) -> int:
    """The sets a stored planned item asks for: its sets, on each leg for a per-side
    variant prescribed for both legs."""
    sets = item.get("sets")
    if not isinstance(sets, int):
        return 0
    if item.get("side", "both") != Side.BOTH.value:
        return sets
    try:
        variant = catalog.variant(str(item.get("variant_id")))
    except UnknownIdError:
        return sets
    return sets * (2 if variant.laterality is Laterality.PER_SIDE else 1)


def _facts(uow: SqlUnitOfWork, person: PersonRecord, today: dt.date, catalog: Catalog,
           t: AttentionThresholds, pause: PauseRecord | None,
           client_changes: Sequence[ProgramChange] = ()) -> ClientFacts:
    """One client's facts, read inside the caller's open unit of work."""
    since = today - dt.timedelta(days=max(t.adherence.window_days, t.pain_trend.window_days))
    reads = uow.attention.reads
    program = reads.program_in_force(person.id)
    sets = reads.sets_since(person.id, since)
    last = sets[0].date if sets else reads.last_trained(person.id)
    done: dict[int, int] = defaultdict(int)
    pain: dict[dt.date, int] = {}
    for s in sets:
        if s.planned_session_id is not None:
            done[s.planned_session_id] += 1
        if s.pain_during is not None:
            pain[s.date] = max(pain.get(s.date, 0), s.pain_during)
    sessions = [
        SessionDue(date=planned.date,
                   sets_due=sum(_sets_due(item, catalog) for item in planned.items),
                   sets_done=done.get(planned.id, 0))
        for planned in (reads.planned_between(program[0], since, today) if program else [])
    ]
    stalls = []
    for line in uow.state.all(person.id):
        count = line.counters.get("stalls", 0)
        if isinstance(count, int) and count > 0:
            last = line.counters.get("last_date")
            stalls.append(StallLine(
                slot=line.slot, name=_name(catalog, line.prescription.variant_id),
                side=line.side, stalls=count,
                last_date=dt.date.fromisoformat(last) if isinstance(last, str) else None,
            ))
    gaps = [
        GapLine(variant_id=v.variant_id, name=v.name, gap_pct=v.asymmetry_pct,
                weaker=v.weaker_side)
        for v in variants_of(uow.sets.progress_lines(person.id), catalog, person.units)
        if v.asymmetry_pct is not None
    ]
    return ClientFacts(
        today=today,
        program_start=program[1] if program is not None else None,
        last_trained=last,
        sessions=sessions,
        pain_days=[PainDay(d, p) for d, p in sorted(pain.items())],
        pause=None if pause is None else PauseFact(pause.id, pause.started_on, pause.reason),
        stalls=stalls,
        gaps=gaps,
        client_changes=[ChangeFact(c.id, c.at, c.what) for c in client_changes],
    )


def _name(catalog: Catalog, variant_id: str) -> str:
    try:
        return catalog.variant(variant_id).name
    except UnknownIdError:
        return variant_id


def attention_list(
    uow: SqlUnitOfWork,
    people: Sequence[PersonRecord],
    catalog: Catalog,
    today_of: TodayOf,
    listing: Listing = Listing(),
    thresholds: AttentionThresholds | None = None,
) -> list[ClientAttention]:
    """Every one of these clients with their flags, filtered and sorted as asked (one read
    transaction)."""
    with uow:
        rows = _assessed(uow, people, catalog, today_of, thresholds or default_thresholds())
    return _sorted(_filtered(rows, listing.flag), listing)


def _assessed(uow: SqlUnitOfWork, people: Sequence[PersonRecord], catalog: Catalog,
              today_of: TodayOf, t: AttentionThresholds) -> list[ClientAttention]:
    """Each client assessed, inside the caller's open unit of work."""
    ids = [p.id for p in people]
    paused = uow.pauses.active_people(ids)
    acks = uow.attention.of_people(ids)
    changed = uow.program_changes.by_clients(ids)
    rows = []
    for person in people:
        today = today_of(person)
        found = assess(_facts(uow, person, today, catalog, t, paused.get(person.id),
                              changed.get(person.id, ())), t)
        rows.append(ClientAttention(
            id=person.id, name=person.name, has_login=person.account_id is not None,
            today=today, assessment=found,
            flags=tuple(with_acknowledgements(found.flags, acks.get(person.id, []))),
        ))
    return rows


def client_attention(uow: SqlUnitOfWork, person: PersonRecord, catalog: Catalog,
                     today: dt.date,
                     thresholds: AttentionThresholds | None = None) -> ClientAttention:
    """One client's flags (their own pages show them at the top)."""
    return attention_list(uow, [person], catalog, lambda _: today, Listing(), thresholds)[0]


def _filtered(rows: list[ClientAttention], flag: str | None) -> list[ClientAttention]:
    if flag is None:
        return rows
    return [r for r in rows
            if any(flag in ("any", v.flag.kind.value) for v in r.open_flags)]


def _sorted(rows: list[ClientAttention], listing: Listing) -> list[ClientAttention]:
    """Sorted by the column asked for; clients without a value (never trained, nothing
    due, no pain recorded) always come last, whichever the order."""
    by_name = sorted(rows, key=lambda r: (r.name.casefold(), r.id))
    reverse = listing.order == "desc"
    if listing.sort is SortKey.ATTENTION:
        return sorted(by_name, key=lambda r: urgency(r.flags), reverse=reverse)
    if listing.sort is SortKey.NAME:
        return list(reversed(by_name)) if reverse else by_name
    if listing.sort is SortKey.FLAGS:
        return sorted(by_name, key=lambda r: len(r.open_flags), reverse=reverse)
    value: Callable[[ClientAttention], float | dt.date | None] = {
        SortKey.LAST_TRAINED: lambda r: r.assessment.last_trained,
        SortKey.ADHERENCE: lambda r: r.assessment.adherence.pct,
        SortKey.PAIN: _pain_change,
    }[listing.sort]
    present = [r for r in by_name if value(r) is not None]
    missing = [r for r in by_name if value(r) is None]
    return sorted(present, key=value, reverse=reverse) + missing  # type: ignore[arg-type]


def _pain_change(row: ClientAttention) -> float | None:
    pain = row.assessment.pain
    if pain.earlier is None or pain.later is None:
        return None
    return round(pain.later - pain.earlier, 1)


def acknowledge(uow: SqlUnitOfWork, person: PersonRecord, catalog: Catalog, today: dt.date,
                *, kind: str, note: str, by: str,
                thresholds: AttentionThresholds | None = None) -> Acknowledgement:
    """Acknowledge the client's current flag of ``kind`` with a note; it drops down the list
    until its evidence changes. Refused (naming the field) for an unknown kind, a kind the
    client has no flag of now, or an empty or overlong note."""
    allowed = [k.value for k in FlagKind]
    if kind not in allowed:
        raise InputError("kind", f"'{kind}' is not a flag; use one of {', '.join(allowed)}")
    text = " ".join(note.split())
    if not text:
        raise InputError("note", "say what you did or decided, e.g. 'phoned, "
                                 "stepping back to the easier variant'")
    if len(text) > NOTE_LIMIT:
        raise InputError("note", f"give at most {NOTE_LIMIT} characters (this has {len(text)})")
    with uow:
        uow.people.lock(person.id)
        current = _assessed(uow, [person], catalog, lambda _: today,
                            thresholds or default_thresholds())[0]
        flag = next((v.flag for v in current.flags if v.flag.kind.value == kind), None)
        if flag is None:
            shown = ", ".join(v.flag.kind.value for v in current.flags) or "none"
            raise InputError("kind",
                             f"{person.name} has no '{kind}' flag now (flags now: {shown})")
        ack = Acknowledgement(kind=flag.kind, key=flag.key, by=by, at=utc_now(), note=text)
        uow.attention.add(person.id, ack)
        uow.commit()
    return ack


def acknowledgements(uow: SqlUnitOfWork, person_id: int) -> list[Acknowledgement]:
    """Every acknowledgement of a client's flags, oldest first (the record)."""
    with uow:
        uow.people.require(person_id)
        return uow.attention.all(person_id)
