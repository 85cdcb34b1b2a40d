"""Range messages name the field and both ends of the range, read from the model itself.

For every constrained field of the input models (found from their ``Field`` metadata, so a
new field is covered without editing this file), any value outside the range gives
``field: <value> is out of range; allowed <low> to <high> ...``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from glutemed.errors import format_validation_error
from glutemed.programming.models import Baseline, Prescription, Profile
from glutemed.progression.models import PerformedSet
from glutemed.ranges import Bounds, bounds_of, pattern_choices

VALID: dict[type[BaseModel], dict[str, Any]] = {
    Profile: {"goal": "rehab"},
    Baseline: {},
    PerformedSet: {"variant_id": "side-plank.full", "side": "both", "date": "2026-01-05",
                   "reps": 10},
    Prescription: {"variant_id": "side-plank.full", "role": "abduction", "mode": "isotonic",
                   "side": "both", "sets": 3, "reps": (10, 15), "rest_s": 60, "rir": (1, 2),
                   "rationale": "because"},
}


def _ranged(model: type[BaseModel]) -> list[str]:
    """The fields with at least one numeric bound."""
    return [
        name for name in model.model_fields
        if any(end is not None for end in _ends(bounds_of(model, name)))
    ]


def _ends(bounds: Bounds) -> tuple[float | None, ...]:
    return (bounds.ge, bounds.gt, bounds.le, bounds.lt)


RANGED = [(model, name) for model in VALID for name in _ranged(model)]


def test_every_field_the_brief_names_is_covered() -> None:
    names = {(m.__name__, n) for m, n in RANGED}
    expected = {
        ("Profile", "days_per_week"), ("Profile", "weeks"), ("Profile", "minutes_per_session"),
        ("Profile", "mass_kg"), ("Profile", "height_m"),
        ("Baseline", "side_plank_hold_s"), ("Baseline", "side_lying_abduction_reps"),
        ("Baseline", "single_leg_squat_quality"),
        ("PerformedSet", "reps"), ("PerformedSet", "hold_s"), ("PerformedSet", "rir"),
        ("PerformedSet", "pain_during"), ("PerformedSet", "pain_next_morning"),
        ("PerformedSet", "load_kg"), ("Prescription", "sets"), ("Prescription", "rest_s"),
    }
    assert expected <= names


def _outside(bounds: Bounds, whole: bool) -> st.SearchStrategy[float]:
    """Values just or far outside the range (never inside it)."""
    options: list[st.SearchStrategy[float]] = []
    low = bounds.ge if bounds.ge is not None else bounds.gt
    high = bounds.le if bounds.le is not None else bounds.lt
    if low is not None:
        top = low - 1 if bounds.ge is not None else low
        options.append(st.integers(-10**6, int(top)).map(float) if whole
                       else st.floats(-1e6, low, exclude_max=bounds.ge is not None))
    if high is not None:
        bottom = high + 1 if bounds.le is not None else high
        options.append(st.integers(int(bottom), 10**6).map(float) if whole
                       else st.floats(high, 1e6, exclude_min=bounds.le is not None))
    return st.one_of(options)


def _is_int(model: type[BaseModel], name: str) -> bool:
    return "int" in str(model.model_fields[name].annotation)


@pytest.mark.parametrize(("model", "name"), RANGED, ids=lambda x: getattr(x, "__name__", x))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_out_of_range_value_names_field_and_both_ends(
    model: type[BaseModel], name: str, data: st.DataObject
) -> None:
    bounds = bounds_of(model, name)
    whole = _is_int(model, name)
    raw = data.draw(_outside(bounds, whole))
    value: float | int = int(raw) if whole else raw
    note(f"{model.__name__}.{name} = {value!r}")
    with pytest.raises(ValidationError) as info:
        model.model_validate({**VALID[model], name: value})
    message = format_validation_error(info.value)
    assert message.startswith(f"{name}: ")
    assert "is out of range; allowed" in message
    for end in _ends(bounds):
        if end is not None:
            assert f"{end:g}" in message
    if bounds.unit:
        assert bounds.unit in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"days_per_week": 6}, "days_per_week: 6 is out of range; allowed 1 to 4 (days per week)"),
        ({"weeks": 3}, "weeks: 3 is out of range; allowed 4 to 16 (weeks)"),
        ({"minutes_per_session": 200},
         "minutes_per_session: 200 is out of range; allowed 15 to 180 (minutes per session)"),
        ({"mass_kg": 25, "height_m": 1.5},
         "mass_kg: 25 is out of range; allowed 30 to 300 kg (the load model's body-segment "
         "tables are adult data)"),
        ({"mass_kg": 60, "height_m": 1.5, "sex": "other"},
         "sex: unknown 'other'; allowed: female or male"),
        ({"goal": "strength"},
         "goal: unknown 'strength'; allowed: hypertrophy, rehab, risk-reduction or performance"),
        ({"level": "pro"}, "level: unknown 'pro'; allowed: beginner, intermediate or advanced"),
        ({"mass_kg": 70, "height_m": 175},
         "height_m: 175 is out of range; allowed 1 to 2.5 m; 175 looks like centimetres - "
         "did you mean 1.75?"),
        ({"mass_kg": 70, "height_m": 2.6}, "height_m: 2.6 is out of range; allowed 1 to 2.5 m"),
        ({"baseline": {"single_leg_squat_quality": 4}},
         "baseline.single_leg_squat_quality: 4 is out of range; allowed 0 to 3 "
         "(0 = cannot, 1 = poor, 2 = fair, 3 = good control)"),
    ],
)
def test_profile_messages_read_as_the_house_rule(data: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        Profile.model_validate({"goal": "rehab", **data})
    assert format_validation_error(info.value) == expected


def test_performed_set_pain_and_warning_sign_messages() -> None:
    base = VALID[PerformedSet]
    with pytest.raises(ValidationError) as info:
        PerformedSet.model_validate({**base, "pain_during": 11})
    assert format_validation_error(info.value) == (
        "pain_during: 11 is out of range; allowed 0 to 10 (0 = no pain)"
    )
    with pytest.raises(ValidationError) as info:
        PerformedSet.model_validate({**base, "red_flags": ["headache"]})
    assert "allowed: severe-pain, night-pain, fall-or-injury" in format_validation_error(
        info.value
    )


def test_rewritten_errors_keep_pydantic_type_and_bound() -> None:
    """The JSON API shows ``type`` and clients may read ``ctx``: both stay Pydantic's."""
    with pytest.raises(ValidationError) as info:
        Profile.model_validate({"goal": "rehab", "days_per_week": 6})
    (err,) = info.value.errors()
    assert err["type"] == "less_than_equal" and err["ctx"]["le"] == 4
    assert err["loc"] == ("days_per_week",)


def test_other_errors_are_kept_beside_a_rewritten_one() -> None:
    with pytest.raises(ValidationError) as info:
        PerformedSet.model_validate({**VALID[PerformedSet], "rir": 11, "date": "someday"})
    message = format_validation_error(info.value)
    assert "rir: 11 is out of range; allowed 0 to 10 (reps in reserve)" in message
    assert "date: Input should be a valid date" in message


def test_bounds_describe_open_and_one_sided_ranges() -> None:
    assert Bounds(gt=0, lt=5).describe() == "more than 0 to less than 5"
    assert Bounds(ge=0, unit="kg").describe() == "0 or more kg"
    assert Bounds(le=3).describe() == "up to 3"
    assert not Bounds(ge=1, le=4).contains(float("nan"))


def test_pattern_choices_only_reads_simple_alternations() -> None:
    assert pattern_choices("^(female|male)$") == "female or male"
    assert pattern_choices("^[a-z]+$") is None
