"""Goal-specific adjustments: what each of the article's four reasons changes in a program.

Every goal shares the article's skeleton (templates.py). A :class:`GoalPlan` holds only what
differs: the dose ladders within the article's ranges, the effort target in reps in reserve,
rest, which abduction families come first, and the text that explains the adjustment. Kept
as data so that a clinician can read the whole set of adjustments in one screen, and so that
the tests can check that every dose stays inside the published ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from glutemed.catalog.models import Dimension, Pattern, Role
from glutemed.programming import rationale as why
from glutemed.programming.models import Goal

Range = tuple[int, int]
Dose = tuple[int, Range]
"""Sets and a reps (or hold-seconds) range."""

REHAB_PROVOCATIONS = frozenset({"end-range-adduction", "sustained-adduction"})
"""Added to every rehab profile: compressive positions for the gluteal tendons (Grimaldi 2015)."""

ALTERNATING_MODE_FAMILIES = ("side-plank",)
"""Families whose holds and repetitions take turns block by block where the variant offers
both. The article says each exercise can be done either way, and the side plank is the one
it shows both as a hold and with the top leg moving; alternating gives a trainee both the
near-neutral isometric and the dynamic form. Our extension (expert opinion)."""



@dataclass(frozen=True)
class DoseLadder:
    """Doses for the three build weeks of a block and for its consolidation week.

    Volume rises first (sets, then the top of the range), which is the progression order the
    planner promises; a new block then steps the variant up and starts again at week one.
    """

    build: tuple[Dose, Dose, Dose]
    deload: Dose

    def at(self, position: int, deload: bool) -> Dose:
        """The dose for a week's position (0-2) within its block."""
        return self.deload if deload else self.build[min(position, 2)]


@dataclass(frozen=True)
class GoalPlan:
    """Everything one goal changes, with the reasons to print beside it."""

    goal: Goal
    reasons: tuple[str, ...]
    compound: DoseLadder
    abduction_reps: DoseLadder
    abduction_hold: DoseLadder
    accessory: DoseLadder
    rir: dict[Role, Range]
    rest_s: dict[Role, int]
    primary_families: tuple[str, ...]
    """Abduction families tried in order for each abduction day's main exercise."""
    secondary_families: tuple[str, ...]
    """Families for the goal's second abduction exercise (its emphasis)."""
    step_first: tuple[Dimension, ...] = ()
    """Ladder dimensions this goal takes before the default order when stepping up."""
    secondary_is_emphasis: bool = False
    """True when the second abduction exercise *is* the goal's adjustment (kept when short
    of time); False when it only adds volume."""
    secondary_from_block: int = 0
    secondary_turns: tuple[str, ...] = ()
    """The goal's staples for the second abduction exercise: they take turns day by day (and
    block by block at one leg day a week), so each comes every week where there are days for
    it; ``secondary_families`` is the fall-back when none of them is possible."""
    power_families: tuple[str, ...] = ()
    """Lateral power families (lateral lunge, shuffle, hops, bounds), one per leg day in turn,
    placed first in the session while the legs are fresh."""
    day_two_single_leg: tuple[Pattern, ...] = (Pattern.LUNGE,)
    """The single-leg lifts the article's day 2 takes turns with, block by block (the
    article's own day 2 is the reverse lunge)."""
    isometric_blocks: int = 0
    """Blocks (of four weeks) in which abduction work is isometric where the variant allows."""
    provocations: frozenset[str] = frozenset()
    abduction_first: bool = False
    max_start_level: int = 5
    load_factor: float = 1.0
    prefer_light_bilateral: bool = False
    fast_intent: bool = False
    demand_fraction: float = 0.75
    """Share of estimated abductor capacity a starting variant may ask for (see selection)."""

    def rir_for(self, role: Role, block: int, deload: bool) -> Range:
        """Reps-in-reserve target; consolidation weeks and rehab's first block stay easier."""
        if deload:
            return (3, 5) if self.goal is Goal.REHAB else (3, 4)
        low, high = self.rir[role]
        if self.goal is Goal.REHAB and block >= 1:
            return (max(low - 1, 1), max(high - 1, 2))
        return (low, high)


_COMPOUND = DoseLadder(build=((3, (8, 12)), (4, (8, 12)), (5, (8, 12))), deload=(3, (8, 10)))
_ABD_REPS = DoseLadder(
    build=((3, (10, 15)), (4, (10, 15)), (4, (12, 20))), deload=(3, (10, 12))
)
_ABD_HOLD = DoseLadder(
    build=((3, (30, 40)), (4, (30, 45)), (4, (45, 60))), deload=(3, (30, 40))
)
POWER = DoseLadder(build=((3, (5, 8)), (3, (6, 8)), (4, (6, 8))), deload=(2, (5, 6)))
"""Lateral power work: 3-4 sets of 5-8 per side with full rest, fewer in a lighter week.
glutemed's choice (expert opinion): the seed article gives no dose for hops or bounds, and
none is in docs/evidence.md; few, high-quality repetitions keep every landing controlled."""
POWER_REST_S = 120
"""Rest between power sets (expert opinion: long enough for every set to be done fast)."""
POWER_DOSE_NOTE = (
    "Lateral power: 3-4 sets of 5-8 each side, about two minutes' rest, stop a set when the "
    "landings get noisy or the knee drifts in - glutemed's choice (expert opinion; the seed "
    "article gives no dose for hops or bounds)."
)

_ACCESSORY = DoseLadder(build=((2, (8, 12)), (3, (8, 12)), (3, (10, 12))), deload=(2, (8, 10)))

GOAL_PLANS: dict[Goal, GoalPlan] = {
    Goal.HYPERTROPHY: GoalPlan(
        goal=Goal.HYPERTROPHY,
        reasons=(why.HYPERTROPHY_VOLUME,),
        compound=DoseLadder(
            build=((4, (8, 12)), (5, (8, 12)), (5, (10, 12))), deload=(3, (8, 10))
        ),
        abduction_reps=DoseLadder(
            build=((3, (12, 15)), (4, (12, 15)), (4, (15, 20))), deload=(3, (10, 12))
        ),
        abduction_hold=_ABD_HOLD,
        accessory=_ACCESSORY,
        rir={Role.COMPOUND: (1, 2), Role.ABDUCTION: (0, 2), Role.ACCESSORY: (0, 2)},
        rest_s={Role.COMPOUND: 120, Role.ABDUCTION: 60, Role.ACCESSORY: 60},
        primary_families=(
            "side-lying-abduction", "banded-side-step", "side-plank", "standing-abduction",
        ),
        secondary_families=(
            "side-plank", "banded-side-step", "standing-abduction", "side-lying-abduction",
        ),
        day_two_single_leg=(Pattern.LUNGE, Pattern.SINGLE_LEG_SQUAT),
        demand_fraction=0.8,
    ),
    Goal.REHAB: GoalPlan(
        goal=Goal.REHAB,
        reasons=(
            why.REHAB_WEAKNESS, why.REHAB_ISOMETRIC, why.REHAB_COMPRESSION, why.PAIN_MONITORING
        ),
        compound=DoseLadder(
            build=((3, (8, 12)), (3, (8, 12)), (4, (8, 12))), deload=(3, (8, 10))
        ),
        abduction_reps=DoseLadder(
            build=((3, (10, 12)), (3, (10, 15)), (4, (10, 15))), deload=(3, (10, 12))
        ),
        abduction_hold=DoseLadder(
            build=((3, (30, 40)), (4, (30, 40)), (4, (30, 45))), deload=(3, (30, 40))
        ),
        accessory=_ACCESSORY,
        rir={Role.COMPOUND: (3, 4), Role.ABDUCTION: (3, 4), Role.ACCESSORY: (3, 4)},
        rest_s={Role.COMPOUND: 90, Role.ABDUCTION: 60, Role.ACCESSORY: 60},
        primary_families=("side-lying-abduction", "standing-abduction", "single-limb-stance"),
        secondary_families=("single-limb-stance", "standing-abduction", "side-plank"),
        secondary_from_block=1,
        isometric_blocks=1,
        provocations=REHAB_PROVOCATIONS,
        abduction_first=True,
        max_start_level=2,
        load_factor=0.6,
        prefer_light_bilateral=True,
        demand_fraction=0.5,
    ),
    Goal.RISK_REDUCTION: GoalPlan(
        goal=Goal.RISK_REDUCTION,
        reasons=(why.RISK_SINGLE_LIMB,),
        compound=_COMPOUND,
        abduction_reps=_ABD_REPS,
        abduction_hold=_ABD_HOLD,
        accessory=_ACCESSORY,
        rir={Role.COMPOUND: (2, 3), Role.ABDUCTION: (2, 3), Role.ACCESSORY: (2, 3)},
        rest_s={Role.COMPOUND: 120, Role.ABDUCTION: 60, Role.ACCESSORY: 60},
        primary_families=(
            "side-plank", "side-lying-abduction", "standing-abduction", "banded-side-step",
        ),
        secondary_families=("single-limb-stance", "banded-side-step"),
        step_first=(Dimension.STABILITY,),
        secondary_is_emphasis=True,
        secondary_turns=("banded-side-step", "single-limb-stance"),
        day_two_single_leg=(Pattern.SINGLE_LEG_SQUAT, Pattern.LUNGE),
    ),
    Goal.PERFORMANCE: GoalPlan(
        goal=Goal.PERFORMANCE,
        reasons=(why.PERFORMANCE_LATERAL,),
        compound=DoseLadder(
            build=((3, (8, 10)), (4, (8, 10)), (5, (8, 10))), deload=(3, (8, 8))
        ),
        abduction_reps=DoseLadder(
            build=((3, (10, 12)), (3, (10, 15)), (4, (12, 15))), deload=(3, (10, 12))
        ),
        abduction_hold=_ABD_HOLD,
        accessory=_ACCESSORY,
        rir={Role.COMPOUND: (2, 3), Role.ABDUCTION: (1, 3), Role.ACCESSORY: (2, 3)},
        rest_s={Role.COMPOUND: 150, Role.ABDUCTION: 60, Role.ACCESSORY: 60},
        primary_families=(
            "banded-side-step", "side-plank", "standing-abduction", "side-lying-abduction",
        ),
        secondary_families=(
            "single-limb-stance", "banded-side-step", "standing-abduction", "side-plank",
        ),
        step_first=(Dimension.STABILITY,),
        secondary_is_emphasis=True,
        secondary_turns=("single-limb-stance", "banded-side-step"),
        power_families=("lateral-hop", "lateral-lunge", "skater-bound", "lateral-shuffle"),
        day_two_single_leg=(Pattern.SINGLE_LEG_SQUAT, Pattern.LUNGE),
        fast_intent=True,
        demand_fraction=0.85,
    ),
}


def plan_for(goal: Goal) -> GoalPlan:
    """The adjustments for one goal."""
    return GOAL_PLANS[goal]
