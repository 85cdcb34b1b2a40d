"""Band tension from the Thera-Band force-elongation chart (docs/evidence.md, elastic bands)."""

from __future__ import annotations

import pytest

from glutemed.biomech.bands import band_tension_n, check_calibration, parse_band_level
from glutemed.biomech.parameters import BodyParameters
from glutemed.catalog.models import BandLevel
from glutemed.errors import InputError


def test_green_band_matches_the_chart_at_100_and_200_percent(params: BodyParameters) -> None:
    """Thera-Band chart (medwest.ca copy): green 4.6 lb at 100 %, 6.7 lb at 200 %."""
    assert band_tension_n(params.bands, BandLevel.GREEN, 100) == pytest.approx(20.46, abs=0.01)
    assert band_tension_n(params.bands, BandLevel.GREEN, 200) == pytest.approx(29.80, abs=0.01)


def test_tension_interpolates_between_chart_points(params: BodyParameters) -> None:
    """Linear between (100 %, 3.7 lb) and (200 %, 5.5 lb) for red: 4.6 lb at 150 %."""
    assert band_tension_n(params.bands, BandLevel.RED, 150) == pytest.approx(4.6 * 4.448)
    assert band_tension_n(params.bands, BandLevel.RED, 50) == pytest.approx(3.7 * 4.448 / 2)


def test_heavier_colours_pull_harder_at_the_same_stretch(params: BodyParameters) -> None:
    """The chart's colour order is the resistance order at 100 % and 200 % elongation."""
    for stretch in (100, 200):
        forces = [band_tension_n(params.bands, level, stretch) for level in BandLevel]
        assert forces == sorted(forces)
        assert len(set(forces)) == len(forces)


def test_calibration_scales_the_chart(params: BodyParameters) -> None:
    """Uchida 2016 found the chart overestimates; a factor < 1 lowers the tension."""
    full = band_tension_n(params.bands, BandLevel.BLUE, 100)
    assert band_tension_n(params.bands, BandLevel.BLUE, 100, 0.8) == pytest.approx(0.8 * full)


def test_unknown_band_level_lists_the_allowed_colours() -> None:
    with pytest.raises(InputError) as info:
        parse_band_level("purple")
    assert info.value.field == "band"
    assert "tan, yellow, red, green, blue, black, silver, gold" in str(info.value)


def test_band_level_is_case_insensitive() -> None:
    assert parse_band_level(" Green ") is BandLevel.GREEN


@pytest.mark.parametrize("bad", [0, -1, 5.0])
def test_calibration_out_of_range_names_the_range(bad: float) -> None:
    with pytest.raises(InputError, match=r"calibration: must be between 0\.1 and 2"):
        check_calibration(bad)


def test_stretch_beyond_the_chart_limit_is_refused(params: BodyParameters) -> None:
    with pytest.raises(InputError, match="250"):
        band_tension_n(params.bands, BandLevel.RED, 300)
