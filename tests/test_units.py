"""Display units: stored kg, shown in kg or lb."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutemed.errors import InputError
from glutemed.units import KG_PER_LB, format_load, from_display, to_display


def test_pound_is_the_international_definition() -> None:
    # 1 lb = 0.45359237 kg exactly (International Yard and Pound Agreement, 1959)
    assert KG_PER_LB == 0.45359237
    assert to_display(10.0, "lb") == 22.0  # 10 / 0.45359237 = 22.046
    assert format_load(2.5, "kg") == "2.5 kg"
    assert format_load(20.0, "kg") == "20 kg"
    assert format_load(None, "lb") == ""


@given(st.floats(0, 500, allow_nan=False))
def test_lb_round_trip_is_exact_before_rounding(load_kg: float) -> None:
    assert from_display(load_kg / KG_PER_LB, "lb") == pytest.approx(load_kg)


def test_unknown_unit_names_the_field() -> None:
    with pytest.raises(InputError) as info:
        to_display(1.0, "stone")
    assert info.value.field == "units"
