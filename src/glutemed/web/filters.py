"""Jinja2 filters: how numbers, ranges and loads are shown on a page.

Loads are stored in kg; a person who prefers pounds sees pounds. The conversion factor is the
international avoirdupois pound (exactly 0.45359237 kg).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

KG_PER_LB = 0.45359237


def dose_range(pair: Any, unit: str = "") -> str:
    """``(8, 12)`` -> ``8–12``; a single number or None is shown as it is."""
    if pair is None:
        return "—"
    if isinstance(pair, list | tuple) and len(pair) == 2:
        low, high = pair
        text = f"{low}" if low == high else f"{low}–{high}"
    else:
        text = f"{pair}"
    return f"{text} {unit}".strip()


def load(load_kg: float | None, units: str = "kg") -> str:
    """A load in the person's preferred unit, rounded to a usable step."""
    if load_kg is None:
        return "—"
    if units == "lb":
        return f"{load_kg / KG_PER_LB:.1f} lb"
    return f"{load_kg:g} kg"


def in_units(load_kg: float | None, units: str = "kg") -> float | str:
    """A load as a bare number in the person's unit (for form fields); blank when None."""
    if load_kg is None:
        return ""
    return round(load_kg / KG_PER_LB, 1) if units == "lb" else load_kg


def number(value: float | None, digits: int = 1) -> str:
    """A float with a fixed number of decimals, or a dash."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def humanise(slug: Any) -> str:
    """``band-resistance`` -> ``band resistance``."""
    return str(slug).replace("-", " ").replace("_", " ")


def install(env: Environment) -> None:
    """Register the filters on a template environment."""
    env.filters["dose_range"] = dose_range
    env.filters["load"] = load
    env.filters["in_units"] = in_units
    env.filters["number"] = number
    env.filters["humanise"] = humanise
