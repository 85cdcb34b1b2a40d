"""Typed, validated shapes of the load model's data files (``biomech/data/*.yaml``).

The constants live in YAML so a clinician or reviewer can audit every number next to its
source without reading Python; these models make a typo or a missing source a load error
instead of a silently wrong moment.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from glutemed.catalog.models import BandLevel


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Segment(_Strict):
    """One row of Winter's (2009) Table 4.1: mass and centre-of-mass fractions."""

    mass_fraction: float = Field(gt=0, le=1)
    com_from_proximal: float = Field(ge=0, le=1)
    endpoints: str
    source: str = Field(min_length=1)


class Landmark(_Strict):
    """A landmark's standing height above the floor as a fraction of body height."""

    height_fraction: float = Field(gt=0, lt=1)
    source: str = Field(min_length=1)


class Width(_Strict):
    """A body width as a fraction of body height."""

    fraction: float = Field(gt=0, lt=1)
    source: str = Field(min_length=1)


class Pauwels(_Strict):
    """Pauwels' (1965) single-limb stance parameters."""

    partial_body_weight_fraction: float = Field(gt=0, lt=1)
    partial_body_weight_lever_m: float = Field(gt=0, lt=0.5)
    abductor_moment_arm_m: float = Field(gt=0, lt=0.2)
    abductor_angle_deg: float
    hip_joint_distance_m: float = Field(gt=0, lt=0.5)
    reference_body_mass_kg: float = Field(gt=0)
    source: str = Field(min_length=1)


class BandChartRow(_Strict):
    """One colour of the manufacturer's force-elongation chart, in pounds-force."""

    at_100_pct_lb: float = Field(gt=0)
    at_200_pct_lb: float = Field(gt=0)


class BandChart(_Strict):
    """The band chart: force at 100 % and 200 % elongation per colour."""

    source: str = Field(min_length=1)
    max_elongation_pct: float = Field(gt=0)
    levels: dict[BandLevel, BandChartRow]
    newton_per_lb: float = Field(gt=0)

    @model_validator(mode="after")
    def _every_level(self) -> BandChart:
        missing = set(BandLevel) - set(self.levels)
        if missing:
            raise ValueError(f"band chart lacks levels: {sorted(missing)}")
        return self


class SexNote(_Strict):
    """What the person's sex changes (recorded so the answer is data, not a code comment)."""

    changes_numbers: bool
    note: str = Field(min_length=1)


class BodyParameters(_Strict):
    """Everything in ``segments.yaml``."""

    gravity_m_s2: float = Field(gt=9, lt=10.5)
    segments: dict[str, Segment]
    landmarks: dict[str, Landmark]
    widths: dict[str, Width]
    pauwels: Pauwels
    bands: BandChart
    sex: SexNote

    @model_validator(mode="after")
    def _required_rows(self) -> BodyParameters:
        needed: list[tuple[str, set[str], set[str]]] = [
            ("segments", {"thigh", "shank_foot", "total_leg", "hat"}, set(self.segments)),
            ("landmarks", {"shoulder", "hip", "knee", "ankle"}, set(self.landmarks)),
            ("widths", {"shoulder"}, set(self.widths)),
        ]
        for name, keys, present in needed:
            missing = keys - present
            if missing:
                raise ValueError(f"{name} lacks {sorted(missing)}")
        return self


ModelName = Literal[
    "side-lying", "standing-abduction", "side-plank", "single-limb-stance", "banded-side-step"
]


class VariantModel(_Strict):
    """How one catalogue variant is modelled (or why it is not)."""

    model: ModelName | None = None
    not_modelled: str | None = None
    needs_force: str | None = None
    range_deg: tuple[float, float] | None = None
    hold_deg: float | None = None
    top_leg_range_deg: tuple[float, float] | None = None
    support: Literal["knees", "feet"] | None = None
    step_deg: float | None = Field(default=None, ge=0, le=45)
    band_elongation_pct: float = Field(default=100.0, gt=0, le=250)
    note: str | None = None

    @model_validator(mode="after")
    def _model_or_reason(self) -> VariantModel:
        if (self.model is None) == (self.not_modelled is None):
            raise ValueError("give exactly one of 'model' and 'not_modelled'")
        if self.model == "side-plank" and self.support is None:
            raise ValueError("a side-plank model needs 'support: knees|feet'")
        if self.model in ("side-lying", "standing-abduction"):
            if (self.range_deg is None) == (self.hold_deg is None):
                raise ValueError("give exactly one of 'range_deg' and 'hold_deg'")
        for rng in (self.range_deg, self.top_leg_range_deg):
            if rng is not None and rng[0] >= rng[1]:
                raise ValueError("a range must go from the lower to the higher angle")
        return self
