"""``glutemed start``: a profile and a program from the generator, saved together; what is not
given as an option is asked for in a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io
from glutemed.cli import prompts, values
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
    if name is None and prompts.interactive():
        # Check the name against the store now, not after every other question.
        engine = cli_io.open_store(db)
        opened = engine
        name = prompts.ask("--name", "Your name", check=lambda v: _check_new_name(opened, v))
    name = name or prompts.ask("--name", "Your name", check=_check_name)
    goal = goal or prompts.ask(
        "--goal",
        "Goal (hypertrophy, rehab, risk-reduction, performance)",
        check=lambda v: prompts.checked_choice("--goal", v, [g.value for g in Goal]),
    )
    if equipment is None:
        if prompts.interactive():
            import textwrap

            known = ", ".join(catalog.equipment_ids) + " (or none = bodyweight)"
            typer.echo(
                textwrap.fill(known, 78, initial_indent="Equipment ids: ", break_on_hyphens=False)
            )
        equipment = prompts.ask(
            "--equipment",
            "Equipment you have (comma list)",
            DEFAULT_EQUIPMENT,
            check=lambda v: _checked_equipment(catalog, v),
        )
    if units is None and prompts.interactive():
        units = prompts.ask(
            "--units",
            "Show loads in kg or lb",
            "kg",
            check=lambda v: prompts.checked_choice("--units", v, ["kg", "lb"]),
        )
    units = units or "kg"
    values.choice("--units", units, ["kg", "lb"])
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
    first_day = (
        local_today(zone) if start_date is None else values.iso_date(start_date, "--start-date")
    )
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


def _checked_equipment(catalog: Catalog, value: str) -> str:
    """The equipment answer, lower-cased, once the catalog accepts every id in it."""
    parts = (part.strip().lower().replace(" ", "-") for part in value.split(","))
    answer = ",".join(part for part in parts if part)  # "Mini band" is mini-band
    catalog.parse_equipment(answer)
    return answer


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
