"""The article's weekly template, for one to four leg days, and the block calendar.

The seed article's summary gives one template for two leg days: day 1 a bilateral squat with a
single-leg deadlift, day 2 a conventional deadlift with a reverse lunge, each day holding
exactly one single-leg hinge or squat/lunge. The other frequencies, and the rotation of the
single-leg staples, are our extension of it:

* 1 day: the one session always carries a bilateral squat or hinge, one single-leg lift and
  abduction work. The article's two days take turns **block by block** (four weeks each), not
  week by week, so every week is complete and each exercise keeps four weeks in a row to
  progress.
* 2 days: the article's two days. Where the goal asks for single-leg squat work (a runner, a
  field or court athlete, appearance), day 2's single-leg lift takes turns block by block
  between the goal's patterns (e.g. single-leg squat, then reverse lunge).
* 3 days: the two days plus a third, lighter day built on a single-leg squat with no
  bilateral lift (more single-leg work without a third heavy bilateral session).
* 4 days: the two-day template run twice a week; where day 2 rotates, day 4 runs the other
  pattern, so both come every week.

Abduction-specific work goes on the first one to three days (the article's 1-3 times a week).
The lighter consolidation week comes every fourth week with two or more leg days, and is not
planned at one day a week (see :data:`LIGHTER_WEEK_SPACING`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
"""A block: the weeks between two steps up the ladders (three build weeks, then either a
lighter consolidation week or, at one leg day a week, a fourth build week)."""

_SINGLE_LEG_NAMES = {
    Pattern.SINGLE_LEG_SQUAT: "single-leg squat",
    Pattern.LUNGE: "reverse lunge",
    Pattern.SINGLE_LEG_HINGE: "single-leg deadlift",
}


def day_two(pattern: Pattern) -> SessionTemplate:
    """The article's day 2 (deadlift) with ``pattern`` as its single-leg lift (the others
    stay as fall-backs, in the article's order)."""
    if pattern is Pattern.LUNGE:
        return DAY_HINGE
    rest = tuple(p for p in DAY_HINGE.single_leg if p is not pattern)
    return replace(
        DAY_HINGE, key=f"B-{pattern.value}", single_leg=(pattern, *rest),
        name=f"Deadlift + {_SINGLE_LEG_NAMES[pattern]}",
    )


@dataclass(frozen=True)
class DayRotation:
    """One leg day of the week and the templates it takes turns with, block by block."""

    day: int
    templates: tuple[SessionTemplate, ...]

    def template(self, block: int) -> SessionTemplate:
        """The template this day follows in ``block`` (0-based)."""
        return self.templates[block % len(self.templates)]


def day_rotations(
    days_per_week: int, day_two_patterns: tuple[Pattern, ...] = (Pattern.LUNGE,)
) -> list[DayRotation]:
    """Every leg day of the week with its rotation (see the module docstring).

    ``day_two_patterns`` is the goal's order of single-leg lifts for the article's day 2
    (the lunge alone is the article's template as written).
    """
    seconds = tuple(day_two(p) for p in day_two_patterns) or (DAY_HINGE,)
    if days_per_week == 1:  # the squat day takes every other block, day 2's lifts the rest
        return [DayRotation(1, tuple(t for second in seconds for t in (DAY_SQUAT, second)))]
    if days_per_week == 2:
        return [DayRotation(1, (DAY_SQUAT,)), DayRotation(2, seconds)]
    if days_per_week == 3:
        return [DayRotation(1, (DAY_SQUAT,)), DayRotation(2, (DAY_HINGE,)),
                DayRotation(3, (DAY_SINGLE_LEG,))]
    if days_per_week == 4:
        shifted = seconds[1:] + seconds[:1]
        return [DayRotation(1, (DAY_SQUAT,)), DayRotation(2, seconds),
                DayRotation(3, (DAY_SQUAT,)), DayRotation(4, shifted)]
    raise ValueError(f"days_per_week must be 1-4, got {days_per_week}")


def week_templates(
    days_per_week: int, week_number: int,
    day_two_patterns: tuple[Pattern, ...] = (Pattern.LUNGE,),
) -> list[SessionTemplate]:
    """The leg days of one week, in order."""
    block = week_phase(week_number, days_per_week).block
    return [r.template(block) for r in day_rotations(days_per_week, day_two_patterns)]


def abduction_days(days_per_week: int) -> frozenset[int]:
    """1-based days that carry abduction-specific work: every day, at most three a week."""
    return frozenset(range(1, min(days_per_week, 3) + 1))


@dataclass(frozen=True)
class LighterWeekSpacing:
    """How often a planned lighter week comes, for a number of leg days, and why."""

    days_per_week: int
    every_weeks: int | None
    """A lighter week every this many weeks; None: none is planned."""
    reason: str
    source: str
    confidence: str
    """How sure: the source's own level (docs/evidence.md) and whether the rule drawn from it
    is the source's or ours (expert opinion)."""


_FOUR_WEEKLY = (
    "Three build weeks then a lighter week, so adaptation can catch up before the next step "
    "up the ladders; progressive overload needs planned variation in volume."
)
LIGHTER_WEEK_SPACING: dict[int, LighterWeekSpacing] = {
    1: LighterWeekSpacing(
        days_per_week=1,
        every_weeks=None,
        reason=(
            "One leg day a week is below the two to three sessions a week that the ACSM "
            "position stand recommends for novices, and leaves six days of recovery after "
            "every session; a planned lighter week would take a quarter of an already small "
            "weekly dose away. So no lighter week is planned: every week builds, and the "
            "progression engine still eases off when logged sessions stall or pain rises."
        ),
        source=why.ACSM_2009_FULL + " (frequency: 2-3 days a week for novices)",
        confidence=(
            "frequency figure verified-abstract; dropping the planned lighter week is "
            "glutemed's own reading of it (expert opinion, not trial-tested)"
        ),
    ),
    **{
        days: LighterWeekSpacing(
            days_per_week=days, every_weeks=BLOCK_WEEKS, reason=_FOUR_WEEKLY,
            source=why.ACSM_2009_FULL + " (progressive overload with planned variation)",
            confidence=(
                "progression principle verified-abstract; the four-week spacing is glutemed's "
                "choice (expert opinion)"
            ),
        )
        for days in (2, 3, 4)
    },
}
"""The planned lighter week by leg days a week, each with its source and certainty."""


def lighter_week_every(days_per_week: int) -> int | None:
    """Weeks between planned lighter weeks (None: none planned at this frequency)."""
    return LIGHTER_WEEK_SPACING[days_per_week].every_weeks


@dataclass(frozen=True)
class WeekPhase:
    """Where a week sits in the block calendar."""

    block: int
    """0-based block (a new block steps each exercise one rung up its ladder)."""
    position: int
    """0-3: the week's place in its block."""
    lighter: bool = False
    """True for a planned lighter (consolidation) week."""

    @property
    def deload(self) -> bool:
        """True for a planned lighter week (the name the dose ladders use)."""
        return self.lighter


def week_phase(week_number: int, days_per_week: int = 2) -> WeekPhase:
    """Block and position of a 1-based week number, and whether it is a lighter week."""
    block, position = divmod(week_number - 1, BLOCK_WEEKS)
    every = lighter_week_every(days_per_week)
    lighter = every is not None and week_number % every == 0
    return WeekPhase(block=block, position=position, lighter=lighter)


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
    if phase.position == BLOCK_WEEKS - 1:
        return (f"Block {phase.block + 1}, week {phase.position + 1}: keep building (no "
                f"lighter week at one leg day a week).{suffix}")
    return f"Block {phase.block + 1}, week {phase.position + 1}: build volume.{suffix}"
