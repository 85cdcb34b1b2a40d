"""Banded side step (Lewis et al. 2018; Cambridge et al. 2012; Youdas et al. 2013)."""

from __future__ import annotations

import pytest

from glutemed.biomech.anthropometrics import Person
from glutemed.biomech.demand import compute_demand
from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError


def test_band_lower_on_the_leg_raises_demand(catalog: Catalog, person: Person) -> None:
    """Lewis et al. 2018 (J Athl Train 53:1071) and Cambridge et al. 2012: hip abductor activity
    rises as the band moves knees -> ankles -> feet. Same colour, lower site, more moment."""
    moments = [
        compute_demand(catalog.variant(f"banded-side-step.{site}-heavy"), person).moment_nm
        for site in ("knees", "ankles", "feet")
    ]
    assert moments == sorted(moments)
    assert len(set(moments)) == 3


def test_trailing_hip_works_harder_than_the_moving_hip(catalog: Catalog, person: Person) -> None:
    """Youdas et al. 2013 measured the stance limb at 52 % MVIC and the moving limb at 35 %
    during resisted lateral band walking (docs/evidence.md): the model reports the standing
    hip."""
    demand = compute_demand(catalog.variant("banded-side-step.knees-medium"), person)
    assert demand.hip == "standing (trailing) hip"
    assert demand.other_hips["moving (leading) hip"] < demand.moment_nm


def test_band_contribution_is_chart_tension_times_site_lever(
    catalog: Catalog, person: Person
) -> None:
    """Green at 100 % = 4.6 lb = 20.46 N (chart), at the knees 0.245 x 1.75 m, cos 15°."""
    import math

    demand = compute_demand(catalog.variant("banded-side-step.knees-medium"), person)
    expected = 4.6 * 4.448 * 0.245 * 1.75 * math.cos(math.radians(15))
    assert demand.contributions["green band at the knee"] == pytest.approx(expected)


def test_calibration_and_band_override(catalog: Catalog, person: Person) -> None:
    variant = catalog.variant("banded-side-step.knees-medium")
    base = compute_demand(variant, person)
    weaker = compute_demand(variant, person, calibration=0.5)
    heavier = compute_demand(variant, person, band="black")
    band_part = base.contributions["green band at the knee"]
    assert weaker.contributions["green band at the knee"] == pytest.approx(band_part / 2)
    assert heavier.moment_nm > base.moment_nm
    assert heavier.band == "black"


def test_unknown_band_is_refused_with_the_colours(catalog: Catalog, person: Person) -> None:
    with pytest.raises(InputError, match="allowed: tan, yellow"):
        compute_demand(catalog.variant("banded-side-step.knees-medium"), person, band="pink")
