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
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from glutemed.catalog.models import Role
from glutemed.clinic.attention import FlagKind
from glutemed.outcomes.entries import OutcomeEntry
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.programming.models import Prescription, Profile, Program, Side, legacy_slot
from glutemed.programming.profile_upgrade import readable_profile, readable_program
from glutemed.progression.models import PerformedSet
from glutemed.progression.rules import ActionKind

FORMAT_NAME: Literal["glutemed-history"] = "glutemed-history"
FORMAT_VERSION = 4
"""Bumped whenever a field is added, changes meaning or disappears; readers refuse newer
versions and read every older one.

* 1 -- the first release: live performed sets only.
* 2 -- ``performed_sets`` also holds deleted sets, each with its ``deleted_at`` instant, so
  export -> import keeps what can still be undone (and a decision may point at such a set).
  A version-1 file reads as version 2 with every set live.
* 3 -- progression is keyed by program slot (``abduction:side-plank``) instead of the variant
  first prescribed; a set carries its slot and its whole target (sets, band and where it
  sits); a progression line carries the session in progress; ``pauses`` holds the safety
  pauses after warning signs and their clearances; the decision once called ``hold`` is
  ``repeat``. Older files read as version 3: their slots and actions are renamed the way
  the database migration renames them. Also ``outcomes`` (questionnaires
  and physical tests, each with its date and who entered it) and the person's
  ``outcome_weeks`` schedule; an older file reads with none.
* 4 -- the profile says who the person is: ``age``, ``condition`` (and
  ``surgery_cleared``), ``affected_side``, the balance answers ``fell_last_year`` and
  ``one_leg_10s``, and the kit owned (``bands``, ``cuff_kg``, ``dumbbell_kg``); a program
  item may be for one leg (``side`` left or right, its slot ending ``:left``/``:right``)
  and carries ``setup_note`` (support for a balance risk, the side to lie on). An older
  file reads with none of them: no condition, nothing asked, any kit, no note.
  Also ``attention_acks`` (a clinician's acknowledgements of the clinic's needs-attention
  flags: the flag's kind and evidence key, who, when and the note), ``program_changes``
  (who changed a program, in which role, when) and a program's ``weekdays``; an older file
  reads with none.
"""


def _in_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


UtcInstant = Annotated[AwareDatetime, AfterValidator(_in_utc)]
"""An aware instant, kept in UTC: one spelling per instant, so the same history gives the
same bytes (every instant a bundle carries is one of these)."""


def _upgraded_slot(data: Any, prescription_key: str) -> Any:
    """A record whose slot was written before version 3 (the variant the program first
    prescribed), with the program position that slot names; anything else as it is."""
    if not isinstance(data, Mapping):
        return data
    slot, rx = data.get("slot"), data.get(prescription_key)
    role = rx.role if isinstance(rx, Prescription) else (
        rx.get("role") if isinstance(rx, Mapping) else None)
    if not isinstance(slot, str) or ":" in slot or role is None:
        return data
    try:
        return {**data, "slot": legacy_slot(Role(role), slot)}
    except ValueError:
        return data  # an unknown role: the model's own check names it


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
    action: ActionKind
    """The engine's action; ``hold``, the name before 0.2, reads as ``repeat``."""
    explanation: str = ""
    rule_ids: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    prescription_before: Prescription | None = None
    prescription_after: Prescription | None = None
    performed_set: int | None = Field(default=None, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _slot_is_a_position(cls, data: Any) -> Any:
        return _upgraded_slot(data, "prescription_before")


class ProgressionRecord(_Frozen):
    """The prescription in force for one program slot and side, with the engine's counters.

    Kept so an imported history carries on where it left off instead of restarting every
    exercise at the program's first prescription.
    """

    slot: str = Field(min_length=1)
    side: Side
    prescription: Prescription
    counters: dict[str, Any] = Field(default_factory=dict)
    session_date: dt.date | None = None
    session_target: Prescription | None = None
    session_base_sets: int | None = Field(default=None, ge=1, le=10)

    @model_validator(mode="before")
    @classmethod
    def _slot_is_a_position(cls, data: Any) -> Any:
        return _upgraded_slot(data, "prescription")


class AcknowledgementRecord(_Frozen):
    """A clinician's acknowledgement of a needs-attention flag (``glutemed.clinic``)."""

    kind: FlagKind
    key: str = Field(min_length=1, max_length=20_000,
                     description="the evidence the flag showed when it was acknowledged")
    by: str = Field(min_length=1, max_length=120)
    at: UtcInstant
    note: str = Field(min_length=1, max_length=2000)


class ProgramChangeRecord(_Frozen):
    """One change to a program (``glutemed.services.program_editor``)."""

    at: UtcInstant
    by: str = Field(min_length=1, max_length=120)
    role: Literal["self", "client", "clinician"]
    what: str = Field(min_length=1, max_length=20_000)
    edit: dict[str, Any] = Field(default_factory=dict)
    program: str | None = Field(default=None, max_length=64,
                                description="key of the program version the change made")


class PauseRecord(_Frozen):
    """Progression paused after a warning sign, and its clearance (who, when, note)."""

    started_on: dt.date
    reason: str = Field(min_length=1)
    created_at: UtcInstant
    cleared_at: UtcInstant | None = None
    cleared_by: str | None = Field(default=None, max_length=120)
    clearance_note: str | None = None
    decision: int | None = Field(
        default=None, ge=0, description="position, in the bundle's decisions, of the "
        "decision that opened it",
    )


class SetRecord(PerformedSet):
    """A performed set as a bundle carries it: the set, and when it was deleted, if it was.

    A deleted set stays in the store so the delete can be undone; it travels with its
    ``deleted_at`` (a UTC instant) and is stored as deleted again on import - still
    undoable, still left out of decisions and progress. A live set has no ``deleted_at``.
    """

    deleted_at: UtcInstant | None = None

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
    pauses: list[PauseRecord] = Field(default_factory=list)
    outcomes: list[OutcomeEntry] = Field(
        default_factory=list, description="outcome entries, oldest first"
    )
    attention_acks: list[AcknowledgementRecord] = Field(
        default_factory=list, description="acknowledged needs-attention flags, oldest first"
    )
    program_changes: list[ProgramChangeRecord] = Field(
        default_factory=list, description="changes to the program, oldest first"
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
        for number, pause in enumerate(self.pauses):
            if pause.decision is not None and pause.decision >= len(self.decisions):
                raise ValueError(
                    f"pauses[{number}].decision: {pause.decision} is past the last decision "
                    f"({len(self.decisions) - 1})"
                )
        return self


def bundle_variant_ids(bundle: HistoryBundle) -> Iterator[tuple[str, str]]:
    """Every variant id a bundle names, with where it is (for an import to check).

    A decision's or a progression line's ``slot`` is left out: it names a place in the
    program, which need not be a variant id."""
    for i, s in enumerate(bundle.performed_sets):
        yield f"set {i + 1} ({s.date}).variant_id", s.variant_id
    for record in bundle.programs:
        for week in record.program.weeks:
            for session in week.sessions:
                for k, item in enumerate(session.items):
                    where = f"programs[{record.key}] week {week.number} day {session.day}"
                    yield f"{where} items[{k}].variant_id", item.variant_id
    for i, d in enumerate(bundle.decisions):
        yield f"decisions[{i}].variant_id", d.variant_id
        for name, rx in (("prescription_before", d.prescription_before),
                         ("prescription_after", d.prescription_after)):
            if rx is not None:
                yield f"decisions[{i}].{name}.variant_id", rx.variant_id
    for i, p in enumerate(bundle.progression):
        yield f"progression[{i}].prescription.variant_id", p.prescription.variant_id


VARIANT_KEYS = frozenset({"variant_id", "slot"})
"""The keys whose values may be variant ids, wherever they sit in a bundle (a ``slot`` that
is not one of the mapped ids is left as it is)."""


def rename_variants(bundle: HistoryBundle, mapping: Mapping[str, str]) -> HistoryBundle:
    """The bundle with every variant id in ``mapping`` replaced (an import's ``--map``:
    a history written with an id this catalogue no longer has)."""

    def renamed(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: renamed(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [renamed(v) for v in value]
        if key in VARIANT_KEYS and isinstance(value, str):
            return mapping.get(value, value)
        return value

    return HistoryBundle.model_validate(renamed(bundle.model_dump(mode="json")))
