"""``glutemed log`` with no variant: pick today's exercise, then answer one question at a time
(dose, effort, pain, technique checks, warning signs, where it was felt)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli import prompts
from glutemed.cli import training_render as R

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from glutemed.catalog.catalog import Catalog
    from glutemed.store.records import PersonRecord


def ask_set(engine: Engine, who: PersonRecord, catalog: Catalog, day: dt.date) -> dict[str, Any]:
    """Interactive logging: pick today's exercise, then answer one question at a time.

    Every answer is checked as it is given and asked again with the allowed range if it is
    wrong, so a typo late in the questions never throws away the earlier answers.
    """
    from glutemed.catalog.models import BandLevel
    from glutemed.errors import InputError
    from glutemed.progression.validity import default_limits, max_load_kg
    from glutemed.services.todays_session import todays_session
    from glutemed.units import from_display, in_units

    if not prompts.interactive():
        raise InputError("VARIANT", "give a variant id (e.g. from 'glutemed today') in scripts")
    session = todays_session(cli_io.unit_of_work(engine, readonly=True), who.id, catalog, day)
    R.print_today(session, cues=False)
    if not session.items:
        raise InputError("VARIANT", "nothing is planned; give a variant id")
    unfinished = [i for i, it in enumerate(session.items, 1) if it.done_today < it.target.sets]
    if not unfinished:
        typer.echo("Every planned set is done today; log an extra one if you like.")
    number = prompts.ask_int(
        "Which exercise (#)", 1, len(session.items), default=unfinished[0] if unfinished else 1
    )
    item = session.items[number - 1]
    rx = item.target
    typer.echo(
        f"\nSet {item.done_today + 1} of {rx.sets}: {item.name} ({item.side.value}), "
        f"target {R.dose_text(rx)}"
    )
    answers: dict[str, Any] = {"variant_id": item.variant_id, "side": item.side.value}
    limits, variant = default_limits(), catalog.variant(item.variant_id)
    if rx.hold_s is not None:
        top_s = int(limits.hold_for(variant).max)
        answers["hold_s"] = prompts.ask_number("Seconds held", 0, top_s, default=rx.hold_s[1])
    else:
        top = int(limits.reps_for(variant).max)
        answers["reps"] = prompts.ask_int("Reps done", 0, top, default=(rx.reps or (0, 10))[1])
    if rx.band is not None:
        bands = [b.value for b in BandLevel]
        answers["band"] = prompts.ask(
            "--band",
            f"Band colour ({', '.join(bands)})",
            rx.band.value,
            check=lambda v: prompts.checked_choice("--band", v, bands),
        )
        answers["band_at"] = rx.band_at.value if rx.band_at else None
    elif rx.load_kg is not None:
        top_kg = (max_load_kg(variant, limits, who.profile.mass_kg) or (500.0, ""))[0]
        shown = prompts.ask_number(
            f"Load ({who.units})",
            0,
            round(in_units(top_kg, who.units), 1),
            default=round(in_units(rx.load_kg, who.units), 1),
        )
        answers["load_kg"] = from_display(shown, who.units)
    answers["rir"] = prompts.ask_int(
        "Reps in reserve - how many more you could have done (0-10)", 0, 10, default=2
    )
    answers["pain_during"] = prompts.ask_int(
        "Pain during the set, 0-10 (0 none, 10 worst)", 0, 10, default=0
    )
    checks = catalog.coaching(item.variant_id).checks
    if checks:
        typer.echo("Technique checks (y/n):")
        answers["checks"] = {
            c.id: typer.confirm(prompts.wrap(c.question, "  "), default=True) for c in checks
        }
    answers["red_flags"] = _ask_warning_signs()
    answers["felt_in"] = _ask_felt(catalog, item.variant_id)
    return answers


WARNING_SIGN_TEXT = {
    "severe-pain": "severe pain",
    "night-pain": "pain at night",
    "fall-or-injury": "a fall or an injury",
    "numbness-tingling": "numbness or tingling",
    "fever": "fever or feeling unwell",
}


def _ask_warning_signs() -> list[str]:
    """Warning signs by number (or name); any one means see a clinician, not progress."""
    from glutemed.progression.models import RedFlag

    flags = [flag.value for flag in RedFlag]
    if not typer.confirm(
        prompts.wrap(
            "Any warning sign since last time (severe or night pain, a fall, numbness or "
            "tingling, fever)?"
        ),
        default=False,
    ):
        return []
    for number, flag in enumerate(flags, start=1):
        typer.echo(f"  {number}. {WARNING_SIGN_TEXT.get(flag, flag)}")
    while True:
        raw = str(typer.prompt("Which (numbers, e.g. 1,3)")).strip()
        chosen: list[str] = []
        for part in (p.strip() for p in raw.replace(" ", ",").split(",") if p.strip()):
            if part.isdigit() and 1 <= int(part) <= len(flags):
                chosen.append(flags[int(part) - 1])
            elif part in flags:
                chosen.append(part)
            else:
                chosen = []
                break
        if chosen:
            return list(dict.fromkeys(chosen))
        typer.echo(f"  Enter one or more numbers from 1 to {len(flags)}, separated by commas.")


def _ask_felt(catalog: Catalog, variant_id: str) -> str | None:
    """Where it was felt: the expected place, a known elsewhere, or free words."""
    feel = catalog.coaching(variant_id).feel
    places = [feel.target, *(e.where for e in feel.elsewhere)]
    typer.echo("Where did you feel it most?")
    for number, place in enumerate(places, start=1):
        typer.echo(prompts.wrap(place, f"  {number}. "))
    raw = str(
        typer.prompt("Number, your own words, or Enter to skip", default="", show_default=False)
    ).strip()
    if raw.isdigit() and 1 <= int(raw) <= len(places):
        chosen = places[int(raw) - 1]
        tip = next((e.change for e in feel.elsewhere if e.where == chosen), None)
        if tip:
            typer.echo(prompts.wrap(tip, "  Tip for next time: ", "  "))
        return chosen
    return raw or None
