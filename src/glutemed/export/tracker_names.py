"""Tracker exercise names -> catalogue variants: the explicit table, and how a name is
normalised before it is looked up.

A name that is not in the table is reported by the import, never guessed (see
:mod:`glutemed.export.trackers`); a person may add their own mappings on top.
"""

from __future__ import annotations

import re

EXERCISE_MAP: dict[str, str] = {
    # side-lying abduction
    "side lying hip abduction": "side-lying-abduction.bodyweight",
    "side-lying hip abduction": "side-lying-abduction.bodyweight",
    "side lying leg raise": "side-lying-abduction.bodyweight",
    "lying side leg raise": "side-lying-abduction.bodyweight",
    "side leg raise": "side-lying-abduction.bodyweight",
    "side lying hip abduction (ankle weight)": "side-lying-abduction.cuff-ankle",
    "side lying leg raise (ankle weight)": "side-lying-abduction.cuff-ankle",
    "side lying hip abduction (band)": "side-lying-abduction.band-knees",
    # side plank
    "side plank": "side-plank.full",
    "side plank (knees)": "side-plank.short",
    "side plank on knees": "side-plank.short",
    "short side plank": "side-plank.short",
    "side plank hip abduction": "side-plank.full-abduction",
    "side plank leg raise": "side-plank.full-abduction",
    # banded side steps
    "lateral band walk": "banded-side-step.knees-light",
    "lateral band walks": "banded-side-step.knees-light",
    "banded side step": "banded-side-step.knees-light",
    "banded lateral walk": "banded-side-step.knees-light",
    "band side walk": "banded-side-step.knees-light",
    # standing abduction
    "hip abduction (cable)": "standing-abduction.cable-ankle",
    "cable hip abduction": "standing-abduction.cable-ankle",
    "standing cable hip abduction": "standing-abduction.cable-ankle",
    "standing hip abduction (band)": "standing-abduction.band-ankle",
    "banded standing hip abduction": "standing-abduction.band-ankle",
    # single-limb stance
    "single leg stance": "single-limb-stance.bodyweight",
    "single leg balance": "single-limb-stance.bodyweight",
    # compound patterns
    "squat (barbell)": "squat.back-squat",
    "back squat": "squat.back-squat",
    "barbell squat": "squat.back-squat",
    "barbell back squat": "squat.back-squat",
    "goblet squat": "squat.goblet",
    "goblet squat (kettlebell)": "squat.goblet",
    "goblet squat (dumbbell)": "squat.goblet",
    "deadlift (barbell)": "deadlift.conventional",
    "deadlift": "deadlift.conventional",
    "barbell deadlift": "deadlift.conventional",
    "conventional deadlift": "deadlift.conventional",
    "deadlift (kettlebell)": "deadlift.kettlebell",
    "kettlebell deadlift": "deadlift.kettlebell",
    "single leg deadlift": "single-leg-deadlift.bodyweight",
    "single leg romanian deadlift": "single-leg-deadlift.bodyweight",
    "single leg romanian deadlift (bodyweight)": "single-leg-deadlift.bodyweight",
    "single leg romanian deadlift (dumbbell)": "single-leg-deadlift.opposite-hand",
    "single leg deadlift (dumbbell)": "single-leg-deadlift.opposite-hand",
    "single-leg rdl": "single-leg-deadlift.bodyweight",
    "reverse lunge": "reverse-lunge.bodyweight",
    "reverse lunge (bodyweight)": "reverse-lunge.bodyweight",
    "reverse lunge (dumbbell)": "reverse-lunge.opposite-hand",
    "reverse lunge (barbell)": "reverse-lunge.barbell",
    "pistol squat": "single-leg-squat.bodyweight",
    "single leg squat": "single-leg-squat.bodyweight",
    "single leg box squat": "single-leg-squat.box",
    "box pistol squat": "single-leg-squat.box",
    # accessories
    "calf raise": "calf-raise.double-leg",
    "standing calf raise": "calf-raise.double-leg",
    "calf raise (bodyweight)": "calf-raise.double-leg",
    "single leg calf raise": "calf-raise.single-leg",
    "nordic hamstring curl": "hamstring-curl.nordic",
    "nordic curl": "hamstring-curl.nordic",
    "sliding leg curl": "hamstring-curl.slider",
    "slider hamstring curl": "hamstring-curl.slider",
    "reverse nordic": "quadriceps-isolation.reverse-nordic",
    "reverse nordic curl": "quadriceps-isolation.reverse-nordic",
}
"""Tracker exercise name (normalised: lower case, single spaces) -> catalogue variant.

Deliberately absent: the seated hip-abduction *machine* (no catalogue variant loads the hip
that way), clamshells and monster walks (different exercises). They are reported as unmapped.
"""


def normalise_name(name: str) -> str:
    """Lower case, trimmed, inner whitespace collapsed: ``'Side  Plank '`` -> ``'side plank'``."""
    return re.sub(r"\s+", " ", name.strip().lower())
