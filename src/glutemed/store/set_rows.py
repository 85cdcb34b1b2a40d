"""A performed set between the core's :class:`PerformedSet` and its ``performed_sets`` row.

Every field crosses in plain code (target beside actual), so a reader can see each one go
over. Also the fast path the engine's history and the recent-sets read use: plain columns
validated in one call of pydantic's compiled validator, remembered by their values.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.programming.models import Side
from glutemed.progression.models import FELT_IN_MAX_CHARS, NOTE_MAX_CHARS, PerformedSet
from glutemed.store.conversions import as_utc, json_cell, storable_text
from glutemed.store.records import StoredSet
from glutemed.store.tables import PerformedSetRow

FREE_TEXT_LIMITS = {"felt_in": FELT_IN_MAX_CHARS, "note": NOTE_MAX_CHARS}
"""The performed-set text columns and their sizes (``performed_sets`` in tables.py; the
numbers are the model's)."""


def set_values(performed: PerformedSet) -> dict[str, Any]:
    """Every field of a performed set as column values (target beside actual); free text
    that a database could not store is an :class:`InputError` (see :func:`storable_text`)."""
    reps_low, reps_high = performed.target_reps or (None, None)
    hold_low, hold_high = performed.target_hold_s or (None, None)
    return {
        "variant_id": performed.variant_id,
        "side": performed.side.value,
        "date": performed.date,
        "set_index": performed.set_index,
        "reps": performed.reps,
        "hold_s": performed.hold_s,
        "load_kg": performed.load_kg,
        "band": performed.band.value if performed.band else None,
        "band_at": performed.band_at.value if performed.band_at else None,
        "rir": performed.rir,
        "pain_during": performed.pain_during,
        "pain_next_morning": performed.pain_next_morning,
        "checks": dict(performed.checks),
        "felt_in": storable_text("felt_in", performed.felt_in, FREE_TEXT_LIMITS["felt_in"]),
        "note": storable_text("note", performed.note, FREE_TEXT_LIMITS["note"]),
        "red_flags": sorted(str(f) for f in getattr(performed, "red_flags", ())),
        "target_reps_low": reps_low,
        "target_reps_high": reps_high,
        "target_hold_s_low": hold_low,
        "target_hold_s_high": hold_high,
        "target_load_kg": performed.target_load_kg,
        "target_sets": performed.target_sets,
        "target_band": performed.target_band.value if performed.target_band else None,
        "target_band_at": performed.target_band_at.value if performed.target_band_at else None,
        "slot": performed.slot,
    }


def set_to_row(performed: PerformedSet, row: PerformedSetRow) -> None:
    """Copy every field of a performed set into a row."""
    for name, value in set_values(performed).items():
        setattr(row, name, value)


def row_to_set(row: PerformedSetRow) -> PerformedSet:
    """Rebuild the core's performed set from a row."""
    extra: dict[str, Any] = {}
    if row.red_flags and "red_flags" in PerformedSet.model_fields:
        extra["red_flags"] = frozenset(row.red_flags)
    return PerformedSet(
        **extra,
        variant_id=row.variant_id,
        side=Side(row.side),
        date=row.date,
        set_index=row.set_index,
        reps=row.reps,
        hold_s=row.hold_s,
        load_kg=row.load_kg,
        band=BandLevel(row.band) if row.band else None,
        band_at=LoadSite(row.band_at) if row.band_at else None,
        rir=row.rir,
        pain_during=row.pain_during,
        pain_next_morning=row.pain_next_morning,
        checks={str(k): bool(v) for k, v in (row.checks or {}).items()},
        felt_in=row.felt_in,
        note=row.note,
        target_reps=_pair(row.target_reps_low, row.target_reps_high),
        target_hold_s=_pair(row.target_hold_s_low, row.target_hold_s_high),
        target_load_kg=row.target_load_kg,
        target_sets=row.target_sets,
        target_band=BandLevel(row.target_band) if row.target_band else None,
        target_band_at=LoadSite(row.target_band_at) if row.target_band_at else None,
        slot=row.slot,
    )


_validate_set = PerformedSet.__pydantic_validator__.validate_python


def set_from_columns(c: Sequence[Any]) -> PerformedSet:
    """A performed set from one row of plain columns (the fast path for the engine's history).

    Still fully validated, but in one call of pydantic's compiled validator with a flat dict.
    Measured per row (pydantic 2.14): this 9.6 us; the former ``model_validate`` of a
    filtered dict 15 us; ``model_construct`` with explicit conversions 20 us -- slower,
    because it is plain Python while validation runs in Rust, so it was not kept.
    """
    (
        variant_id, side, date, set_index, reps, hold_s, load_kg, band, band_at, rir,
        pain_during, pain_next_morning, checks, felt_in, note, red_flags,
        reps_low, reps_high, hold_low, hold_high, target_load_kg,
        target_sets, target_band, target_band_at, slot,
    ) = c
    performed: PerformedSet = _validate_set(
        {
            "variant_id": variant_id,
            "side": side,
            "date": date,
            "set_index": set_index,
            "reps": reps,
            "hold_s": hold_s,
            "load_kg": load_kg,
            "band": band,
            "band_at": band_at,
            "rir": rir,
            "pain_during": pain_during,
            "pain_next_morning": pain_next_morning,
            "checks": json_cell(checks, {}),
            "felt_in": felt_in,
            "note": note,
            "red_flags": json_cell(red_flags, ()),
            "target_reps": _pair(reps_low, reps_high),
            "target_hold_s": _pair(hold_low, hold_high),
            "target_load_kg": target_load_kg,
            "target_sets": target_sets,
            "target_band": target_band,
            "target_band_at": target_band_at,
            "slot": slot,
        }
    )
    return performed


KNOWN_SETS = 16_384
"""Validated sets remembered by their stored values (about 2 KB each, 30 MB at most)."""


@lru_cache(maxsize=KNOWN_SETS)
def _remembered_set(c: tuple[Any, ...]) -> PerformedSet:
    return set_from_columns(c)


def known_set(c: Sequence[Any]) -> PerformedSet:
    """:func:`set_from_columns`, remembered by the row's own values.

    Every logged set reads the same window of a few hundred stored sets again, and
    validating them was most of a decision's cost. A :class:`PerformedSet` is immutable and
    a pure function of these values, so the same values give back the same validated set:
    an edited row has other values (a new entry), and nothing is ever served stale. Rows
    whose values cannot be hashed (JSON columns decoded by the PostgreSQL driver into dicts)
    are validated as before."""
    key = tuple(c)
    try:
        return _remembered_set(key)
    except TypeError:  # an unhashable value: a decoded JSON column
        return set_from_columns(key)


def _pair(low: int | None, high: int | None) -> tuple[int, int] | None:
    return None if low is None or high is None else (low, high)


def stored_set(row: PerformedSetRow) -> StoredSet:
    return StoredSet(
        id=row.id,
        person_id=row.person_id,
        performed=row_to_set(row),
        planned_session_id=row.planned_session_id,
        created_at=row.created_at,
        deleted_at=as_utc(row.deleted_at),
        client_id=row.client_id,
    )


def stored_from_columns(c: Sequence[Any]) -> StoredSet:
    """A live stored set from a row of ``statements.RECENT_SETS`` (the set itself
    remembered by its values, as the engine's history is: the last 20 are read again and
    again, and validating them was a third of that read)."""
    return StoredSet(
        id=c[0],
        person_id=c[1],
        performed=known_set(c[5:]),
        planned_session_id=c[2],
        created_at=c[3],
        deleted_at=None,
        client_id=c[4],
    )
