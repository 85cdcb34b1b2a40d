"""What was actually done: a performed set, stored beside its target.

Pure data shared by the progression engine (which reads histories of these), the store
(which persists them) and the interfaces (which collect them). Loads are SI (kg); dates are
the person's local calendar dates, passed in, never read from a clock here.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator

from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.programming.models import Side
from glutemed.ranges import RangeMessages

NOTE_MAX_CHARS = 2000
"""The longest note a logged set may carry (the model refuses more; the store checks the
same number before a write, so PostgreSQL and SQLite answer alike)."""
FELT_IN_MAX_CHARS = 200
"""The longest "felt in" answer the store keeps (its column's size)."""

class RedFlag(StrEnum):
    """A warning sign reported with a set: any one means "see a clinician", never "progress".

    The list follows the brief's safety rules (severe or night pain, a fall or injury,
    numbness or tingling, fever); pain that keeps rising is computed from the history by
    :mod:`glutemed.progression.safety`, so it is not something a person ticks.
    """

    SEVERE_PAIN = "severe-pain"
    NIGHT_PAIN = "night-pain"
    FALL_OR_INJURY = "fall-or-injury"
    NUMBNESS_TINGLING = "numbness-tingling"
    FEVER = "fever"


class PerformedSet(RangeMessages):
    """One set as performed, with how it went."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    variant_id: str
    side: Side
    date: dt.date
    set_index: int = Field(default=1, ge=1, le=20)
    reps: int | None = Field(default=None, ge=0, le=500)
    hold_s: float | None = Field(default=None, ge=0, le=3600)
    load_kg: float | None = Field(default=None, ge=0, le=500)
    band: BandLevel | None = None
    band_at: LoadSite | None = None
    rir: int | None = Field(default=None, ge=0, le=10, description="reps in reserve")
    pain_during: int | None = Field(default=None, ge=0, le=10, description="0 = no pain")
    pain_next_morning: int | None = Field(default=None, ge=0, le=10, description="0 = no pain")
    checks: dict[str, bool] = Field(default_factory=dict)
    felt_in: str | None = None
    note: str | None = Field(default=None, max_length=NOTE_MAX_CHARS)
    target_reps: tuple[int, int] | None = None
    target_hold_s: tuple[int, int] | None = None
    target_load_kg: float | None = Field(default=None, ge=0)
    target_sets: int | None = Field(default=None, ge=1, le=10)
    target_band: BandLevel | None = None
    target_band_at: LoadSite | None = None
    slot: str | None = Field(default=None, max_length=120)
    """The program position the set was logged against (filled in when it is stored)."""
    red_flags: frozenset[RedFlag] = frozenset()
    """Warning signs the person reported with this set (empty for almost every set)."""

    @model_validator(mode="after")
    def _reps_or_hold(self) -> PerformedSet:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("give exactly one of reps or hold_s")
        if self.load_kg is not None and self.band is not None:
            raise ValueError("give load_kg or band, not both")
        if self.band_at is not None and self.band is None:
            raise ValueError("band_at needs band")
        return self

    @property
    def checks_passed(self) -> bool:
        """True when every technique check answered was answered 'yes'."""
        return all(self.checks.values())
