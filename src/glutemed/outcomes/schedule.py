"""When outcome measures are due: baseline and, by default, weeks 4, 8 and 12.

The default follows the LEAP trial of education plus exercise for gluteal tendinopathy, whose
protocol measured outcomes at baseline and 4, 8, 12, 26 and 52 weeks (Mellor et al., BMC
Musculoskelet Disord 2016, doi 10.1186/s12891-016-1043-6; read in its abstract); glutemed
keeps the first four by default, and a clinician or person can change them for each client.

A time point opens :data:`EARLY_DAYS` days before its date (measures taken a few days early
still count) and stays due until measures are recorded or the next point opens. These
windows are a convenience of glutemed's, not a published rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator

from glutemed.ranges import RangeMessages

DEFAULT_WEEKS = (0, 4, 8, 12)
EARLY_DAYS = 3
MAX_WEEK = 104

PointStatus = Literal["done", "due", "missed", "upcoming"]


class OutcomeSchedule(RangeMessages):
    """The weeks after the start at which outcomes are measured (0 = baseline)."""

    model_config = {"extra": "forbid", "frozen": True}

    weeks: tuple[int, ...] = Field(default=DEFAULT_WEEKS, min_length=1, max_length=12)

    @field_validator("weeks")
    @classmethod
    def _sorted_and_in_range(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        from pydantic_core import PydanticCustomError

        for week in value:
            if not 0 <= week <= MAX_WEEK:
                raise PydanticCustomError(
                    "week_out_of_range",
                    "{value} is out of range; allowed 0 to {high} (weeks after the start)",
                    {"value": week, "high": MAX_WEEK},
                )
        return tuple(sorted(set(value)))


def parse_weeks(text: str) -> OutcomeSchedule:
    """``"0,4,8,12"`` as a schedule (bad input names the field ``weeks``)."""
    from glutemed.errors import InputError

    try:
        weeks = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise InputError(
            "weeks", f"'{text}' is not a list of whole weeks; use e.g. 0,4,8,12"
        ) from None
    return OutcomeSchedule(weeks=weeks)


@dataclass(frozen=True)
class SchedulePoint:
    """One time point: its week, date and whether measures were taken for it."""

    week: int
    date: dt.date
    status: PointStatus

    @property
    def label(self) -> str:
        """``baseline`` or ``week 4``."""
        return "baseline" if self.week == 0 else f"week {self.week}"


def schedule_points(
    schedule: OutcomeSchedule, start: dt.date, today: dt.date, recorded: Iterable[dt.date]
) -> list[SchedulePoint]:
    """Every time point with its status on ``today``, given the dates measures were recorded.

    A point is *done* when anything was recorded inside its window (from ``EARLY_DAYS``
    before its date to just before the next point's window), *due* when its window is open
    today and nothing was recorded, *missed* when its window closed empty, else *upcoming*.
    """
    dates = sorted(set(recorded))
    opens = [start + dt.timedelta(days=7 * w - EARLY_DAYS) for w in schedule.weeks]
    points: list[SchedulePoint] = []
    for i, week in enumerate(schedule.weeks):
        begin = opens[i]
        end = opens[i + 1] if i + 1 < len(opens) else None
        inside = any(begin <= d and (end is None or d < end) for d in dates)
        if inside:
            status: PointStatus = "done"
        elif today < begin:
            status = "upcoming"
        elif end is None or today < end:
            status = "due"
        else:
            status = "missed"
        points.append(SchedulePoint(week, start + dt.timedelta(days=7 * week), status))
    return points


def due_point(points: Iterable[SchedulePoint]) -> SchedulePoint | None:
    """The time point due today, if any (at most one window is open at a time)."""
    return next((p for p in points if p.status == "due"), None)
