"""The one check every way in shares (``glutemed.progression.validity``): which sets can be
stored at all.

Hand cases for each rule (the issue's impossible sets: 500 reps, a hold on a reps-only
lunge, a band on a dumbbell lunge, a back squat logged "left", 500 kg, 3,600 s, dates in
the future or near year 1); the limits file against the catalogue and the generator (no
prescription the program gives is ever refused); and properties over random sets: a refusal
always names a field of the set, and a set that is accepted can be stored, read back and
charted (``tests/services/test_set_checks.py``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.catalog.models import BandLevel, LoadKind, LoadSite, Mode
from glutemed.errors import InputError
from glutemed.programming.models import Goal, Level, Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.validity import (
    NO_KG_LOAD,
    DateBounds,
    InvalidSet,
    check_set,
    check_start_date,
    date_bounds,
    default_limits,
    max_load_kg,
    set_problems,
)

CATALOG: Catalog = load_default_catalog()
LIMITS = default_limits()
TODAY = dt.date(2026, 5, 4)
BOUNDS = DateBounds(dt.date(2026, 3, 2), TODAY, "the start of Ann's log")
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _set(variant_id: str, side: Side = Side.LEFT, **values: object) -> PerformedSet:
    values.setdefault("date", dt.date(2026, 4, 1))
    if "reps" not in values and "hold_s" not in values:
        values["reps"] = 10
    return PerformedSet.model_validate({"variant_id": variant_id, "side": side, **values})


def _refused(performed: PerformedSet, mass: float | None = None, **kw: object) -> InvalidSet:
    with pytest.raises(InvalidSet) as info:
        check_set(performed, CATALOG, LIMITS, body_mass_kg=mass, dates=BOUNDS, **kw)  # type: ignore[arg-type]
    return info.value


def _fine(performed: PerformedSet, mass: float | None = None, **kw: object) -> None:
    variant = check_set(performed, CATALOG, LIMITS, body_mass_kg=mass, dates=BOUNDS, **kw)  # type: ignore[arg-type]
    assert variant.id == performed.variant_id


# -- the impossible sets ---------------------------------------------------------------


def test_500_reps_are_refused_naming_the_limit() -> None:
    error = _refused(_set("side-lying-abduction.bodyweight", reps=500))
    assert error.field == "reps" and "allowed 0 to 100 reps" in str(error)
    assert "not a clinical one" in str(error)  # a sanity limit, never read as advice
    _fine(_set("side-lying-abduction.bodyweight", reps=100))


def test_compound_patterns_have_a_lower_reps_limit() -> None:
    error = _refused(_set("squat.goblet", Side.BOTH, reps=60, load_kg=12))
    assert error.field == "reps" and "0 to 50 reps" in str(error)


def test_a_hold_on_a_reps_only_lunge_is_refused() -> None:
    error = _refused(_set("reverse-lunge.opposite-hand", hold_s=30, load_kg=10))
    assert error.field == "hold_s" and "give reps" in str(error)


def test_reps_on_a_hold_only_variant_are_refused() -> None:
    error = _refused(_set("side-plank.short", reps=10))
    assert error.field == "reps" and "hold_s" in str(error)


def test_a_variant_with_both_modes_takes_either() -> None:
    _fine(_set("side-lying-abduction.bodyweight", reps=12))
    _fine(_set("side-lying-abduction.bodyweight", hold_s=30))


def test_a_band_on_a_dumbbell_lunge_is_refused() -> None:
    error = _refused(_set("reverse-lunge.opposite-hand", band=BandLevel.RED))
    assert error.field == "band" and "uses no band" in str(error)


def test_a_band_must_sit_where_the_variant_puts_it() -> None:
    at_ankles = _set("banded-side-step.knees-light", band=BandLevel.YELLOW, band_at=LoadSite.ANKLES)
    error = _refused(at_ankles)
    assert error.field == "band_at" and "allowed: knees" in str(error)
    _fine(_set("banded-side-step.knees-light", band=BandLevel.BLUE, band_at=LoadSite.KNEES))


def test_a_load_in_kg_only_where_the_variant_takes_one() -> None:
    error = _refused(_set("banded-side-step.knees-light", load_kg=5))
    assert error.field == "load_kg" and "uses a band" in str(error)
    error = _refused(_set("side-plank.short", hold_s=30, load_kg=2))
    assert error.field == "load_kg" and "takes no load" in str(error)
    error = _refused(_set("single-limb-stance.wall-press", hold_s=30, load_kg=2))
    assert error.field == "load_kg"  # a push into a wall has no kilograms


def test_a_back_squat_logged_left_is_refused() -> None:
    error = _refused(_set("squat.back-squat", Side.LEFT, reps=5, load_kg=60))
    assert error.field == "side" and "allowed: both" in str(error)
    _fine(_set("squat.back-squat", Side.BOTH, reps=5, load_kg=60))


def test_a_per_side_variant_logged_both_is_refused_unless_sides_were_not_recorded() -> None:
    both = _set("side-lying-abduction.bodyweight", Side.BOTH, reps=12)
    error = _refused(both)
    assert error.field == "side" and "left or right" in str(error)
    _fine(both, sides_told_apart=False)  # a tracker app's history


def test_500_kg_is_refused_and_body_mass_tightens_the_limit() -> None:
    error = _refused(_set("squat.back-squat", Side.BOTH, reps=5, load_kg=500))
    assert error.field == "load_kg" and "0 to 400 kg" in str(error)
    # 4 x body mass for a barbell: 240 kg for 60 kg, hand-calculated
    _fine(_set("squat.back-squat", Side.BOTH, reps=5, load_kg=240), mass=60)
    error = _refused(_set("squat.back-squat", Side.BOTH, reps=5, load_kg=241), mass=60)
    assert "0 to 240 kg" in str(error) and "4 × body mass 60 kg" in str(error)


def test_a_cuff_weight_past_a_quarter_of_body_mass_is_refused() -> None:
    # 0.25 x 30 kg = 7.5 kg: lower than the 10 kg absolute cuff limit
    _fine(_set("side-lying-abduction.cuff-ankle", load_kg=7.5), mass=30)
    error = _refused(_set("side-lying-abduction.cuff-ankle", load_kg=8), mass=30)
    assert "0 to 7.5 kg" in str(error)


def test_a_variant_override_is_tighter_than_its_equipment() -> None:
    lunge = CATALOG.variant("reverse-lunge.barbell")
    squat = CATALOG.variant("squat.back-squat")
    assert max_load_kg(lunge, LIMITS, None) == (200, "the most for a barbell")
    assert max_load_kg(squat, LIMITS, None) == (400, "the most for a barbell")
    assert max_load_kg(CATALOG.variant("side-plank.short"), LIMITS, None) is None


def test_3600_seconds_are_refused() -> None:
    error = _refused(_set("side-plank.short", hold_s=3600))
    assert error.field == "hold_s" and "0 to 300 s" in str(error)
    _fine(_set("side-plank.short", hold_s=300))


def test_dates_in_the_future_and_before_the_log_are_refused() -> None:
    error = _refused(_set("side-plank.short", hold_s=30, date=TODAY + dt.timedelta(days=1)))
    assert error.field == "date" and "in the future" in str(error)
    error = _refused(_set("side-plank.short", hold_s=30, date=dt.date(1, 1, 1)))
    assert error.field == "date" and "before the start of Ann's log (2026-03-02)" in str(error)
    error = _refused(_set("side-plank.short", hold_s=30, date=dt.date(9999, 12, 31)))
    assert error.field == "date"
    _fine(_set("side-plank.short", hold_s=30, date=TODAY))
    _fine(_set("side-plank.short", hold_s=30, date=BOUNDS.earliest))


def test_the_log_never_starts_before_the_limits_floor() -> None:
    bounds = date_bounds(LIMITS, today=TODAY, log_starts=dt.date(1, 1, 1), log_starts_is="x")
    assert bounds.earliest == LIMITS.dates.earliest == dt.date(1900, 1, 1)
    bounds = date_bounds(LIMITS, today=TODAY, log_starts=None, log_starts_is="x")
    assert bounds.earliest == dt.date(1900, 1, 1)


def test_an_unknown_variant_names_the_field_and_the_closest_ids() -> None:
    error = _refused(_set("side-lying-abduction.cuff"))
    assert error.field == "variant_id" and "side-lying-abduction.cuff-ankle" in str(error)


def test_every_problem_is_listed_and_the_first_names_the_error() -> None:
    bad = _set("squat.back-squat", Side.LEFT, reps=500, load_kg=500, date=dt.date(2030, 1, 1))
    error = _refused(bad)
    assert [p.field for p in error.problems] == ["date", "side", "reps", "load_kg"]
    assert error.field == "date" and "reps:" in str(error) and "load_kg:" in str(error)


def test_where_prefixes_the_field() -> None:
    error = _refused(_set("side-plank.short", reps=3), where="strong row 7: ")
    assert error.field == "strong row 7: reps"


def test_start_dates_are_bounded_by_the_floor_and_a_year_ahead() -> None:
    assert check_start_date(dt.date(2020, 1, 6), TODAY, LIMITS) == dt.date(2020, 1, 6)
    assert check_start_date(TODAY + dt.timedelta(days=366), TODAY, LIMITS)
    for bad in (dt.date(9999, 12, 31), TODAY + dt.timedelta(days=367), dt.date(1, 1, 1)):
        with pytest.raises(InputError) as info:
            check_start_date(bad, TODAY, LIMITS, field="--start-date")
        assert info.value.field == "--start-date" and "allowed 1900-01-01 to" in str(info.value)


# -- the limits file against the catalogue and the generator ------------------------------------


def test_every_kg_load_in_the_catalogue_has_a_limit() -> None:
    kinds = {spec.kind for v in CATALOG.variants for spec in v.loads} - NO_KG_LOAD
    assert kinds <= set(LIMITS.load_kg), kinds - set(LIMITS.load_kg)
    assert set(LoadKind) - NO_KG_LOAD <= set(LIMITS.load_kg)


def test_every_override_names_a_catalogue_variant_that_takes_what_it_limits() -> None:
    for variant_id, own in LIMITS.variants.items():
        variant = CATALOG.variant(variant_id)
        if own.load_kg is not None:
            assert max_load_kg(variant, LIMITS, None) is not None, variant_id
        if own.hold_s is not None:
            assert Mode.ISOMETRIC in variant.modes, variant_id


def test_the_limits_file_says_it_is_glutemeds_own_judgement() -> None:
    assert "sanity" in LIMITS.source and "not clinical" in LIMITS.source
    assert LIMITS.confidence == "expert-opinion"


def test_every_catalogue_default_load_is_within_its_limit() -> None:
    for variant in CATALOG.variants:
        for spec in variant.loads:
            if spec.default_kg is not None:
                top = max_load_kg(variant, LIMITS, 40.0)  # a light person: the tightest case
                assert top is not None and spec.default_kg <= top[0], variant.id


@pytest.mark.parametrize("goal", list(Goal))
@pytest.mark.parametrize("mass", [None, 40.0, 120.0])
def test_no_prescription_the_generator_writes_is_refused(goal: Goal, mass: float | None) -> None:
    from glutemed.programming.generator import generate_program

    profile = Profile(
        goal=goal, days_per_week=3, weeks=12, level=Level.ADVANCED,
        equipment=frozenset(CATALOG.equipment_ids), mass_kg=mass,
        height_m=None if mass is None else 1.75,
    )
    program = generate_program(profile, CATALOG)
    for week in program.weeks:
        for session in week.sessions:
            for rx in session.items:
                variant = CATALOG.variant(rx.variant_id)
                sides = [Side.BOTH] if rx.side is Side.BOTH and variant.laterality == "bilateral" \
                    else [Side.LEFT, Side.RIGHT] if rx.side is Side.BOTH else [rx.side]
                for side in sides:
                    top = _set(
                        rx.variant_id, side, date=TODAY,
                        reps=rx.reps[1] if rx.reps else None,
                        hold_s=rx.hold_s[1] if rx.hold_s else None,
                        load_kg=rx.load_kg, band=rx.band, band_at=rx.band_at,
                    )
                    assert set_problems(
                        top, variant, LIMITS, body_mass_kg=mass, dates=BOUNDS
                    ) == [], rx.variant_id


# -- properties -------------------------------------------------------------------------------


@st.composite
def any_sets(draw: st.DrawFn) -> PerformedSet:
    """Sets of every shape the model allows: any variant id (known or a near miss), side,
    dose, equipment and date, valid or not for the variant."""
    variant_id = draw(st.sampled_from([v.id for v in CATALOG.variants]) | st.sampled_from(
        ["side-plank.shrt", "squat.front-squat", "lunge.walking"]))
    values: dict[str, object] = {
        "variant_id": variant_id,
        "side": draw(st.sampled_from(list(Side))),
        "date": draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
                     | st.dates(BOUNDS.earliest, BOUNDS.latest)),
    }
    if draw(st.booleans()):
        values["reps"] = draw(st.integers(0, 500))
    else:
        values["hold_s"] = draw(st.floats(0, 3600, allow_nan=False))
    if draw(st.booleans()):
        values["band"] = draw(st.sampled_from(list(BandLevel)))
        values["band_at"] = draw(st.none() | st.sampled_from(list(LoadSite)))
    elif draw(st.booleans()):
        values["load_kg"] = draw(st.floats(0, 500, allow_nan=False))
    return PerformedSet.model_validate(values)


@PROPERTY
@given(performed=any_sets(), mass=st.none() | st.floats(30, 250), told=st.booleans())
def test_a_refusal_always_names_a_field_of_the_set(
    performed: PerformedSet, mass: float | None, told: bool
) -> None:
    try:
        check_set(performed, CATALOG, LIMITS, body_mass_kg=mass, dates=BOUNDS,
                  sides_told_apart=told)
    except InvalidSet as error:
        assert error.problems
        assert all(p.field in PerformedSet.model_fields for p in error.problems)
        # ... and says what would be accepted instead
        assert all(any(word in p.message for word in ("allowed", "give", "all ids"))
                   for p in error.problems)
        assert error.field == error.problems[0].field


@PROPERTY
@given(performed=any_sets(), mass=st.none() | st.floats(30, 250))
def test_an_accepted_set_fits_its_variant(performed: PerformedSet, mass: float | None) -> None:
    try:
        variant = check_set(performed, CATALOG, LIMITS, body_mass_kg=mass, dates=BOUNDS)
    except InvalidSet:
        return
    assert BOUNDS.earliest <= performed.date <= BOUNDS.latest
    mode = Mode.ISOTONIC if performed.reps is not None else Mode.ISOMETRIC
    assert mode in variant.modes
    assert (performed.side is Side.BOTH) == (variant.laterality == "bilateral")
    assert performed.band is None or variant.band is not None
    if performed.load_kg is not None:
        top = max_load_kg(variant, LIMITS, mass)
        assert top is not None and performed.load_kg <= top[0]
