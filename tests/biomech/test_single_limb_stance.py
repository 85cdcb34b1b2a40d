"""Single-limb stance against Pauwels (1965) and Neumann (1996)."""

from __future__ import annotations

import pytest

from glutemed.biomech.anthropometrics import Person
from glutemed.biomech.demand import compute_demand
from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import LoadKind, LoadSite, LoadSpec, Variant
from glutemed.errors import NotModelledError


def _with_load(variant: Variant, site: LoadSite, kg: float) -> Variant:
    spec = LoadSpec(kind=LoadKind.HAND_WEIGHT, at=site, default_kg=kg)
    return variant.model_copy(update={"loads": [spec]})


def test_abductor_force_is_in_pauwels_published_range(catalog: Catalog, person: Person) -> None:
    """Pauwels 1965 (docs/evidence.md): M = 0.814 BW x 10.99 / 4.0 = 2.2 BW; published
    single-limb stance abductor forces lie around 2-3 BW."""
    demand = compute_demand(catalog.variant("single-limb-stance.bodyweight"), person)
    assert 2.0 <= demand.abductor_force_bw <= 3.0
    assert demand.abductor_force_bw == pytest.approx(0.814 * 10.99 / 4.0, rel=0.001)


def test_same_force_for_every_body_size(catalog: Catalog) -> None:
    """Pauwels' lever ratio is size-free: abductor force in BW does not depend on mass."""
    variant = catalog.variant("single-limb-stance.bodyweight")
    small = compute_demand(variant, Person(45, 1.50))
    large = compute_demand(variant, Person(120, 1.95))
    assert small.abductor_force_bw == pytest.approx(large.abductor_force_bw)
    assert large.moment_nm > small.moment_nm


@pytest.mark.parametrize("kg", [0.05 * 70, 0.10 * 70, 0.15 * 70])
def test_opposite_hand_load_raises_and_same_hand_load_lowers_stance_demand(
    catalog: Catalog, person: Person, kg: float
) -> None:
    """Neumann 1996 (Phys Ther 76:1320): loads of 5, 10 and 15 % BW carried contralateral to
    the hip raised hip abductor EMG; carried ipsilaterally they lowered it."""
    base = catalog.variant("single-limb-stance.bodyweight")
    none = compute_demand(base, person).moment_nm
    opposite = compute_demand(_with_load(base, LoadSite.OPPOSITE_HAND, kg), person).moment_nm
    same = compute_demand(_with_load(base, LoadSite.SAME_HAND, kg), person).moment_nm
    assert opposite > none > same


def test_opposite_hand_lever_is_half_hip_distance_plus_half_shoulder_width(
    catalog: Catalog, person: Person
) -> None:
    """Hand calculation: 8 kg x 9.81 x (0.085 + 0.259 x 1.75 / 2) m = 24.5 N·m."""
    demand = compute_demand(catalog.variant("single-limb-stance.opposite-hand-weight"), person)
    expected = 8 * 9.81 * (0.085 + 0.259 * 1.75 / 2)
    assert demand.contributions["hand weight 8 kg in the opposite hand"] == pytest.approx(expected)


def test_belt_load_raises_demand_less_than_the_same_load_in_the_opposite_hand(
    catalog: Catalog, person: Person
) -> None:
    """A belt load hangs at the midline (lever 8.5 cm, half of Braune's 170 mm hip
    distance), a hand load further out: same kilograms, smaller moment."""
    march = catalog.variant("single-limb-stance.march-belt-weight")
    belt = compute_demand(march, person, external_kg=10)
    hand = compute_demand(
        _with_load(catalog.variant("single-limb-stance.bodyweight"), LoadSite.OPPOSITE_HAND, 10),
        person,
    )
    bodyweight = compute_demand(catalog.variant("single-limb-stance.march"), person)
    assert bodyweight.moment_nm < belt.moment_nm < hand.moment_nm
    assert belt.moment_nm - bodyweight.moment_nm == pytest.approx(10 * 9.81 * 0.085)


def test_wall_press_needs_a_stated_push(catalog: Catalog, person: Person) -> None:
    """The push is self-chosen: no number unless the person states it."""
    variant = catalog.variant("single-limb-stance.wall-press")
    with pytest.raises(NotModelledError, match="--external-kg"):
        compute_demand(variant, person)
    pushed = compute_demand(variant, person, external_kg=5)
    base = compute_demand(catalog.variant("single-limb-stance.bodyweight"), person)
    assert pushed.moment_nm == pytest.approx(base.moment_nm + 5 * 9.81 * 0.530 * 1.75)
