"""Person validation and segment numbers (Winter 2009 Table 4.1; Drillis & Contini 1966)."""

from __future__ import annotations

import pytest

from glutemed.biomech.anthropometrics import Person, body_of
from glutemed.biomech.parameters import BodyParameters
from glutemed.errors import InputError


def test_segment_lengths_are_drillis_and_contini_fractions_of_height(
    params: BodyParameters,
) -> None:
    """docs/evidence.md: thigh 0.245 H, hip-ankle 0.491 H, hip-floor 0.530 H, trunk 0.288 H."""
    body = body_of(Person(70, 2.0), params)
    assert body.hip_to_knee_m == pytest.approx(0.245 * 2.0)
    assert body.hip_to_ankle_m == pytest.approx(0.491 * 2.0)
    assert body.hip_to_floor_m == pytest.approx(0.530 * 2.0)
    assert body.hip_to_shoulder_m == pytest.approx(0.288 * 2.0)


def test_segment_masses_and_centres_follow_winter_table_4_1(params: BodyParameters) -> None:
    """Winter 2009 Table 4.1: total leg 0.161 of mass, COM 0.447 of its length; HAT 0.678."""
    body = body_of(Person(70, 1.75), params)
    assert body.leg_mass_kg == pytest.approx(11.27)
    assert body.leg_com_m == pytest.approx(0.447 * 0.491 * 1.75)
    assert body.hat_mass_kg == pytest.approx(0.678 * 70)
    assert body.hat_com_m == pytest.approx(0.626 * 0.288 * 1.75)


def test_whole_body_mass_fractions_add_up_to_one(params: BodyParameters) -> None:
    """HAT + two whole legs = 0.678 + 2 x 0.161 = 1.000 of body mass (Winter 2009)."""
    seg = params.segments
    assert seg["hat"].mass_fraction + 2 * seg["total_leg"].mass_fraction == pytest.approx(1.0)


def test_sex_is_recorded_but_changes_no_number(params: BodyParameters) -> None:
    """No verified sex-specific height-fraction table: the same fractions for everyone."""
    female = body_of(Person(60, 1.65, "female"), params)
    male = body_of(Person(60, 1.65, "male"), params)
    assert (female.leg_mass_kg, female.leg_com_m) == (male.leg_mass_kg, male.leg_com_m)
    assert params.sex.changes_numbers is False


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"mass_kg": -70, "height_m": 1.75}, "mass_kg", "allowed 30 to 300 kg"),
        ({"mass_kg": 12, "height_m": 1.75}, "mass_kg", "12 is out of range"),
        ({"mass_kg": 25, "height_m": 1.75}, "mass_kg", "adult data"),
        ({"mass_kg": 70, "height_m": 175}, "height_m", "looks like centimetres"),
        ({"mass_kg": 70, "height_m": 0.5}, "height_m", "allowed 1 to 2.5 m"),
        ({"mass_kg": 70, "height_m": 1.75, "sex": "other"}, "sex", "allowed: female or male"),
        ({"mass_kg": float("nan"), "height_m": 1.75}, "mass_kg", "must be a number"),
    ],
)
def test_bad_person_names_the_field_and_the_allowed_range(
    kwargs: dict[str, object], field: str, fragment: str
) -> None:
    with pytest.raises(InputError) as info:
        Person(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert fragment in str(info.value)


def test_height_in_centimetres_suggests_metres() -> None:
    with pytest.raises(InputError, match=r"did you mean 1\.75\?"):
        Person(70, 175)
