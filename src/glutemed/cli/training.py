"""The training log on the command line: start, today, log, history, progress, why.

Every command parses its options, opens the store (:func:`glutemed.cli.db.open_store`) and
calls one function of :mod:`glutemed.services`; the web app calls the same functions, so
both always agree. "Today" is computed here, in the person's own time zone, and passed in.
Loads are typed and shown in the person's unit (kg or lb) and stored in kg.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli import training_render as R
from glutemed.cli.db import db_option
from glutemed.cli.profile_options import (
    DEFAULT_AVOID,
    DEFAULT_CONDITION,
    DEFAULT_DAYS,
    DEFAULT_EQUIPMENT,
    DEFAULT_LEVEL,
    DEFAULT_MINUTES,
    DEFAULT_SIDE,
    DEFAULT_WEEKS,
    AffectedSideOption,
    AgeOption,
    AskedEquipmentOption,
    AskedGoalOption,
    AvoidOption,
    BandsOption,
    ConditionOption,
    CuffOption,
    DaysOption,
    DumbbellOption,
    FellOption,
    HeightOption,
    LevelOption,
    MassOption,
    MinutesOption,
    OneLegOption,
    PersonOptions,
    SexOption,
    SurgeryClearedOption,
    WeeksOption,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from glutemed.catalog.catalog import Catalog
    from glutemed.store.records import PersonRecord

PERSON_HELP = "Whose log (default: the current person, see 'glutemed people list')."


def register(app: typer.Typer) -> None:
    """Add the training-log commands (and the ``db`` group and ``backup``) to the root app."""
    from glutemed.cli import db

    db.register(app)
    app.command("start")(start)
    app.command("today")(today)
    app.command("log")(log)
    app.command("history")(history)
    app.command("edit-set")(edit_set)
    app.command("delete-set")(delete_set)
    app.command("progress")(progress)
    app.command("why")(why)


# -- helpers -----------------------------------------------------------------------------------




def _interactive() -> bool:
    return sys.stdin.isatty()








def _parse_date(value: str | None, person: PersonRecord, field: str = "--date") -> dt.date:
    """``--date`` as a calendar date, or today in the person's time zone."""
    from glutemed.errors import InputError
    from glutemed.services.people import local_today

    if value is None:
        return local_today(person.timezone)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"'{value}' is not a date; use YYYY-MM-DD") from None


def _choice(field: str, value: str | None, allowed: list[str]) -> str | None:
    from glutemed.errors import InputError

    if value is None or value in allowed:
        return value
    raise InputError(field, f"unknown '{value}'; allowed: {', '.join(allowed)}")


# -- start -------------------------------------------------------------------------------------


def start(
    name: str | None = typer.Option(None, "--name", help="Your name (unique in this database)."),
    goal: AskedGoalOption = None,
    days: DaysOption = DEFAULT_DAYS,
    weeks: WeeksOption = DEFAULT_WEEKS,
    equipment: AskedEquipmentOption = None,
    level: LevelOption = DEFAULT_LEVEL,
    mass_kg: MassOption = None,
    height_m: HeightOption = None,
    sex: SexOption = None,
    minutes: MinutesOption = DEFAULT_MINUTES,
    avoid: AvoidOption = DEFAULT_AVOID,
    age: AgeOption = None,
    condition: ConditionOption = DEFAULT_CONDITION,
    side: AffectedSideOption = DEFAULT_SIDE,
    surgery_cleared: SurgeryClearedOption = False,
    fell_last_year: FellOption = None,
    one_leg_10s: OneLegOption = None,
    bands: BandsOption = "",
    cuff_kg: CuffOption = "",
    dumbbell_kg: DumbbellOption = "",
    units: str | None = typer.Option(None, "--units", help="Show loads in kg or lb."),
    timezone: str | None = typer.Option(
        None, "--timezone", help="Your time zone, e.g. Europe/London (default: this computer's)."
    ),
    start_date: str | None = typer.Option(
        None, "--start-date", help="First training day, YYYY-MM-DD (default: today)."
    ),
    db: str | None = db_option(),
) -> None:
    """Create your profile and a program from the generator, and save both.

    Missing options are asked for when run in a terminal; in a script, --name and --goal are
    required. Takes the same options as 'glutemed plan'.

    Example:
        glutemed start --name Ann --goal rehab --days 2 --weeks 8 --equipment cuff-weight
        glutemed start --name Bo --goal hypertrophy --equipment barbell,dumbbell --units lb
    """
    from glutemed.cli.profile_options import build_profile
    from glutemed.errors import InputError
    from glutemed.programming.models import Goal
    from glutemed.progression.validity import check_start_date, default_limits
    from glutemed.services.people import check_timezone, local_today, start_person

    catalog = cli_io.catalog()
    engine: Engine | None = None
    if name is None and _interactive():
        # Check the name against the store now, not after every other question.
        engine = cli_io.open_store(db)
        opened = engine
        name = _ask("--name", "Your name", check=lambda v: _check_new_name(opened, v))
    name = name or _ask("--name", "Your name", check=_check_name)
    goal = goal or _ask(
        "--goal",
        "Goal (hypertrophy, rehab, risk-reduction, performance)",
        check=lambda v: _checked_choice("--goal", v, [g.value for g in Goal]),
    )
    if equipment is None:
        if _interactive():
            import textwrap

            known = ", ".join(catalog.equipment_ids) + " (or none = bodyweight)"
            typer.echo(
                textwrap.fill(known, 78, initial_indent="Equipment ids: ", break_on_hyphens=False)
            )
        equipment = _ask(
            "--equipment",
            "Equipment you have (comma list)",
            DEFAULT_EQUIPMENT,
            check=lambda v: _checked_equipment(catalog, v),
        )
    if units is None and _interactive():
        units = _ask(
            "--units",
            "Show loads in kg or lb",
            "kg",
            check=lambda v: _checked_choice("--units", v, ["kg", "lb"]),
        )
    units = units or "kg"
    _choice("--units", units, ["kg", "lb"])
    zone = check_timezone(timezone or _system_timezone())
    profile = build_profile(
        catalog,
        goal=goal,
        days=days,
        weeks=weeks,
        equipment=equipment,
        level=level,
        mass_kg=mass_kg,
        height_m=height_m,
        sex=sex,
        minutes=minutes,
        avoid=avoid,
        person=PersonOptions(
            age=age, condition=condition, side=side, surgery_cleared=surgery_cleared,
            fell_last_year=fell_last_year, one_leg_10s=one_leg_10s, bands=bands,
            cuff_kg=cuff_kg, dumbbell_kg=dumbbell_kg,
        ),
    )
    first_day = local_today(zone) if start_date is None else _iso(start_date, "--start-date")
    check_start_date(first_day, local_today(zone), default_limits(), field="--start-date")
    engine = engine or cli_io.open_store(db)
    if not name.strip():
        raise InputError("--name", "give a name")
    person_id = start_person(
        cli_io.unit_of_work(engine), name, profile, catalog, first_day, units=units, timezone=zone
    )
    article = "an" if str(profile.weeks).startswith(("8", "11", "18")) else "a"
    per_week = "day" if profile.days_per_week == 1 else "days"
    typer.echo(
        f"Started {name} (person {person_id}): {article} {profile.weeks}-week "
        f"{profile.goal.value} program, {profile.days_per_week} {per_week} a week, "
        f"from {first_day}."
    )
    from glutemed.cli.people import remember_current

    problem = remember_current(engine, person_id, name.strip())
    if problem:
        typer.echo(f"Note: {problem}.", err=True)
    typer.echo("Next: glutemed today")


def _ask(
    field: str,
    question: str,
    default: str | None = None,
    *,
    check: Callable[[str], str] | None = None,
) -> str:
    """Ask in a terminal until the answer passes ``check``; in a script, use the default.

    A wrong answer is explained and asked again, so one typo does not throw away the
    answers already given.
    """
    from glutemed.errors import InputError

    if not _interactive():
        if default is not None:
            return default
        raise InputError(field, "required when not running in a terminal")
    while True:
        answer = str(typer.prompt(question, default=default)).strip()
        if check is None:
            return answer
        try:
            return check(answer)
        except InputError as error:
            import textwrap

            text = f"{_reason(error)} - try again."
            typer.echo(
                textwrap.fill(
                    text, 78, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
                )
            )


def _reason(error: Exception) -> str:
    """An error's message without the leading ``field:`` (the question already names it)."""
    text = str(error)
    field = getattr(error, "field", None)
    return text.removeprefix(f"{field}: ") if field else text


def _check_name(value: str) -> str:
    from glutemed.errors import InputError

    if not value:
        raise InputError("--name", "give a name")
    return value


def _check_new_name(engine: Engine, value: str) -> str:
    """A name nobody in this database has yet (``--person`` tells people apart by name)."""
    from glutemed.errors import InputError, UnknownIdError

    _check_name(value)
    try:
        cli_io.person(engine, value)
    except UnknownIdError:
        return value
    raise InputError("--name", f"a person called '{value}' already exists; choose another name")


def _checked_choice(field: str, value: str, allowed: list[str]) -> str:
    """A case-insensitive answer from ``allowed``, or an error listing them."""
    from glutemed.errors import InputError

    answer = value.strip().lower()
    if answer not in allowed:
        raise InputError(field, f"'{value}' is not one of {', '.join(allowed)}")
    return answer


def _checked_equipment(catalog: Catalog, value: str) -> str:
    """The equipment answer, lower-cased, once the catalog accepts every id in it."""
    parts = (part.strip().lower().replace(" ", "-") for part in value.split(","))
    answer = ",".join(part for part in parts if part)  # "Mini band" is mini-band
    catalog.parse_equipment(answer)
    return answer


def _iso(value: str, field: str) -> dt.date:
    from glutemed.errors import InputError

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"'{value}' is not a date; use YYYY-MM-DD") from None


def _system_timezone() -> str:
    """This computer's IANA zone name if it can be found, else UTC."""
    import os
    from pathlib import Path

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        except OSError:
            link = Path("/etc/localtime")
            name = str(link.resolve()).split("zoneinfo/")[-1] if link.is_symlink() else ""
    from glutemed.errors import InputError
    from glutemed.services.people import check_timezone

    try:
        return check_timezone(name) if name else "UTC"
    except InputError:
        return "UTC"




# -- today -------------------------------------------------------------------------------------


def today(
    date: str | None = typer.Option(None, "--date", help="Which day, YYYY-MM-DD (default: today)."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the session as JSON."),
    db: str | None = db_option(),
) -> None:
    """Show the session due: each exercise and side with its target, last time, and cues.

    Example:
        glutemed today
        glutemed today --date 2026-03-05 --json
    """
    from glutemed.services.sessions import todays_session

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    day = _parse_date(date, who)
    uow = cli_io.unit_of_work(engine, readonly=True)
    with cli_io.about(who):
        session = todays_session(uow, who.id, cli_io.catalog(), day)
    reminder = _outcomes_reminder(engine, who.id, day)
    if as_json:
        cli_io.echo_json({**session.model_dump(mode="json"), "outcomes_due": reminder})
        return
    R.print_today(session)
    if reminder is not None:
        typer.echo(f"Outcome measures are due ({reminder['label']}, {reminder['date']}).")
        typer.echo("Record them with 'glutemed outcome add ...'.")


def _outcomes_reminder(engine: Engine, person_id: int, day: dt.date) -> dict[str, Any] | None:
    """The outcome time point due on ``day``, if any (the same rule as the web page)."""
    from glutemed.services.outcomes import schedule_view

    due = schedule_view(cli_io.unit_of_work(engine, readonly=True), person_id, day).due
    if due is None:
        return None
    return {"week": due.week, "label": due.label, "date": due.date.isoformat()}


# -- log ---------------------------------------------------------------------------------------


def log(
    variant: str | None = typer.Argument(None, help="Variant id (omit to be asked)."),
    side: str | None = typer.Option(None, "--side", help="left, right or both."),
    reps: int | None = typer.Option(None, "--reps", help="Repetitions done."),
    hold_s: float | None = typer.Option(None, "--hold-s", help="Seconds held."),
    load_kg: float | None = typer.Option(None, "--load-kg", help="External load in kg."),
    load_lb: float | None = typer.Option(None, "--load-lb", help="External load in lb."),
    band: str | None = typer.Option(None, "--band", help="Band level, e.g. red, green, blue."),
    band_at: str | None = typer.Option(None, "--band-at", help="knees, ankles or feet."),
    rir: int | None = typer.Option(None, "--rir", help="Reps in reserve, 0-10."),
    pain: int | None = typer.Option(None, "--pain", help="Pain during the set, 0-10."),
    pain_next_morning: int | None = typer.Option(
        None, "--pain-next-morning", help="Pain the next morning, 0-10 (or add it later)."
    ),
    checks: str | None = typer.Option(
        None, "--checks", help="Technique checks: pass, fail, or CHECK=yes|no,... by id."
    ),
    felt: str | None = typer.Option(None, "--felt", help="Where you felt it."),
    note: str | None = typer.Option(None, "--note", help="A note."),
    warning: str | None = typer.Option(
        None,
        "--warning-sign",
        help="Comma list of warning signs: severe-pain, night-pain, fall-or-injury, "
        "numbness-tingling, fever (any one means: see a clinician).",
    ),
    date: str | None = typer.Option(None, "--date", help="Day done, YYYY-MM-DD (default: today)."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    db: str | None = db_option(),
) -> None:
    """Log one set and see what to do next, and why.

    Without a variant (in a terminal) you are asked for each answer, including every
    technique check. The set, the decision and the new target are saved together.

    Example:
        glutemed log side-lying-abduction.cuff-ankle --side left --reps 12 --load-kg 1 --rir 2 --pain 1 --checks pass
        glutemed log side-plank.short --side right --hold-s 30 --pain 0 --checks pass
        glutemed log side-plank.short --side left --hold-s 20 --pain 4 --warning-sign night-pain
        glutemed log
    """  # noqa: E501
    from glutemed.progression.models import PerformedSet
    from glutemed.services.people import local_today
    from glutemed.services.sessions import log_set

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    day = _parse_date(date, who)
    catalog = cli_io.catalog()
    if variant is None:
        answers = _ask_set(engine, who, catalog, day)
    else:
        answers = _set_from_options(
            catalog,
            variant,
            who,
            side=side,
            reps=reps,
            hold_s=hold_s,
            load_kg=load_kg,
            load_lb=load_lb,
            band=band,
            band_at=band_at,
            checks=checks,
        )
    answers.update(
        {
            k: v
            for k, v in {
                "rir": rir,
                "pain_during": pain,
                "pain_next_morning": pain_next_morning,
                "felt_in": felt,
                "note": note,
            }.items()
            if v is not None
        }
    )
    if warning is not None:
        answers["red_flags"] = _parse_warnings(warning)
    performed = PerformedSet.model_validate({"date": day, **answers})
    with cli_io.about(who):
        decision = log_set(
            cli_io.unit_of_work(engine), who.id, performed, catalog, local_today(who.timezone)
        )
    if as_json:
        cli_io.echo_json(decision.model_dump(mode="json"))
        return
    cli_io.say_person(who)
    R.print_decision(
        decision.action,
        decision.explanation,
        decision.prescription,
        who.units,
        [f.rule_id for f in decision.fired if f.applied],
        (performed.variant_id, performed.side.value),
        catalog.coaching(performed.variant_id).failed(performed.checks),
    )


def _set_from_options(
    catalog: Catalog,
    variant: str,
    who: PersonRecord,
    *,
    side: str | None,
    reps: int | None,
    hold_s: float | None,
    load_kg: float | None,
    load_lb: float | None,
    band: str | None,
    band_at: str | None,
    checks: str | None,
) -> dict[str, Any]:
    from glutemed.catalog.models import BandLevel
    from glutemed.errors import InputError
    from glutemed.units import from_display

    found = catalog.variant(variant)
    if side is None:
        raise InputError("--side", "required: left, right or both")
    _choice("--side", side, ["left", "right", "both"])
    if (reps is None) == (hold_s is None):
        raise InputError("--reps/--hold-s", "give exactly one of --reps N or --hold-s S")
    if load_kg is not None and load_lb is not None:
        raise InputError("--load-kg/--load-lb", "give the load in one unit only")
    _choice("--band", band, [b.value for b in BandLevel])
    _choice("--band-at", band_at, ["knees", "ankles", "feet"])
    load = load_kg if load_lb is None else from_display(load_lb, "lb")
    return {
        "variant_id": found.id,
        "side": side,
        "reps": reps,
        "hold_s": hold_s,
        "load_kg": load,
        "band": band,
        "band_at": band_at,
        "checks": _parse_checks(checks, catalog.coaching(found).check_ids),
    }


def _parse_warnings(value: str) -> list[str]:
    """``--warning-sign`` as a list of known warning-sign names."""
    from glutemed.errors import InputError
    from glutemed.progression.models import RedFlag

    allowed = [flag.value for flag in RedFlag]
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    for part in chosen:
        if part not in allowed:
            raise InputError("--warning-sign", f"unknown '{part}'; allowed: {', '.join(allowed)}")
    return chosen


def _parse_checks(value: str | None, ids: list[str]) -> dict[str, bool]:
    """``pass`` (every check yes), ``fail`` (technique not kept), or ``id=yes,id=no``."""
    from glutemed.errors import InputError

    if value is None:
        return {}
    if value == "pass":
        return dict.fromkeys(ids, True)
    if value == "fail":
        return {"technique": False}
    answers: dict[str, bool] = {}
    for part in (p.strip() for p in value.split(",") if p.strip()):
        key, _, answer = part.partition("=")
        if key not in ids or answer not in ("yes", "no"):
            raise InputError(
                "--checks", f"'{part}' is not pass, fail or CHECK=yes|no; checks: {', '.join(ids)}"
            )
        answers[key] = answer == "yes"
    return answers


def _ask_set(engine: Engine, who: PersonRecord, catalog: Catalog, day: dt.date) -> dict[str, Any]:
    """Interactive logging: pick today's exercise, then answer one question at a time.

    Every answer is checked as it is given and asked again with the allowed range if it is
    wrong, so a typo late in the questions never throws away the earlier answers.
    """
    from glutemed.catalog.models import BandLevel
    from glutemed.errors import InputError
    from glutemed.progression.validity import default_limits, max_load_kg
    from glutemed.services.sessions import todays_session
    from glutemed.units import from_display, in_units

    if not _interactive():
        raise InputError("VARIANT", "give a variant id (e.g. from 'glutemed today') in scripts")
    session = todays_session(cli_io.unit_of_work(engine, readonly=True), who.id, catalog, day)
    R.print_today(session, cues=False)
    if not session.items:
        raise InputError("VARIANT", "nothing is planned; give a variant id")
    unfinished = [i for i, it in enumerate(session.items, 1) if it.done_today < it.target.sets]
    if not unfinished:
        typer.echo("Every planned set is done today; log an extra one if you like.")
    number = _ask_int(
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
        answers["hold_s"] = _ask_number("Seconds held", 0, top_s, default=rx.hold_s[1])
    else:
        top = int(limits.reps_for(variant).max)
        answers["reps"] = _ask_int("Reps done", 0, top, default=(rx.reps or (0, 10))[1])
    if rx.band is not None:
        bands = [b.value for b in BandLevel]
        answers["band"] = _ask(
            "--band",
            f"Band colour ({', '.join(bands)})",
            rx.band.value,
            check=lambda v: _checked_choice("--band", v, bands),
        )
        answers["band_at"] = rx.band_at.value if rx.band_at else None
    elif rx.load_kg is not None:
        top_kg = (max_load_kg(variant, limits, who.profile.mass_kg) or (500.0, ""))[0]
        shown = _ask_number(
            f"Load ({who.units})",
            0,
            round(in_units(top_kg, who.units), 1),
            default=round(in_units(rx.load_kg, who.units), 1),
        )
        answers["load_kg"] = from_display(shown, who.units)
    answers["rir"] = _ask_int(
        "Reps in reserve - how many more you could have done (0-10)", 0, 10, default=2
    )
    answers["pain_during"] = _ask_int(
        "Pain during the set, 0-10 (0 none, 10 worst)", 0, 10, default=0
    )
    checks = catalog.coaching(item.variant_id).checks
    if checks:
        typer.echo("Technique checks (y/n):")
        answers["checks"] = {
            c.id: typer.confirm(_wrap(c.question, "  "), default=True) for c in checks
        }
    answers["red_flags"] = _ask_warning_signs()
    answers["felt_in"] = _ask_felt(catalog, item.variant_id)
    return answers


def _wrap(text: str, first: str = "", rest: str | None = None) -> str:
    """Text wrapped at words to fit 80 columns with room for a ``[Y/n]:`` after it."""
    import textwrap

    hang = " " * len(first) if rest is None else rest
    return textwrap.fill(
        text, 70, initial_indent=first, subsequent_indent=hang, break_on_hyphens=False
    )


def _ask_int(question: str, low: int, high: int, *, default: int) -> int:
    """A whole number in ``low..high``, asked again (naming the range) until it is one."""
    while True:
        raw = str(typer.prompt(question, default=str(default))).strip()
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is not None and low <= value <= high:
            return value
        typer.echo(f"  Enter a whole number from {low} to {high}.")


def _ask_number(question: str, low: float, high: float, *, default: float) -> float:
    """A number in ``low..high``, asked again (naming the range) until it is one."""
    while True:
        raw = str(typer.prompt(question, default=f"{default:g}")).strip().replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is not None and low <= value <= high:
            return value
        typer.echo(f"  Enter a number from {low:g} to {high:g}.")


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
        _wrap(
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
        typer.echo(_wrap(place, f"  {number}. "))
    raw = str(
        typer.prompt("Number, your own words, or Enter to skip", default="", show_default=False)
    ).strip()
    if raw.isdigit() and 1 <= int(raw) <= len(places):
        chosen = places[int(raw) - 1]
        tip = next((e.change for e in feel.elsewhere if e.where == chosen), None)
        if tip:
            typer.echo(_wrap(tip, "  Tip for next time: ", "  "))
        return chosen
    return raw or None


# -- history, edit, delete ----------------------------------------------------------------------


def history(
    variant: str | None = typer.Option(None, "--variant", help="Only this variant."),
    limit: int = typer.Option(50, "--limit", help="How many sets, newest first."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the sets as JSON."),
    db: str | None = db_option(),
) -> None:
    """List logged sets, newest first, with the target beside what was done.

    Example:
        glutemed history
        glutemed history --variant side-plank.short --limit 10 --json
    """
    from glutemed.errors import InputError
    from glutemed.services.sessions import list_sets

    if limit < 1:
        raise InputError("--limit", "must be at least 1")
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    uow = cli_io.unit_of_work(engine, readonly=True)
    sets = list_sets(uow, who.id, variant_id=variant, limit=limit)
    if as_json:
        cli_io.echo_json([R.set_json(s) for s in sets])
        return
    cli_io.say_person(who)
    catalog = cli_io.catalog()
    names = {v.id: v.name for v in catalog.variants}
    R.print_history(sets, who.units, names)


def edit_set(
    set_id: int = typer.Argument(..., help="The set's id (see glutemed history)."),
    pain_next_morning: int | None = typer.Option(
        None, "--pain-next-morning", help="Pain the next morning, 0-10."
    ),
    pain: int | None = typer.Option(None, "--pain", help="Pain during the set, 0-10."),
    reps: int | None = typer.Option(None, "--reps", help="Repetitions done."),
    hold_s: float | None = typer.Option(None, "--hold-s", help="Seconds held."),
    load_kg: float | None = typer.Option(None, "--load-kg", help="External load in kg."),
    rir: int | None = typer.Option(None, "--rir", help="Reps in reserve, 0-10."),
    felt: str | None = typer.Option(None, "--felt", help="Where you felt it."),
    note: str | None = typer.Option(None, "--note", help="A note."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Correct a logged set, or add the next morning's pain to it.

    If the set was behind the latest decision for its exercise, the decision is made again.

    Example:
        glutemed edit-set 42 --pain-next-morning 3
    """
    from glutemed.errors import InputError
    from glutemed.services.sessions import edit_set as edit

    changes = {
        k: v
        for k, v in {
            "pain_next_morning": pain_next_morning,
            "pain_during": pain,
            "reps": reps,
            "hold_s": hold_s,
            "load_kg": load_kg,
            "rir": rir,
            "felt_in": felt,
            "note": note,
        }.items()
        if v is not None
    }
    if not changes:
        raise InputError("options", "give at least one field to change, e.g. --pain-next-morning")
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    with cli_io.about(who):
        stored = edit(cli_io.unit_of_work(engine), who.id, set_id, changes, cli_io.catalog())
    typer.echo(f"Set {stored.id} of {who.name} updated: {', '.join(sorted(changes))}.")


def delete_set(
    set_id: int = typer.Argument(..., help="The set's id (see glutemed history)."),
    undo: bool = typer.Option(False, "--undo", help="Restore a deleted set."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Delete a logged set (undo with --undo).

    Example:
        glutemed delete-set 42
        glutemed delete-set 42 --undo
    """
    from glutemed.services.sessions import delete_set as delete
    from glutemed.services.sessions import restore_set

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    action = restore_set if undo else delete
    with cli_io.about(who):
        stored = action(cli_io.unit_of_work(engine), who.id, set_id, cli_io.catalog())
    verb = "restored" if undo else f"deleted (undo: glutemed delete-set {stored.id} --undo)"
    typer.echo(f"Set {stored.id} of {who.name} {verb}.")


# -- progress, why -----------------------------------------------------------------------------


def progress(
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    db: str | None = db_option(),
) -> None:
    """Per-exercise trend (first, latest, best) and the left-right gap.

    The measure is the best load of a session when a load was used, else the longest hold
    or the most reps. The gap compares the last three sessions of each side, as a
    percentage of the stronger side; more than 10 % is flagged.

    Example:
        glutemed progress
        glutemed progress --json
    """
    from glutemed.services.progress import progress_summary

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    summary = progress_summary(cli_io.unit_of_work(engine, readonly=True), who.id, cli_io.catalog())
    if as_json:
        cli_io.echo_json(summary.model_dump(mode="json"))
        return
    R.print_progress(summary, who.name)


def why(
    variant: str = typer.Argument(..., help="Variant id (as logged, or the program's)."),
    side: str | None = typer.Option(None, "--side", help="left, right or both."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    db: str | None = db_option(),
) -> None:
    """Explain the last progression decision for an exercise: the rules and facts behind it.

    Example:
        glutemed why side-lying-abduction.cuff-ankle
        glutemed why side-plank.short --side left --json
    """
    from glutemed.errors import InputError
    from glutemed.programming.models import Side
    from glutemed.services.decisions import last_decision

    _choice("--side", side, ["left", "right", "both"])
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    decision = last_decision(
        cli_io.unit_of_work(engine, readonly=True), who.id, variant, Side(side) if side else None
    )
    if decision is None:
        cli_io.catalog().variant(variant)  # a typo: name the closest ids rather than "no decision"
        with cli_io.about(who):
            raise InputError("VARIANT", f"no decision yet for {variant}; log a set first")
    if as_json:
        cli_io.echo_json(R.decision_json(decision))
        return
    cli_io.say_person(who)
    names = {v.id: v.name for v in cli_io.catalog().variants}
    R.print_why(decision, who.units, names.get(decision.variant_id))
