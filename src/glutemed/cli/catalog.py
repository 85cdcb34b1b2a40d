"""``glutemed exercises ...`` and ``glutemed anatomy``: browse the knowledge base.

The commands only read the loaded :class:`~glutemed.catalog.catalog.Catalog` and lay it out;
every rule (which variants match a filter, the ladder order, family content merged into a
variant) lives in the catalogue itself, so the web app shows exactly the same thing.

``exercises_app`` is a module-level Typer sub-app so other command modules can add to the
same group (``@exercises_app.command("figure")``) by importing this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io

if TYPE_CHECKING:
    from rich.console import Console

    from glutemed.catalog.catalog import Catalog
    from glutemed.catalog.models import Anatomy, BandRule, Family, LadderStep, Variant

exercises_app = typer.Typer(
    name="exercises",
    help="Browse the exercise catalogue: families, variants, cues, checks and ladders.",
    no_args_is_help=True,
)

def register(app: typer.Typer) -> None:
    """Add the ``exercises`` group and the ``anatomy`` command to the root app."""
    app.add_typer(exercises_app, name="exercises")
    app.command("anatomy")(anatomy)


# -- helpers ------------------------------------------------------------------------------








def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def parse_equipment(value: str, catalog: Catalog) -> set[str]:
    """Turn ``--equipment`` (what the person has) into a set of known equipment ids.

    A thin wrapper over :meth:`Catalog.parse_equipment`, kept for the commands that import it.
    """
    return set(catalog.parse_equipment(value))


def _choice(field: str, value: str | None, allowed: list[str]) -> str | None:
    from glutemed.errors import InputError

    if value is None or value in allowed:
        return value
    raise InputError(field, f"unknown value '{value}'; allowed: {', '.join(allowed)}")


def _step_json(step: LadderStep) -> dict[str, Any]:
    return step.model_dump(mode="json", by_alias=True)


def list_item(variant: Variant, catalog: Catalog) -> dict[str, Any]:
    """The JSON object ``exercises list --json`` prints for one variant."""
    return {
        "id": variant.id,
        "family": variant.family,
        "name": variant.name,
        "summary": variant.summary,
        "modes": [str(m) for m in variant.modes],
        "weight_bearing": variant.weight_bearing,
        "laterality": str(variant.laterality),
        "role": str(variant.role),
        "pattern": str(variant.pattern),
        "equipment": list(variant.equipment),
        "parts": [str(p) for p in variant.parts],
        "level": variant.level,
        "progressions": [s.to for s in catalog.progressions(variant.id)],
        "regressions": [s.from_ for s in catalog.regressions(variant.id)],
        "alternatives": catalog.alternatives(variant.id),
    }


def show_item(variant: Variant, catalog: Catalog) -> dict[str, Any]:
    """Everything known about one variant, with the family's shared content merged in."""
    coaching = catalog.coaching(variant)
    family = coaching.family
    data = variant.model_dump(mode="json", by_alias=True)
    data.update(
        family=family.family,
        family_name=family.name,
        family_summary=family.summary,
        why=family.why,
        setup=list(coaching.setup),
        cues=list(coaching.cues),
        checks=[c.model_dump(mode="json") for c in coaching.checks],
        faults=[f.model_dump(mode="json") for f in coaching.faults],
        feel=coaching.feel.model_dump(mode="json"),
        evidence=[e.model_dump(mode="json") for e in coaching.evidence],
        progressions=[_step_json(s) for s in catalog.progressions(variant.id)],
        regressions=[_step_json(s) for s in catalog.regressions(variant.id)],
        alternatives=catalog.alternatives(variant.id),
        alternatives_note=catalog.alternatives_note(variant.id),
        band_rule=None if family.band_rule is None else family.band_rule.model_dump(mode="json"),
        leads_to=[link.model_dump(mode="json") for link in family.leads_to],
    )
    return data


def ladder_item(family: Family, catalog: Catalog) -> dict[str, Any]:
    """A family's ladder, easiest first, with the edges into and out of each variant."""
    order = catalog.ladder_order(family.family)
    return {
        "family": family.family,
        "name": family.name,
        "order": [
            {
                "position": i,
                "id": v.id,
                "name": v.name,
                "level": v.level,
                "regressions": [_step_json(s) for s in catalog.regressions(v.id)],
                "progressions": [_step_json(s) for s in catalog.progressions(v.id)],
            }
            for i, v in enumerate(order, start=1)
        ],
        "steps": [_step_json(s) for s in family.ladder],
        "alternatives": [group.model_dump(mode="json") for group in family.alternatives],
        "band_rule": None if family.band_rule is None else family.band_rule.model_dump(mode="json"),
        "leads_to": [link.model_dump(mode="json") for link in family.leads_to],
    }


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _equipment_text(variant: Variant) -> str:
    return ", ".join(variant.equipment) or "none (bodyweight)"


# -- commands -----------------------------------------------------------------------------


@exercises_app.command("list")
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
    have = None if equipment is None else parse_equipment(equipment, catalog)
    variants = catalog.filter(
        family=family,
        equipment=have,
        weight_bearing=weight_bearing,
        mode=_choice("mode", mode, [str(m) for m in Mode]),
        part=_choice("part", part, [str(p) for p in Part]),
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
        console.print(f"  {_esc(v.name)}")
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
            _esc(v.name),
            ", ".join(_SHORT[m] for m in v.modes),
            _yes_no(v.weight_bearing),
            "\n".join(v.equipment) or "none",
            ", ".join(_SHORT[p] for p in v.parts) or "-",
            str(v.level),
        )
    console.print(table)
    console.print("Show one with: glutemed exercises show ID")


@exercises_app.command("show")
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


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {_esc(item)}" for item in items) or "-"


def _print_variant(variant: Variant, catalog: Catalog) -> None:
    from rich.panel import Panel
    from rich.table import Table

    family = catalog.family_of(variant)
    console = cli_io.console()
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("id", variant.id)
    facts.add_row("family", f"{_esc(family.name)} ({family.family})")
    facts.add_row("modes", ", ".join(variant.modes))
    facts.add_row("weight-bearing", _yes_no(variant.weight_bearing))
    facts.add_row("laterality", str(variant.laterality))
    facts.add_row("role", f"{variant.role} ({variant.pattern})")
    facts.add_row("level", f"{variant.level} of 5")
    facts.add_row("equipment", _equipment_text(variant))
    facts.add_row("loads", _loads_text(variant))
    facts.add_row(
        "parts emphasised", ", ".join(variant.parts) or "- (not a gluteus medius exercise)"
    )
    if variant.avoid_if:
        facts.add_row("avoid if", ", ".join(variant.avoid_if))
    console.print(
        Panel(facts, title=f"[bold]{_esc(variant.name)}[/]", subtitle=_esc(variant.summary))
    )
    console.print(f"[bold]Why this family[/]\n{_esc(family.why)}\n")
    coaching = catalog.coaching(variant)
    console.print(f"[bold]Set-up[/]\n{_bullets(list(coaching.setup))}\n")
    console.print(f"[bold]Execution cues[/]\n{_bullets(list(coaching.cues))}\n")
    checks = [f"• {_esc(c.question)}  [dim]({c.id})[/]" for c in coaching.checks]
    console.print("[bold]Technique checks (answer after each set)[/]")
    console.print("\n".join(checks) or "-")
    console.print("\n[bold]Common faults and fixes[/]")
    for f in coaching.faults:
        answers = f" [dim](a 'no' to {f.check})[/]" if f.check else ""
        console.print(f"• {_esc(f.fault)}{answers}\n  [green]Fix:[/] {_esc(f.fix)}")
    feel = coaching.feel
    console.print(f"\n[bold]Where to feel it[/]\n{_esc(feel.target)}")
    for elsewhere in feel.elsewhere:
        console.print(f"• Felt in: {_esc(elsewhere.where)} → {_esc(elsewhere.change)}")
    _print_evidence(list(coaching.evidence), console)
    _print_steps(variant, catalog, console)
    _print_links(family, console)
    if family.band_rule is not None:
        _print_band_rule(family.band_rule, console)


def _print_links(family: Family, console: Console) -> None:
    if not family.leads_to:
        return
    console.print("[bold]Other families to move on to[/]")
    for link in family.leads_to:
        console.print(f"• {link.family}: {_esc(link.note)}")


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
            f"• {_esc(e.study)}\n  {_esc(e.measure)}: [bold]{_esc(e.value)}[/]\n"
            f"  [yellow]Limits:[/] {_esc(e.limits)} [dim](confidence: {e.confidence})[/]"
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
        console.print(f"  [dim]{_esc(catalog.alternatives_note(variant.id) or '')}[/]")


def _step_extra(step: LadderStep) -> str:
    extra = ""
    if step.note:
        extra += f" - {_esc(step.note)}"
    if step.when:
        extra += f" [dim](when {_esc(step.when)})[/]"
    return extra


def _print_band_rule(rule: BandRule, console: Console) -> None:
    console.print(
        f"\n[bold]Band rule[/]: raise [cyan]{rule.prefer}[/] before changing "
        f"[cyan]{rule.before}[/], only when every one of these holds: "
        f"{', '.join(rule.requires)}.\n"
        f"Unless: {_esc(rule.unless)}\n[dim]{_esc(rule.rationale)}[/]"
    )


@exercises_app.command("ladder")
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
    table = Table(title=f"{_esc(family.name)}: easiest to hardest", title_justify="left")
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
        table.add_row(str(i), v.id, _esc(v.name), str(v.level), changes, sources)
    console.print(table)
    _print_links(family, console)
    if family.band_rule is not None:
        _print_band_rule(family.band_rule, console)


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
    console.print(f"[bold]{_esc(data.muscle)}[/]")
    console.print(f"Origin: {_esc(data.origin)}")
    console.print(f"Insertion: {_esc(data.insertion)}")
    console.print(f"Innervation: {_esc(data.innervation)}")
    console.print(
        f"Share of the hip abductors' cross-section: about {data.abductor_csa_share:.0%} "
        f"[dim]({_esc(data.abductor_csa_source)})[/]"
    )
    table = Table(title="Parts", title_justify="left")
    for column in ("part", "actions", "notes"):
        table.add_column(column, overflow="fold")
    for part in data.parts:
        table.add_row(
            f"{_esc(part.name)} ({part.id})", _esc(", ".join(part.actions)), _esc(part.notes)
        )
    console.print(table)
    console.print(f"[bold]With the hip flexed to 90°[/]: {_esc(data.hip_flexed_90)}")
    console.print(f"[bold]Single-limb stance[/]: {_esc(data.single_limb_stance)}")
    console.print(f"Works with: {_esc(', '.join(data.synergists))}")
    why = data.why_train
    console.print("\n[bold]Why train one muscle on purpose?[/]")
    console.print(_esc(why.movements_first))
    console.print(_bullets(why.examples))
    console.print(_esc(why.no_isolation))
    for reason in why.reasons:
        console.print(f"\n[bold]{_esc(reason.name)}[/] [dim](goal: {reason.goal})[/]")
        console.print(_esc(reason.text))
        console.print(f"[dim]Sources: {_esc('; '.join(reason.sources))}[/]")
    console.print(f"\n[dim]{_esc(why.emg_limit)}[/]")
