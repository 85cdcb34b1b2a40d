"""``glutemed exercises ladder``: a family's variants from easiest to hardest and what each
step changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.catalog_json import ladder_item
from glutemed.cli.catalog_text import esc
from glutemed.cli.exercise_show import print_band_rule, print_links

if TYPE_CHECKING:
    pass


def ladder(
    family_id: str = typer.Argument(..., metavar="FAMILY", help="A family slug, e.g. side-plank."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Show a family's variants from easiest to hardest and what each step changes.

    Example:
        glutemed exercises ladder banded-side-step
        glutemed exercises ladder side-plank --json
    """
    catalog = cli_io.catalog()
    family = catalog.family(family_id)
    if as_json:
        cli_io.echo_json(ladder_item(family, catalog))
        return
    from rich.table import Table

    console = cli_io.console()
    table = Table(title=f"{esc(family.name)}: easiest to hardest", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("variant", no_wrap=True)
    table.add_column("name", overflow="fold")
    table.add_column("level", justify="right")
    table.add_column("changes", overflow="fold")
    table.add_column("from", overflow="fold")
    for i, v in enumerate(catalog.ladder_order(family.family), start=1):
        into = catalog.regressions(v.id)
        others = [o.split(".", 1)[1] for o in catalog.alternatives(v.id)]
        changes = "\n".join(str(s.changes) for s in into) or (
            "alternative" if others and i > 1 else "start here"
        )
        sources = "\n".join(s.from_.split(".", 1)[1] for s in into) or (
            f"same rung as {', '.join(others)}" if others and i > 1 else "-"
        )
        table.add_row(str(i), v.id, esc(v.name), str(v.level), changes, sources)
    console.print(table)
    print_links(family, console)
    if family.band_rule is not None:
        print_band_rule(family.band_rule, console)
