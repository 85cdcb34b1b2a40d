"""Example-based tests of the generator: the article's template, substitutes, goals, inputs.

Each test names its source: the seed article's "Summary & Practical Recommendations",
ACSM 2009, LEAP 2018 / Grimaldi 2015, Silbernagel 2007, Sugimoto 2014.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Mode, Pattern, Role, Variant
from glutemed.errors import InputError, UnknownIdError
from glutemed.programming import rationale as why
from glutemed.programming.generator import generate_program
from glutemed.programming.models import Goal, Level, Profile, Program, Session


def _profile(**kw: object) -> Profile:
    base: dict[str, object] = {"goal": Goal.HYPERTROPHY, "days_per_week": 2, "weeks": 8}
    base.update(kw)
    return Profile.model_validate(base)


def _ids(session: Session) -> list[str]:
    return [i.variant_id for i in session.items]


def _families(program: Program, week: int = 1) -> list[set[str]]:
    return [
        {i.variant_id.split(".")[0] for i in s.items} for s in program.weeks[week - 1].sessions
    ]


def test_two_day_template_with_a_barbell_is_squat_plus_sldl_then_deadlift_plus_lunge(
    catalog: Catalog,
) -> None:
    """Seed article: 'Day 1 could be back squats and single leg deadlifts while Day 2 could be
    conventional deadlifts and reverse lunges'."""
    program = generate_program(
        _profile(equipment=frozenset({"barbell", "dumbbell"})), catalog
    )
    for week in program.weeks:
        day1, day2 = week.sessions
        assert "squat.back-squat" in _ids(day1)
        assert any(i.startswith("single-leg-deadlift.") for i in _ids(day1))
        assert "deadlift.conventional" in _ids(day2)
        assert any(i.startswith("reverse-lunge.") for i in _ids(day2))


def test_with_only_a_dumbbell_goblet_squat_and_kettlebell_deadlift_stand_in(
    catalog: Catalog,
) -> None:
    """Seed article template with substitutes when the barbell is missing."""
    program = generate_program(_profile(equipment=frozenset({"dumbbell"})), catalog)
    day1, day2 = program.weeks[0].sessions
    assert "squat.goblet" in _ids(day1)
    assert "deadlift.kettlebell" in _ids(day2)


def test_bodyweight_only_keeps_the_single_leg_lifts_and_says_why_the_bilateral_is_gone(
    catalog: Catalog,
) -> None:
    """Seed article: the single-leg hinge/lunge needs no equipment; the bilateral lift does."""
    program = generate_program(_profile(), catalog)
    day1, day2 = program.weeks[0].sessions
    assert any(i.startswith("single-leg-deadlift.") for i in _ids(day1))
    assert any(i.startswith("reverse-lunge.") for i in _ids(day2))
    patterns = {catalog.variant(i.variant_id).pattern for s in (day1, day2) for i in s.items}
    assert not patterns & {Pattern.BILATERAL_SQUAT, Pattern.BILATERAL_HINGE}
    assert any("No equipment for a bilateral squat" in r for r in program.rationale)
    assert all(not catalog.variant(i.variant_id).equipment for s in (day1, day2)
               for i in s.items)


def test_one_day_a_week_takes_the_template_days_in_turn_block_by_block(
    catalog: Catalog,
) -> None:
    """Seed article's two days at one leg day a week: each week is complete (a bilateral
    lift, one single-leg lift, abduction) and the days take turns every four weeks, so an
    exercise is trained four weeks in a row; no lighter week is planned (ACSM 2009: 2-3 days
    a week for novices)."""
    program = generate_program(
        _profile(days_per_week=1, weeks=12, equipment=frozenset({"barbell"})), catalog
    )
    sessions = [w.sessions[0] for w in program.weeks]
    for s in sessions[:4]:
        assert "squat.back-squat" in _ids(s) and "deadlift.conventional" not in _ids(s)
    for s in sessions[4:8]:
        assert "deadlift.conventional" in _ids(s) and "squat.back-squat" not in _ids(s)
    assert "squat.back-squat" in _ids(sessions[8])
    assert all(any(i.role is Role.ABDUCTION for i in s.items) for s in sessions)
    assert all("consolidation" not in w.focus for w in program.weeks)
    assert sessions[3].items[0].sets >= sessions[2].items[0].sets  # week 4 keeps building
    main_abduction = [next(i.variant_id for i in s.items if i.role is Role.ABDUCTION)
                      for s in (sessions[0], sessions[4])]
    assert main_abduction[0].split(".")[0] != main_abduction[1].split(".")[0]
    assert why.ONE_DAY_RULE in program.rationale


@pytest.mark.parametrize("days", [3, 4])
def test_three_and_four_days_keep_abduction_work_to_three_days(
    catalog: Catalog, days: int
) -> None:
    """Seed article: abduction-specific work 1-3 times a week, whatever the leg days."""
    program = generate_program(_profile(days_per_week=days), catalog)
    for week in program.weeks:
        with_abduction = [s for s in week.sessions
                          if any(i.role is Role.ABDUCTION for i in s.items)]
        assert len(with_abduction) == 3


def test_compound_and_abduction_doses_follow_the_article_in_week_one(catalog: Catalog) -> None:
    """Seed article: compound 3-5 x 8-12 (ACSM 2009: 8-12 RM for novices); abduction 3-4 x
    10-20 reps or 30-60 s holds."""
    program = generate_program(_profile(goal=Goal.RISK_REDUCTION), catalog)
    for item in (i for s in program.weeks[0].sessions for i in s.items):
        if item.role is Role.COMPOUND:
            assert (item.sets, item.reps) == (3, (8, 12))
        elif item.role is Role.ABDUCTION and item.mode is Mode.ISOTONIC:
            assert item.sets == 3 and item.reps == (10, 15)
        elif item.role is Role.ABDUCTION:
            assert item.sets == 3 and item.hold_s == (30, 40)


def test_volume_rises_within_a_block_then_the_variant_steps_up(catalog: Catalog) -> None:
    """Progressive overload (ACSM 2009): sets first, then a harder ladder rung in block 2."""
    program = generate_program(_profile(goal=Goal.RISK_REDUCTION, weeks=8), catalog)
    sldl = [next(i for i in w.sessions[0].items if i.variant_id.startswith("single-leg-dead"))
            for w in program.weeks]
    assert [i.sets for i in sldl[:4]] == [3, 4, 5, 3]  # build, build, build, consolidate
    assert sldl[0].variant_id == sldl[3].variant_id
    assert catalog.variant(sldl[4].variant_id).level > catalog.variant(sldl[0].variant_id).level
    assert "consolidation" in program.weeks[3].focus


def test_rehab_starts_isometric_near_neutral_and_never_uses_end_range_adduction(
    catalog: Catalog,
) -> None:
    """LEAP 2018 / Grimaldi 2015: isometric abduction first, no compressive adduction; seed
    article: isometrics near neutral, where abductor torque peaks."""
    everything = frozenset(catalog.equipment_ids)
    program = generate_program(_profile(goal=Goal.REHAB, equipment=everything), catalog)
    for week in program.weeks[:3]:
        for item in (i for s in week.sessions for i in s.items if i.role is Role.ABDUCTION):
            assert item.mode is Mode.ISOMETRIC
            assert "near neutral" in item.rationale
    used = {i.variant_id for w in program.weeks for s in w.sessions for i in s.items}
    assert "side-lying-abduction.bench" not in used  # avoid_if: end-range-adduction
    assert why.REHAB_COMPRESSION in program.rationale
    later = [i for s in program.weeks[4].sessions for i in s.items if i.role is Role.ABDUCTION]
    assert any(i.mode is Mode.ISOTONIC for i in later)  # then dynamic loading (LEAP)


def test_rehab_items_carry_the_pain_monitoring_limits(catalog: Catalog) -> None:
    """Silbernagel 2007: pain during up to 5/10, settled by next morning."""
    program = generate_program(_profile(goal=Goal.REHAB), catalog)
    compound = next(i for i in program.weeks[0].sessions[0].items if i.role is Role.COMPOUND)
    assert "5/10" in compound.rationale and "Silbernagel" in compound.rationale
    assert why.PAIN_MONITORING in program.rationale and why.WARNING_SIGNS in program.rationale


def test_hypertrophy_sets_end_close_to_failure(catalog: Catalog) -> None:
    """ACSM 2009: hypertrophy favours more volume taken close to failure (0-2 RIR)."""
    program = generate_program(_profile(goal=Goal.HYPERTROPHY, weeks=4), catalog)
    build = [i for w in program.weeks[:3] for s in w.sessions for i in s.items]
    assert all(i.rir[1] <= 2 for i in build)
    deload = [i for s in program.weeks[3].sessions for i in s.items]
    assert all(i.rir[0] >= 3 for i in deload)


def test_performance_adds_lateral_work_and_fast_intent(catalog: Catalog) -> None:
    """Seed article, reason 4: sports with lateral manoeuvres."""
    program = generate_program(
        _profile(goal=Goal.PERFORMANCE, equipment=frozenset({"mini-band"})), catalog
    )
    assert "banded-side-step" in set.union(*_families(program))
    first = program.weeks[0].sessions[0].items[0]
    assert why.FAST_INTENT in first.rationale


def test_risk_reduction_puts_single_limb_control_in_every_abduction_session(
    catalog: Catalog,
) -> None:
    """Seed article, reason 3: greater hip adduction preceded patellofemoral pain."""
    program = generate_program(_profile(goal=Goal.RISK_REDUCTION, days_per_week=3), catalog)
    for families in _families(program):
        assert "single-limb-stance" in families


def test_avoiding_weight_bearing_leaves_only_lying_work(catalog: Catalog) -> None:
    """Profile rule: no weight-bearing variant when the person avoids it."""
    program = generate_program(_profile(goal=Goal.REHAB, avoid_weight_bearing=True), catalog)
    used = [catalog.variant(i.variant_id) for w in program.weeks for s in w.sessions
            for i in s.items]
    assert used and not any(v.weight_bearing for v in used)


def test_an_avoided_variant_never_appears(catalog: Catalog) -> None:
    program = generate_program(
        _profile(avoid_variants=frozenset({"single-leg-deadlift.supported"})), catalog
    )
    used = {i.variant_id for w in program.weeks for s in w.sessions for i in s.items}
    assert "single-leg-deadlift.supported" not in used
    assert any(u.startswith("single-leg-deadlift.") for u in used)


def test_a_short_session_keeps_the_single_leg_lift_and_abduction(catalog: Catalog) -> None:
    program = generate_program(
        _profile(minutes_per_session=15, equipment=frozenset({"barbell"})), catalog
    )
    for session in program.weeks[0].sessions:
        roles = [i.role for i in session.items]
        assert Role.ABDUCTION in roles and Role.ACCESSORY not in roles
        assert sum(catalog.variant(i.variant_id).pattern.is_single_leg_compound
                   for i in session.items) == 1


def test_level_moves_the_starting_rung(catalog: Catalog) -> None:
    """Catalogue level 1-5: a beginner starts low, an advanced trainee higher."""
    def start_level(level: Level) -> int:
        program = generate_program(_profile(level=level, goal=Goal.RISK_REDUCTION), catalog)
        items = program.weeks[0].sessions[0].items
        item = next(i for i in items if i.role is Role.COMPOUND)
        return catalog.variant(item.variant_id).level

    assert start_level(Level.BEGINNER) < start_level(Level.ADVANCED)


def test_the_load_model_can_only_move_a_lying_start_down(catalog: Catalog) -> None:
    """Sugimoto 2014 capacity x goal share: a non-weight-bearing variant modelled above the
    budget is not a start; weight-bearing starts keep their level (body weight on one leg is
    not compared with a concentric strength test)."""
    def heavy_above_level_one(variant: Variant) -> tuple[float, float]:
        per_kg = 0.3 if variant.level == 1 else 5.0
        return (per_kg * 70, per_kg)

    profile = _profile(level=Level.ADVANCED, mass_kg=70, height_m=1.75, goal=Goal.HYPERTROPHY,
                       equipment=frozenset({"cuff-weight"}))
    program = generate_program(profile, catalog, demand=heavy_above_level_one)
    items = [i for s in program.weeks[0].sessions for i in s.items]
    lying = [i for i in items if i.role is Role.ABDUCTION
             and not catalog.variant(i.variant_id).weight_bearing]
    standing = [i for i in items if i.role is Role.COMPOUND]
    assert lying and all(catalog.variant(i.variant_id).level == 1 for i in lying)
    assert all("Modelled peak hip abduction moment" in i.rationale for i in lying)
    assert any(catalog.variant(i.variant_id).level > 1 for i in standing)
    assert any("load model" in r for r in program.rationale)

    unconstrained = generate_program(profile, catalog, demand=lambda v: (7.0, 0.1))
    first = [i for s in unconstrained.weeks[0].sessions for i in s.items
             if i.role is Role.ABDUCTION and not catalog.variant(i.variant_id).weight_bearing]
    assert max(catalog.variant(i.variant_id).level for i in first) == 3


def test_without_body_data_the_catalogue_level_decides(catalog: Catalog) -> None:
    program = generate_program(_profile(), catalog)
    assert any("catalogue levels" in r for r in program.rationale)


def test_unknown_equipment_names_the_field_and_the_allowed_ids(catalog: Catalog) -> None:
    with pytest.raises(InputError, match=r"equipment: unknown kettlebell; allowed: none, "):
        generate_program(_profile(equipment=frozenset({"kettlebell"})), catalog)


def test_none_in_equipment_means_bodyweight_only(catalog: Catalog) -> None:
    with_none = generate_program(_profile(equipment=frozenset({"none"})), catalog)
    assert with_none.weeks == generate_program(_profile(), catalog).weeks


def test_unknown_avoided_variant_suggests_close_ids(catalog: Catalog) -> None:
    with pytest.raises(UnknownIdError, match="side-plank"):
        generate_program(_profile(avoid_variants=frozenset({"side-plank.ful"})), catalog)


def test_unknown_provocation_lists_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="end-range-adduction"):
        generate_program(_profile(avoid_provocations=frozenset({"headstand"})), catalog)


def test_kneeling_is_a_known_provocation_and_leaves_out_the_short_side_plank(
        catalog: Catalog) -> None:
    program = generate_program(_profile(avoid_provocations=frozenset({"kneeling"})), catalog)
    ids = {i.variant_id for w in program.weeks for s in w.sessions for i in s.items}
    assert not any(v.startswith("side-plank.short") for v in ids)


@pytest.mark.parametrize(("field", "value"), [("days_per_week", 0), ("days_per_week", 8),
                                              ("weeks", 100), ("weeks", 3)])
def test_out_of_range_days_or_weeks_are_refused_by_the_profile(field: str, value: int) -> None:
    with pytest.raises(ValidationError, match=field):
        _profile(**{field: value})
