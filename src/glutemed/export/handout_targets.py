"""The handout's targets in words: a dose on one line, the targets in force per side, the
log sheet's short target, and the plan's dose by run of weeks.

``3 × 10–12 reps · 2 kg``: what the exercise pages and the log sheet print, for a stored
person (the prescriptions in force) or a plan file (the plan's own dose, week by week).
"""

from __future__ import annotations

from collections.abc import Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Laterality
from glutemed.errors import GlutemedError
from glutemed.export.text import dose_text
from glutemed.programming.models import Prescription, Program, Side
from glutemed.units import Unit, format_load


def per_side(item: Prescription, catalog: Catalog) -> bool:
    """True when the item is logged one leg at a time (so it needs L and R columns)."""
    if item.side is not Side.BOTH:
        return False
    try:
        return catalog.variant(item.variant_id).laterality is Laterality.PER_SIDE
    except GlutemedError:
        return False


def dose_line(rx: Prescription, unit: Unit) -> str:
    """``3 × 10–12 reps · 2 kg`` (no side, no rest): one target on a line."""
    amount = rx.reps if rx.reps else rx.hold_s
    suffix = " reps" if rx.reps else " s hold"
    low, high = amount or (0, 0)
    text = f"{rx.sets} \u00d7 {low}\u2013{high}{suffix}" if low != high else (
        f"{rx.sets} \u00d7 {low}{suffix}"
    )
    if rx.load_kg is not None:
        text += f" \u00b7 {format_load(rx.load_kg, unit)}"
    if rx.band is not None:
        where = f" at the {rx.band_at.value}" if rx.band_at else ""
        text += f" \u00b7 {rx.band.value} band{where}"
    return text


def target_lines(sides: Sequence[Prescription], unit: Unit, catalog: Catalog) -> list[str]:
    """The targets in force: one line when both sides agree, else one line per side."""
    doses = {rx.side: dose_line(rx, unit) for rx in sides}
    rir = sides[0].rir
    effort = f"{rir[0]}\u2013{rir[1]} reps in reserve \u00b7 rest {sides[0].rest_s} s"
    if len(set(doses.values())) == 1:
        only = next(iter(doses.values()))
        each = len(doses) > 1 or per_side(sides[0], catalog)
        return [only + (" each side" if each else ""), effort]
    return [f"{side.value.capitalize()}: {dose}" for side, dose in doses.items()] + [effort]


def short_target(
    item: Prescription, shown: Sequence[Prescription] | None = None, unit: Unit = "kg"
) -> str:
    """The log sheet's target: the prescription in force (per side when they differ), or the
    plan's dose when no targets in force were given."""
    if shown:
        doses = {rx.side: dose_line(rx, unit) for rx in shown}
        if len(set(doses.values())) == 1:
            return next(iter(doses.values()))
        return "\n".join(f"{side.value[0].upper()}: {d}" for side, d in doses.items())
    amount = item.reps if item.reps else item.hold_s
    suffix = " reps" if item.reps else " s"
    low, high = amount or (0, 0)
    side = "" if item.side.value == "both" else f" {item.side.value}"
    return f"{item.sets} \u00d7 {low}\u2013{high}{suffix}{side}"


def doses_by_variant(program: Program, unit: Unit, catalog: Catalog) -> dict[str, list[str]]:
    """Per variant, its dose by run of weeks: ``Weeks 1–2: 3 × 30–45 s hold …``."""
    runs: dict[str, list[tuple[int, int, str]]] = {}
    for week in program.weeks:
        seen: set[str] = set()
        for session in week.sessions:
            for item in session.items:
                if item.variant_id in seen:
                    continue
                seen.add(item.variant_id)
                text = dose_text(item, unit, catalog) + (" (optional)" if item.optional else "")
                spans = runs.setdefault(item.variant_id, [])
                if spans and spans[-1][2] == text and spans[-1][1] == week.number - 1:
                    spans[-1] = (spans[-1][0], week.number, text)
                else:
                    spans.append((week.number, week.number, text))
    return {
        variant: [
            (f"Week {a}" if a == b else f"Weeks {a}\u2013{b}") + f": {text}" for a, b, text in spans
        ]
        for variant, spans in runs.items()
    }
