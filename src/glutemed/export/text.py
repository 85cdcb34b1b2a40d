"""Short human wording of a prescription, shared by the calendar, the handout and the CLI.

One function so that a dose reads the same on the printed sheet, in the calendar event and on
screen. Loads are stored in kg and shown in the person's unit.
"""

from __future__ import annotations

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Laterality
from glutemed.errors import UnknownIdError
from glutemed.programming.models import Prescription, Side
from glutemed.units import Unit, format_load


def _range(pair: tuple[int, int], suffix: str) -> str:
    low, high = pair
    return f"{low}{suffix}" if low == high else f"{low}\u2013{high}{suffix}"


def dose_text(item: Prescription, unit: Unit = "kg", catalog: Catalog | None = None) -> str:
    """E.g. ``3 × 8–12 reps each side · 6 kg · 2–3 reps in reserve · rest 90 s``.

    "each side" is said only when the catalogue knows the variant is done one leg at a time;
    side ``both`` on a squat means both legs together.
    """
    amount = _range(item.reps, " reps") if item.reps else _range(item.hold_s or (0, 0), " s hold")
    each = item.side is Side.BOTH and _per_side(item.variant_id, catalog)
    parts = [f"{item.sets} \u00d7 {amount}" + (" each side" if each else "")]
    if item.side is not Side.BOTH:
        parts[0] += f" ({item.side.value} side)"
    if item.load_kg is not None:
        parts.append(format_load(item.load_kg, unit))
    if item.band is not None:
        parts.append(
            f"{item.band.value} band" + (f" at the {item.band_at.value}" if item.band_at else "")
        )
    parts.append(_range(item.rir, " reps in reserve"))
    parts.append(f"rest {item.rest_s} s")
    return " \u00b7 ".join(parts)


def _per_side(variant_id: str, catalog: Catalog | None) -> bool:
    if catalog is None:
        return False
    try:
        return catalog.variant(variant_id).laterality is Laterality.PER_SIDE
    except UnknownIdError:
        return False


def variant_name(variant_id: str, catalog: Catalog | None) -> str:
    """The catalogue's name for a variant, or its id when it is unknown or no catalogue is given."""
    if catalog is None:
        return variant_id
    try:
        return catalog.variant(variant_id).name
    except UnknownIdError:
        return variant_id
