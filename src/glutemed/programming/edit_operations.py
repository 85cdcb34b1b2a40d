"""The edits a program editor may make, as validated values told apart by ``op``.

Declarations only, with their bounds: the web form, the API and the command line parse an
edit into one of these, and :func:`glutemed.programming.editing.apply_edit` applies it. What
each does is described in :mod:`glutemed.programming.editing`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from glutemed.catalog.models import BandLevel, LoadSite


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SwapExercise(_Op):
    """Replace the exercise at ``item`` of template day ``day`` by another variant."""

    op: Literal["swap"] = "swap"
    day: int = Field(ge=1, le=7)
    item: int = Field(ge=0, le=50, description="0-based place in the day")
    variant_id: str = Field(min_length=1, max_length=120)


class AddExercise(_Op):
    """Add a variant to template day ``day`` with a dose."""

    op: Literal["add"] = "add"
    day: int = Field(ge=1, le=7)
    variant_id: str = Field(min_length=1, max_length=120)
    sets: int = Field(ge=1, le=10)
    reps: tuple[int, int] | None = None
    hold_s: tuple[int, int] | None = None
    position: int | None = Field(default=None, ge=0, le=50)


class RemoveExercise(_Op):
    """Take the exercise at ``item`` out of template day ``day``."""

    op: Literal["remove"] = "remove"
    day: int = Field(ge=1, le=7)
    item: int = Field(ge=0, le=50)


class MoveExercise(_Op):
    """Put the exercise at ``item`` of template day ``day`` at place ``to``."""

    op: Literal["move"] = "move"
    day: int = Field(ge=1, le=7)
    item: int = Field(ge=0, le=50)
    to: int = Field(ge=0, le=50)


class DoseFields(BaseModel):
    """The parts of a prescription's dose an edit may change (only those given change),
    with their bounds: shared by the editor's dose operation and the API's prescription
    edit, so both accept exactly the same doses."""

    sets: int | None = Field(default=None, ge=1, le=10)
    reps: tuple[int, int] | None = None
    hold_s: tuple[int, int] | None = None
    load_kg: float | None = Field(default=None, ge=0, le=500)
    band: BandLevel | None = None
    band_at: LoadSite | None = None
    rest_s: int | None = Field(default=None, ge=0, le=600)


class ChangeDose(_Op, DoseFields):
    """Change the dose of the exercise at ``item`` of template day ``day`` in every week."""

    op: Literal["dose"] = "dose"
    day: int = Field(ge=1, le=7)
    item: int = Field(ge=0, le=50)


class ChangeStart(_Op):
    """Move the program's first day."""

    op: Literal["start"] = "start"
    start_date: dt.date


class ChangeWeekdays(_Op):
    """Train on these days of the week (ISO: 1 = Monday ... 7 = Sunday)."""

    op: Literal["weekdays"] = "weekdays"
    weekdays: tuple[int, ...] = Field(min_length=1, max_length=7)


ProgramEdit = Annotated[
    SwapExercise | AddExercise | RemoveExercise | MoveExercise | ChangeDose | ChangeStart
    | ChangeWeekdays,
    Field(discriminator="op"),
]
"""One edit of a program, told apart by ``op``."""

DOSE_ONLY = ("dose",)
"""The edits a client may make when their clinician allows dose changes only."""
