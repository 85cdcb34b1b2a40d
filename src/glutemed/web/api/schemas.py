"""Request and response bodies of the JSON API (``/api/v1``).

Where the core already has a Pydantic model (Profile, Prescription, Program, PerformedSet),
the API uses it as it is, so a field means the same thing everywhere; these schemas only add
what the API itself needs (ids, lists, summaries).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from glutemed.programming.editing import DoseFields
from glutemed.programming.models import Prescription, Profile, Program, Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.rules import ActionKind


class ApiModel(BaseModel):
    """Base: unknown fields are errors, so a typo in a request is reported."""

    model_config = ConfigDict(extra="forbid")


class CsrfOut(ApiModel):
    """The token to send as ``X-CSRF-Token`` with every unsafe request."""

    csrf_token: str
    header: str = "X-CSRF-Token"


class ExerciseSummary(ApiModel):
    """One variant in a list."""

    id: str
    family: str
    name: str
    modes: list[str]
    weight_bearing: bool
    equipment: list[str]
    level: int
    progressions: list[str]
    regressions: list[str]
    alternatives: list[str] = []
    """Variants on the same rung done another way (a set-up aid, another kind of load)."""


class ExerciseDetail(ExerciseSummary):
    """One variant in full (family content merged in)."""

    summary: str
    parts: list[str]
    setup: list[str]
    cues: list[str]
    checks: list[dict[str, str]]
    faults: list[dict[str, str]]
    feel: dict[str, Any]
    evidence: list[dict[str, str]]


class DemandOut(ApiModel):
    """What the load model says a variant asks of the hip abductors (None: not modelled)."""

    variant_id: str
    moment_nm: float | None
    moment_nm_per_kg: float | None
    abductor_force_bw: float | None
    moment_arm_m: float | None = None
    peak_at: str | None = None
    contributions: dict[str, float] = Field(default_factory=dict)
    assumptions: list[str] = Field(default_factory=list)
    not_modelled_reason: str | None = None


class PersonIn(ApiModel):
    """A new person: name, profile and display preferences; a program is generated."""

    name: str = Field(min_length=1, max_length=120)
    profile: Profile
    units: str = Field(default="kg", pattern=r"^(kg|lb)$")
    timezone: str = Field(default="UTC", min_length=1, max_length=64)
    start_date: dt.date | None = None


class PersonOut(ApiModel):
    """A stored person."""

    id: int
    name: str
    profile: Profile
    units: str
    timezone: str


class ProgramOut(ApiModel):
    """The active program of a person."""

    person_id: int
    version: int
    start_date: dt.date
    program: Program


class PrescriptionEdit(ApiModel, DoseFields):
    """A change to one prescription of the program (only the fields given change)."""


CLIENT_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
"""A device's id for a set: 1 to 64 letters, digits, '-' or '_' (a UUID fits)."""


class SetIn(PerformedSet):
    """A set to log: a performed set, and optionally the logging device's own id for it.

    Send the target the set was shown with (``target_reps``, ``target_hold_s``,
    ``target_load_kg``) and it is stored as given; left out, the prescription in force is
    stored. With a ``client_id``, sending the same set again stores nothing and answers
    with the first result (``replayed`` true, status 200).
    """

    client_id: str | None = Field(
        default=None,
        pattern=CLIENT_ID_PATTERN,
        description="the device's id for this set, unique per person (e.g. a UUID): a set "
        "sent again with the same id is stored once",
    )

    def performed(self) -> PerformedSet:
        """The performed set without the device's id (already validated as this model)."""
        return PerformedSet.model_construct(
            **{name: getattr(self, name) for name in PerformedSet.model_fields}
        )


class SetOut(ApiModel):
    """A stored performed set."""

    id: int
    person_id: int
    performed: PerformedSet
    client_id: str | None = None


class DecisionOut(ApiModel):
    """A progression decision with the rules and facts behind it."""

    variant_id: str
    side: Side
    date: dt.date | None = None
    action: ActionKind
    explanation: str
    rule_ids: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    prescription: Prescription | None = None
    see_clinician: bool = False


class PauseOut(ApiModel):
    """Progression paused after a warning sign, and its clearance once given."""

    started_on: dt.date
    reason: str
    advice: str
    active: bool
    cleared_at: dt.datetime | None = None
    cleared_by: str | None = None
    clearance_note: str | None = None


class ClearanceIn(ApiModel):
    """A clinician clearing a pause (``confirm`` must be true; ``note``: who and what)."""

    note: str = Field(min_length=1, max_length=2000)
    confirm: bool


class LoggedOut(ApiModel):
    """The answer to logging a set: the stored set and the decision it led to."""

    set: SetOut
    decision: DecisionOut | None
    replayed: bool = Field(
        default=False,
        description="true when this set had been logged before with the same client_id: "
        "nothing new was stored, and this is the first result",
    )
