"""``glutemed load``: what a variant, or a whole ladder, asks of this person's hip abductors.

The command parses options into a :class:`~glutemed.biomech.anthropometrics.Person` and
calls the pure load model (``compute_demand`` / ``ladder_demands``); every number and every
assumption comes from ``glutemed.biomech``, so the web app shows exactly the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io

if TYPE_CHECKING:
    from rich.console import Console

    from glutemed.biomech.demand import Demand, LadderRow


def register(app: typer.Typer) -> None:
    """Add the ``load`` command to the root app."""
    app.command("load")(load)


def load(
    variant_id: str | None = typer.Argument(
        None, metavar="ID", help="Variant id, e.g. side-lying-abduction.cuff-ankle."
    ),
    family: str | None = typer.Option(
        None, "--family", help="List a whole family's ladder sorted by demand instead."
    ),
    mass_kg: float = typer.Option(..., "--mass-kg", help="Body mass in kg (30-300)."),
    height_m: float = typer.Option(..., "--height-m", help="Height in metres (1.0-2.5)."),
    sex: str | None = typer.Option(
        None, "--sex", help="female or male (recorded; the published tables are not sex-specific)."
    ),
    external_kg: float | None = typer.Option(
        None, "--external-kg", help="Your weight instead of the variant's default (kg)."
    ),
    band: str | None = typer.Option(
        None, "--band", help="Band colour instead of the default: tan, yellow, red, green, "
        "blue, black, silver, gold."
    ),
    calibration: float = typer.Option(
        1.0, "--calibration", help="Scale the band chart's tension (0.1-2.0; charts run high)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Show the demand on the hip abductors: peak hip moment, abductor force, where it peaks.

    Static frontal-plane estimates from body mass and height (Winter/Dempster segments,
    Pauwels single-limb stance, the band maker's chart). EMG is not force: use the numbers
    to compare variants, not as a measurement.

    Example:
        glutemed load side-lying-abduction.cuff-ankle --mass-kg 70 --height-m 1.75
        glutemed load single-limb-stance.bodyweight --mass-kg 70 --height-m 1.75 --json
        glutemed load --family side-plank --mass-kg 62 --height-m 1.68
    """
    from glutemed.biomech.anthropometrics import Person
    from glutemed.errors import InputError

    person = Person(mass_kg=mass_kg, height_m=height_m, sex=sex)
    if (variant_id is None) == (family is None):
        raise InputError("ID", "give either a variant ID or --family FAMILY (one of the two)")
    if family is not None:
        for name, value in (("external_kg", external_kg), ("band", band)):
            if value is not None:
                raise InputError(name, "applies to one variant; leave it out with --family")
        _show_family(family, person, as_json)
        return
    assert variant_id is not None
    _show_variant(variant_id, person, external_kg, band, calibration, as_json)


def _show_variant(
    variant_id: str,
    person: Any,
    external_kg: float | None,
    band: str | None,
    calibration: float,
    as_json: bool,
) -> None:
    from glutemed.biomech.demand import compute_demand
    from glutemed.catalog.loader import load_default_catalog

    variant = load_default_catalog().variant(variant_id)
    demand = compute_demand(
        variant, person, external_kg=external_kg, band=band, calibration=calibration
    )
    if as_json:
        cli_io.echo_json(demand.to_dict())
        return
    _render_demand(cli_io.console(), variant.name, demand)


def _show_family(family_id: str, person: Any, as_json: bool) -> None:
    from glutemed.biomech.demand import ladder_demands
    from glutemed.catalog.loader import load_default_catalog

    rows = ladder_demands(load_default_catalog(), family_id, person)
    if as_json:
        cli_io.echo_json([_row_json(row) for row in rows])
        return
    _render_ladder(cli_io.console(), family_id, person, rows)


def _row_json(row: LadderRow) -> dict[str, Any]:
    if row.demand is None:
        return {
            "variant_id": row.variant_id, "name": row.name, "moment_nm": None,
            "moment_nm_per_kg": None, "abductor_force_bw": None, "assumptions": [],
            "not_modelled": row.not_modelled,
        }
    return {"name": row.name, **row.demand.to_dict(), "not_modelled": None}




def _render_demand(console: Console, name: str, demand: Demand) -> None:
    from rich.markup import escape
    from rich.table import Table

    console.print(f"[bold]{escape(name)}[/bold]  ({demand.variant_id})")
    console.print(
        f"Peak hip moment [bold]{demand.moment_nm:.1f} N·m[/bold] "
        f"({demand.moment_nm_per_kg:.2f} N·m/kg) at the {escape(demand.peak_at)}"
    )
    console.print(
        f"Abductor force about [bold]{demand.abductor_force_bw:.2f} × body weight[/bold] "
        f"({demand.abductor_force_n:.0f} N at a {demand.moment_arm_m * 100:.1f} cm moment arm)"
    )
    for hip, moment in demand.other_hips.items():
        console.print(f"Other hip: {escape(hip)} {moment:.1f} N·m")
    if demand.work_j_per_rep is not None:
        console.print(f"Work by the moving hip per lift: {demand.work_j_per_rep:.1f} J")
    table = Table(title="What makes up the moment")
    table.add_column("Load")
    table.add_column("N·m", justify="right")
    table.add_column("Share", justify="right")
    for label, moment in demand.contributions.items():
        share = moment / demand.moment_nm * 100 if demand.moment_nm else 0.0
        table.add_row(escape(label), f"{moment:.1f}", f"{share:.0f} %")
    console.print(table)
    console.print("[bold]Assumptions[/bold]")
    for line in demand.assumptions:
        console.print(f"  - {escape(line)}")


def _render_ladder(console: Console, family_id: str, person: Any, rows: list[LadderRow]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from glutemed.biomech.demand import describe_step

    table = Table(
        title=f"{family_id}: demand for {person.mass_kg:g} kg, {person.height_m:g} m "
        "(lowest first)"
    )
    table.add_column("Variant", no_wrap=True)
    for column in ("N·m", "N·m/kg", "× BW"):
        table.add_column(column, justify="right")
    table.add_column("Hip")
    table.add_column("Step")
    previous: Demand | None = None
    for row in rows:
        if row.demand is None:
            table.add_row(escape(row.variant_id), "", "", "", "", "not modelled")
            continue
        d = row.demand
        step = "" if previous is None else _short(describe_step(previous, d))
        table.add_row(escape(row.variant_id), f"{d.moment_nm:.1f}",
                      f"{d.moment_nm_per_kg:.2f}", f"{d.abductor_force_bw:.2f}",
                      escape(d.hip.split(" ")[0]), step)
        previous = d
    console.print(table)
    for row in rows:
        if row.demand is None:
            reason = escape(row.not_modelled or "")
            console.print(f"{escape(row.variant_id)}: not modelled: {reason}")
    console.print("Static frontal-plane estimates; EMG is not force. "
                  "See `glutemed load ID ...` for the assumptions of one variant.")


def _short(sentence: str) -> str:
    """'This step raises the demand ... by 38 %.' -> '+38 %'."""
    if "raises" in sentence or "lowers" in sentence:
        number = sentence.rsplit(" by ", 1)[1].rstrip(" %.")
        return ("+" if "raises" in sentence else "-") + number + " %"
    return "same"
