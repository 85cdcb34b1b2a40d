"""The needs-attention thresholds, read from ``data/attention.yaml``.

Every threshold carries its source and how sure it is, because a clinician reading "pain
rising" should be able to check what that means and how much weight it can bear. A mistake
in the file is reported as ``attention.yaml:12: stall.sessions: ...``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

THRESHOLDS_FILE = "attention.yaml"


class _Sourced(BaseModel):
    """A threshold's source (authors, year, venue, or 'glutemed's choice') and certainty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=10)
    certainty: str = Field(min_length=5)


class AdherenceThreshold(_Sourced):
    """Low adherence: fewer than ``below_pct`` % of the sets due in the window were done."""

    window_days: int = Field(ge=1, le=90)
    below_pct: float = Field(gt=0, le=100)
    min_sets_due: int = Field(ge=1, le=1000)


class PainTrendThreshold(_Sourced):
    """Pain rising or falling: the later half of the window against the earlier half."""

    window_days: int = Field(ge=2, le=90)
    change_points: float = Field(gt=0, le=10)


class StallThreshold(_Sourced):
    """A stall: this many sessions in a row short of the target at the same dose."""

    sessions: int = Field(ge=1, le=20)


class GapThreshold(_Sourced):
    """A big left-right gap: above this percentage of the stronger side."""

    above_pct: float = Field(gt=0, le=100)


class NotTrainingThreshold(_Sourced):
    """Not training: this many days or more since the last logged set."""

    days: int = Field(ge=1, le=365)


class AttentionThresholds(BaseModel):
    """Every threshold of the needs-attention list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    adherence: AdherenceThreshold
    pain_trend: PainTrendThreshold
    stall: StallThreshold
    gap: GapThreshold
    not_training: NotTrainingThreshold


def thresholds_path() -> Path:
    """The thresholds file shipped inside the package."""
    from importlib import resources

    return Path(str(resources.files("glutemed.clinic") / "data" / THRESHOLDS_FILE))


def load_thresholds(path: Path) -> AttentionThresholds:
    """Read a thresholds file; a mistake names the file, the line and the field."""
    from glutemed.catalog.loader import _read_yaml, _validate

    data, lines = _read_yaml(path)
    return _validate(AttentionThresholds, path, data, lines)


@lru_cache(maxsize=1)
def default_thresholds() -> AttentionThresholds:
    """The shipped thresholds, read once per process."""
    return load_thresholds(thresholds_path())
