"""The planner's vocabulary: a person's profile in, a program of prescriptions out.

Pydantic models so that the command line, the web app, the store and the exporters all
validate and serialise them the same way; an invalid value gives a message that names the
field and what is allowed.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from glutemed.biomech.anthropometrics import HEIGHT_M, MASS_KG, SEXES
from glutemed.catalog.models import BandLevel, LoadSite, Mode, Role
from glutemed.ranges import RangeMessages


class Goal(StrEnum):
    """The four reasons the article gives for training the gluteus medius."""

    HYPERTROPHY = "hypertrophy"  # appearance
    REHAB = "rehab"  # e.g. lateral hip pain with gluteal tendinopathy
    RISK_REDUCTION = "risk-reduction"  # e.g. a runner
    PERFORMANCE = "performance"  # sports with lateral movement


class Level(StrEnum):
    """Training experience."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Side(StrEnum):
    """Which leg a set is for."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Condition(StrEnum):
    """What the person is training around, asked at onboarding; each changes the program
    through ``programming/data/conditions.yaml`` (with its sources)."""

    NONE = "none"
    LATERAL_HIP_PAIN = "lateral-hip-pain"  # gluteal tendinopathy
    KNEE_PAIN = "knee-pain"
    LOW_BACK_PAIN = "low-back-pain"
    AFTER_SURGERY = "after-surgery"  # only once a clinician has cleared exercise


class AffectedSide(StrEnum):
    """Which side hurts (or was operated on)."""

    NONE = "none"
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


SIDED_CONDITIONS = frozenset({Condition.LATERAL_HIP_PAIN, Condition.KNEE_PAIN})
"""Conditions that need the affected side: the program treats that side differently."""

CUFF_KG = (0.25, 10.0)
DUMBBELL_KG = (0.5, 60.0)
"""Plausible single cuff and dumbbell weights (kg): a typo such as 200 is refused by name."""


class Baseline(RangeMessages):
    """Optional test results that place a person on the ladders more precisely."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    side_plank_hold_s: float | None = Field(default=None, ge=0, le=600)
    side_lying_abduction_reps: int | None = Field(default=None, ge=0, le=200)
    single_leg_squat_quality: int | None = Field(
        default=None, ge=0, le=3, description="0 = cannot, 1 = poor, 2 = fair, 3 = good control"
    )


class Profile(RangeMessages):
    """What the planner needs to know about a person.

    The body fields take their bounds from the load model (:data:`MASS_KG`, :data:`HEIGHT_M`),
    so any body a profile accepts can be modelled.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    goal: Goal
    days_per_week: int = Field(default=2, ge=1, le=4, description="days per week")
    weeks: int = Field(default=8, ge=4, le=16, description="weeks")
    equipment: frozenset[str] = frozenset()
    level: Level = Level.BEGINNER
    minutes_per_session: int = Field(default=45, ge=15, le=180, description="minutes per session")
    baseline: Baseline | None = None
    mass_kg: float | None = Field(
        default=None, ge=MASS_KG.ge, le=MASS_KG.le, description=MASS_KG.note
    )
    height_m: float | None = Field(default=None, ge=HEIGHT_M.ge, le=HEIGHT_M.le)
    sex: str | None = Field(default=None, pattern=rf"^({'|'.join(SEXES)})$")
    avoid_variants: frozenset[str] = frozenset()
    avoid_weight_bearing: bool = False
    avoid_provocations: frozenset[str] = frozenset()
    """Provocations from the catalogue's ``avoid_if``, e.g. ``end-range-adduction``."""
    age: int | None = Field(default=None, ge=18, le=100, description="age in years")
    condition: Condition = Condition.NONE
    affected_side: AffectedSide = AffectedSide.NONE
    surgery_cleared: bool = False
    """The person confirms a clinician has cleared them to exercise after surgery."""
    fell_last_year: bool | None = None
    """A fall in the last twelve months (None: not asked)."""
    one_leg_10s: bool | None = None
    """Can stand on one leg for 10 seconds without holding on (None: not asked)."""
    bands: frozenset[BandLevel] = frozenset()
    """The band strengths the person owns (empty: any the variant names)."""
    cuff_kg: frozenset[float] = frozenset()
    """The cuff weights the person owns, kg (empty: any)."""
    dumbbell_kg: frozenset[float] = frozenset()
    """The dumbbell or kettlebell weights the person owns, kg (empty: any)."""

    @property
    def balance_risk(self) -> bool:
        """A fall in the last year, or cannot stand on one leg for 10 s."""
        return self.fell_last_year is True or self.one_leg_10s is False

    @property
    def painful_sides(self) -> frozenset[Side]:
        """The legs the condition affects (left, right), empty when none or not sided."""
        if self.affected_side is AffectedSide.BOTH:
            return frozenset({Side.LEFT, Side.RIGHT})
        if self.affected_side is AffectedSide.NONE:
            return frozenset()
        return frozenset({Side(self.affected_side.value)})

    @model_validator(mode="after")
    def _mass_and_height_together(self) -> Profile:
        if (self.mass_kg is None) != (self.height_m is None):
            raise ValueError("give both mass_kg and height_m, or neither")
        return self

    @model_validator(mode="after")
    def _condition_is_complete(self) -> Profile:
        if self.condition is Condition.AFTER_SURGERY and not self.surgery_cleared:
            raise ValueError(
                "surgery_cleared: after surgery glutemed plans only once a clinician has "
                "cleared you to exercise; confirm that (allowed: true) or choose another "
                "condition"
            )
        if self.condition in SIDED_CONDITIONS and self.affected_side is AffectedSide.NONE:
            raise ValueError(
                f"affected_side: {self.condition.value} needs the painful side; allowed: "
                "left, right, both"
            )
        if self.condition is Condition.NONE and self.affected_side is not AffectedSide.NONE:
            raise ValueError("affected_side: given only with a condition; allowed: none")
        return self

    @model_validator(mode="after")
    def _owned_weights_are_plausible(self) -> Profile:
        for name, (low, high), kit in (("cuff_kg", CUFF_KG, "cuff-weight"),
                                      ("dumbbell_kg", DUMBBELL_KG, "dumbbell")):
            values = getattr(self, name)
            bad = sorted(v for v in values if not low <= v <= high)
            if bad:
                raise ValueError(f"{name}: {bad[0]:g} is out of range; allowed {low:g} to "
                                 f"{high:g} kg each")
            if values and kit not in self.equipment:
                raise ValueError(f"{name}: needs '{kit}' in equipment")
        if self.bands and not {"mini-band", "long-band"} & self.equipment:
            raise ValueError("bands: needs 'mini-band' or 'long-band' in equipment")
        return self


class Prescription(RangeMessages):
    """One exercise in a session: what to do, how much, how hard, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    variant_id: str
    role: Role
    mode: Mode
    side: Side
    sets: int = Field(ge=1, le=10)
    slot: str | None = Field(default=None, max_length=120)
    """The program position this item fills (e.g. ``abduction:side-lying-abduction``): the
    same every week, whatever rung of the ladder the item is on, so the progression state
    follows one exercise through block changes. ``None`` in programs stored before slots
    existed; :func:`slot_of` derives one for them."""
    reps: tuple[int, int] | None = None
    hold_s: tuple[int, int] | None = None
    load_kg: float | None = Field(default=None, ge=0)
    band: BandLevel | None = None
    band_at: LoadSite | None = None
    rest_s: int = Field(ge=0, le=600)
    rir: tuple[int, int] = Field(description="target reps in reserve, low-high")
    optional: bool = False
    setup_note: str | None = Field(default=None, max_length=300)
    """A set-up step this person needs on top of the exercise's own: a hand on a counter or
    rail for a balance risk, which side to lie on with a painful hip. Items stored before it
    existed read as None."""
    rationale: str

    @model_validator(mode="after")
    def _dose_matches_mode(self) -> Prescription:
        if self.mode is Mode.ISOTONIC and (self.reps is None or self.hold_s is not None):
            raise ValueError("an isotonic prescription has reps and no hold_s")
        if self.mode is Mode.ISOMETRIC and (self.hold_s is None or self.reps is not None):
            raise ValueError("an isometric prescription has hold_s and no reps")
        for name in ("reps", "hold_s"):
            pair = getattr(self, name)
            if pair is not None and not 0 < pair[0] <= pair[1]:
                raise ValueError(f"{name} must be a range low <= high, both positive")
        return self


class Session(BaseModel):
    """One planned training day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: int = Field(ge=1, le=7, description="1-based index of the session within its week")
    name: str
    items: list[Prescription]


class Week(BaseModel):
    """One week of the program."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1)
    focus: str
    sessions: list[Session]


class Program(BaseModel):
    """Weeks of sessions for one profile, with the reasons for the choices made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: Profile
    weeks: list[Week]
    rationale: list[str]
    weekdays: tuple[int, ...] | None = Field(
        default=None, description="days of the week the sessions fall on (ISO, 1 = Monday); "
        "None: spread out from the start date")


def legacy_slot(role: Role, variant_id: str) -> str:
    """The slot of an item stored without one: its role and family (the family slug is the
    variant id's prefix), stable across the rungs of a ladder like a generated slot."""
    return f"{role.value}:{variant_id.split('.', 1)[0]}"


def slot_of(item: Prescription) -> str:
    """The item's slot id (derived for items stored before slots existed)."""
    return item.slot or legacy_slot(item.role, item.variant_id)
