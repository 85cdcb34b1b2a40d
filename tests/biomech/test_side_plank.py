"""Side plank: a beam between forearm and knees or feet (hand statics; Boren 2011 ordinal)."""

from __future__ import annotations

import pytest

from glutemed.biomech.anthropometrics import Person
from glutemed.biomech.demand import compute_demand
from glutemed.catalog.catalog import Catalog


def test_full_side_plank_matches_a_hand_calculation(catalog: Catalog, person: Person) -> None:
    """Hand statics with Winter 2009 / Drillis & Contini fractions (x from the hip, H units):
    elbow -0.288, HAT at -0.626 x 0.288, each leg 0.161 at 0.447 x 0.491, feet at 0.491.
    R_feet = W (x_com + 0.288) / 0.779; bottom-hip moment = R_feet x 0.491 - legs' moment."""
    w, h = 70 * 9.81, 1.75
    x_com = 0.678 * -0.626 * 0.288 + 2 * 0.161 * 0.447 * 0.491
    r_feet = w * (x_com + 0.288) / (0.491 + 0.288)
    expected = (r_feet * 0.491 - 2 * 0.161 * w * 0.447 * 0.491) * h
    demand = compute_demand(catalog.variant("side-plank.full"), person)
    assert demand.moment_nm == pytest.approx(expected, rel=1e-6)
    assert demand.hip == "bottom (supporting) hip"


def test_bottom_hip_works_harder_than_the_lifted_top_leg(catalog: Catalog, person: Person) -> None:
    """Boren et al. 2011 (docs/evidence.md): side plank with abduction, 103 % MVIC for the
    bottom leg vs 89 % for the top leg - the model reports the bottom hip as hardest."""
    demand = compute_demand(catalog.variant("side-plank.full-abduction"), person)
    assert demand.hip == "bottom (supporting) hip"
    assert demand.other_hips["top (moving) hip"] < demand.moment_nm


def test_lifting_the_top_leg_moves_its_weight_onto_the_pelvis(
    catalog: Catalog, person: Person
) -> None:
    """With the top leg lifted its weight no longer rests on the bottom leg: the bottom hip's
    moment rises by exactly the top leg's own moment about the hip (0.161 x 0.447 x 0.491)."""
    plain = compute_demand(catalog.variant("side-plank.full"), person)
    lifted = compute_demand(catalog.variant("side-plank.full-abduction"), person)
    top_leg_moment = 0.161 * 70 * 9.81 * 0.447 * 0.491 * 1.75
    assert lifted.moment_nm - plain.moment_nm == pytest.approx(top_leg_moment, rel=1e-6)


def test_short_plank_is_easier_than_full(catalog: Catalog, person: Person) -> None:
    """Support at the knees shortens the lever (0.245 H instead of 0.491 H)."""
    short = compute_demand(catalog.variant("side-plank.short"), person)
    full = compute_demand(catalog.variant("side-plank.full"), person)
    assert short.moment_nm < full.moment_nm


def test_contributions_add_up(catalog: Catalog, person: Person) -> None:
    for variant in catalog.filter(family="side-plank"):
        demand = compute_demand(variant, person)
        assert sum(demand.contributions.values()) == pytest.approx(demand.moment_nm)
