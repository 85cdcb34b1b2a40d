"""Starting variants, ladder steps and load suggestions (programming/selection.py)."""

from __future__ import annotations

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.programming.goals import plan_for
from glutemed.programming.models import Baseline, Goal, Level, Profile
from glutemed.programming.selection import (
    CAPACITY_NM_PER_KG,
    Selector,
    baseline_level,
    suggest_load,
)


def _selector(catalog: Catalog, **kw: object) -> Selector:
    profile = Profile.model_validate({"goal": Goal.RISK_REDUCTION, **kw})
    return Selector(profile=profile, catalog=catalog, plan=plan_for(profile.goal))


def test_band_resistance_is_stepped_before_band_position(catalog: Catalog) -> None:
    """Seed article band rule: a stronger band before moving it towards the feet."""
    selector = _selector(catalog, equipment=frozenset({"mini-band"}))
    start = catalog.variant("banded-side-step.knees-light")
    assert selector.step_up(start, 1).id == "banded-side-step.knees-medium"
    assert selector.step_up(start, 2).id == "banded-side-step.knees-heavy"
    assert selector.step_up(start, 3).id == "banded-side-step.ankles-heavy"


def test_step_up_never_lands_on_a_variant_needing_missing_equipment(catalog: Catalog) -> None:
    selector = _selector(catalog)  # bodyweight only
    start = catalog.variant("reverse-lunge.bodyweight")
    assert selector.step_up(start, 3).id == "reverse-lunge.bodyweight"


def test_rehab_never_allows_an_end_range_adduction_variant(catalog: Catalog) -> None:
    """Grimaldi 2015: compression rises with adduction, so rehab adds it as a provocation."""
    profile = Profile(goal=Goal.REHAB, equipment=frozenset({"bench"}))
    selector = Selector(profile=profile, catalog=catalog, plan=plan_for(Goal.REHAB))
    assert not selector.allowed(catalog.variant("side-lying-abduction.bench"))
    assert _selector(catalog, equipment=frozenset({"bench"})).allowed(
        catalog.variant("side-lying-abduction.bench")
    )


def test_baseline_side_plank_hold_places_the_side_plank_rung(catalog: Catalog) -> None:
    variant = catalog.variant("side-plank.full")
    assert baseline_level(Baseline(side_plank_hold_s=10), variant) == 1
    assert baseline_level(Baseline(side_plank_hold_s=60), variant) == 3
    selector = _selector(catalog, baseline=Baseline(side_plank_hold_s=60))
    start = selector.start(selector.family_variants("side-plank"))
    assert start.level == 3


def test_demand_budget_uses_sugimoto_capacity_by_sex(catalog: Catalog) -> None:
    """Sugimoto 2014: concentric abduction peak torque 1.13 N·m/kg (women), 1.29 (men)."""
    assert CAPACITY_NM_PER_KG["female"] == 1.13 and CAPACITY_NM_PER_KG["male"] == 1.29
    selector = _selector(catalog, sex="male", mass_kg=80, height_m=1.8)
    assert selector.budget_nm_per_kg() == 1.29 * plan_for(Goal.RISK_REDUCTION).demand_fraction


def test_loads_scale_by_level_and_body_mass_and_round_to_the_kit(catalog: Catalog) -> None:
    """Catalogue defaults are for a 75 kg intermediate: beginner 3/4, rounded to 2.5 kg."""
    squat = catalog.variant("squat.back-squat")  # default 40 kg
    beginner = Profile(goal=Goal.HYPERTROPHY)
    assert suggest_load(squat, beginner, plan_for(Goal.HYPERTROPHY)).load_kg == 30.0
    light = Profile(goal=Goal.HYPERTROPHY, level=Level.INTERMEDIATE, mass_kg=50, height_m=1.6)
    assert suggest_load(squat, light, plan_for(Goal.HYPERTROPHY)).load_kg == 27.5  # 40 x 0.7
    rehab = suggest_load(catalog.variant("deadlift.conventional"), beginner, plan_for(Goal.REHAB))
    assert rehab.load_kg == 27.5  # 60 x 0.75 x 0.6 = 27, to the nearest 2.5 kg


def test_a_band_variant_keeps_its_named_band(catalog: Catalog) -> None:
    load = suggest_load(catalog.variant("banded-side-step.knees-medium"),
                        Profile(goal=Goal.PERFORMANCE), plan_for(Goal.PERFORMANCE))
    assert (load.band, load.band_at, load.load_kg) == (BandLevel.GREEN, LoadSite.KNEES, None)
