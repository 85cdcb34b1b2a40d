"""Side-lying abduction against hand calculations (docs/evidence.md's worked check, Winter 2009)."""

from __future__ import annotations

import math

import pytest

from glutemed.biomech.anthropometrics import Person
from glutemed.biomech.demand import compute_demand
from glutemed.catalog.catalog import Catalog


def test_horizontal_limb_70kg_175m_is_the_evidence_hand_calculation(
    catalog: Catalog, person: Person
) -> None:
    """The worked check of docs/evidence.md (Winter 2009 Table 4.1, Drillis & Contini 1966):
    11.27 kg x 9.81 x 0.384 m = 42.5 N·m, 0.61 N·m/kg, with the limb horizontal (0°)."""
    demand = compute_demand(catalog.variant("side-lying-abduction.bodyweight"), person)
    assert demand.moment_nm == pytest.approx(42.5, abs=0.1)
    assert demand.moment_nm_per_kg == pytest.approx(0.61, abs=0.005)
    assert "0° abduction" in demand.peak_at
    assert demand.hip == "top (moving) hip"


def test_abductor_force_uses_pauwels_moment_arm(catalog: Catalog, person: Person) -> None:
    """42.5 N·m / 0.040 m (Pauwels 1965 p.111) = 1062 N = 1.55 x 686.7 N body weight."""
    demand = compute_demand(catalog.variant("side-lying-abduction.bodyweight"), person)
    assert demand.moment_arm_m == 0.040
    assert demand.abductor_force_n == pytest.approx(42.5 / 0.040, rel=0.005)
    assert demand.abductor_force_bw == pytest.approx(42.5 / 0.040 / (70 * 9.81), rel=0.005)


def test_isometric_hold_is_evaluated_at_the_hold_angle(catalog: Catalog, person: Person) -> None:
    """docs/evidence.md's worked check: the moment scales with cos(abduction); hold at 15°."""
    demand = compute_demand(catalog.variant("side-lying-abduction.isometric-hold"), person)
    horizontal = 0.161 * 70 * 9.81 * 0.447 * 0.491 * 1.75
    assert demand.moment_nm == pytest.approx(horizontal * math.cos(math.radians(15)))
    assert demand.work_j_per_rep is None


def test_cuff_at_the_ankle_adds_its_weight_times_hip_ankle_length(
    catalog: Catalog, person: Person
) -> None:
    """Hand calculation: 1 kg x 9.81 x 0.491 x 1.75 m = 8.43 N·m on top of the leg's 42.5."""
    demand = compute_demand(catalog.variant("side-lying-abduction.cuff-ankle"), person)
    assert demand.contributions["cuff weight 1 kg at the ankle"] == pytest.approx(8.43, abs=0.01)
    assert sum(demand.contributions.values()) == pytest.approx(demand.moment_nm)


def test_moving_the_cuff_from_knee_to_ankle_doubles_its_moment(
    catalog: Catalog, person: Person
) -> None:
    """Drillis & Contini: hip-ankle 0.491 H vs hip-knee 0.245 H, a ratio of about 2."""
    knee = compute_demand(catalog.variant("side-lying-abduction.cuff-knee"), person)
    ankle = compute_demand(catalog.variant("side-lying-abduction.cuff-ankle"), person)
    ratio = ankle.contributions["cuff weight 1 kg at the ankle"] / knee.contributions[
        "cuff weight 1 kg at the knee"
    ]
    assert ratio == pytest.approx(0.491 / 0.245)


def test_bench_start_in_adduction_adds_work_not_peak(catalog: Catalog, person: Person) -> None:
    """The peak gravity moment is at horizontal, which both ranges pass through; starting
    20° below horizontal adds range, so more work per repetition."""
    standard = compute_demand(catalog.variant("side-lying-abduction.bodyweight"), person)
    bench = compute_demand(catalog.variant("side-lying-abduction.bench"), person)
    assert bench.moment_nm == pytest.approx(standard.moment_nm)
    assert standard.work_j_per_rep is not None and bench.work_j_per_rep is not None
    assert bench.work_j_per_rep > standard.work_j_per_rep
    # work over 0-45° = m g d sin 45° (integral of cos)
    assert standard.work_j_per_rep == pytest.approx(42.5 * math.sin(math.radians(45)), rel=0.01)
