"""``glutemed anatomy``: the gluteus medius, its three parts, their actions, nerve and role."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.catalog_text import bullets, esc

if TYPE_CHECKING:
    from glutemed.catalog.models import Anatomy


def anatomy(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of formatted text."),
) -> None:
    """Describe the gluteus medius: its three parts, their actions, nerve and role.

    Example:
        glutemed anatomy
        glutemed anatomy --json
    """
    data = cli_io.catalog().anatomy
    if as_json:
        cli_io.echo_json(data.model_dump(mode="json"))
        return
    _print_anatomy(data)


def _print_anatomy(data: Anatomy) -> None:
    from rich.table import Table

    console = cli_io.console()
    console.print(f"[bold]{esc(data.muscle)}[/]")
    console.print(f"Origin: {esc(data.origin)}")
    console.print(f"Insertion: {esc(data.insertion)}")
    console.print(f"Innervation: {esc(data.innervation)}")
    console.print(
        f"Share of the hip abductors' cross-section: about {data.abductor_csa_share:.0%} "
        f"[dim]({esc(data.abductor_csa_source)})[/]"
    )
    table = Table(title="Parts", title_justify="left")
    for column in ("part", "actions", "notes"):
        table.add_column(column, overflow="fold")
    for part in data.parts:
        table.add_row(
            f"{esc(part.name)} ({part.id})", esc(", ".join(part.actions)), esc(part.notes)
        )
    console.print(table)
    console.print(f"[bold]With the hip flexed to 90°[/]: {esc(data.hip_flexed_90)}")
    console.print(f"[bold]Single-limb stance[/]: {esc(data.single_limb_stance)}")
    console.print(f"Works with: {esc(', '.join(data.synergists))}")
    why = data.why_train
    console.print("\n[bold]Why train one muscle on purpose?[/]")
    console.print(esc(why.movements_first))
    console.print(bullets(why.examples))
    console.print(esc(why.no_isolation))
    for reason in why.reasons:
        console.print(f"\n[bold]{esc(reason.name)}[/] [dim](goal: {reason.goal})[/]")
        console.print(esc(reason.text))
        console.print(f"[dim]Sources: {esc('; '.join(reason.sources))}[/]")
    console.print(f"\n[dim]{esc(why.emg_limit)}[/]")
