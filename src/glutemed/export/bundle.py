"""The portable history: one person's profile, programs, performed sets and decisions.

A :class:`HistoryBundle` is the unit of export and import. It is independent of the database
on purpose: the JSON and CSV writers and parsers, the tracker-app importers and the store's
``export_bundle``/``import_bundle`` services all meet at this one model, so a file written by
one glutemed installation can be read by another whatever its storage backend.

Everything is SI (kg, seconds) and local calendar dates; ``unit`` only records how the person
likes loads *shown*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from glutemed.outcomes.entries import OutcomeEntry
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.programming.models import Prescription, Profile, Program, Side
from glutemed.programming.profile_upgrade import readable_profile, readable_program
from glutemed.progression.models import PerformedSet

FORMAT_NAME: Literal["glutemed-history"] = "glutemed-history"
FORMAT_VERSION = 3
"""Bumped whenever a field is added, changes meaning or disappears; readers refuse newer
versions and read every older one.

* 1 -- the first release: live performed sets only.
* 2 -- ``performed_sets`` also holds deleted sets, each with its ``deleted_at`` instant, so
  export -> import keeps what can still be undone (and a decision may point at such a set).
  A version-1 file reads as version 2 with every set live.
* 3 -- ``outcomes`` (questionnaires and physical tests, each with its date and who entered
  it) and the person's ``outcome_weeks`` schedule. An older file reads with none.
"""

ACTIONS = (
    "progress-load",
    "progress-reps",
    "progress-hold",
    "band-resistance",
    "band-position",
    "lever",
    "step-up",
    "step-down",
    "hold",
    "deload",
    "see-clinician",
)
"""The progression engine's decision actions (brief: ``Decision.action``)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonRecord(_Frozen):
    """Who the history belongs to and how they like it shown."""

    name: str = Field(min_length=1, max_length=200)
    profile: Profile
    unit: Literal["kg", "lb"] = "kg"
    timezone: str = Field(default="UTC", min_length=1, max_length=64)
    outcome_weeks: tuple[int, ...] | None = Field(
        default=None, description="the person's own outcome schedule (None: the default)"
    )

    @field_validator("outcome_weeks")
    @classmethod
    def _schedule(cls, value: tuple[int, ...] | None) -> tuple[int, ...] | None:
        return None if value is None else OutcomeSchedule(weeks=value).weeks


class ProgramRecord(_Frozen):
    """A program the person followed: when it started, whether it is current, what was done."""

    key: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="stable name of the program inside the bundle, e.g. 'program-1'",
    )
    start_date: dt.date | None = None
    active: bool = True
    program: Program
    completed: dict[int, dt.date] = Field(
        default_factory=dict,
        description="1-based session number (in training order) -> date it was trained",
    )


class DecisionRecord(_Frozen):
    """A progression decision as it was shown to the person, kept so 'why' survives a move.

    ``slot`` is the variant the program originally prescribed (the ladder may have moved
    the person to ``variant_id`` since); ``performed_set`` is the position, in the bundle's
    ``performed_sets``, of the set that triggered the decision.
    """

    date: dt.date
    variant_id: str = Field(min_length=1)
    slot: str | None = None
    side: Side
    action: str
    explanation: str = ""
    rule_ids: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    prescription_before: Prescription | None = None
    prescription_after: Prescription | None = None
    performed_set: int | None = Field(default=None, ge=0)

    @field_validator("action")
    @classmethod
    def _known_action(cls, value: str) -> str:
        if value not in ACTIONS:
            raise ValueError(f"must be one of {', '.join(ACTIONS)}")
        return value


class ProgressionRecord(_Frozen):
    """The prescription in force for one program slot and side, with the engine's counters.

    Kept so an imported history carries on where it left off instead of restarting every
    exercise at the program's first prescription.
    """

    slot: str = Field(min_length=1)
    side: Side
    prescription: Prescription
    counters: dict[str, Any] = Field(default_factory=dict)


class SetRecord(PerformedSet):
    """A performed set as a bundle carries it: the set, and when it was deleted, if it was.

    A deleted set stays in the store so the delete can be undone; it travels with its
    ``deleted_at`` (a UTC instant) and is stored as deleted again on import - still
    undoable, still left out of decisions and progress. A live set has no ``deleted_at``.
    """

    deleted_at: AwareDatetime | None = None

    @field_validator("deleted_at")
    @classmethod
    def _in_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """One spelling per instant (UTC), so the same history gives the same bytes."""
        return None if value is None else value.astimezone(dt.UTC)

    @property
    def deleted(self) -> bool:
        """True for a set that was deleted (kept only so the delete can be undone)."""
        return self.deleted_at is not None

    @property
    def performed(self) -> PerformedSet:
        """The set itself, without the deletion mark (what the store and the engine take)."""
        # Every value was validated when this record was made: no need to do it twice.
        return PerformedSet.model_construct(**_set_fields(self))

    @classmethod
    def of(cls, performed: PerformedSet, deleted_at: dt.datetime | None = None) -> SetRecord:
        """A bundle's record of ``performed`` (deleted at ``deleted_at``, if given)."""
        if deleted_at is None:  # the common case, on every exported set: already validated
            return cls.model_construct(**_set_fields(performed))
        return cls.model_validate({**_set_fields(performed), "deleted_at": deleted_at})


def _set_fields(performed: PerformedSet) -> dict[str, Any]:
    return {name: getattr(performed, name) for name in PerformedSet.model_fields}


def _as_record(value: Any) -> Any:
    """A plain :class:`PerformedSet` given where a record is expected is a live set."""
    if isinstance(value, PerformedSet) and not isinstance(value, SetRecord):
        return SetRecord.of(value)
    return value


class HistoryBundle(_Frozen):
    """Everything glutemed knows about one person, in one portable value."""

    format: Literal["glutemed-history"] = FORMAT_NAME
    format_version: int = Field(default=FORMAT_VERSION, ge=1)
    person: PersonRecord
    programs: list[ProgramRecord] = Field(default_factory=list)
    performed_sets: list[SetRecord] = Field(
        default_factory=list,
        description="every performed set in log order, deleted ones too (with deleted_at)",
    )
    decisions: list[DecisionRecord] = Field(default_factory=list)
    progression: list[ProgressionRecord] = Field(default_factory=list)
    outcomes: list[OutcomeEntry] = Field(
        default_factory=list, description="outcome entries, oldest first"
    )

    @model_validator(mode="before")
    @classmethod
    def _older_profiles(cls, data: Any) -> Any:
        """A version-1 file may hold a body mass its glutemed accepted and this one does not
        (20-30 kg): read it as unknown, as the store does, rather than refuse the history."""
        if not isinstance(data, Mapping) or data.get("format_version") != 1:
            return data
        person, programs = data.get("person"), data.get("programs")
        upgraded = dict(data)
        if isinstance(person, Mapping) and isinstance(person.get("profile"), Mapping):
            upgraded["person"] = {**person, "profile": readable_profile(person["profile"])}
        if isinstance(programs, list):
            upgraded["programs"] = [
                {**p, "program": readable_program(p["program"])}
                if isinstance(p, Mapping) and isinstance(p.get("program"), Mapping) else p
                for p in programs
            ]
        return upgraded

    @field_validator("format_version")
    @classmethod
    def _not_from_the_future(cls, value: int) -> int:
        """Refuse a newer file; upgrade an older one (a bundle in memory is always current:
        version 1 lacks only ``deleted_at``, which then means every set is live)."""
        if value > FORMAT_VERSION:
            raise ValueError(
                f"version {value} is newer than this glutemed reads ({FORMAT_VERSION}); "
                "upgrade glutemed"
            )
        return FORMAT_VERSION

    @field_validator("performed_sets", mode="before")
    @classmethod
    def _records(cls, value: Any) -> Any:
        return [_as_record(v) for v in value] if isinstance(value, list | tuple) else value

    @field_validator("programs")
    @classmethod
    def _unique_keys(cls, programs: list[ProgramRecord]) -> list[ProgramRecord]:
        keys = [p.key for p in programs]
        if len(keys) != len(set(keys)):
            raise ValueError("program keys must be unique")
        return programs

    @model_validator(mode="after")
    def _decision_links_exist(self) -> HistoryBundle:
        for number, decision in enumerate(self.decisions):
            index = decision.performed_set
            if index is not None and index >= len(self.performed_sets):
                raise ValueError(
                    f"decisions[{number}].performed_set: {index} is past the last performed set "
                    f"({len(self.performed_sets) - 1})"
                )
        return self
