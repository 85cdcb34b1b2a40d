"""Shared wording for the reasons behind a program, so every rule is explained the same way.

The planner's rules come from a handful of sources. Naming them once here keeps the text in
the program, the command line, the Markdown export and the tests in agreement, and lets a
clinician see at a glance which statement rests on which source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from glutemed.catalog.models import Mode, Role, Variant
from glutemed.programming.models import Goal, Profile

if TYPE_CHECKING:
    from glutemed.programming.goals import GoalPlan
    from glutemed.programming.slots import SlotKind

# -- sources ----------------------------------------------------------------------------------
ARTICLE: Final = "seed article"
ARTICLE_FULL: Final = "seed article: Gluteus Medius Training, summary & practical recommendations"
ACSM_2009: Final = "ACSM 2009"
ACSM_2009_FULL: Final = (
    "ACSM position stand 2009 (Ratamess et al., Med Sci Sports Exerc 41:687-708)"
)
LEAP_2018: Final = "LEAP 2018"
LEAP_2018_FULL: Final = "LEAP trial: Mellor et al. 2018, BMJ 361:k1662"
GRIMALDI_2015: Final = "Grimaldi 2015"
GRIMALDI_2015_FULL: Final = "Grimaldi et al. 2015, Sports Med 45:1107-1119"
SILBERNAGEL_2007: Final = "Silbernagel 2007"
SILBERNAGEL_2007_FULL: Final = (
    "Silbernagel et al. 2007 pain-monitoring model, Am J Sports Med 35:897-906"
)
SUGIMOTO_2014: Final = "Sugimoto 2014"
SUGIMOTO_2014_FULL: Final = "Sugimoto et al. 2014, Clin J Sport Med 24:422-428"
ALLISON_2016: Final = "Allison 2016"
ALLISON_2016_FULL: Final = "Allison et al. 2016, Med Sci Sports Exerc 48:346-352"
NOEHREN_2013: Final = "Noehren 2013"
NOEHREN_2013_FULL: Final = "Noehren, Hamill & Davis 2013, Med Sci Sports Exerc 45:1120-1124"
CLINICAL_MEMORY: Final = "clinical advice from memory, not checked against the trial text"
"""Said beside a rule that rests on recalled clinical practice rather than a checked source
(docs/evidence.md lists which)."""

SOURCES: Final = (
    ARTICLE_FULL, ACSM_2009_FULL, LEAP_2018_FULL, GRIMALDI_2015_FULL, SILBERNAGEL_2007_FULL,
    SUGIMOTO_2014_FULL, ALLISON_2016_FULL, NOEHREN_2013_FULL,
)
"""Full references, listed once at the end of a program's reasons."""

# -- the article's rules, in our own words ----------------------------------------------------
TEMPLATE_RULE: Final = (
    "Each leg day holds exactly one single-leg hinge or squat/lunge: standing on one leg makes "
    "the gluteus medius hold the pelvis level in the frontal plane, on top of the main lift "
    f"({ARTICLE})."
)
TWO_DAY_RULE: Final = (
    "With two leg days, day 1 pairs a bilateral squat with a single-leg deadlift and day 2 a "
    f"conventional deadlift with a reverse lunge ({ARTICLE})."
)
COMPOUND_DOSE: Final = (
    f"Compound lifts start at 3-5 sets of 8-12 reps ({ARTICLE}; 8-12 RM is the novice "
    f"loading zone in the {ACSM_2009})."
)
ABDUCTION_DOSE: Final = (
    "Hip-abduction-specific work 1-3 times a week, 3-4 sets of 10-20 reps or 30-60 s holds: "
    f"compound lifts alone rarely load the abductors fully ({ARTICLE})."
)
NEUTRAL_HOLD: Final = (
    "Hold with the hip near neutral (thigh in line with the trunk, not crossed or dropped into "
    "adduction): the abductors produce their greatest torque there, which is also where they "
    f"work in walking and single-leg stance ({ARTICLE})."
)
ACCESSORY_NOTE: Final = (
    f"Optional: hamstring, quadriceps or calf isolation rounds out the leg day ({ARTICLE})."
)
PROGRESSION_RULE: Final = (
    "Weeks add volume first (sets, then reps or hold time within the ranges), then step to the "
    "next variant on the ladder; every fourth week is a lighter consolidation week "
    f"(progressive overload, {ACSM_2009})."
)


def progression_rule(profile: Profile) -> str:
    """The progression rule as it applies at this frequency (lighter weeks by leg days)."""
    from glutemed.programming.templates import LIGHTER_WEEK_SPACING

    spacing = LIGHTER_WEEK_SPACING[profile.days_per_week]
    if spacing.every_weeks is not None:
        return PROGRESSION_RULE
    return (
        "Weeks add volume first (sets, then reps or hold time within the ranges), then step "
        "to the next variant on the ladder every four weeks. " + spacing.reason
        + f" ({ACSM_2009}: 2-3 days a week for novices; {spacing.confidence})."
    )
PAIN_MONITORING: Final = (
    "Pain monitoring: pain during exercise may reach 5/10 at most and must settle by the next "
    "morning; if it is higher, or worse the next day, do not progress and drop back a step "
    f"({SILBERNAGEL_2007})."
)
WARNING_SIGNS: Final = (
    "See a clinician instead of progressing if you have severe or night pain, a fall or injury, "
    "numbness or tingling, fever, or pain that keeps rising. glutemed gives exercise advice, "
    "not a diagnosis."
)
EMG_LIMIT: Final = (
    "Much of the exercise ranking behind these choices is surface EMG, which shows activation, "
    f"not force ({ARTICLE})."
)
BAND_RULE: Final = (
    "With good technique and the burn felt in the glutes, a stronger band comes before moving "
    f"the band further down the leg ({ARTICLE})."
)

# -- the four goals ---------------------------------------------------------------------------
REHAB_WEAKNESS: Final = (
    "Why rehabilitation trains the abductors: people with gluteal tendinopathy (lateral hip "
    "pain) are weaker in the hip abductors than people without it; whether the weakness is a "
    "cause or a result of the pain is not known, but it is a sensible place to start "
    f"({ARTICLE}; {ALLISON_2016})."
)
REHAB_ISOMETRIC: Final = (
    "Rehabilitation starts with isometric abduction near neutral and moves to dynamic and "
    f"weight-bearing loading later ({LEAP_2018}; {GRIMALDI_2015}; the order of the phases is "
    f"{CLINICAL_MEMORY})."
)
REHAB_COMPRESSION: Final = (
    "Compression of the tendons against the greater trochanter rises with hip adduction, so "
    f"sustained or end-range adduction is avoided ({GRIMALDI_2015}). The everyday rules - no "
    "crossing the legs, no hanging on one hip, a pillow between the knees when side-lying - "
    f"are {CLINICAL_MEMORY}."
)
HYPERTROPHY_VOLUME: Final = (
    "Hypertrophy: more sets and sets taken close to failure (0-2 reps in reserve) drive growth "
    f"({ACSM_2009}; appearance goal in the {ARTICLE})."
)
RISK_SINGLE_LIMB: Final = (
    "Risk reduction: single-limb control and abductor strength. No study yet shows that a "
    "stronger gluteus medius prevents injury; the case rests on a prospective study of healthy "
    "female runners, in which those who went on to develop patellofemoral (kneecap) pain had "
    f"run with more hip adduction ({ARTICLE}; {NOEHREN_2013})."
)
PERFORMANCE_LATERAL: Final = (
    "Performance: lateral, single-limb and faster work for sports with side-to-side movement; "
    f"the argument is mechanistic, not yet tested in trials ({ARTICLE})."
)
MODE_TURNS: Final = (
    f"Holds and reps take turns block by block here; the {ARTICLE} allows either."
)
SINGLE_LEG_SQUAT_STAPLE: Final = (
    "Day 2's single-leg lift takes turns block by block between a single-leg squat and the "
    "reverse lunge: the article lists the single-leg squat among the single-limb exercises "
    "with high gluteus medius activity, and it trains the knee and hip control the goal is "
    f"about ({ARTICLE}; the rotation is our extension)."
)
ONE_DAY_RULE: Final = (
    "One leg day a week: every session holds a bilateral squat or deadlift, one single-leg "
    "lift and hip-abduction work. The article's two days take turns block by block (four "
    "weeks each) rather than week by week, so each exercise gets four weeks in a row to "
    "progress; two days a week is what the article recommends."
)
POWER_REASON: Final = (
    "Lateral power, first while the legs are fresh: sideways pushes and one-leg landings with "
    "the knee over the foot and the pelvis level, for sports that move sideways (the "
    f"{ARTICLE}'s performance reason: mechanistic, not trial-tested). 3-4 x 5-8 each side is "
    "glutemed's choice (expert opinion)."
)
FAST_INTENT: Final = "Move fast on the way up or out, then control the return."
DELOAD: Final = "fewer sets and more reps in reserve to let adaptation catch up."


def demand_note(moment_nm: float, moment_nm_per_kg: float) -> str:
    """One sentence putting the load model's number into the rationale."""
    return (
        f"Modelled peak hip abduction moment for your body: {moment_nm:.0f} N·m "
        f"({moment_nm_per_kg:.2f} N·m/kg)."
    )


# -- composing the reasons --------------------------------------------------------------------

_SECOND_ABDUCTION = {
    Goal.RISK_REDUCTION: f"Single-limb control, the goal's emphasis ({ARTICLE}).",
    Goal.PERFORMANCE: f"Lateral and single-limb work for sports that cut sideways ({ARTICLE}).",
    Goal.HYPERTROPHY: f"A second abduction exercise adds volume ({ACSM_2009}).",
    Goal.REHAB: f"Weight-bearing abduction once isometrics are tolerated ({LEAP_2018}; "
    f"{GRIMALDI_2015}).",
}


def abduction_reason(goal: Goal, kind: SlotKind, variant: Variant) -> str:
    """Why an abduction exercise is in the session (``kind`` 'abduction' or 'abduction-2')."""
    if kind == "abduction-2":
        return _SECOND_ABDUCTION[goal]
    text = (
        "Hip-abduction-specific work, 1-3x a week, 3-4 sets of 10-20 reps or 30-60 s "
        f"({ARTICLE})."
    )
    if goal is Goal.REHAB:
        text += f" Starts isometric, no adduction past neutral ({LEAP_2018}; {GRIMALDI_2015})."
        if variant.family == "side-lying-abduction":
            text += " Pillow between the knees."
    if variant.band is not None:
        text += f" Stronger band before moving it lower ({ARTICLE})."
    return text


def item_reason(
    plan: GoalPlan,
    *,
    kind: SlotKind,
    role: Role,
    variant: Variant,
    start: Variant,
    mode: Mode,
    steps: int,
    deload: bool,
    block: int,
    demand: tuple[float, float] | None,
    alternating: bool = False,
) -> str:
    """The short reason printed beside one prescription: anatomy or evidence, then the goal."""
    if kind == "bilateral":
        parts = [f"The day's main bilateral lift from the article's template; 3-5 x 8-12 "
                 f"({ARTICLE}; {ACSM_2009} 8-12 RM)."]
    elif kind == "power":
        parts = [POWER_REASON]
    elif kind == "single-leg":
        parts = ["The day's one single-leg lift: on one leg the gluteus medius holds the "
                 f"pelvis level ({ARTICLE}); 3-5 x 8-12."]
    elif role is Role.ABDUCTION:
        parts = [abduction_reason(plan.goal, kind, variant)]
    else:
        parts = [f"Optional isolation work ({ARTICLE})."]
    if mode is Mode.ISOMETRIC:
        parts.append(f"Hold near neutral hip, where the abductors are strongest ({ARTICLE}).")
    if alternating:
        parts.append(MODE_TURNS)
    if plan.goal is Goal.REHAB and role is not Role.ACCESSORY:
        parts.append("Pain during <= 5/10 and settled by next morning, else do not progress "
                     f"({SILBERNAGEL_2007}).")
    if plan.goal is Goal.HYPERTROPHY and not deload:
        parts.append(f"Finish sets close to failure ({ACSM_2009}).")
    if plan.fast_intent and role is not Role.ACCESSORY:
        parts.append(FAST_INTENT)
    if steps > 0 and variant.id != start.id:
        parts.append(f"Block {block + 1}: {steps} rung(s) up from {start.name.lower()}.")
    if demand is not None and role is not Role.ACCESSORY:
        parts.append(demand_note(*demand))
    if deload:
        parts.append("Consolidation week.")
    return " ".join(parts)


def program_reasons(
    profile: Profile, plan: GoalPlan, notes: list[str], capacity_nm_per_kg: float | None,
    condition_lines: list[str] | None = None,
) -> list[str]:
    """The program-level reasons: the article's rules, the goal's, notes, safety, sources.

    ``capacity_nm_per_kg`` is given when the load model checked the starting variants.
    """
    lines = [TEMPLATE_RULE]
    if profile.days_per_week == 2:
        lines.append(TWO_DAY_RULE)
    elif profile.days_per_week == 1:
        lines.append(ONE_DAY_RULE)
    else:
        lines.append(f"{profile.days_per_week} leg days: built around the article's two-day "
                     "template; abduction work stays at 1-3 days a week.")
    if plan.power_families:
        from glutemed.programming.goals import POWER_DOSE_NOTE

        lines.append(POWER_DOSE_NOTE)
    if len(plan.day_two_single_leg) > 1 and profile.days_per_week != 3:
        lines.append(SINGLE_LEG_SQUAT_STAPLE)
    lines += [COMPOUND_DOSE, ABDUCTION_DOSE, NEUTRAL_HOLD, progression_rule(profile)]
    lines += [*plan.reasons, *(condition_lines or []), *notes]
    if capacity_nm_per_kg is not None:
        lines.append(
            "Lying (non-weight-bearing) starting variants were checked against the load "
            f"model: each asks for at most {plan.demand_fraction:.0%} of an estimated "
            f"abductor capacity of {capacity_nm_per_kg:.2f} N·m/kg ({SUGIMOTO_2014})."
        )
    else:
        lines.append("Starting variants come from the catalogue levels (give body mass and "
                     "height to have the load model check them).")
    if PAIN_MONITORING not in lines:
        lines.append(PAIN_MONITORING)
    lines += [WARNING_SIGNS, EMG_LIMIT, "Sources: " + "; ".join(SOURCES) + "."]
    return lines
