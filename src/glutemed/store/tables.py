"""The database schema: SQLAlchemy 2 typed declarative tables.

The tables hold rows, not behaviour: conversion to and from the core's Pydantic models lives
in the repositories (one module per aggregate: :mod:`glutemed.store.people`,
:mod:`~glutemed.store.programs`, :mod:`~glutemed.store.performed_sets` and their siblings),
and the records they hand out in :mod:`glutemed.store.records`; every rule lives in the
core. Loads are stored in SI units (kg); the unit a person prefers is only a display choice.
Dates of training are the person's local calendar dates; ``created_at`` columns are UTC
instants.

Every performed set keeps its target (reps range, hold range, load) beside what was actually
done, so a later reader never has to reconstruct what was prescribed at the time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from glutemed.progression.models import FELT_IN_MAX_CHARS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Named constraints, so that Alembic batch migrations on SQLite can find and alter them."""


def utc_now() -> dt.datetime:
    """The current UTC instant (the shell may read the clock; the core may not)."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class AccountRow(Base):
    """A login for the web app's multi-person mode (a clinician or a client).

    ``username_key`` is the username folded by :func:`glutemed.usernames.fold_username`;
    logins and the "is it taken" check compare it, never the database's own ``lower()``.
    It is not unique: two accounts differing only in case, stored before 0.2, are both kept.
    ``disabled_at`` set means the account cannot log in (and its sessions were ended).
    """

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("role IN ('clinician', 'client')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    username_key: Mapped[str] = mapped_column(String(320), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginSessionRow(Base):
    """One logged-in browser of an account (clinic mode; see :mod:`glutemed.services.logins`).

    The cookie holds a random token; the table holds only its SHA-256 (``token_hash``), so a
    copy of the database cannot be replayed as a login. A session ends when its row is
    deleted (logout, a password change or reset, the account disabled or deleted, or "end
    this session" from the account page or the command line) or when ``expires_at_s``
    passes. Instants are wall-clock seconds since the Unix epoch, like the login throttle's.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at_s: Mapped[float] = mapped_column(Float)
    last_seen_at_s: Mapped[float] = mapped_column(Float)
    expires_at_s: Mapped[float] = mapped_column(Float, index=True)
    ip: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(200))


class LoginFailureRow(Base):
    """One failed login for a (username, client IP), kept only while it is inside the throttle
    window (clinic mode; see :mod:`glutemed.web.throttle`).

    A row per failure -- never a counter updated in place -- so two failures at the same
    moment, from two workers, are two inserts and both count; there is no read-modify-write
    to lose. ``username`` is stored lower-cased. ``failed_at_s`` is wall-clock seconds since
    the Unix epoch (UTC), the one clock every worker and every restart shares.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_key", "username", "ip", "failed_at_s"),
        Index("ix_login_failures_ip", "ip", "failed_at_s"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(64))
    failed_at_s: Mapped[float] = mapped_column(Float, index=True)


class PersonRow(Base):
    """Someone who trains: their profile (JSON of :class:`Profile`) and display preferences.

    ``clinician_account_id`` is the clinician who added the person (null for a person who
    trains on their own, or was added from the command line). Names are unique within it:
    two clinicians may each have a client called "Ann", and neither learns about the other's
    clients from a refused name. People without a clinician keep one shared set of names,
    as the command line finds them by name.
    """

    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("units IN ('kg', 'lb')", name="units"),
        Index(
            "uq_people_clinician_name", "clinician_account_id", "name", unique=True,
            sqlite_where=text("clinician_account_id IS NOT NULL"),
            postgresql_where=text("clinician_account_id IS NOT NULL"),
        ),
        Index(
            "uq_people_name_without_clinician", "name", unique=True,
            sqlite_where=text("clinician_account_id IS NULL"),
            postgresql_where=text("clinician_account_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    units: Mapped[str] = mapped_column(String(2), default="kg")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    clinician_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ClinicianClientRow(Base):
    """Which people a clinician account may see and manage."""

    __tablename__ = "clinician_clients"

    clinician_account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ProgramRow(Base):
    """A generated program (JSON of :class:`Program`); a new version when it is replaced."""

    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("person_id", "version", name="person_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date)
    program: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class PlannedSessionRow(Base):
    """One session of a program, placed on the person's calendar."""

    __tablename__ = "planned_sessions"
    __table_args__ = (
        UniqueConstraint("program_id", "sequence", name="program_sequence"),
        Index("ix_planned_sessions_program_date", "program_id", "planned_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(Integer)
    week: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    planned_date: Mapped[dt.date] = mapped_column(Date)
    items: Mapped[list[Any]] = mapped_column(JSON)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)


class PerformedSetRow(Base):
    """One performed set, with its target beside it; ``deleted_at`` makes delete undoable.

    ``client_id`` is the id a device gave the set when it was logged (a phone that queued it
    offline); unique per person, so a set sent twice -- the answer to the first send was
    lost -- is stored once. NULL for sets logged without one (the command line, imports).
    """

    __tablename__ = "performed_sets"
    __table_args__ = (
        UniqueConstraint("person_id", "client_id", name="person_client_id"),
        CheckConstraint("side IN ('left', 'right', 'both')", name="side"),
        CheckConstraint("(reps IS NULL) <> (hold_s IS NULL)", name="reps_or_hold"),
        CheckConstraint("pain_during IS NULL OR pain_during BETWEEN 0 AND 10", name="pain"),
        CheckConstraint(
            "pain_next_morning IS NULL OR pain_next_morning BETWEEN 0 AND 10",
            name="pain_next_morning",
        ),
        Index("ix_performed_sets_person_variant", "person_id", "variant_id", "side", "date"),
        Index("ix_performed_sets_person_date", "person_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    planned_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_sessions.id", ondelete="SET NULL"), index=True
    )
    variant_id: Mapped[str] = mapped_column(String(120))
    side: Mapped[str] = mapped_column(String(5))
    date: Mapped[dt.date] = mapped_column(Date)
    set_index: Mapped[int] = mapped_column(Integer, default=1)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_s: Mapped[float | None] = mapped_column(Float)
    load_kg: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str | None] = mapped_column(String(16))
    band_at: Mapped[str | None] = mapped_column(String(16))
    rir: Mapped[int | None] = mapped_column(Integer)
    pain_during: Mapped[int | None] = mapped_column(Integer)
    pain_next_morning: Mapped[int | None] = mapped_column(Integer)
    checks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    felt_in: Mapped[str | None] = mapped_column(String(FELT_IN_MAX_CHARS))
    note: Mapped[str | None] = mapped_column(Text)
    red_flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    target_reps_low: Mapped[int | None] = mapped_column(Integer)
    target_reps_high: Mapped[int | None] = mapped_column(Integer)
    target_hold_s_low: Mapped[int | None] = mapped_column(Integer)
    target_hold_s_high: Mapped[int | None] = mapped_column(Integer)
    target_load_kg: Mapped[float | None] = mapped_column(Float)
    target_sets: Mapped[int | None] = mapped_column(Integer)
    target_band: Mapped[str | None] = mapped_column(String(16))
    target_band_at: Mapped[str | None] = mapped_column(String(16))
    slot: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    client_id: Mapped[str | None] = mapped_column(String(64))


class ProgressionStateRow(Base):
    """The prescription in force for one program slot and one side: the one authority for
    what this person does next (the program's calendar only proposes).

    ``slot`` is the program position (``abduction:side-lying-abduction``), the same whatever
    rung the ladder has reached; ``variant_id`` is that rung. Left and right have separate
    rows so they progress separately. ``prescription`` is the dose for the next session;
    ``session_target`` is what the session trained on ``session_date`` was judged against
    (so more sets that day are judged against the same target, and a step is taken at most
    once a session), ``session_base_sets`` the sets in force before a lighter week trimmed
    them for that session. ``counters`` holds the engine's success/stall/deload counters
    (``glutemed.progression.engine.ProgressionCounters``), kept explicit as in Liftosaur.
    """

    __tablename__ = "progression_state"
    __table_args__ = (UniqueConstraint("person_id", "slot", "side", name="person_slot_side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(120))
    side: Mapped[str] = mapped_column(String(5))
    variant_id: Mapped[str] = mapped_column(String(120))
    prescription: Mapped[dict[str, Any]] = mapped_column(JSON)
    counters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    session_date: Mapped[dt.date | None] = mapped_column(Date)
    session_target: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    session_base_sets: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class SafetyPauseRow(Base):
    """Progression paused for a person after a warning sign, until someone clears it.

    Opened by a ``see-clinician`` decision; while ``cleared_at`` is empty nothing steps up,
    for any exercise or side. Cleared by a clinician (clinic mode) or by the person's own
    explicit confirmation (single-person mode), with who, when and a note kept for the record.
    """

    __tablename__ = "safety_pauses"
    __table_args__ = (Index("ix_safety_pauses_person_open", "person_id", "cleared_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    started_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cleared_by: Mapped[str | None] = mapped_column(String(120))
    clearance_note: Mapped[str | None] = mapped_column(Text)


class DecisionRow(Base):
    """What the progression engine decided after a set, and why (rules and facts)."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_person_variant", "person_id", "variant_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    performed_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("performed_sets.id", ondelete="SET NULL"), index=True
    )
    slot: Mapped[str] = mapped_column(String(120))
    variant_id: Mapped[str] = mapped_column(String(120))
    side: Mapped[str] = mapped_column(String(5))
    date: Mapped[dt.date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(32))
    rule_ids: Mapped[list[Any]] = mapped_column(JSON)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    prescription_before: Mapped[dict[str, Any]] = mapped_column(JSON)
    prescription_after: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ProgressLineRow(Base):
    """A running summary of one person's (variant, side): kept by the sets repository on
    every add, edit, delete and restore, so that a progress summary reads a few rows per
    exercise instead of the whole log.

    ``recent`` holds the last three sessions as ``[date, best load kg, best reps, best hold
    s]``, oldest first; ``first_*`` the first session's bests.
    """

    __tablename__ = "progress_lines"
    __table_args__ = (
        UniqueConstraint("person_id", "variant_id", "side", name="person_variant_side"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(120))
    side: Mapped[str] = mapped_column(String(5))
    sessions: Mapped[int] = mapped_column(Integer)
    sets: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[dt.date] = mapped_column(Date)
    first_load_kg: Mapped[float | None] = mapped_column(Float)
    first_reps: Mapped[int | None] = mapped_column(Integer)
    first_hold_s: Mapped[float | None] = mapped_column(Float)
    last_date: Mapped[dt.date] = mapped_column(Date)
    recent: Mapped[list[Any]] = mapped_column(JSON)
    best_load_kg: Mapped[float | None] = mapped_column(Float)
    best_reps: Mapped[int | None] = mapped_column(Integer)
    best_hold_s: Mapped[float | None] = mapped_column(Float)
    max_pain: Mapped[int | None] = mapped_column(Integer)


class OutcomeEntryRow(Base):
    """One outcome assessment (pain ratings, a questionnaire total, a physical test) for a
    person on a date, and who entered it.

    ``values`` holds the entry's own fields (``glutemed.outcomes.entries``) apart from the
    ones that have columns; the core model validates them on the way in and out, so a row
    never holds a value its measure does not allow.
    """

    __tablename__ = "outcome_entries"
    __table_args__ = (
        CheckConstraint("entered_role IN ('self', 'client', 'clinician')", name="entered_role"),
        Index("ix_outcome_entries_person_date", "person_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(40))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_role: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class OutcomeScheduleRow(Base):
    """A person's outcome schedule: the weeks after the start at which measures are due.

    No row means the default (baseline and weeks 4, 8, 12).
    """

    __tablename__ = "outcome_schedules"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    weeks: Mapped[list[Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
class DeviceRow(Base):
    """A phone (or any browser not on this computer) paired with single-person mode.

    The device keeps a random token in a long-lived cookie; only its SHA-256 is stored, so a
    copy of the database cannot be used to act as the phone. ``revoked_at`` ends the pairing
    at once: the row stays, so the list can say when and which device was unpaired.
    """

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DevicePairingRow(Base):
    """A one-time pairing link: its token's SHA-256, when it stops working, and -- once
    used -- when and for which device. A used or expired link is refused."""

    __tablename__ = "device_pairings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id", ondelete="SET NULL")
    )


class AttentionAckRow(Base):
    """A clinician's acknowledgement of one needs-attention flag of a client.

    ``flag_key`` is the evidence the flag showed when it was acknowledged
    (:class:`glutemed.clinic.attention.Flag`): the flag stays acknowledged while its key is
    the same and rises again when something new happens. Rows are never updated, so the
    list of acknowledgements is the record of who looked at what, when, and what they noted.
    """

    __tablename__ = "attention_acks"
    __table_args__ = (Index("ix_attention_acks_person_kind", "person_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    flag_key: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    acknowledged_by: Mapped[str] = mapped_column(String(120))
    acknowledged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ProgramChangeRow(Base):
    """One change to a person's program, by whom and when: the record a clinician reads
    (and the needs-attention list's "changed by the client" flag).

    ``edit`` is the edit as given (:data:`glutemed.programming.editing.ProgramEdit`, or a
    dose edit of one prescription); ``what`` the same in words; ``program_id`` the program
    version the change made (kept null if that version is ever removed).
    """

    __tablename__ = "program_changes"
    __table_args__ = (
        CheckConstraint("role IN ('self', 'client', 'clinician')", name="role"),
        Index("ix_program_changes_person", "person_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL")
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(Text)
    edit: Mapped[dict[str, Any]] = mapped_column(JSON)


class ProgramAccessRow(Base):
    """What a client may change of their own program, as their clinician set it: ``dose``
    (sets, range, load, rest -- the default when there is no row) or ``locked`` (nothing)."""

    __tablename__ = "program_access"
    __table_args__ = (CheckConstraint("access IN ('dose', 'locked')", name="access"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    access: Mapped[str] = mapped_column(String(16))
    set_by: Mapped[str] = mapped_column(String(120))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ProgramTemplateRow(Base):
    """A program a clinician saved under a name, to start other clients from (JSON of
    :class:`Program`). Owned by the clinician's account: nobody else sees it."""

    __tablename__ = "program_templates"
    __table_args__ = (UniqueConstraint("owner_account_id", "name", name="owner_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    program: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class SideDayRow(Base):
    """One person's sets of one stored side on one day, in summary: what a decision reads of
    the side's other exercises (see :mod:`glutemed.progression.side_days`).

    Derived data, kept by :mod:`glutemed.store.side_days` on every write of a set and
    rebuilt after an import; never exported. ``variants`` holds the day's variant ids joined
    by a space (ids are slugs), ``warn_sets`` how many live sets may carry a warning sign.
    """

    __tablename__ = "side_days"
    __table_args__ = (UniqueConstraint("person_id", "side", "date", name="person_side_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(5))
    date: Mapped[dt.date] = mapped_column(Date)
    sets: Mapped[int] = mapped_column(Integer)
    worst_pain: Mapped[int | None] = mapped_column(Integer)
    morning_pain: Mapped[int | None] = mapped_column(Integer)
    variants: Mapped[str] = mapped_column(Text)
    warn_sets: Mapped[int] = mapped_column(Integer)
