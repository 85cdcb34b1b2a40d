"""``glutemed outcome ...``: record outcome measures, list them, set the schedule.

Each ``add`` command builds one entry of :mod:`glutemed.outcomes.entries` (whose own field
ranges refuse bad input, naming the field and the allowed range, exit status 2) and stores
it through :func:`glutemed.services.outcomes.record_outcome`; nothing is stored unless the
whole entry is valid.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, get_type_hints

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option

PERSON_HELP = "Whose record (default: the only or first person)."
BY_HELP = "Who is entering it (default: the person themself)."
ROLE_HELP = "self, client or clinician (default: self)."

outcome_app = typer.Typer(
    name="outcome",
    help="Record outcome measures (pain, PSFS, global change, VISA-G, physical tests).",
    no_args_is_help=True,
)
add_app = typer.Typer(name="add", help="Record one outcome measure.", no_args_is_help=True)
outcome_app.add_typer(add_app, name="add")


def register(app: typer.Typer) -> None:
    """Add the ``outcome`` group to the root app."""
    app.add_typer(outcome_app, name="outcome")


_COMMON = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
    for name, kind, default in (
        ("date", str | None,
         typer.Option(None, "--date", help="Day measured, YYYY-MM-DD (default: today).")),
        ("by", str | None, typer.Option(None, "--by", help=BY_HELP)),
        ("role", str, typer.Option("self", "--role", help=ROLE_HELP)),
        ("note", str | None, typer.Option(None, "--note", help="A short note.")),
        ("person", str | None, typer.Option(None, "--person", help=PERSON_HELP)),
        ("db", str | None, db_option()),
    )
]
"""The options every ``outcome add`` command takes besides the measure's own values."""


def _adds(name: str, kind: str) -> Callable[[Callable[..., dict[str, Any]]], None]:
    """Register ``glutemed outcome add NAME``: the decorated function takes the measure's own
    options and returns the entry's values; the command adds --date, --by, --role, --note,
    --person and --db (:data:`_COMMON`) and stores the entry. One place for what every
    measure shares, so the seven commands differ only in what they measure."""

    def register(values_of: Callable[..., dict[str, Any]]) -> None:
        hints = get_type_hints(values_of, include_extras=True)  # keeps Annotated options
        own = [p.replace(annotation=hints[p.name])
               for p in inspect.signature(values_of).parameters.values()]

        def command(**options: Any) -> None:
            common = {p.name: options.pop(p.name) for p in _COMMON}
            _store(kind, values_of(**options), **common)

        params = [*own, *_COMMON]
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        command.__doc__ = values_of.__doc__
        command.__name__ = values_of.__name__
        add_app.command(name)(command)

    return register


def _store(kind: str, values: dict[str, Any], *, person: str | None, date: str | None,
           by: str | None, role: str, note: str | None, db: str | None) -> None:
    from glutemed.cli.values import parse_date
    from glutemed.outcomes import entries as E
    from glutemed.services.outcomes import completed, record_outcome

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    common = {"date": parse_date(date, who), "entered_by": by or who.name,
              "entered_role": role, "note": note}
    entry = completed(who.profile, E.INPUT_MODELS[kind].model_validate({**values, **common}))
    entry_id = record_outcome(cli_io.unit_of_work(engine), who.id, entry)
    typer.echo(f"Recorded {kind} for {who.name} on {entry.date} (entry {entry_id}).")
    for reading in E.readings_of(entry):
        side = f" {reading.side}" if reading.side else ""
        typer.echo(f"  {reading.measure_id}{side}: {reading.value:.4g}"
                   + (f"  [{reading.detail}]" if reading.detail else ""))


ActivityOption = Annotated[
    list[str],
    typer.Option("--activity", help="'ACTIVITY=RATING' (0-10), three to five times."),
]


@_adds("pain", "pain")
def add_pain(
    average: int = typer.Option(..., "--average", help="Average pain, last 7 days, 0-10."),
    worst: int = typer.Option(..., "--worst", help="Worst pain, last 7 days, 0-10."),
) -> dict[str, Any]:
    """Pain over the last seven days on a 0-10 scale: average and worst.

    Example:
        glutemed outcome add pain --average 3 --worst 6
    """
    return {"average_0_10": average, "worst_0_10": worst}


@_adds("psfs", "psfs")
def add_psfs(activity: ActivityOption) -> dict[str, Any]:
    """Patient-Specific Functional Scale: 3-5 hard activities, each rated 0-10.

    0 = cannot do it, 10 = as well as before the problem. Rate the same activities later.

    Example:
        glutemed outcome add psfs --activity "stairs=4" --activity "walk=5" --activity "sleep=2"
    """
    return {"activities": [_activity(a) for a in activity]}


def _activity(text: str) -> dict[str, Any]:
    from glutemed.errors import InputError

    name, sep, rating = text.rpartition("=")
    if not sep or not name.strip():
        raise InputError("--activity", f"'{text}' should be ACTIVITY=RATING, e.g. stairs=4")
    try:
        value = int(rating)
    except ValueError:
        raise InputError("--activity", f"'{rating}' is not a whole number 0 to 10") from None
    return {"activity": name.strip(), "rating_0_10": value}


@_adds("groc", "groc")
def add_groc(
    rating: int = typer.Option(..., "--rating", help="-7..+7 (15-point) or -3..+3 (7-point)."),
    scale: int = typer.Option(15, "--scale", help="7 or 15 points."),
) -> dict[str, Any]:
    """Global rating of change since the start, on a stated 7- or 15-point scale.

    Example:
        glutemed outcome add groc --scale 15 --rating 5
    """
    return {"scale_points": scale, "rating": rating}


@_adds("visa-g", "visa-g")
def add_visa_g(
    total: int = typer.Option(..., "--total", help="VISA-G total from the questionnaire."),
) -> dict[str, Any]:
    """The VISA-G total (0-100) from the validated questionnaire (not reproduced here).

    Example:
        glutemed outcome add visa-g --total 58
    """
    return {"total_0_100": total}


@_adds("stance", "single-leg-stance")
def add_stance(
    left: float = typer.Option(..., "--left-s", help="Left leg, seconds."),
    right: float = typer.Option(..., "--right-s", help="Right leg, seconds."),
    ceiling: float = typer.Option(..., "--ceiling-s", help="Where the test stops, seconds."),
) -> dict[str, Any]:
    """Single-leg stance time per side, eyes open, stopped at a stated ceiling.

    Example:
        glutemed outcome add stance --left-s 18 --right-s 30 --ceiling-s 30
    """
    return {"ceiling_s": ceiling, "left_s": left, "right_s": right}


@_adds("sit-to-stand", "sit-to-stand-30s")
def add_sit_to_stand(
    stands: int = typer.Option(..., "--stands", help="Stands completed in 30 seconds."),
) -> dict[str, Any]:
    """30-second sit-to-stand: full stands from a chair in 30 seconds, arms folded.

    Example:
        glutemed outcome add sit-to-stand --stands 12
    """
    return {"stands": stands}


@_adds("strength", "hip-abduction-strength")
def add_strength(
    left: float = typer.Option(..., "--left", help="Left side dynamometer reading."),
    right: float = typer.Option(..., "--right", help="Right side dynamometer reading."),
    unit: str = typer.Option("N", "--unit", help="N or kg (as the device shows)."),
    lever_m: float | None = typer.Option(
        None, "--lever-m", help="Measured lever arm, hip to pad, metres."),
    pad_at: str | None = typer.Option(
        None, "--pad-at", help="knee or ankle: estimate the lever arm from height."),
    mass_kg: float | None = typer.Option(
        None, "--mass-kg", help="Body mass for N·m/kg (default: the profile's)."),
    position: str = typer.Option("supine", "--position", help="supine, side-lying, standing."),
) -> dict[str, Any]:
    """Hip abduction strength with a hand-held dynamometer -> N·m, N·m/kg and symmetry.

    Example:
        glutemed outcome add strength --left 180 --right 215 --unit N --lever-m 0.42
        glutemed outcome add strength --left 18 --right 22 --unit kg --pad-at knee
    """
    from glutemed.cli.values import choice

    choice("--unit", unit, ["N", "kg"])
    choice("--pad-at", pad_at, ["knee", "ankle"])
    return {"force_unit": unit, "left_force": left, "right_force": right,
            "position": position, "lever_arm_m": lever_m, "pad_at": pad_at,
            "body_mass_kg": mass_kg}


@outcome_app.command("list")
def list_entries(
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the entries as JSON."),
    db: str | None = db_option(),
) -> None:
    """Every outcome entry, oldest first, with who entered it.

    Example:
        glutemed outcome list
        glutemed outcome list --json
    """
    from glutemed.outcomes.entries import readings_of
    from glutemed.services.outcomes import list_outcomes

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    stored = list_outcomes(cli_io.unit_of_work(engine, readonly=True), who.id)
    if as_json:
        cli_io.echo_json([{"id": s.id, **s.entry.model_dump(mode="json")} for s in stored])
        return
    if not stored:
        typer.echo(f"No outcome measures recorded for {who.name} yet.")
    for s in stored:
        values = ", ".join(
            f"{r.measure_id}{' ' + r.side if r.side else ''} {r.value:.4g}"
            for r in readings_of(s.entry)
        )
        typer.echo(f"{s.id:>4}  {s.entry.date}  {s.entry.measure:<22} {values}  "
                   f"(by {s.entry.entered_by}, {s.entry.entered_role})")


@outcome_app.command("delete")
def delete_entry(
    entry_id: int = typer.Argument(..., help="The entry's id (from 'glutemed outcome list')."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Delete a mistyped outcome entry.

    Example:
        glutemed outcome delete 3
    """
    from glutemed.services.outcomes import delete_outcome

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    delete_outcome(cli_io.unit_of_work(engine), who.id, entry_id)
    typer.echo(f"Deleted outcome entry {entry_id}.")


@outcome_app.command("schedule")
def schedule(
    weeks: str | None = typer.Option(
        None, "--weeks", help="Weeks after the start, e.g. 0,4,8,12,26 ('default' resets)."),
    date: str | None = typer.Option(None, "--date", help="As on this day (default: today)."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Show (or change) when outcome measures are due: baseline and weeks 4, 8, 12 by default.

    Example:
        glutemed outcome schedule
        glutemed outcome schedule --weeks 0,4,8,12,26
    """
    from glutemed.cli.values import parse_date
    from glutemed.outcomes.schedule import parse_weeks
    from glutemed.services.outcomes import schedule_view, set_schedule

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    if weeks is not None:
        chosen = None if weeks == "default" else parse_weeks(weeks)
        set_schedule(cli_io.unit_of_work(engine), who.id, chosen)
    view = schedule_view(cli_io.unit_of_work(engine, readonly=True), who.id,
                         parse_date(date, who))
    kind = "own" if view.custom else "default"
    typer.echo(f"Outcome schedule for {who.name} ({kind}), from {view.start}:")
    for point in view.points:
        typer.echo(f"  {point.label:<9} {point.date}  {point.status}")


@outcome_app.command("measures")
def measures(
    as_json: bool = typer.Option(False, "--json", help="Print the measures as JSON."),
) -> None:
    """Each measure: range, which way is better, and the smallest change with its source.

    Example:
        glutemed outcome measures
    """
    from glutemed.outcomes.loader import default_measures

    book = default_measures()
    if as_json:
        cli_io.echo_json(book.model_dump(mode="json"))
        return
    for m in book.measures:
        typer.echo(f"{m.id}: {m.name}; {m.low:g} to {m.high:g} {m.unit}, {m.better} is better")
        if m.smallest_change is not None:
            c = m.smallest_change
            typer.echo(f"    smallest change worth noticing: {c.value:g} ({c.kind}); "
                       f"{c.source} [{c.status}]")
        else:
            typer.echo(f"    no smallest change: {m.no_smallest_change}")
