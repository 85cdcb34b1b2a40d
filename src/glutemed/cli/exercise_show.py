"""``glutemed exercises show``: one variant in full (set-up, cues, checks, loads, evidence,
the steps up and down its ladder), and the family's links and band rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.catalog_json import show_item
from glutemed.cli.catalog_text import bullets, equipment_text, esc, yes_no

if TYPE_CHECKING:
    from rich.console import Console

    from glutemed.catalog.catalog import Catalog
    from glutemed.catalog.models import BandRule, Family, LadderStep, Variant


def show_exercise(
    variant_id: str = typer.Argument(..., metavar="ID", help="A variant id, e.g. side-plank.full."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of formatted text."),
) -> None:
    """Show everything about one variant: set-up, cues, checks, faults, feel, evidence, ladder.

    Example:
        glutemed exercises show side-lying-abduction.cuff-ankle
        glutemed exercises show banded-side-step.knees-light --json
    """
    catalog = cli_io.catalog()
    variant = catalog.variant(variant_id)
    if as_json:
        cli_io.echo_json(show_item(variant, catalog))
        return
    _print_variant(variant, catalog)


def _print_variant(variant: Variant, catalog: Catalog) -> None:
    from rich.panel import Panel
    from rich.table import Table

    family = catalog.family_of(variant)
    console = cli_io.console()
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("id", variant.id)
    facts.add_row("family", f"{esc(family.name)} ({family.family})")
    facts.add_row("modes", ", ".join(variant.modes))
    facts.add_row("weight-bearing", yes_no(variant.weight_bearing))
    facts.add_row("laterality", str(variant.laterality))
    facts.add_row("role", f"{variant.role} ({variant.pattern})")
    facts.add_row("level", f"{variant.level} of 5")
    facts.add_row("equipment", equipment_text(variant))
    facts.add_row("loads", _loads_text(variant))
    facts.add_row(
        "parts emphasised", ", ".join(variant.parts) or "- (not a gluteus medius exercise)"
    )
    if variant.avoid_if:
        facts.add_row("avoid if", ", ".join(variant.avoid_if))
    console.print(
        Panel(facts, title=f"[bold]{esc(variant.name)}[/]", subtitle=esc(variant.summary))
    )
    console.print(f"[bold]Why this family[/]\n{esc(family.why)}\n")
    coaching = catalog.coaching(variant)
    console.print(f"[bold]Set-up[/]\n{bullets(list(coaching.setup))}\n")
    console.print(f"[bold]Execution cues[/]\n{bullets(list(coaching.cues))}\n")
    checks = [f"• {esc(c.question)}  [dim]({c.id})[/]" for c in coaching.checks]
    console.print("[bold]Technique checks (answer after each set)[/]")
    console.print("\n".join(checks) or "-")
    console.print("\n[bold]Common faults and fixes[/]")
    for f in coaching.faults:
        answers = f" [dim](a 'no' to {f.check})[/]" if f.check else ""
        console.print(f"• {esc(f.fault)}{answers}\n  [green]Fix:[/] {esc(f.fix)}")
    feel = coaching.feel
    console.print(f"\n[bold]Where to feel it[/]\n{esc(feel.target)}")
    for elsewhere in feel.elsewhere:
        console.print(f"• Felt in: {esc(elsewhere.where)} → {esc(elsewhere.change)}")
    _print_evidence(list(coaching.evidence), console)
    _print_steps(variant, catalog, console)
    print_links(family, console)
    if family.band_rule is not None:
        print_band_rule(family.band_rule, console)


def print_links(family: Family, console: Console) -> None:
    if not family.leads_to:
        return
    console.print("[bold]Other families to move on to[/]")
    for link in family.leads_to:
        console.print(f"• {link.family}: {esc(link.note)}")


def _loads_text(variant: Variant) -> str:
    parts = []
    for load in variant.loads:
        default = ""
        if load.default_kg is not None:
            default = f", start about {load.default_kg:g} kg"
        elif load.default_band is not None:
            default = f", start with a {load.default_band} band"
        parts.append(f"{load.kind} at the {load.at}{default}")
    return "; ".join(parts) or "bodyweight only"


def _print_evidence(evidence: list[Any], console: Console) -> None:
    console.print("\n[bold]Evidence[/] [dim](surface EMG shows activation, not force)[/]")
    if not evidence:
        console.print("- none recorded for this exercise")
    for e in evidence:
        console.print(
            f"• {esc(e.study)}\n  {esc(e.measure)}: [bold]{esc(e.value)}[/]\n"
            f"  [yellow]Limits:[/] {esc(e.limits)} [dim](confidence: {e.confidence})[/]"
        )


def _print_steps(variant: Variant, catalog: Catalog, console: Console) -> None:
    console.print("\n[bold]Progressions (harder)[/]")
    ups = catalog.progressions(variant.id)
    for s in ups:
        console.print(f"• → {s.to}  [cyan]changes {s.changes}[/]{_step_extra(s)}")
    if not ups:
        console.print("- top of this ladder")
    console.print("[bold]Regressions (easier)[/]")
    downs = catalog.regressions(variant.id)
    for s in downs:
        console.print(f"• ← {s.from_}  [cyan]changes {s.changes}[/]{_step_extra(s)}")
    if not downs:
        console.print("- bottom of this ladder")
    others = catalog.alternatives(variant.id)
    if others:
        console.print("[bold]Same rung, done another way[/]")
        for other in others:
            console.print(f"• ↔ {other}")
        console.print(f"  [dim]{esc(catalog.alternatives_note(variant.id) or '')}[/]")


def _step_extra(step: LadderStep) -> str:
    extra = ""
    if step.note:
        extra += f" - {esc(step.note)}"
    if step.when:
        extra += f" [dim](when {esc(step.when)})[/]"
    return extra


def print_band_rule(rule: BandRule, console: Console) -> None:
    console.print(
        f"\n[bold]Band rule[/]: raise [cyan]{rule.prefer}[/] before changing "
        f"[cyan]{rule.before}[/], only when every one of these holds: "
        f"{', '.join(rule.requires)}.\n"
        f"Unless: {esc(rule.unless)}\n[dim]{esc(rule.rationale)}[/]"
    )
