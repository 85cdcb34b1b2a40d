"""Rich and JSON rendering for the training-log commands (kept apart from option parsing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from glutemed.programming.models import Prescription
    from glutemed.progression.models import PerformedSet
    from glutemed.services.progress import ProgressSummary
    from glutemed.services.sessions import TodayItem, TodaysSession
    from glutemed.store.repositories import StoredDecision, StoredSet


def make_console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def dose_text(rx: Prescription) -> str:
    if rx.hold_s is not None:
        return f"{rx.sets} x {rx.hold_s[0]}-{rx.hold_s[1]} s"
    low, high = rx.reps or (0, 0)
    return f"{rx.sets} x {low}-{high} reps"


def load_text(rx_or_set: Prescription | PerformedSet, units: str) -> str:
    from glutemed.services.units import format_load

    if rx_or_set.band is not None:
        where = f" at {rx_or_set.band_at.value}" if rx_or_set.band_at else ""
        return f"{rx_or_set.band.value} band{where}"
    return format_load(rx_or_set.load_kg, units) or "bodyweight"


def did_text(s: PerformedSet) -> str:
    return f"{s.reps} reps" if s.reps is not None else f"{s.hold_s:g} s"


def print_today(session: TodaysSession) -> None:
    from rich.table import Table

    console = make_console()
    if session.finished:
        console.print(f"{esc(session.person_name)}: the program is finished. Well done!")
        return
    when = "today" if session.due else f"next, on {session.planned_date} (today is a rest day)"
    console.print(
        f"[bold]{esc(session.person_name)}[/bold] - week {session.week}, "
        f"{esc(session.name or '')} - {when}"
    )
    table = Table(show_edge=False, pad_edge=False)
    for column in ("#", "Exercise", "Side", "Target", "Load", "RIR", "Last time", "Done"):
        table.add_column(column, overflow="fold")
    for number, item in enumerate(session.items, start=1):
        table.add_row(
            str(number),
            esc(
                item.variant_id
                if item.variant_id == item.slot
                else f"{item.variant_id} (was {item.slot})"
            ),
            item.side.value,
            dose_text(item.target),
            esc(load_text(item.target, session.units)),
            f"{item.target.rir[0]}-{item.target.rir[1]}",
            _last_time(item, session.units),
            f"{item.done_today}/{item.target.sets}",
        )
    console.print(table)
    for item in _unique_variants(session.items):
        console.print(f"[bold]{esc(item.name)}[/bold]")
        for cue in item.cues[:4]:
            console.print(f"  - {esc(cue)}")
        checks = "; ".join(c.question for c in item.checks)
        console.print(f"  [dim]After each set: {esc(checks)}[/dim]")


def _last_time(item: TodayItem, units: str) -> str:
    if not item.last_time:
        return "-"
    sets = ", ".join(did_text(s) for s in item.last_time)
    load = load_text(item.last_time[-1], units)
    return esc(f"{item.last_date}: {sets} ({load})")


def _unique_variants(items: list[TodayItem]) -> list[TodayItem]:
    seen: dict[str, TodayItem] = {}
    for item in items:
        seen.setdefault(item.variant_id, item)
    return list(seen.values())


def print_decision(
    action: Any, explanation: str, rx: Prescription, units: str, rule_ids: list[str]
) -> None:
    console = make_console()
    if str(action) == "see-clinician":
        console.print("[bold red]See a clinician before training this exercise again.[/bold red]")
    console.print(f"[bold]Next: {esc(str(action))}[/bold] - {esc(explanation)}")
    console.print(
        f"Target next time: {esc(rx.variant_id)}, {dose_text(rx)}, {esc(load_text(rx, units))}"
    )
    if rule_ids:
        console.print(f"[dim]Rule: {esc(', '.join(rule_ids))} (glutemed why for details)[/dim]")


def opt(value: object) -> str:
    return "-" if value is None else str(value)


def checks_text(checks: dict[str, bool]) -> str:
    if not checks:
        return "-"
    return "pass" if all(checks.values()) else "fail"


def set_json(s: StoredSet) -> dict[str, Any]:
    return {"id": s.id, **s.performed.model_dump(mode="json")}


def decision_json(d: StoredDecision) -> dict[str, Any]:
    return {
        "id": d.id,
        "date": d.date.isoformat(),
        "variant_id": d.variant_id,
        "slot": d.slot,
        "side": d.side.value,
        "action": d.action,
        "rule_ids": d.rule_ids,
        "facts": d.facts,
        "explanation": d.explanation,
        "performed_set_id": d.performed_set_id,
        "prescription_before": d.prescription_before.model_dump(mode="json"),
        "prescription_after": d.prescription_after.model_dump(mode="json"),
    }


def print_why(d: StoredDecision, units: str) -> None:
    console = make_console()
    console.print(f"[bold]{d.date} {esc(d.variant_id)} ({d.side.value}): {d.action}[/bold]")
    console.print(esc(d.explanation))
    before, after = d.prescription_before, d.prescription_after
    console.print(
        f"Before: {esc(before.variant_id)}, {dose_text(before)}, {esc(load_text(before, units))}"
    )
    console.print(
        f"After:  {esc(after.variant_id)}, {dose_text(after)}, {esc(load_text(after, units))}"
    )
    for fired in d.facts.get("fired", []):
        mark = "applied" if fired.get("applied") else (fired.get("note") or "held")
        console.print(
            f"  - [bold]{esc(str(fired.get('rule_id')))}[/bold] ({esc(mark)}): "
            f"{esc(str(fired.get('description', '')))}"
        )
        facts = ", ".join(f"{k}={v}" for k, v in (fired.get("facts") or {}).items())
        if facts:
            console.print(f"    [dim]{esc(facts)}[/dim]")


def print_history(sets: list[StoredSet], units: str) -> None:
    """Logged sets, newest first: what was done beside its target."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    for column in (
        "id",
        "date",
        "variant",
        "side",
        "done (target)",
        "load",
        "RIR",
        "pain",
        "next am",
        "checks",
    ):
        table.add_column(column, overflow="fold")
    for s in sets:
        p = s.performed
        table.add_row(
            str(s.id),
            str(p.date),
            esc(p.variant_id),
            f"{p.side.value} #{p.set_index}",
            f"{did_text(p)} ({_target_text(p)})",
            esc(load_text(p, units)),
            opt(p.rir),
            opt(p.pain_during),
            opt(p.pain_next_morning),
            checks_text(p.checks),
        )
    make_console().print(table)


def _target_text(p: PerformedSet) -> str:
    if p.target_reps:
        return f"{p.target_reps[0]}-{p.target_reps[1]}"
    if p.target_hold_s:
        return f"{p.target_hold_s[0]}-{p.target_hold_s[1]} s"
    return "-"


def print_progress(summary: ProgressSummary, name: str) -> None:
    """Per-variant trend rows (one per side) with the left-right gap."""
    from rich.table import Table

    table = Table(title=f"{esc(name)}: {summary.total_sets} sets logged", title_justify="left")
    for column in (
        "Exercise",
        "Side",
        "Sessions",
        "First",
        "Latest",
        "Best",
        "Change",
        "Max pain",
        "L-R gap",
    ):
        table.add_column(column, overflow="fold")
    for v in summary.variants:
        gap = "-"
        if v.asymmetry_pct is not None:
            weaker = f" ({v.weaker_side.value} weaker)" if v.weaker_side else ""
            gap = f"{v.asymmetry_pct:g} %{weaker}" + (" !" if v.asymmetry_flag else "")
        for i, s in enumerate(v.sides):
            table.add_row(
                esc(v.name) if i == 0 else "",
                s.side.value,
                str(s.sessions),
                f"{s.first:g} {v.unit}",
                f"{s.last:g} {v.unit}",
                f"{s.best:g} {v.unit}",
                f"{s.change:+g}",
                opt(s.max_pain),
                gap if i == 0 else "",
            )
    make_console().print(table)
