"""Jinja2 filters: how numbers, ranges and loads are shown on a page.

Loads are stored in kg; a person who prefers pounds sees pounds, converted by
:mod:`glutemed.units` (the same conversion the command line uses).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment


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
    """A load in the person's preferred unit, rounded to a usable step (a template passes
    the unit as text; it is checked here)."""
    from glutemed.units import check_units, format_load

    return format_load(load_kg, check_units(units)) or "—"


def in_units(load_kg: float | None, units: str = "kg") -> float | str:
    """A load as a bare number in the person's unit (for form fields); blank when None."""
    from glutemed.units import check_units, to_display

    return "" if load_kg is None else to_display(load_kg, check_units(units))


def number(value: float | None, digits: int = 1) -> str:
    """A float with a fixed number of decimals, or a dash."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def humanise(slug: Any) -> str:
    """``band-resistance`` -> ``band resistance``."""
    return str(slug).replace("-", " ").replace("_", " ")


def instant(epoch_s: float) -> str:
    """A wall-clock instant (seconds since the epoch) as ``2026-03-01 09:30 UTC``."""
    import datetime as dt

    return dt.datetime.fromtimestamp(epoch_s, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def without(text: str, part: str) -> str:
    """``text`` with every copy of ``part`` taken out (spaces tidied): the safety banner
    shows the advice once, above the decision's explanation that also quotes it."""
    return " ".join(text.replace(part, " ").split())


def install(env: Environment) -> None:
    """Register the filters on a template environment, and the set limits as a global (a
    log form's ``max`` is the same sanity limit the server checks)."""
    from glutemed.progression.validity import default_limits

    env.globals["set_limits"] = default_limits()
    env.filters["dose_range"] = dose_range
    env.filters["load"] = load
    env.filters["in_units"] = in_units
    env.filters["number"] = number
    env.filters["humanise"] = humanise
    env.filters["instant"] = instant
    env.filters["without"] = without
