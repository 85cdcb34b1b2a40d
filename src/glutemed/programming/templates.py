"""The article's weekly template, for one to four leg days, and the block calendar.

The seed article's summary gives one template for two leg days: day 1 a bilateral squat with a
single-leg deadlift, day 2 a conventional deadlift with a reverse lunge, each day holding
exactly one single-leg hinge or squat/lunge. The other frequencies are our extension of it:

* 1 day: the two days alternate week by week, so both patterns are trained every fortnight.
* 3 days: the two days plus a third, lighter day built on a single-leg squat with no
  bilateral lift (more single-leg work without a third heavy bilateral session).
* 4 days: the two-day template run twice a week.

Abduction-specific work goes on the first one to three days (the article's 1-3 times a week).
"""

from __future__ import annotations

from dataclasses import dataclass

from glutemed.catalog.models import Pattern
from glutemed.programming import rationale as why


@dataclass(frozen=True)
class SessionTemplate:
    """One leg day: its bilateral lift, its one single-leg pattern and optional isolation."""

    key: str
    name: str
    bilateral: Pattern | None
    single_leg: tuple[Pattern, ...]
    """Preferred single-leg pattern first, then fall-backs if it cannot be done."""
    accessory_families: tuple[str, ...]
    reason: str


DAY_SQUAT = SessionTemplate(
    key="A",
    name="Squat + single-leg hinge",
    bilateral=Pattern.BILATERAL_SQUAT,
    single_leg=(Pattern.SINGLE_LEG_HINGE, Pattern.LUNGE, Pattern.SINGLE_LEG_SQUAT),
    accessory_families=("hamstring-curl", "calf-raise"),
    reason=why.TWO_DAY_RULE,
)
DAY_HINGE = SessionTemplate(
    key="B",
    name="Deadlift + reverse lunge",
    bilateral=Pattern.BILATERAL_HINGE,
    single_leg=(Pattern.LUNGE, Pattern.SINGLE_LEG_SQUAT, Pattern.SINGLE_LEG_HINGE),
    accessory_families=("quadriceps-isolation", "calf-raise"),
    reason=why.TWO_DAY_RULE,
)
DAY_SINGLE_LEG = SessionTemplate(
    key="C",
    name="Single-leg day",
    bilateral=None,
    single_leg=(Pattern.SINGLE_LEG_SQUAT, Pattern.LUNGE, Pattern.SINGLE_LEG_HINGE),
    accessory_families=("calf-raise", "hamstring-curl"),
    reason=(
        "A third, lighter leg day: one single-leg squat and no bilateral lift, so the week "
        "gains single-leg work without a third heavy session."
    ),
)

BLOCK_WEEKS = 4
"""Three build weeks then one consolidation week."""


def week_templates(days_per_week: int, week_number: int) -> list[SessionTemplate]:
    """The leg days of one week, in order."""
    if days_per_week == 1:
        return [DAY_SQUAT if week_number % 2 == 1 else DAY_HINGE]
    if days_per_week == 2:
        return [DAY_SQUAT, DAY_HINGE]
    if days_per_week == 3:
        return [DAY_SQUAT, DAY_HINGE, DAY_SINGLE_LEG]
    if days_per_week == 4:
        return [DAY_SQUAT, DAY_HINGE, DAY_SQUAT, DAY_HINGE]
    raise ValueError(f"days_per_week must be 1-4, got {days_per_week}")


def abduction_days(days_per_week: int) -> frozenset[int]:
    """1-based days that carry abduction-specific work: every day, at most three a week."""
    return frozenset(range(1, min(days_per_week, 3) + 1))


@dataclass(frozen=True)
class WeekPhase:
    """Where a week sits in the block calendar."""

    block: int
    """0-based block (a new block steps each exercise one rung up its ladder)."""
    position: int
    """0-2 for build weeks, 3 for the consolidation week."""

    @property
    def deload(self) -> bool:
        """True for the lighter fourth week of a block."""
        return self.position == BLOCK_WEEKS - 1


def week_phase(week_number: int) -> WeekPhase:
    """Block and position of a 1-based week number."""
    block, position = divmod(week_number - 1, BLOCK_WEEKS)
    return WeekPhase(block=block, position=position)


def week_focus(phase: WeekPhase, is_last: bool) -> str:
    """A short heading for the week."""
    if phase.deload:
        return f"Block {phase.block + 1}, consolidation week: {why.DELOAD}"
    if phase.position == 0 and phase.block > 0:
        return (
            f"Block {phase.block + 1}, week 1: step up one rung on each ladder, volume back to "
            "the start of the range."
        )
    suffix = " Last week of the program: retest and keep what works." if is_last else ""
    return f"Block {phase.block + 1}, week {phase.position + 1}: build volume.{suffix}"
