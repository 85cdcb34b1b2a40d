"""What a person or clinician enters, checked against each measure's range, and the
readings (one number per measure, side and date) it gives.

One entry model per kind of assessment. Every bound is the field's own ``Field`` metadata,
so :class:`~glutemed.ranges.RangeMessages` names the field and its whole allowed range on
every interface ("worst_0_10: 12 is out of range; allowed 0 to 10 (0 = no pain, 10 = the
worst imaginable)"). A bound that depends on another field (a 7-point global rating, a time
above the stated ceiling) is checked by a field validator that names the field the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import fmean
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from glutemed.biomech.anthropometrics import MASS_KG
from glutemed.outcomes.strength import PadSite, side_strength, symmetry_index_pct
from glutemed.ranges import RANGE_TEMPLATE, Bounds, RangeMessages

EnteredRole = Literal["self", "client", "clinician"]
Side = Literal["left", "right"]
PAIN_NOTE = "0 = no pain, 10 = the worst imaginable"
PSFS_NOTE = "0 = cannot do it, 10 = as well as before"
FORCE_N = Bounds(gt=0, le=1000, unit="N", note="plausibility bound for a hand-held dynamometer")
FORCE_KG = Bounds(gt=0, le=100, unit="kg", note="plausibility bound for a hand-held dynamometer")


def _out_of_range(value: object, bounds: Bounds) -> PydanticCustomError:
    """The same error, wording and shape as a plain ``Field`` range error."""
    return PydanticCustomError(
        "less_than_equal",
        RANGE_TEMPLATE,
        {"value": f"{value:g}" if isinstance(value, float) else str(value),
         "allowed": bounds.describe(), "hint": ""},
    )


class _Entry(RangeMessages):
    """Fields every entry carries: when, and who typed it in."""

    model_config = {"extra": "forbid", "frozen": True}

    date: dt.date
    entered_by: str = Field(
        default="self", min_length=1, max_length=80, description="who entered it"
    )
    entered_role: EnteredRole = "self"
    note: str | None = Field(default=None, max_length=500)


class PainEntry(_Entry):
    """Pain on a 0-10 numeric rating scale over the last seven days: average and worst."""

    measure: Literal["pain"] = "pain"
    average_0_10: int = Field(ge=0, le=10, description=PAIN_NOTE)
    worst_0_10: int = Field(ge=0, le=10, description=PAIN_NOTE)

    @field_validator("worst_0_10")
    @classmethod
    def _worst_not_below_average(cls, value: int, info: ValidationInfo) -> int:
        average = info.data.get("average_0_10")
        if average is not None and value < average:
            raise _out_of_range(value, Bounds(ge=average, le=10, note="at least the average"))
        return value


class PsfsActivity(RangeMessages):
    """One activity the person finds hard, and how well they can do it now."""

    model_config = {"extra": "forbid", "frozen": True}

    activity: str = Field(min_length=1, max_length=120)
    rating_0_10: int = Field(ge=0, le=10, description=PSFS_NOTE)


class PsfsEntry(_Entry):
    """Patient-Specific Functional Scale: three to five activities, each rated 0-10."""

    measure: Literal["psfs"] = "psfs"
    activities: list[PsfsActivity] = Field(min_length=3, max_length=5)

    @field_validator("activities")
    @classmethod
    def _distinct(cls, value: list[PsfsActivity]) -> list[PsfsActivity]:
        names = [a.activity.strip().lower() for a in value]
        if len(names) != len(set(names)):
            raise PydanticCustomError("value_error", "name each activity once")
        return value

    @property
    def score(self) -> float:
        """The mean rating (the scale's usual score)."""
        return fmean(a.rating_0_10 for a in self.activities)


class GrocEntry(_Entry):
    """Global rating of change since the start, on a stated 7- or 15-point scale."""

    measure: Literal["groc"] = "groc"
    scale_points: Literal[7, 15] = 15
    rating: int = Field(ge=-7, le=7, description="0 = no change")

    @field_validator("rating")
    @classmethod
    def _on_its_scale(cls, value: int, info: ValidationInfo) -> int:
        half = (int(info.data.get("scale_points", 15)) - 1) // 2
        if not -half <= value <= half:
            note = f"on the {half * 2 + 1}-point scale; 0 = no change"
            raise _out_of_range(value, Bounds(ge=-half, le=half, note=note))
        return value


class VisaGEntry(_Entry):
    """The VISA-G total from the validated questionnaire (its items are not reproduced)."""

    measure: Literal["visa-g"] = "visa-g"
    total_0_100: int = Field(ge=0, le=100, description="100 = no symptoms or limits")


class StanceEntry(_Entry):
    """Single-leg stance time per side, eyes open, stopped at a stated ceiling."""

    measure: Literal["single-leg-stance"] = "single-leg-stance"
    ceiling_s: float = Field(ge=10, le=120, description="the time the test stops at")
    left_s: float = Field(ge=0, le=120)
    right_s: float = Field(ge=0, le=120)

    @field_validator("left_s", "right_s")
    @classmethod
    def _not_above_ceiling(cls, value: float, info: ValidationInfo) -> float:
        ceiling = info.data.get("ceiling_s")
        if ceiling is not None and value > ceiling:
            raise _out_of_range(value, Bounds(ge=0, le=ceiling, unit="s", note="the ceiling"))
        return value


class SitToStandEntry(_Entry):
    """Stands completed in 30 seconds."""

    measure: Literal["sit-to-stand-30s"] = "sit-to-stand-30s"
    stands: int = Field(ge=0, le=50, description="plausibility bound")


class _Dynamometer(_Entry):
    """What every dynamometer entry holds besides its lever arm: both sides' readings."""

    measure: Literal["hip-abduction-strength"] = "hip-abduction-strength"
    force_unit: Literal["N", "kg"] = "N"
    left_force: float = Field(gt=0, le=1000)
    right_force: float = Field(gt=0, le=1000)
    body_mass_kg: float | None = Field(default=None, ge=MASS_KG.ge, le=MASS_KG.le)
    position: Literal["supine", "side-lying", "standing"] = "supine"

    @field_validator("left_force", "right_force")
    @classmethod
    def _plausible_for_unit(cls, value: float, info: ValidationInfo) -> float:
        bounds = FORCE_KG if info.data.get("force_unit") == "kg" else FORCE_N
        if not bounds.contains(value):
            raise _out_of_range(value, bounds)
        return value


LEVER_ARM_NOTE = "greater trochanter to the pad"


class StrengthEntry(_Dynamometer):
    """Isometric hip abduction with a hand-held dynamometer, both sides, as stored.

    ``lever_arm_m`` is the hip-to-pad distance actually used for the torque: measured, or
    estimated from the body-segment table when ``lever_estimated_from`` names the pad site
    (:func:`glutemed.services.outcomes.strength_entry` fills it in from a
    :class:`StrengthInput` before storing, so a stored entry never changes meaning).
    ``body_mass_kg`` (from the profile, or given) turns N·m into N·m/kg.
    """

    lever_arm_m: float = Field(ge=0.1, le=1.2, description=LEVER_ARM_NOTE)
    lever_estimated_from: PadSite | None = None

    def sides(self) -> dict[Side, Any]:
        """Each side's force, torque and torque per kg."""
        return {
            "left": side_strength(
                self.left_force, self.force_unit, self.lever_arm_m, self.body_mass_kg
            ),
            "right": side_strength(
                self.right_force, self.force_unit, self.lever_arm_m, self.body_mass_kg
            ),
        }


class StrengthInput(_Dynamometer):
    """A dynamometer entry as typed in (command line, form or API), before it is stored.

    Give the measured ``lever_arm_m``, or ``pad_at`` (knee or ankle) to have it estimated
    from the person's height; ``body_mass_kg`` defaults to the profile's. Every interface
    turns this into a :class:`StrengthEntry` with the same service function.
    """

    lever_arm_m: float | None = Field(default=None, ge=0.1, le=1.2, description=LEVER_ARM_NOTE)
    pad_at: PadSite | None = None


OutcomeEntry = Annotated[
    PainEntry | PsfsEntry | GrocEntry | VisaGEntry | StanceEntry | SitToStandEntry
    | StrengthEntry,
    Field(discriminator="measure"),
]
"""Any one entry; ``measure`` says which kind it is."""

ENTRY_ADAPTER: TypeAdapter[OutcomeEntry] = TypeAdapter(OutcomeEntry)

AnyInput = (
    PainEntry | PsfsEntry | GrocEntry | VisaGEntry | StanceEntry | SitToStandEntry
    | StrengthInput
)
EntryInput = Annotated[AnyInput, Field(discriminator="measure")]
"""Any one entry as typed in: as stored, except a dynamometer's lever arm may be estimated."""

INPUT_MODELS: dict[str, type[AnyInput]] = {
    "pain": PainEntry, "psfs": PsfsEntry, "groc": GrocEntry, "visa-g": VisaGEntry,
    "single-leg-stance": StanceEntry, "sit-to-stand-30s": SitToStandEntry,
    "hip-abduction-strength": StrengthInput,
}
"""The input model of each kind of entry, by its ``measure`` (what the forms post to)."""

ENTRY_KINDS = tuple(INPUT_MODELS)
"""Every kind of entry, by its ``measure``."""


def parse_entry(data: Any) -> OutcomeEntry:
    """An entry from plain data (a stored row, a file, a request), validated."""
    return ENTRY_ADAPTER.validate_python(data)


@dataclass(frozen=True)
class Reading:
    """One number on one measure's chart: a measure, a side (or none), a date, a value."""

    measure_id: str
    date: dt.date
    value: float
    side: Side | None = None
    detail: str = ""


def readings_of(entry: OutcomeEntry) -> list[Reading]:
    """The chartable numbers an entry gives (symmetry computed, never typed)."""
    d = entry.date
    if isinstance(entry, PainEntry):
        return [Reading("pain-average", d, entry.average_0_10),
                Reading("pain-worst", d, entry.worst_0_10)]
    if isinstance(entry, PsfsEntry):
        return [Reading("psfs", d, entry.score, detail=_psfs_detail(entry))]
    if isinstance(entry, GrocEntry):
        return [Reading("groc", d, entry.rating, detail=f"{entry.scale_points}-point scale")]
    if isinstance(entry, VisaGEntry):
        return [Reading("visa-g", d, entry.total_0_100)]
    if isinstance(entry, StanceEntry):
        ceiling = f"ceiling {entry.ceiling_s:g} s"
        return [Reading("single-leg-stance", d, entry.left_s, "left", ceiling),
                Reading("single-leg-stance", d, entry.right_s, "right", ceiling)]
    if isinstance(entry, SitToStandEntry):
        return [Reading("sit-to-stand-30s", d, entry.stands)]
    return _strength_readings(entry)


def _psfs_detail(entry: PsfsEntry) -> str:
    return "; ".join(f"{a.activity} {a.rating_0_10}" for a in entry.activities)


def _strength_readings(entry: StrengthEntry) -> list[Reading]:
    sides = entry.sides()
    lever = f"lever {entry.lever_arm_m:.3f} m" + (
        f" (estimated, pad at the {entry.lever_estimated_from})"
        if entry.lever_estimated_from else " (measured)"
    )
    out = [Reading("hip-abduction-torque", entry.date, s.torque_nm, side, lever)
           for side, s in sides.items()]
    out += [Reading("hip-abduction-torque-per-kg", entry.date, s.torque_nm_per_kg, side, lever)
            for side, s in sides.items() if s.torque_nm_per_kg is not None]
    index = symmetry_index_pct(sides["left"].torque_nm, sides["right"].torque_nm)
    if index is not None:
        weaker = "left" if sides["left"].torque_nm < sides["right"].torque_nm else "right"
        detail = "equal" if sides["left"].torque_nm == sides["right"].torque_nm else (
            f"{weaker} weaker")
        out.append(Reading("hip-abduction-symmetry", entry.date, index, None, detail))
    return out

