"""Form parsing: answered checks only, lb converted to kg, bad numbers name the field."""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.datastructures import FormData

from glutemed.errors import InputError
from glutemed.web.forms import performed_set_from_form, profile_from_form

TODAY = dt.date(2026, 1, 5)


def test_a_load_typed_in_pounds_is_stored_in_kilograms() -> None:
    """1 lb = 0.45359237 kg exactly (international yard and pound agreement, 1959)."""
    form = FormData([("variant_id", "squat.goblet"), ("side", "both"), ("reps", "10"),
                     ("load_kg", "22"), ("units", "lb")])
    performed = performed_set_from_form(form, TODAY)
    assert performed.load_kg == pytest.approx(22 * 0.45359237)


def test_only_answered_checks_are_recorded_and_blank_fields_are_left_out() -> None:
    form = FormData([("variant_id", "side-plank.short"), ("side", "left"), ("hold_s", "30"),
                     ("check:hips-stacked", "yes"), ("check:no-sag", "no"),
                     ("check:unanswered", ""), ("rir", ""), ("note", "  ")])
    performed = performed_set_from_form(form, TODAY)
    assert performed.checks == {"hips-stacked": True, "no-sag": False}
    assert performed.rir is None and performed.note is None and performed.date == TODAY


def test_a_word_where_a_number_belongs_names_the_field() -> None:
    form = FormData([("variant_id", "squat.goblet"), ("side", "both"), ("reps", "ten")])
    with pytest.raises(InputError, match="reps"):
        performed_set_from_form(form, TODAY)


def test_a_profile_without_a_goal_lists_the_goals() -> None:
    with pytest.raises(InputError, match="hypertrophy, rehab, risk-reduction, performance"):
        profile_from_form(FormData([("days_per_week", "2")]))
