"""Standing abduction against a band or cable (a conference abstract in docs/evidence.md: the
stance leg works harder than the moving leg)."""

from __future__ import annotations

import math

import pytest

from glutemed.biomech.anthropometrics import Person
from glutemed.biomech.demand import compute_demand
from glutemed.catalog.catalog import Catalog
from glutemed.errors import NotModelledError


def test_standing_leg_works_harder_than_the_moving_leg(catalog: Catalog, person: Person) -> None:
    """Unilateral standing abduction EMG: stance leg 34.5 % vs moving leg 24.7 % MVIC
    (conference abstract, docs/evidence.md): the model reports the standing hip as hardest."""
    demand = compute_demand(catalog.variant("standing-abduction.band-ankle"), person)
    assert demand.hip == "standing hip"
    assert demand.other_hips["moving hip"] < demand.moment_nm


def test_cable_moment_is_stack_weight_times_ankle_lever(catalog: Catalog, person: Person) -> None:
    """Hand calculation at the end of the 30° range: 5 kg x 9.81 x 0.491 x 1.75 x cos 30°."""
    demand = compute_demand(catalog.variant("standing-abduction.cable-ankle"), person)
    expected = 5 * 9.81 * 0.491 * 1.75 * math.cos(math.radians(30))
    assert demand.contributions["cable 5 kg at the ankle"] == pytest.approx(expected)


def test_isometric_wall_push_is_not_modelled(catalog: Catalog, person: Person) -> None:
    with pytest.raises(NotModelledError, match="self-chosen"):
        compute_demand(catalog.variant("standing-abduction.isometric-wall"), person)
