"""The database schema: SQLAlchemy 2 typed declarative tables.

The tables hold rows, not behaviour: conversion to and from the core's Pydantic models lives
in :mod:`glutemed.store.repositories`, and every rule lives in the core. Loads are stored in
SI units (kg); the unit a person prefers is only a display choice. Dates of training are the
person's local calendar dates; ``created_at`` columns are UTC instants.

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
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
    """A login for the web app's multi-person mode (a clinician or a client)."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("role IN ('clinician', 'client')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class LoginFailureRow(Base):
    """One failed login for a (username, client IP), kept only while it is inside the throttle
    window (clinic mode; see :mod:`glutemed.web.throttle`).

    A row per failure -- never a counter updated in place -- so two failures at the same
    moment, from two workers, are two inserts and both count; there is no read-modify-write
    to lose. ``username`` is stored lower-cased. ``failed_at_s`` is wall-clock seconds since
    the Unix epoch (UTC), the one clock every worker and every restart shares.
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key", "username", "ip", "failed_at_s"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(64))
    failed_at_s: Mapped[float] = mapped_column(Float, index=True)


class PersonRow(Base):
    """Someone who trains: their profile (JSON of :class:`Profile`) and display preferences."""

    __tablename__ = "people"
    __table_args__ = (CheckConstraint("units IN ('kg', 'lb')", name="units"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    units: Mapped[str] = mapped_column(String(2), default="kg")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
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
    felt_in: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    red_flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    target_reps_low: Mapped[int | None] = mapped_column(Integer)
    target_reps_high: Mapped[int | None] = mapped_column(Integer)
    target_hold_s_low: Mapped[int | None] = mapped_column(Integer)
    target_hold_s_high: Mapped[int | None] = mapped_column(Integer)
    target_load_kg: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    client_id: Mapped[str | None] = mapped_column(String(64))


class ProgressionStateRow(Base):
    """The prescription currently in force for one program slot and one side.

    ``slot`` is the variant the program first prescribed; ``variant_id`` is where the ladder
    has moved since. Left and right have separate rows so they progress separately.
    ``counters`` holds the engine's success/stall/deload counters for the current variant
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
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


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
