"""Each outcome measure as data, read from ``data/measures.yaml``.

A measure knows its range, its unit (for display and as UCUM for FHIR), which way is better
and -- only where a published figure was verified -- the smallest change worth noticing,
with its source and how sure we are of it. Charts draw that change; the report quotes it
with its source; a measure without one says why instead.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MeasureKind = Literal["patient-reported", "physical-test"]
Better = Literal["higher", "lower"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Coding(_Frozen):
    """A code in an external code system (LOINC here), with its display text."""

    code: str = Field(min_length=1)
    display: str = Field(min_length=1)


class SmallestChange(_Frozen):
    """A published smallest change worth noticing, in the measure's own unit."""

    value: float = Field(gt=0)
    kind: str = Field(min_length=1, description="e.g. clinically important difference")
    source: str = Field(min_length=10, description="authors, year, venue")
    status: Literal["V-primary", "V-secondary"]
    certainty: str = Field(min_length=10, description="how sure we are, in plain words")


class Measure(_Frozen):
    """One outcome measure."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    short: str
    kind: MeasureKind
    unit: str
    ucum: str = Field(min_length=1)
    low: float
    high: float
    integer: bool
    better: Better
    per_side: bool
    loinc: Coding | None = None
    about: str
    smallest_change: SmallestChange | None = None
    no_smallest_change: str | None = None

    @model_validator(mode="after")
    def _honest(self) -> Measure:
        if self.low >= self.high:
            raise ValueError(f"{self.id}: low must be below high")
        if (self.smallest_change is None) == (self.no_smallest_change is None):
            raise ValueError(
                f"{self.id}: give a smallest_change with its source, or say in "
                "no_smallest_change why there is none (exactly one of the two)"
            )
        return self

    def improved(self, before: float, after: float) -> float:
        """The change from ``before`` to ``after``, positive when it is an improvement."""
        return after - before if self.better == "higher" else before - after

    def worth_noticing(self, before: float, after: float) -> bool | None:
        """Whether an improvement reaches the published smallest change (None: no figure)."""
        if self.smallest_change is None:
            return None
        return self.improved(before, after) >= self.smallest_change.value - 1e-9


class MeasureBook(_Frozen):
    """Every measure, in the order they are shown."""

    measures: list[Measure]

    @model_validator(mode="after")
    def _unique(self) -> MeasureBook:
        ids = [m.id for m in self.measures]
        if len(ids) != len(set(ids)):
            raise ValueError("measure ids must be unique")
        return self

    def get(self, measure_id: str) -> Measure:
        """The measure with this id (an unknown id names the known ones)."""
        from glutemed.errors import UnknownIdError

        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise UnknownIdError("measure", measure_id, [m.id for m in self.measures])

    @property
    def ids(self) -> list[str]:
        """Measure ids in display order."""
        return [m.id for m in self.measures]
