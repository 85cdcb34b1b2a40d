"""A program's sessions as an iCalendar file, with UIDs that survive a re-export.

Each session becomes an all-day event (or a timed one when a start time is given) on the
weekdays the person chose. The UID is derived from (person, program, week, session) alone, so
exporting again after a change *updates* the events already in a calendar instead of adding
copies (wger uses random ``uuid4`` UIDs, which duplicate). ``DTSTAMP`` is passed in rather
than read from a clock, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.export.text import dose_text, variant_name
from glutemed.programming.calendar import session_dates
from glutemed.programming.models import Program, Session
from glutemed.units import Unit

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UID_NAMESPACE = uuid.UUID("6f1c3a52-9d1e-5b7a-8c43-2f0e6a9b1d70")
"""Fixed namespace for glutemed event UIDs (uuid5); changing it would duplicate events."""
PRODID = "-//glutemed//glutemed calendar export//EN"


def parse_weekdays(text: str) -> list[int]:
    """``mon,thu`` -> ``[0, 3]`` (Monday = 0), naming the allowed values on a typo."""
    days = []
    for part in (p.strip().lower()[:3] for p in text.split(",") if p.strip()):
        if part not in WEEKDAYS:
            raise InputError("days", f"unknown weekday {part!r}; allowed: {', '.join(WEEKDAYS)}")
        days.append(WEEKDAYS.index(part))
    if not days or len(set(days)) != len(days):
        raise InputError("days", "give each training weekday once, e.g. mon,thu")
    return sorted(days)


def event_uid(person: str, program_key: str, week: int, session: int) -> str:
    """Stable UID for one session: the same four values always give the same UID."""
    name = "\x1f".join([person, program_key, str(week), str(session)])
    return f"{uuid.uuid5(UID_NAMESPACE, name)}@glutemed"


def schedule(
    program: Program, start: dt.date, weekdays: Sequence[int]
) -> list[tuple[int, int, dt.date]]:
    """(week number, session day, date) for every session, on the chosen weekdays: the
    spacing rule of :func:`glutemed.programming.calendar.session_dates`, after checking
    there are enough weekdays for the busiest week."""
    most = max((len(w.sessions) for w in program.weeks), default=0)
    if most > len(weekdays):
        raise InputError(
            "days", f"the program has {most} sessions in a week; choose at least {most} weekdays"
        )
    return [(week.number, session.day, date)
            for week, session, date in session_dates(program, start, weekdays)]


def _placed(
    program: Program, dates: Mapping[tuple[int, int], dt.date]
) -> list[tuple[int, int, dt.date]]:
    """Given dates, checked against the program: every key must name a real session."""
    out = []
    for (w, s), day in sorted(dates.items()):
        if not (1 <= w <= len(program.weeks) and 1 <= s <= len(program.weeks[w - 1].sessions)):
            raise InputError("dates", f"week {w}, session {s} is not in the program")
        out.append((w, s, day))
    return out


def _description(session: Session, catalog: Catalog | None, unit: Unit) -> str:
    lines = [
        f"- {variant_name(i.variant_id, catalog)}: {dose_text(i, unit, catalog)}"
        + (" (optional)" if i.optional else "")
        for i in session.items
    ]
    return "\n".join(lines)


def render_ics(
    program: Program,
    *,
    person: str,
    program_key: str,
    start: dt.date,
    weekdays: Sequence[int],
    dtstamp: dt.datetime,
    catalog: Catalog | None = None,
    unit: Unit = "kg",
    at: dt.time | None = None,
    dates: Mapping[tuple[int, int], dt.date] | None = None,
) -> bytes:
    """The program's sessions as iCalendar bytes (RFC 5545), deterministic for equal input.

    ``dates`` - (week index, session index) -> date, both 1-based - places the sessions where
    the store already put them; without it they fall on ``weekdays`` from ``start``.
    """
    from icalendar import Calendar, Event

    if dtstamp.tzinfo is None:
        raise InputError("dtstamp", "must carry a time zone (UTC is usual)")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"glutemed: {person}")
    minutes = program.profile.minutes_per_session
    placed = _placed(program, dates) if dates is not None else schedule(program, start, weekdays)
    for w, s, day in placed:
        week = program.weeks[w - 1]
        session = week.sessions[s - 1]
        event = Event()
        event.add("uid", event_uid(person, program_key, w, s))
        event.add("dtstamp", dtstamp.astimezone(dt.UTC))
        if at is None:
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
        else:
            begin = dt.datetime.combine(day, at)
            event.add("dtstart", begin)
            event.add("dtend", begin + dt.timedelta(minutes=minutes))
        event.add("summary", f"{session.name} (week {week.number})")
        event.add(
            "description",
            f"Week {week.number}: {week.focus}\n" + _description(session, catalog, unit),
        )
        event.add("categories", ["glutemed"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
