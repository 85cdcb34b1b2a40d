"""One body-mass rule: any body a profile accepts, the load model can model.

The profile used to accept 20-30 kg, which the load model (Winter's segment tables, after
Dempster, measured on adults) refuses, so the planner quietly fell back to catalogue levels.
Both now read ``MASS_KG`` and ``HEIGHT_M``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from glutemed.biomech.anthropometrics import HEIGHT_M, MASS_KG, Person
from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.errors import InputError, format_validation_error
from glutemed.programming.generator import load_model_lookup
from glutemed.programming.models import Profile

CATALOG: Catalog = load_default_catalog()
MODELLED = CATALOG.variant("side-lying-abduction.cuff-ankle")


def _accepted_by_profile(mass_kg: float, height_m: float) -> Profile | None:
    try:
        return Profile(goal="rehab", mass_kg=mass_kg, height_m=height_m)  # type: ignore[arg-type]
    except ValidationError:
        return None


def _accepted_by_model(mass_kg: float, height_m: float) -> bool:
    try:
        Person(mass_kg=mass_kg, height_m=height_m)
    except InputError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(
    mass_kg=st.floats(0, 400, allow_nan=False) | st.sampled_from([29.99, 30.0, 300.0, 300.01]),
    height_m=st.floats(HEIGHT_M.ge or 1.0, HEIGHT_M.le or 2.5),
)
def test_profile_and_load_model_accept_exactly_the_same_masses(
    mass_kg: float, height_m: float
) -> None:
    profile = _accepted_by_profile(mass_kg, height_m)
    assert (profile is not None) == _accepted_by_model(mass_kg, height_m)
    if profile is not None:
        lookup = load_model_lookup(profile)
        assert lookup is not None, "an accepted body must reach the load model"
        demand = lookup(MODELLED)
        assert demand is not None and demand[0] > 0


@pytest.mark.parametrize("mass_kg", [20.5, 25, 29.9, 300.5])
def test_rejected_mass_names_the_range_and_why(mass_kg: float) -> None:
    expected = (
        f"mass_kg: {mass_kg:g} is out of range; allowed 30 to 300 kg "
        "(the load model's body-segment tables are adult data)"
    )
    with pytest.raises(ValidationError) as info:
        Profile(goal="rehab", mass_kg=mass_kg, height_m=1.6)  # type: ignore[arg-type]
    assert format_validation_error(info.value) == expected
    with pytest.raises(InputError) as raised:
        Person(mass_kg=mass_kg, height_m=1.6)
    assert str(raised.value) == expected


def test_profile_takes_its_body_bounds_from_the_load_model() -> None:
    from glutemed.ranges import bounds_of

    assert (bounds_of(Profile, "mass_kg").ge, bounds_of(Profile, "mass_kg").le) == (
        MASS_KG.ge, MASS_KG.le,
    )
    assert (bounds_of(Profile, "height_m").ge, bounds_of(Profile, "height_m").le) == (
        HEIGHT_M.ge, HEIGHT_M.le,
    )
