"""Display units: loads are stored in kg and shown in kg or lb as each person prefers.

One conversion, used by the command line, the web app and the exports alike, so all of them
show the same number for the same stored load. Pure: no I/O.
"""

from __future__ import annotations

from typing import Literal

from glutemed.errors import InputError

KG_PER_LB = 0.45359237
"""The international avoirdupois pound, exactly (1959 international yard and pound)."""

UNITS = ("kg", "lb")
Unit = Literal["kg", "lb"]


def check_units(units: str) -> Unit:
    """``units`` as the typed :data:`Unit` if it is kg or lb, else an input error naming
    the field."""
    if units == "kg":
        return "kg"
    if units == "lb":
        return "lb"
    raise InputError("units", f"'{units}' is not allowed; use kg or lb")


def in_units(load_kg: float, units: Unit) -> float:
    """A stored load in the person's unit, unrounded (for plotting)."""
    return load_kg if check_units(units) == "kg" else load_kg / KG_PER_LB


def to_display(load_kg: float, units: Unit) -> float:
    """A stored load in the person's unit (rounded to 0.1)."""
    return round(in_units(load_kg, units), 1)


def from_display(value: float, units: Unit) -> float:
    """A load typed in the person's unit, converted to kg for storage."""
    return value if check_units(units) == "kg" else value * KG_PER_LB


def format_load(load_kg: float | None, units: Unit) -> str:
    """``"12.5 kg"`` or ``"27.6 lb"``; an empty string when there is no external load."""
    if load_kg is None:
        return ""
    shown = to_display(load_kg, units)
    text = f"{shown:.1f}".rstrip("0").rstrip(".")
    return f"{text} {units}"
