"""``glutemed exercises list``: variants filtered by family, equipment, weight bearing, mode
and part, as a table (narrow terminals get one id per line) or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.catalog_json import list_item
from glutemed.cli.catalog_text import esc, yes_no
from glutemed.cli.values import choice

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.catalog.models import Variant


def list_exercises(
    family: str | None = typer.Option(None, "--family", help="Only this family (slug)."),
    equipment: str | None = typer.Option(
        None,
        "--equipment",
        help="What you have, as a comma list of equipment ids; 'none' = bodyweight only.",
    ),
    weight_bearing: bool | None = typer.Option(
        None,
        "--weight-bearing/--non-weight-bearing",
        help="Only standing/weight-bearing, or only lying/non-weight-bearing variants.",
    ),
    mode: str | None = typer.Option(None, "--mode", help="isotonic (reps) or isometric (hold)."),
    part: str | None = typer.Option(
        None, "--part", help="Only variants emphasising this part: anterior, middle, posterior."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List exercise variants, optionally filtered.

    Example:
        glutemed exercises list --family side-plank
        glutemed exercises list --equipment none --weight-bearing --json
    """
    from glutemed.catalog.models import Mode, Part

    catalog = cli_io.catalog()
    if family is not None:
        catalog.family(family)  # unknown family -> error with the closest slugs
    have = None if equipment is None else set(catalog.parse_equipment(equipment))
    variants = catalog.filter(
        family=family,
        equipment=have,
        weight_bearing=weight_bearing,
        mode=choice("mode", mode, [str(m) for m in Mode]),
        part=choice("part", part, [str(p) for p in Part]),
    )
    if as_json:
        cli_io.echo_json([list_item(v, catalog) for v in variants])
        return
    _print_list(variants, catalog)


_SHORT = {
    "isotonic": "reps",
    "isometric": "hold",
    "anterior": "ant",
    "middle": "mid",
    "posterior": "post",
}


LIST_TABLE_ROOM = 60
"""Columns the list table needs beside its longest id; a narrower terminal gets the list
one variant at a time, so an id is never broken across lines."""


def _print_narrow_list(variants: list[Variant], console: Any) -> None:
    """Each variant as its id on a line of its own (never wrapped, even in a terminal
    narrower than the id), then its name and a line of facts."""
    console.print(f"{len(variants)} exercise variants", no_wrap=True)
    for v in variants:
        console.print()
        console.print(v.id, no_wrap=True, overflow="ignore", crop=False, markup=False)
        facts = [
            ", ".join(_SHORT[m] for m in v.modes),
            "weight-bearing" if v.weight_bearing else "not weight-bearing",
            ", ".join(v.equipment) or "no equipment",
            "parts " + ", ".join(_SHORT[p] for p in v.parts) if v.parts else "",
            f"level {v.level}",
        ]
        console.print(f"  {esc(v.name)}")
        console.print("  " + " · ".join(f for f in facts if f))
    console.print()
    console.print(
        "reps = isotonic, hold = isometric; parts: ant/mid/post = anterior/middle/posterior "
        "fibres. Show one with: glutemed exercises show ID"
    )


def _print_list(variants: list[Variant], catalog: Catalog) -> None:
    from rich import box
    from rich.table import Table

    console = cli_io.console()
    if not variants:
        console.print("No variant matches these filters.")
        return
    id_width = max(len(v.id) for v in variants)
    if console.width < id_width + LIST_TABLE_ROOM:
        _print_narrow_list(variants, console)
        return
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title=f"{len(variants)} exercise variants",
        title_justify="left",
        caption=(
            "reps = isotonic, hold = isometric; WB = weight-bearing; "
            "parts: ant/mid/post = anterior/middle/posterior fibres"
        ),
        caption_justify="left",
    )
    table.add_column("id", no_wrap=True)  # the id is what a person copies into `log`
    table.add_column("name", overflow="fold")
    table.add_column("modes", overflow="fold")
    table.add_column("WB", overflow="fold")
    table.add_column("equipment", overflow="fold")
    table.add_column("parts", overflow="fold")
    table.add_column("lvl", justify="right")
    for v in variants:
        table.add_row(
            v.id,
            esc(v.name),
            ", ".join(_SHORT[m] for m in v.modes),
            yes_no(v.weight_bearing),
            "\n".join(v.equipment) or "none",
            ", ".join(_SHORT[p] for p in v.parts) or "-",
            str(v.level),
        )
    console.print(table)
    console.print("Show one with: glutemed exercises show ID")
