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

    @model_validator(mode="after")
    def _mass_and_height_together(self) -> Profile:
        if (self.mass_kg is None) != (self.height_m is None):
            raise ValueError("give both mass_kg and height_m, or neither")
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
