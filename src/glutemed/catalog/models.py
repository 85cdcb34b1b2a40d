"""The knowledge base as typed, validated models.

Everything downstream (load model, program generator, progression engine, figures, web app)
reads these objects, so they are strict: unknown keys are errors, ids follow one slug form,
and a variant is only valid together with its family. The shapes mirror the YAML files in
``catalog/data`` one to one, which is what lets a physiotherapist audit the YAML without
reading Python.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from glutemed.catalog.coaching import Coaching

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
VARIANT_ID = re.compile(rf"^{SLUG}\.{SLUG}$")
FAMILY_ID = re.compile(rf"^{SLUG}$")

NonEmptyStr = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    """Base for every catalogue model: frozen, and a typo in a key is an error.

    Built on first validation (``defer_build``), not on import: a command whose catalogue
    comes unpickled from the cache (:mod:`glutemed.data_cache`) never validates one, and
    building the ~25 models cost ~25 ms of its start."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Part(StrEnum):
    """The three regions of the gluteus medius."""

    ANTERIOR = "anterior"
    MIDDLE = "middle"
    POSTERIOR = "posterior"


class Mode(StrEnum):
    """How a set is dosed: repetitions (isotonic) or seconds held (isometric)."""

    ISOTONIC = "isotonic"
    ISOMETRIC = "isometric"


class Laterality(StrEnum):
    """Whether a set is done once per side or with both legs at once."""

    PER_SIDE = "per-side"
    BILATERAL = "bilateral"


class Dimension(StrEnum):
    """What a ladder step changes. Load model tests rely on the first four raising demand."""

    LOAD = "load"
    LEVER = "lever"
    BAND_RESISTANCE = "band-resistance"
    BAND_POSITION = "band-position"
    RANGE = "range"
    BASE_OF_SUPPORT = "base-of-support"
    STABILITY = "stability"
    MODE = "mode"


class Role(StrEnum):
    """Where a variant sits in a leg session (the article's weekly template)."""

    ABDUCTION = "abduction"  # hip-abduction-specific work, 1-3x/week
    COMPOUND = "compound"  # squat / hinge / lunge patterns, 3-5 x 8-12
    ACCESSORY = "accessory"  # optional hamstring, quadriceps and calf isolation


class Pattern(StrEnum):
    """Movement pattern, used to enforce one single-leg hinge or squat/lunge per session."""

    ABDUCTION = "abduction"
    SINGLE_LEG_SQUAT = "single-leg-squat"
    SINGLE_LEG_HINGE = "single-leg-hinge"
    LUNGE = "lunge"
    SINGLE_LIMB_STANCE = "single-limb-stance"
    BILATERAL_SQUAT = "bilateral-squat"
    BILATERAL_HINGE = "bilateral-hinge"
    LATERAL = "lateral"  # lateral lunges, shuffles, hops and bounds: side-to-side power work
    ISOLATION = "isolation"

    @property
    def is_single_leg_compound(self) -> bool:
        """Single-leg hinge or squat/lunge: the article allows one of these per session."""
        return self in {Pattern.SINGLE_LEG_SQUAT, Pattern.SINGLE_LEG_HINGE, Pattern.LUNGE}


class LoadKind(StrEnum):
    """The kind of external resistance a variant uses."""

    CUFF_WEIGHT = "cuff-weight"
    HAND_WEIGHT = "hand-weight"  # dumbbell or kettlebell held in a hand or at the thigh
    BAND = "band"
    CABLE = "cable"
    BELT_WEIGHT = "belt-weight"
    BARBELL = "barbell"
    MACHINE = "machine"
    WALL_PRESS = "wall-press"  # self-generated push of the free knee into a wall


class LoadSite(StrEnum):
    """Where on the body an external resistance acts."""

    THIGH = "thigh"
    KNEES = "knees"
    ANKLES = "ankles"
    FEET = "feet"
    OPPOSITE_HAND = "opposite-hand"
    SAME_HAND = "same-hand"
    BOTH_HANDS = "both-hands"
    BACK = "back"
    BELT = "belt"
    FREE_KNEE = "free-knee"


class BandLevel(StrEnum):
    """Elastic band resistance levels, lightest to heaviest (Thera-Band colour order)."""

    TAN = "tan"
    YELLOW = "yellow"
    RED = "red"
    GREEN = "green"
    BLUE = "blue"
    BLACK = "black"
    SILVER = "silver"
    GOLD = "gold"

    @property
    def rank(self) -> int:
        """0 for the lightest band, 7 for the heaviest."""
        return list(BandLevel).index(self)


class Equipment(Strict):
    """One piece of equipment a person may or may not have."""

    id: str = Field(pattern=rf"^{SLUG}$")
    name: NonEmptyStr
    description: NonEmptyStr


class PartInfo(Strict):
    """One part of the muscle, its actions and what it is known for."""

    id: Part
    name: NonEmptyStr
    actions: list[NonEmptyStr] = Field(min_length=1)
    notes: NonEmptyStr


class TrainingReason(Strict):
    """One of the article's four reasons to train the muscle on purpose, with its limits."""

    goal: str = Field(pattern=rf"^{SLUG}$", description="the program goal it leads to")
    name: NonEmptyStr
    text: NonEmptyStr
    sources: list[NonEmptyStr] = Field(min_length=1)


class WhyTrain(Strict):
    """Why train a muscle on purpose when movements come first: the article's stance.

    Shown to the people who train (the web anatomy page, ``glutemed anatomy``), not only
    kept in the docs.
    """

    movements_first: NonEmptyStr
    examples: list[NonEmptyStr] = Field(min_length=1)
    no_isolation: NonEmptyStr
    reasons: list[TrainingReason] = Field(min_length=4, max_length=4)
    emg_limit: NonEmptyStr


class Anatomy(Strict):
    """The muscle as a whole: attachments, nerve, size share, parts and its stabilising role,
    and why it is worth training on purpose."""

    muscle: NonEmptyStr
    origin: NonEmptyStr
    insertion: NonEmptyStr
    innervation: NonEmptyStr
    abductor_csa_share: float = Field(gt=0, lt=1)
    abductor_csa_source: NonEmptyStr
    parts: list[PartInfo] = Field(min_length=3, max_length=3)
    hip_flexed_90: NonEmptyStr
    single_limb_stance: NonEmptyStr
    synergists: list[NonEmptyStr]
    why_train: WhyTrain

    @field_validator("parts")
    @classmethod
    def _each_part_once(cls, parts: list[PartInfo]) -> list[PartInfo]:
        if sorted(p.id for p in parts) != sorted(Part):
            raise ValueError("must describe anterior, middle and posterior exactly once")
        return parts


class Check(Strict):
    """A yes/no technique question asked after a set; 'yes' is always the good answer."""

    id: str = Field(pattern=rf"^{SLUG}$")
    question: NonEmptyStr


class Fault(Strict):
    """A common fault and the fix for it.

    ``check`` names the technique check whose "no" answer points at this fault, so a failed
    check is answered with this fix rather than a generic "fix your technique". Every check
    of every variant has at least one fault that names it (checked on load).
    """

    fault: NonEmptyStr
    fix: NonEmptyStr
    check: str | None = Field(default=None, pattern=rf"^{SLUG}$")


class FeltElsewhere(Strict):
    """Where else a trainee may feel the exercise, and what to change if so."""

    where: NonEmptyStr
    change: NonEmptyStr


class Feel(Strict):
    """Where the exercise should be felt, and what feeling it elsewhere suggests."""

    target: NonEmptyStr
    elsewhere: list[FeltElsewhere] = Field(default_factory=list)


class Confidence(StrEnum):
    """How a figure was checked (docs/evidence.md explains each level).

    Required on every evidence entry: a default would make an unchecked entry look verified.
    """

    VERIFIED_ABSTRACT = "verified-abstract"  # read in the paper's own abstract or full text
    VERIFIED_SECONDARY = "verified-secondary"  # read in a secondary summary quoting it
    UNVERIFIED = "unverified"  # recalled, not checked against a stored copy


class Evidence(Strict):
    """A published measurement, always shown with its limits and how sure we are of it."""

    study: NonEmptyStr
    measure: NonEmptyStr
    value: NonEmptyStr
    limits: NonEmptyStr
    confidence: Confidence = Field(
        description="how the figure was checked (see docs/evidence.md)",
    )


class LoadSpec(Strict):
    """One external resistance in a variant: what it is and where it acts."""

    kind: LoadKind
    at: LoadSite
    default_kg: float | None = Field(default=None, gt=0, le=200)
    default_band: BandLevel | None = None

    @model_validator(mode="after")
    def _band_or_kg(self) -> LoadSpec:
        if self.kind is LoadKind.BAND and self.default_kg is not None:
            raise ValueError("a band takes default_band, not default_kg")
        if self.kind is not LoadKind.BAND and self.default_band is not None:
            raise ValueError("default_band is only for kind: band")
        return self


class Variant(Strict):
    """One concrete way of doing a family's exercise.

    ``setup``, ``cues``, ``checks`` and ``faults`` here are the variant's own; the family's
    shared ones apply too (see :meth:`Family.setup_for` and friends), so a cue that holds for
    every side-lying variant is written once.
    """

    id: str
    name: NonEmptyStr
    summary: NonEmptyStr
    modes: list[Mode] = Field(min_length=1)
    weight_bearing: bool
    laterality: Laterality = Laterality.PER_SIDE
    role: Role = Role.ABDUCTION
    pattern: Pattern = Pattern.ABDUCTION
    equipment: list[str] = Field(default_factory=list)
    loads: list[LoadSpec] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)
    level: int = Field(ge=1, le=5, description="1 = a beginner can start here, 5 = very strong")
    setup: list[NonEmptyStr] = Field(default_factory=list)
    cues: list[NonEmptyStr] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    faults: list[Fault] = Field(default_factory=list)
    feel: Feel | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    avoid_if: list[NonEmptyStr] = Field(
        default_factory=list,
        description="provocations, e.g. 'sustained-adduction', 'end-range-adduction'",
    )

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        if not VARIANT_ID.match(value):
            raise ValueError("must look like 'family-slug.variant-slug' (lowercase, hyphens)")
        return value

    @model_validator(mode="after")
    def _abduction_work_names_parts(self) -> Variant:
        if self.role is not Role.ACCESSORY and not self.parts:
            raise ValueError("parts: name the gluteus medius parts this variant emphasises")
        return self

    @property
    def family(self) -> str:
        """The family slug is the part of the id before the dot."""
        return self.id.split(".", 1)[0]

    @property
    def band(self) -> LoadSpec | None:
        """The band this variant uses, if any."""
        return next((load for load in self.loads if load.kind is LoadKind.BAND), None)


class LadderStep(Strict):
    """A progression from an easier variant to a harder one, naming what changes.

    The regression is the same edge read backwards. ``when`` holds the clinical condition for
    taking the step where the article gives one (the band rule).
    """

    from_: str = Field(alias="from")
    to: str
    changes: Dimension
    note: str | None = None
    when: str | None = None

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, defer_build=True
    )


class BandRule(Strict):
    """The article's band rule, kept as data: strengthen the band before moving it down."""

    prefer: Dimension
    before: Dimension
    requires: list[NonEmptyStr] = Field(min_length=1)
    unless: NonEmptyStr
    rationale: NonEmptyStr


class FamilyLink(Strict):
    """A move to another family that the article offers as a next step.

    Ladder edges stay inside one family (their dimensions compare like with like); these
    links record the article's cross-family progressions, such as from side-lying abduction
    to standing abduction or to the side plank, without pretending they change one dimension.
    """

    family: str
    note: NonEmptyStr


class Alternatives(Strict):
    """Variants that sit on the same rung, done another way: a set-up aid (the wall behind
    the heel) or another kind of load (a cuff, a band or a hand-held weight at the knee).

    They are not ladder steps: moving between them makes nothing harder, so the ladder may
    not join two of them, and progress continues from each along its own edges (or in kg).
    """

    variants: list[str] = Field(min_length=2)
    note: NonEmptyStr


class Family(Strict):
    """A kind of exercise: its variants, shared coaching content and its ladder."""

    family: str
    name: NonEmptyStr
    summary: NonEmptyStr
    why: NonEmptyStr
    setup: list[NonEmptyStr] = Field(default_factory=list)
    cues: list[NonEmptyStr] = Field(min_length=1)
    checks: list[Check] = Field(min_length=1)
    faults: list[Fault] = Field(min_length=1)
    feel: Feel
    evidence: list[Evidence] = Field(default_factory=list)
    band_rule: BandRule | None = None
    variants: list[Variant] = Field(min_length=1)
    ladder: list[LadderStep] = Field(default_factory=list)
    alternatives: list[Alternatives] = Field(default_factory=list)
    leads_to: list[FamilyLink] = Field(default_factory=list)

    @field_validator("family")
    @classmethod
    def _family_is_slug(cls, value: str) -> str:
        if not FAMILY_ID.match(value):
            raise ValueError("must be a lowercase slug with hyphens, e.g. 'side-plank'")
        return value

    # The accessors below read the one merge, :class:`glutemed.catalog.coaching.Coaching`
    # (what ``Catalog.coaching`` returns), so no caller can merge differently.
    def setup_for(self, variant: Variant) -> list[str]:
        """Family set-up steps followed by the variant's own."""
        return list(self._coaching(variant).setup)

    def cues_for(self, variant: Variant) -> list[str]:
        """Family execution cues followed by the variant's own."""
        return list(self._coaching(variant).cues)

    def checks_for(self, variant: Variant) -> list[Check]:
        """Family technique checks followed by the variant's own."""
        return list(self._coaching(variant).checks)

    def faults_for(self, variant: Variant) -> list[Fault]:
        """Family faults followed by the variant's own."""
        return list(self._coaching(variant).faults)

    def feel_for(self, variant: Variant) -> Feel:
        """The variant's own feel if it has one, else the family's."""
        return self._coaching(variant).feel

    def evidence_for(self, variant: Variant) -> list[Evidence]:
        """Variant evidence first (more specific), then the family's."""
        return list(self._coaching(variant).evidence)

    def _coaching(self, variant: Variant) -> Coaching:
        from glutemed.catalog.coaching import Coaching

        return Coaching.of(self, variant)
