"""Where a program's sessions fall on the calendar: the one spacing rule.

The store's schedule (what ``glutemed today`` trains), the calendar export and the handout's
log sheet all place week *w* in the seven days from ``start + 7 (w - 1)`` and its sessions,
in order, either on chosen weekdays inside that span or spread out with rest days between.
Pure: dates in, dates out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from glutemed.programming.models import Program, Session, Week

SESSION_OFFSETS_DAYS: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
}
"""Where each session of a week falls, in days after the week's first day.

Spread out so that at least one rest day separates sessions when there are up to three a
week (the hip abductors, like any muscle, adapt between sessions, not during them).
"""


def default_weekdays(sessions_per_week: int) -> list[int]:
    """The spread above as weekdays of a week that starts on a Monday (Monday = 0): Mon/Thu
    for two sessions."""
    return list(SESSION_OFFSETS_DAYS.get(sessions_per_week)
                or range(min(sessions_per_week, 7)))


def week_offsets(sessions: int, start: dt.date,
                 weekdays: Sequence[int] | None = None) -> tuple[int, ...]:
    """Days after a week's first day for each of its ``sessions``: the chosen ``weekdays``
    (Monday = 0) in the order they come from ``start``'s weekday, else the spread above."""
    if weekdays:
        return tuple(sorted((day - start.weekday()) % 7 for day in weekdays))
    return SESSION_OFFSETS_DAYS.get(sessions) or tuple(range(sessions))


def session_dates(program: Program, start: dt.date, weekdays: Sequence[int] | None = None
                  ) -> list[tuple[Week, Session, dt.date]]:
    """Every session with its date, in training order. With fewer ``weekdays`` than a week
    has sessions, the week's last sessions get no date and are left out (callers that take
    weekdays from a person check the count first and say so)."""
    placed: list[tuple[Week, Session, dt.date]] = []
    for week in program.weeks:
        first = start + dt.timedelta(days=7 * (week.number - 1))
        offsets = week_offsets(len(week.sessions), start, weekdays)
        placed += [(week, session, first + dt.timedelta(days=offset))
                   for session, offset in zip(week.sessions, offsets, strict=False)]
    return placed


def program_weekdays(program: Program) -> list[int] | None:
    """The clinician's chosen weekdays (stored ISO, Monday = 1) as Monday = 0, or ``None``."""
    return None if not program.weekdays else [day - 1 for day in program.weekdays]


def busiest_week(program: Program) -> int:
    """The most sessions any week of the program has (1 for an empty program)."""
    return max((len(w.sessions) for w in program.weeks), default=1)


def weekdays_of(dates: Iterable[dt.date], program: Program) -> list[int]:
    """The weekdays (Monday = 0) some placed sessions fall on, or the default spread for
    the program's busiest week when none is placed."""
    return sorted({d.weekday() for d in dates}) or default_weekdays(busiest_week(program))


def weekdays_used(program: Program, start: dt.date) -> list[int]:
    """The weekdays the schedule puts the program's sessions on from ``start``."""
    placed = session_dates(program, start, program_weekdays(program))
    return weekdays_of((date for _, _, date in placed), program)
