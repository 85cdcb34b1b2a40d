"""The one spacing rule: the store's schedule and the calendar export place sessions alike."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from hypothesis import given
from hypothesis import strategies as st

from glutemed.catalog.loader import load_default_catalog
from glutemed.export.to_ics import schedule as ics_schedule
from glutemed.programming.calendar import (
    default_weekdays,
    session_dates,
    weekdays_used,
)
from glutemed.programming.generator import generate_program
from glutemed.programming.models import Profile, Program
from glutemed.services.people import schedule as store_schedule

WEDNESDAY = dt.date(2026, 12, 2)


@lru_cache(maxsize=1)
def _program() -> Program:
    """A generated two-day program (every week has two sessions)."""
    return generate_program(Profile(goal="rehab", equipment=frozenset({"mini-band"}),
                                    days_per_week=2), load_default_catalog())


def test_two_sessions_from_a_wednesday_fall_three_days_apart() -> None:
    """Hand check: offsets 0 and 3 from Wednesday 2 December give Wednesday and Saturday,
    and week 2 starts seven days later."""
    program = _program()
    dates = [d for _, _, d in session_dates(program, WEDNESDAY)]
    assert dates[:2] == [WEDNESDAY, dt.date(2026, 12, 5)]
    assert dates[2:4] == [dt.date(2026, 12, 9), dt.date(2026, 12, 12)]
    assert weekdays_used(program, WEDNESDAY) == [2, 5]


def test_default_weekdays_are_monday_and_thursday_for_two() -> None:
    assert default_weekdays(2) == [0, 3]
    assert default_weekdays(3) == [0, 2, 4]


@given(start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
       days=st.sets(st.integers(0, 6), min_size=2, max_size=7))
def test_the_store_and_the_calendar_export_agree_on_chosen_weekdays(
        start: dt.date, days: set[int]) -> None:
    """On the same weekdays, every session gets the same date from both callers."""
    program = _program().model_copy(
        update={"weekdays": tuple(sorted(d + 1 for d in days))})
    stored = {(w, s): d for w, s, _, d, _ in store_schedule(program, start)}
    exported = {(w, s): d for w, s, d in ics_schedule(program, start, sorted(days))}
    assert stored == exported
    assert all(d.weekday() in days for d in stored.values())
