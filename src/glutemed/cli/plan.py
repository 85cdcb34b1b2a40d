"""``glutemed plan``: a complete multi-week program for one profile.

The command only parses options into a :class:`~glutemed.programming.models.Profile`, calls
the pure generator and lays out its result; every rule lives in ``glutemed.programming``,
so the web app plans exactly the same program.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.programming.models import Profile, Program

WEIGHT_BEARING = "weight-bearing"


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command to the root app."""
    app.command("plan")(plan)


def plan(
    goal: str = typer.Option(
        ..., "--goal", help="hypertrophy, rehab, risk-reduction or performance."
    ),
    days: int = typer.Option(2, "--days", help="Leg days a week, 1-4 (two is ideal)."),
    weeks: int = typer.Option(8, "--weeks", help="Program length in weeks, 4-16."),
    equipment: str = typer.Option(
        "none", "--equipment", help="Comma list of equipment ids you have; 'none' = bodyweight."
    ),
    level: str = typer.Option(
        "beginner", "--level", help="Training experience: beginner, intermediate, advanced."
    ),
    mass_kg: float | None = typer.Option(None, "--mass-kg", help="Body mass in kg."),
    height_m: float | None = typer.Option(None, "--height-m", help="Height in metres."),
    sex: str | None = typer.Option(None, "--sex", help="female or male (load model only)."),
    minutes: int = typer.Option(45, "--minutes", help="Minutes per session, 15-180."),
    avoid: str = typer.Option(
        "", "--avoid",
        help="Comma list: variant ids, 'weight-bearing', or provocations such as "
        "end-range-adduction.",
    ),
    side_plank_s: float | None = typer.Option(
        None, "--side-plank-s", help="Baseline: longest side plank hold, seconds."
    ),
    side_lying_reps: int | None = typer.Option(
        None, "--side-lying-reps", help="Baseline: side-lying abduction reps in one set."
    ),
    single_leg_squat: int | None = typer.Option(
        None, "--single-leg-squat", help="Baseline: single-leg squat quality 0-3."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the program as JSON."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Print the program as Markdown."),
) -> None:
    """Plan a multi-week gluteus medius program from the article's weekly template.

    Every leg day holds one single-leg hinge or squat/lunge, compound lifts run 3-5 x 8-12,
    and hip-abduction work comes 1-3 times a week at 3-4 x 10-20 reps or 30-60 s holds,
    adjusted for the goal. Each item says why it is there.

    Example:
        glutemed plan --goal rehab --days 2 --weeks 8 --equipment none
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
    )
    program = generate_program(profile, catalog)
    if as_json:
        from glutemed.programming.serialise import program_as_dict

        cli_io.echo_json(program_as_dict(program, catalog))
    elif as_markdown:
        from glutemed.programming.markdown import render_markdown

        typer.echo(render_markdown(program, catalog), nl=False)
    else:
        _print_program(program, catalog)


def _range(field: str, value: int, allowed: range, hint: str = "") -> int:
    from glutemed.errors import InputError

    if value not in allowed:
        raise InputError(
            field, f"must be {allowed.start}-{allowed.stop - 1}{hint}; got {value}"
        )
    return value


def _choice(field: str, value: str, allowed: list[str]) -> str:
    from glutemed.errors import InputError

    if value not in allowed:
        raise InputError(field, f"unknown '{value}'; allowed: {', '.join(allowed)}")
    return value


def build_profile(
    catalog: Catalog, *, goal: str, days: int, weeks: int, equipment: str, level: str,
    mass_kg: float | None, height_m: float | None, sex: str | None, minutes: int, avoid: str,
    side_plank_s: float | None = None, side_lying_reps: int | None = None,
    single_leg_squat: int | None = None,
) -> Profile:
    """Check every option, naming the allowed values, and build the profile."""
    from glutemed.cli.catalog import parse_equipment
    from glutemed.errors import InputError
    from glutemed.programming.models import Baseline, Goal, Level, Profile
    from glutemed.programming.templates import ALLOWED_DAYS, ALLOWED_WEEKS

    _choice("--goal", goal, [g.value for g in Goal])
    _choice("--level", level, [lv.value for lv in Level])
    _range("--days", days, ALLOWED_DAYS, " leg days a week (two is what the article recommends)")
    _range("--weeks", weeks, ALLOWED_WEEKS, " weeks")
    _range("--minutes", minutes, range(15, 181), " minutes")
    if (mass_kg is None) != (height_m is None):
        raise InputError("--mass-kg/--height-m", "give both body mass and height, or neither")
    if sex is not None:
        _choice("--sex", sex, ["female", "male"])
    variants, provocations, weight_bearing = _parse_avoid(avoid, catalog)
    baseline = None
    if (side_plank_s, side_lying_reps, single_leg_squat) != (None, None, None):
        baseline = Baseline(
            side_plank_hold_s=side_plank_s,
            side_lying_abduction_reps=side_lying_reps,
            single_leg_squat_quality=single_leg_squat,
        )
    return Profile(
        goal=Goal(goal), days_per_week=days, weeks=weeks,
        equipment=frozenset(parse_equipment(equipment, catalog)), level=Level(level),
        minutes_per_session=minutes, baseline=baseline, mass_kg=mass_kg, height_m=height_m,
        sex=sex, avoid_variants=variants, avoid_weight_bearing=weight_bearing,
        avoid_provocations=provocations,
    )


def _parse_avoid(value: str, catalog: Catalog) -> tuple[frozenset[str], frozenset[str], bool]:
    """Split ``--avoid`` into variant ids, provocations and the weight-bearing flag."""
    from glutemed.errors import InputError
    from glutemed.programming.generator import known_provocations

    provocations = known_provocations(catalog)
    ids = {v.id for v in catalog.variants}
    variants: set[str] = set()
    found: set[str] = set()
    weight_bearing = False
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        if item == WEIGHT_BEARING:
            weight_bearing = True
        elif item in provocations:
            found.add(item)
        elif item in ids:
            variants.add(item)
        else:
            close = catalog.suggest(item)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise InputError(
                "--avoid",
                f"unknown '{item}'{hint}; allowed: {WEIGHT_BEARING}, {', '.join(provocations)}, "
                "or a variant id from 'glutemed exercises list'",
            )
    return frozenset(variants), frozenset(found), weight_bearing


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
