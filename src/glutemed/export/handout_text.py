"""What the handout says to the person: the goal in their words, the pain rules and page 1's
short sections.

Kept apart from the layout so the words can be read and changed without the PDF code, and
shared: the progress report names the goal with the same :data:`GOAL_LABELS`.
"""

from __future__ import annotations

import datetime as dt

from glutemed.programming.conditions import condition_data
from glutemed.programming.models import AffectedSide, Condition, Goal, Profile
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
from glutemed.units import Unit

GOAL_LABELS = {
    Goal.HYPERTROPHY: "Appearance and muscle size (hypertrophy)",
    Goal.REHAB: "Rehabilitation",
    Goal.RISK_REDUCTION: "Injury-risk reduction",
    Goal.PERFORMANCE: "Performance in sports with lateral movement",
}

GOAL_FOR_YOU = {
    Goal.HYPERTROPHY: "to build stronger, fuller hip muscles",
    Goal.REHAB: "to rebuild strength in the side of your hip while keeping pain in check",
    Goal.RISK_REDUCTION: "to build strength and control on one leg",
    Goal.PERFORMANCE: "to build hip strength for sports that move sideways",
}



def goal_label(profile: Profile) -> str:
    """The goal as the handout names it, with what the person told us about themselves
    (never an example that may not be them, such as "a runner")."""
    parts = [GOAL_LABELS.get(profile.goal, str(profile.goal))]
    if profile.condition is not Condition.NONE:
        side = (f", {profile.affected_side.value} side"
                if profile.affected_side is not AffectedSide.NONE else "")
        parts.append(condition_data(profile).name + side)
    if profile.balance_risk:
        parts.append("balance: standing exercises with a hand on a support")
    return "; ".join(parts)


SAFETY_TEXT = (
    "This is exercise advice, not a diagnosis. Some discomfort is acceptable: keep pain during "
    f"an exercise at {PAIN_DURING_LIMIT_0_10}/10 or less, and the next morning no worse than "
    "before. If it is worse, do not progress; hold or step back. Stop and see a clinician for "
    "severe or night pain, a fall or injury, numbness or tingling, fever, or pain that keeps "
    "rising."
)
"""The pain-monitoring limit comes from the progression engine's own constant, so the sheet
and the rules can never disagree."""


def for_you(as_of: dt.date | None, unit: Unit) -> list[tuple[str, str]]:
    """Page 1's short sections, spoken to the person who trains."""
    moves_on = (
        f"The targets in this handout are the ones in force on {as_of:%d %B %Y}. Each time "
        "you log a set, glutemed looks at your reps or seconds, your pain and your technique "
        "checks, and moves the target on, keeps it, or steps it back. Your left and right "
        "side move on separately. Print a new handout when your targets change."
        if as_of is not None
        else "These are the plan's targets week by week. Log your sets (glutemed log, or the "
        "web app) and glutemed will move them on as you get stronger, keeping your left and "
        "right side separate."
    )
    return [
        (
            "Each session",
            "Look up the day's session in 'Weeks at a glance', then do its exercises in the "
            "order listed. Each exercise has a picture, how to set up, what to think about as "
            "you move, and a few yes-or-no questions to ask yourself after every set.",
        ),
        (
            "Reading a target",
            "A target gives the sets, then the repetitions or the seconds to hold, for example "
            "3 \u00d7 10\u201312 reps, and how many more repetitions you should still have in "
            f"the tank when you stop (reps in reserve). Loads are in {unit}. 'Each side' means "
            "do all the sets on one leg, then on the other.",
        ),
        ("How it moves on", moves_on),
        (
            "Writing it down",
            "The training log at the back has a box for every set, with a left and a right "
            "column for the exercises done one leg at a time.",
        ),
    ]
