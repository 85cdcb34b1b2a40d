"""The profile options that ``glutemed plan`` and ``glutemed start`` share, declared once.

Each option is an ``Annotated`` type, so both commands show the same help text and take the
same default (the ``DEFAULT_*`` constants): they cannot drift apart. The numbers in the help
text and the defaults are the :class:`~glutemed.programming.models.Profile` model's own;
``tests/cli/test_profile_options.py`` fails if they ever disagree with it. (The model is not
imported here, so ``glutemed --help`` stays fast.)

:func:`build_profile` turns the options into a ``Profile``; a value the model rejects comes
back as an :class:`~glutemed.errors.InputError` that names the option typed (``--days``) and
the model's own message, e.g. ``--days: 6 is out of range; allowed 1 to 4 (days per week)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.programming.models import Profile

WEIGHT_BEARING = "weight-bearing"

DEFAULT_DAYS = 2
DEFAULT_WEEKS = 8
DEFAULT_LEVEL = "beginner"
DEFAULT_MINUTES = 45
DEFAULT_EQUIPMENT = "none"
DEFAULT_AVOID = ""

_GOAL = typer.Option("--goal", help="hypertrophy, rehab, risk-reduction or performance.")
_EQUIPMENT = typer.Option(
    "--equipment", help="Comma list of equipment ids you have; 'none' = bodyweight."
)

GoalOption = Annotated[str, _GOAL]
"""``--goal``, required (``plan``)."""
AskedGoalOption = Annotated[str | None, _GOAL]
"""``--goal``, asked for in a terminal when left out (``start``)."""
DaysOption = Annotated[int, typer.Option("--days", help="Leg days a week, 1-4 (two is ideal).")]
WeeksOption = Annotated[int, typer.Option("--weeks", help="Program length in weeks, 4-16.")]
EquipmentOption = Annotated[str, _EQUIPMENT]
AskedEquipmentOption = Annotated[str | None, _EQUIPMENT]
LevelOption = Annotated[
    str,
    typer.Option("--level", help="Training experience: beginner, intermediate, advanced."),
]
MassOption = Annotated[
    float | None,
    typer.Option(
        "--mass-kg", help="Body mass in kg, 30-300 (the load model's tables are adult data)."
    ),
]
HeightOption = Annotated[
    float | None, typer.Option("--height-m", help="Height in metres, 1-2.5.")
]
SexOption = Annotated[
    str | None, typer.Option("--sex", help="female or male (load model only).")
]
MinutesOption = Annotated[
    int, typer.Option("--minutes", help="Minutes per session, 15-180.")
]
AvoidOption = Annotated[
    str,
    typer.Option(
        "--avoid",
        help="Comma list: variant ids, 'weight-bearing', or provocations such as "
        "end-range-adduction.",
    ),
]
SidePlankOption = Annotated[
    float | None,
    typer.Option("--side-plank-s", help="Baseline: longest side plank hold, seconds."),
]
SideLyingOption = Annotated[
    int | None,
    typer.Option("--side-lying-reps", help="Baseline: side-lying abduction reps in one set."),
]
SingleLegSquatOption = Annotated[
    int | None,
    typer.Option("--single-leg-squat", help="Baseline: single-leg squat quality 0-3."),
]

AgeOption = Annotated[int | None, typer.Option("--age", help="Age in years, 18-100.")]
ConditionOption = Annotated[
    str,
    typer.Option(
        "--condition",
        help="What you train around: none, lateral-hip-pain (gluteal tendinopathy), "
        "knee-pain, low-back-pain, or after-surgery (only once a clinician has cleared you: "
        "add --surgery-cleared).",
    ),
]
AffectedSideOption = Annotated[
    str,
    typer.Option("--side", help="The painful (or operated) side: none, left, right or both."),
]
SurgeryClearedOption = Annotated[
    bool,
    typer.Option(
        "--surgery-cleared",
        help="Confirm that a clinician has cleared you to exercise after your surgery.",
    ),
]
FellOption = Annotated[
    str | None,
    typer.Option("--fell-last-year", help="yes or no: have you had a fall in the last year?"),
]
OneLegOption = Annotated[
    str | None,
    typer.Option(
        "--one-leg-10s",
        help="yes or no: can you stand on one leg for 10 seconds without holding on?",
    ),
]
BandsOption = Annotated[
    str,
    typer.Option(
        "--bands",
        help="Comma list of the band strengths you own (tan, yellow, red, green, blue, black, "
        "silver, gold); empty = whichever the exercise names.",
    ),
]
CuffOption = Annotated[
    str, typer.Option("--cuff-kg", help="Comma list of the cuff weights you own, kg (e.g. 1,2).")
]
DumbbellOption = Annotated[
    str,
    typer.Option("--dumbbell-kg", help="Comma list of the dumbbell weights you own, kg."),
]

DEFAULT_CONDITION = "none"
DEFAULT_SIDE = "none"


@dataclass(frozen=True)
class PersonOptions:
    """The options about the person rather than the program, as typed (``plan``/``start``)."""

    age: int | None = None
    condition: str = DEFAULT_CONDITION
    side: str = DEFAULT_SIDE
    surgery_cleared: bool = False
    fell_last_year: str | None = None
    one_leg_10s: str | None = None
    bands: str = ""
    cuff_kg: str = ""
    dumbbell_kg: str = ""

    def fields(self) -> dict[str, Any]:
        """Profile fields; yes/no and number lists parsed, naming the option on an error."""
        return {
            "age": self.age, "condition": self.condition, "affected_side": self.side,
            "surgery_cleared": self.surgery_cleared,
            "fell_last_year": _yes_no("--fell-last-year", self.fell_last_year),
            "one_leg_10s": _yes_no("--one-leg-10s", self.one_leg_10s),
            "bands": frozenset(_words(self.bands)),
            "cuff_kg": _numbers("--cuff-kg", self.cuff_kg),
            "dumbbell_kg": _numbers("--dumbbell-kg", self.dumbbell_kg),
        }


def _yes_no(option: str, value: str | None) -> bool | None:
    from glutemed.errors import InputError

    if value is None or not value.strip():
        return None
    answer = value.strip().lower()
    if answer in {"yes", "y", "true"}:
        return True
    if answer in {"no", "n", "false"}:
        return False
    raise InputError(option, f"'{value}' is not an answer; allowed: yes, no")


def _words(value: str) -> list[str]:
    return [w.strip().lower() for w in value.split(",") if w.strip()]


def _numbers(option: str, value: str) -> frozenset[float]:
    from glutemed.errors import InputError

    found = set()
    for word in _words(value):
        try:
            found.add(float(word))
        except ValueError:
            raise InputError(option, f"'{word}' is not a number; give kg, e.g. 1,2.5") from None
    return frozenset(found)


OPTION_FOR_FIELD = {
    "goal": "--goal",
    "days_per_week": "--days",
    "weeks": "--weeks",
    "equipment": "--equipment",
    "level": "--level",
    "minutes_per_session": "--minutes",
    "mass_kg": "--mass-kg",
    "height_m": "--height-m",
    "sex": "--sex",
    "baseline.side_plank_hold_s": "--side-plank-s",
    "baseline.side_lying_abduction_reps": "--side-lying-reps",
    "baseline.single_leg_squat_quality": "--single-leg-squat",
    "age": "--age",
    "condition": "--condition",
    "affected_side": "--side",
    "surgery_cleared": "--surgery-cleared",
    "fell_last_year": "--fell-last-year",
    "one_leg_10s": "--one-leg-10s",
    "bands": "--bands",
    "cuff_kg": "--cuff-kg",
    "dumbbell_kg": "--dumbbell-kg",
}
"""Profile field -> the option a person typed, so an error names what they can change."""


def build_profile(
    catalog: Catalog, *, goal: str, days: int, weeks: int, equipment: str, level: str,
    mass_kg: float | None, height_m: float | None, sex: str | None, minutes: int, avoid: str,
    side_plank_s: float | None = None, side_lying_reps: int | None = None,
    single_leg_squat: int | None = None, person: PersonOptions | None = None,
) -> Profile:
    """The profile for these options; every range and choice is checked by the model."""
    from pydantic import ValidationError

    from glutemed.cli.catalog import parse_equipment
    from glutemed.errors import InputError
    from glutemed.programming.models import Profile

    if (mass_kg is None) != (height_m is None):
        raise InputError("--mass-kg/--height-m", "give both body mass and height, or neither")
    variants, provocations, weight_bearing = _parse_avoid(avoid, catalog)
    baseline: dict[str, Any] | None = None
    if (side_plank_s, side_lying_reps, single_leg_squat) != (None, None, None):
        baseline = {
            "side_plank_hold_s": side_plank_s,
            "side_lying_abduction_reps": side_lying_reps,
            "single_leg_squat_quality": single_leg_squat,
        }
    values: dict[str, Any] = {
        "goal": goal, "days_per_week": days, "weeks": weeks, "level": level,
        "equipment": frozenset(parse_equipment(equipment, catalog)),
        "minutes_per_session": minutes, "baseline": baseline, "mass_kg": mass_kg,
        "height_m": height_m, "sex": sex, "avoid_variants": variants,
        "avoid_weight_bearing": weight_bearing, "avoid_provocations": provocations,
        **(person or PersonOptions()).fields(),
    }
    try:
        return Profile.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err.get("loc", ()) if not isinstance(p, int))
        message = err["msg"].removeprefix("Value error, ")
        head, _, rest = message.partition(": ")
        if not field and head in OPTION_FOR_FIELD:  # a rule across fields names its field
            field, message = head, rest
        raise InputError(OPTION_FOR_FIELD.get(field, field or "profile"), message) from None


def _parse_avoid(value: str, catalog: Catalog) -> tuple[frozenset[str], frozenset[str], bool]:
    """Split ``--avoid`` into variant ids, provocations and the weight-bearing flag."""
    from glutemed.errors import InputError
    from glutemed.programming.generator import known_provocations

    provocations = known_provocations(catalog)
    ids = {v.id for v in catalog.variants}
    variants: set[str] = set()
    found: set[str] = set()
    weight_bearing = False
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        if item == WEIGHT_BEARING:
            weight_bearing = True
        elif item in provocations:
            found.add(item)
        elif item in ids:
            variants.add(item)
        else:
            close = catalog.suggest(item)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise InputError(
                "--avoid",
                f"unknown '{item}'{hint}; allowed: {WEIGHT_BEARING}, {', '.join(provocations)}, "
                "or a variant id from 'glutemed exercises list'",
            )
    return frozenset(variants), frozenset(found), weight_bearing
