"""``glutemed plan``: a complete multi-week program for one profile.

The command only parses options into a :class:`~glutemed.programming.models.Profile` (the
options and ``build_profile`` are shared with ``glutemed start``), calls
the pure generator and lays out its result; every rule lives in ``glutemed.programming``,
so the web app plans exactly the same program.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io
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
    AvoidOption,
    BandsOption,
    ConditionOption,
    CuffOption,
    DaysOption,
    DumbbellOption,
    EquipmentOption,
    FellOption,
    GoalOption,
    HeightOption,
    LevelOption,
    MassOption,
    MinutesOption,
    OneLegOption,
    PersonOptions,
    SexOption,
    SideLyingOption,
    SidePlankOption,
    SingleLegSquatOption,
    SurgeryClearedOption,
    WeeksOption,
    build_profile,
)

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.programming.models import Program


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command to the root app."""
    app.command("plan")(plan)


def plan(
    goal: GoalOption,
    days: DaysOption = DEFAULT_DAYS,
    weeks: WeeksOption = DEFAULT_WEEKS,
    equipment: EquipmentOption = DEFAULT_EQUIPMENT,
    level: LevelOption = DEFAULT_LEVEL,
    mass_kg: MassOption = None,
    height_m: HeightOption = None,
    sex: SexOption = None,
    minutes: MinutesOption = DEFAULT_MINUTES,
    avoid: AvoidOption = DEFAULT_AVOID,
    side_plank_s: SidePlankOption = None,
    side_lying_reps: SideLyingOption = None,
    single_leg_squat: SingleLegSquatOption = None,
    age: AgeOption = None,
    condition: ConditionOption = DEFAULT_CONDITION,
    side: AffectedSideOption = DEFAULT_SIDE,
    surgery_cleared: SurgeryClearedOption = False,
    fell_last_year: FellOption = None,
    one_leg_10s: OneLegOption = None,
    bands: BandsOption = "",
    cuff_kg: CuffOption = "",
    dumbbell_kg: DumbbellOption = "",
    as_json: bool = typer.Option(False, "--json", help="Print the program as JSON."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Print the program as Markdown."),
    full: bool = typer.Option(
        False, "--full",
        help="Every week in full: rest, effort and the reason for each exercise, and the "
        "reasons behind the program (default: a summary of each week).",
    ),
) -> None:
    """Plan a multi-week gluteus medius program from the article's weekly template.

    Every leg day holds one single-leg hinge or squat/lunge, compound lifts run 3-5 x 8-12,
    and hip-abduction work comes 1-3 times a week at 3-4 x 10-20 reps or 30-60 s holds,
    adjusted for the goal. Each item says why it is there (--full, --markdown or --json).

    Example:
        glutemed plan --goal rehab --days 2 --weeks 8 --equipment none
        glutemed plan --goal rehab --days 2 --weeks 8 --equipment none --full
        glutemed plan --goal hypertrophy --days 2 --weeks 12 --equipment barbell,dumbbell --json
    """
    from glutemed.catalog.loader import load_default_catalog
    from glutemed.errors import InputError
    from glutemed.programming.generator import generate_program

    if as_json and as_markdown:
        raise InputError("--json/--markdown", "choose one output format")
    catalog = load_default_catalog()
    profile = build_profile(
        catalog, goal=goal, days=days, weeks=weeks, equipment=equipment, level=level,
        mass_kg=mass_kg, height_m=height_m, sex=sex, minutes=minutes, avoid=avoid,
        side_plank_s=side_plank_s, side_lying_reps=side_lying_reps,
        single_leg_squat=single_leg_squat,
        person=PersonOptions(
            age=age, condition=condition, side=side, surgery_cleared=surgery_cleared,
            fell_last_year=fell_last_year, one_leg_10s=one_leg_10s, bands=bands,
            cuff_kg=cuff_kg, dumbbell_kg=dumbbell_kg,
        ),
    )
    program = generate_program(profile, catalog)
    if as_json:
        from glutemed.programming.serialise import program_as_dict

        cli_io.echo_json(program_as_dict(program, catalog))
    elif as_markdown:
        from glutemed.programming.markdown import render_markdown

        typer.echo(render_markdown(program, catalog), nl=False)
    elif full:
        _print_program(program, catalog)
    else:
        _print_summary(program, catalog)


def _print_summary(program: Program, catalog: Catalog) -> None:
    """Each week in a few lines: the exercises of each day with their dose and load. The
    full tables (rest, effort, a reason per exercise) run to hundreds of lines at 80
    columns, so they wait for ``--full``."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from glutemed.programming.markdown import dose_text, is_per_side, load_text

    console = Console(highlight=False)
    profile = program.profile
    days = profile.days_per_week
    console.print(
        f"[bold]{profile.goal.value}[/bold] program: {days} leg day{'' if days == 1 else 's'} "
        f"a week for {profile.weeks} weeks, level {profile.level.value}"
    )
    for week in program.weeks:
        table = Table(
            title=f"Week {week.number}: {escape(week.focus)}", title_justify="left",
            title_style="bold", box=None, show_header=False, pad_edge=False,
        )
        table.add_column("day", no_wrap=True)
        table.add_column("exercise", ratio=3)
        table.add_column("dose", ratio=2)
        table.add_column("load", ratio=1)
        for session in week.sessions:
            for number, item in enumerate(session.items):
                name = catalog.variant(item.variant_id).name
                table.add_row(
                    f"Day {session.day}" if number == 0 else "",
                    escape(name + (" (optional)" if item.optional else "")),
                    dose_text(item, is_per_side(item, catalog)),
                    load_text(item),
                )
        console.print(table)
    console.print(
        f"{len(program.rationale)} reasons behind this program, and rest, effort and the "
        "reason for each exercise: add --full (or --markdown, --json)."
    )


def _print_program(program: Program, catalog: Catalog) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from glutemed.programming.markdown import dose_text, is_per_side, load_text, rir_text

    console = Console(highlight=False)
    profile = program.profile
    console.print(
        f"[bold]{profile.goal.value}[/bold] program: {profile.days_per_week} leg day(s) a "
        f"week for {profile.weeks} weeks, level {profile.level.value}"
    )
    for reason in program.rationale:
        console.print(f"  • {escape(reason)}")
    for week in program.weeks:
        table = Table(title=f"Week {week.number}: {escape(week.focus)}", title_justify="left")
        for column in ("Day", "Exercise", "Dose", "Load", "Rest", "RIR", "Why"):
            table.add_column(column, overflow="fold")
        for session in week.sessions:
            for item in session.items:
                name = catalog.variant(item.variant_id).name
                table.add_row(
                    str(session.day),
                    escape(name + (" (optional)" if item.optional else "")),
                    dose_text(item, is_per_side(item, catalog)),
                    load_text(item),
                    f"{item.rest_s} s",
                    rir_text(item),
                    escape(item.rationale),
                )
            table.add_section()
        console.print(table)
