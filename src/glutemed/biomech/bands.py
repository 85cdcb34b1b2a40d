"""Elastic band tension from the manufacturer's force-elongation chart.

The chart gives force at 100 % and 200 % elongation only, so tension is interpolated
linearly through (0 %, 0 N), (100 %, F100) and (200 %, F200), and extrapolated along the
100-200 % slope up to the chart's stated maximum stretch. Independent measurements (Uchida
et al. 2016) found the chart overestimates, so a calibration factor scales the result.
"""

from __future__ import annotations

from glutemed.biomech.parameters import BandChart
from glutemed.catalog.models import BandLevel
from glutemed.errors import InputError

CALIBRATION_RANGE = (0.1, 2.0)


def parse_band_level(value: str | BandLevel) -> BandLevel:
    """The band level named by ``value``, or an error listing the allowed colours."""
    if isinstance(value, BandLevel):
        return value
    try:
        return BandLevel(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(level.value for level in BandLevel)
        raise InputError("band", f"unknown band level {value!r}; allowed: {allowed}") from None


def check_calibration(calibration: float) -> float:
    """A calibration factor within a plausible range, or an error naming the range."""
    low, high = CALIBRATION_RANGE
    if isinstance(calibration, bool) or not isinstance(calibration, int | float):
        raise InputError("calibration", f"must be a number between {low:g} and {high:g}")
    if not low <= calibration <= high:
        raise InputError(
            "calibration", f"must be between {low:g} and {high:g}, not {calibration:g}"
        )
    return float(calibration)


def band_tension_n(
    chart: BandChart, level: BandLevel, elongation_pct: float, calibration: float = 1.0
) -> float:
    """Band tension in newtons at ``elongation_pct`` (100 = twice the resting length)."""
    if not 0 <= elongation_pct <= chart.max_elongation_pct:
        raise InputError(
            "band_elongation_pct",
            f"must be between 0 and {chart.max_elongation_pct:g} %, not {elongation_pct:g}",
        )
    row = chart.levels[level]
    f100 = row.at_100_pct_lb * chart.newton_per_lb
    f200 = row.at_200_pct_lb * chart.newton_per_lb
    if elongation_pct <= 100:
        force = f100 * elongation_pct / 100
    else:
        force = f100 + (f200 - f100) * (elongation_pct - 100) / 100
    return force * calibration
