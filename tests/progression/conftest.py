"""Builders for prescriptions and performed sets, shared by the progression tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.rules import Rule, load_default_rules

MONDAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="session")
def rules() -> list[Rule]:
    """The shipped default rules."""
    return load_default_rules()


def _prescription(catalog: Catalog, variant_id: str, **changes: Any) -> Prescription:
    variant = catalog.variant(variant_id)
    mode = changes.pop("mode", variant.modes[0])
    fields: dict[str, Any] = {
        "variant_id": variant_id, "role": Role.ABDUCTION, "mode": mode, "side": Side.LEFT,
        "sets": 3, "rest_s": 60, "rir": (1, 3), "rationale": "test",
        "reps": (10, 15) if mode is Mode.ISOTONIC else None,
        "hold_s": (30, 40) if mode is Mode.ISOMETRIC else None,
    }
    kg = next((load.default_kg for load in variant.loads if load.default_kg), None)
    band = variant.band
    fields.update(load_kg=kg, band=band.default_band if band else None,
                  band_at=band.at if band else None)
    fields.update(changes)
    return Prescription(**fields)


@pytest.fixture
def prescribe(catalog: Catalog) -> Callable[..., Prescription]:
    """``prescribe(variant_id, **changes)``: 3 sets of 10-15 reps (or 30-40 s) at the
    variant's default load or band."""
    return lambda variant_id, **changes: _prescription(catalog, variant_id, **changes)


def _all_yes(catalog: Catalog, variant_id: str) -> dict[str, bool]:
    variant = catalog.variant(variant_id)
    return {c.id: True for c in catalog.family_of(variant).checks_for(variant)}


def _session(
    catalog: Catalog,
    p: Prescription,
    date: dt.date,
    *,
    side: Side | None = None,
    amounts: list[float] | None = None,
    checks: dict[str, bool] | None = None,
    pain: int | None = 1,
    morning: int | None = None,
    note: str | None = None,
    **extra: Any,
) -> list[PerformedSet]:
    top = (p.reps or p.hold_s or (0, 0))[1]
    values = amounts if amounts is not None else [top] * p.sets
    out = []
    for i, value in enumerate(values, start=1):
        dose: dict[str, Any] = (
            {"reps": int(value), "target_reps": p.reps} if p.mode is Mode.ISOTONIC
            else {"hold_s": float(value), "target_hold_s": p.hold_s}
        )
        out.append(PerformedSet(
            variant_id=p.variant_id, side=side or p.side, date=date, set_index=i,
            load_kg=p.load_kg, band=p.band, band_at=p.band_at, pain_during=pain,
            pain_next_morning=morning, note=note,
            checks=_all_yes(catalog, p.variant_id) if checks is None else dict(checks),
            **dose, **extra,
        ))
    return out


@pytest.fixture
def session(catalog: Catalog) -> Callable[..., list[PerformedSet]]:
    """``session(prescription, date, amounts=[...], checks={...}, pain=, morning=, note=)``:
    the sets of one session done at the prescribed dose (every set at the top by default).
    Without ``checks`` every technique check of the variant is answered 'yes' (a person who
    trained well); ``checks={}`` leaves them all unanswered."""
    return partial(_session, catalog)


@pytest.fixture
def passed(catalog: Catalog) -> Callable[..., dict[str, bool]]:
    """``passed(variant_id, failed=())``: every technique check of the variant answered,
    'yes' except the ids in ``failed``."""

    def answers(variant_id: str, failed: tuple[str, ...] = ()) -> dict[str, bool]:
        variant = catalog.variant(variant_id)
        family = catalog.family_of(variant)
        return {c.id: c.id not in failed for c in family.checks_for(variant)}

    return answers
