"""A program as Markdown text, and the short cell texts every renderer shares.

Pure text: the command line's Rich tables, the Markdown export and the docs all call
:func:`dose_text` and :func:`load_text`, so "3 x 10-15 each side" reads the same everywhere.
"""

from __future__ import annotations

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Laterality, Mode
from glutemed.programming.models import Prescription, Program, Side


def is_per_side(item: Prescription, catalog: Catalog) -> bool:
    """True when the sets are done on each leg (the variant is per side and the item is not
    for one leg only)."""
    return item.side is Side.BOTH and (
        catalog.variant(item.variant_id).laterality is Laterality.PER_SIDE
    )


def dose_text(item: Prescription, per_side: bool) -> str:
    """Sets and the reps or hold range, e.g. ``3 x 30-40 s each side``."""
    if item.mode is Mode.ISOMETRIC and item.hold_s is not None:
        low, high = item.hold_s
        dose = f"{item.sets} x {low}-{high} s hold"
    else:
        low, high = item.reps or (0, 0)
        dose = f"{item.sets} x {low}-{high} reps"
    if item.side is not Side.BOTH:
        return f"{dose} {item.side.value} leg"
    return f"{dose} each side" if per_side else dose


def load_text(item: Prescription) -> str:
    """The load or band suggestion, or 'bodyweight'."""
    if item.band is not None:
        where = f" at the {item.band_at.value}" if item.band_at is not None else ""
        return f"{item.band.value} band{where}"
    if item.load_kg is not None:
        return f"{item.load_kg:g} kg"
    return "bodyweight"


def rir_text(item: Prescription) -> str:
    """Effort target as a reps-in-reserve range."""
    low, high = item.rir
    return f"{low}-{high}"


def render_markdown(program: Program, catalog: Catalog, *, max_weeks: int | None = None) -> str:
    """The whole program (or its first ``max_weeks`` weeks) as a Markdown document."""
    profile = program.profile
    equipment = ", ".join(sorted(profile.equipment)) or "none (bodyweight only)"
    lines = [
        f"# Gluteus medius program: {profile.goal.value}, {profile.days_per_week} leg "
        f"day(s) a week for {profile.weeks} weeks",
        "",
        f"Level: {profile.level.value} · Equipment: {equipment} · "
        f"About {profile.minutes_per_session} min a session",
        "",
        "## Why it looks like this",
        "",
        *[f"- {reason}" for reason in program.rationale],
        "",
        "Sides: *each side* means do every set on the left and on the right leg. "
        "RIR = reps in reserve (how many more reps you could have done).",
    ]
    weeks = program.weeks if max_weeks is None else program.weeks[:max_weeks]
    for week in weeks:
        lines += ["", f"## Week {week.number}", "", week.focus]
        for session in week.sessions:
            lines += [
                "",
                f"### {session.name}",
                "",
                "| # | Exercise | Role | Dose | Load | Rest | RIR | Why |",
                "|---|---|---|---|---|---|---|---|",
            ]
            for n, item in enumerate(session.items, start=1):
                name = catalog.variant(item.variant_id).name
                optional = " *(optional)*" if item.optional else ""
                lines.append(
                    f"| {n} | {name}{optional} (`{item.variant_id}`) | {item.role.value} | "
                    f"{dose_text(item, is_per_side(item, catalog))} | {load_text(item)} | "
                    f"{item.rest_s} s | {rir_text(item)} | {item.rationale} |"
                )
    if max_weeks is not None and max_weeks < len(program.weeks):
        lines += ["", f"*... {len(program.weeks) - max_weeks} more week(s).*"]
    return "\n".join(lines) + "\n"
