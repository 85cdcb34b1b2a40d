"""Rich and JSON rendering for the training-log commands (kept apart from option parsing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from glutemed.cli import io as cli_io

if TYPE_CHECKING:
    from rich.console import Console

    from glutemed.catalog.coaching import FailedCheck
    from glutemed.programming.models import Prescription
    from glutemed.progression.models import PerformedSet
    from glutemed.progression.rules import ActionKind
    from glutemed.services.progress import ProgressSummary
    from glutemed.services.todays_session import TodayItem, TodaysSession
    from glutemed.store.decision_records import StoredDecision
    from glutemed.store.records import StoredSet
    from glutemed.units import Unit




def esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def dose_text(rx: Prescription) -> str:
    if rx.hold_s is not None:
        return f"{rx.sets} x {rx.hold_s[0]}-{rx.hold_s[1]} s"
    low, high = rx.reps or (0, 0)
    return f"{rx.sets} x {low}-{high} reps"


def load_text(rx_or_set: Prescription | PerformedSet, units: Unit) -> str:
    from glutemed.units import format_load

    if rx_or_set.band is not None:
        where = f" at {rx_or_set.band_at.value}" if rx_or_set.band_at else ""
        return f"{rx_or_set.band.value} band{where}"
    return format_load(rx_or_set.load_kg, units) or "bodyweight"


def did_text(s: PerformedSet) -> str:
    return f"{s.reps} reps" if s.reps is not None else f"{s.hold_s:g} s"


def print_today(session: TodaysSession, *, cues: bool = True) -> None:
    """The session as a numbered table that fits 80 columns, then each exercise's cues.

    The exercise column shows the human name with the variant id on a dim line under it
    (what ``glutemed log`` and scripts take), and the last performance under that, so no
    id is ever folded mid-word.
    """
    from rich import box
    from rich.table import Table

    console = cli_io.console()
    if session.paused is not None:
        print_pause(console, session.paused.started_on.isoformat(), session.paused.reason,
                    session.paused.advice)
    if session.finished:
        console.print(f"{esc(session.person_name)}: the program is finished. Well done!")
        return
    when = "today" if session.due else f"next, on {session.planned_date} (today is a rest day)"
    console.print(
        f"[bold]{esc(session.person_name)}[/bold] - week {session.week}, "
        f"{esc(session.name or '')} - {when}"
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, leading=1)
    table.add_column("#", justify="right")
    table.add_column("Exercise", overflow="fold", ratio=1)
    table.add_column("Side")
    table.add_column("Target", overflow="fold", max_width=18)
    table.add_column("Done", justify="right")
    for number, item in enumerate(session.items, start=1):
        exercise = f"{esc(item.name)}\n[dim]{esc(item.variant_id)}[/dim]"
        if item.last_time:
            exercise += f"\n[dim]last {_last_time(item, session.units)}[/dim]"
        rir = f"RIR {item.target.rir[0]}-{item.target.rir[1]}"
        table.add_row(
            str(number),
            exercise,
            item.side.value,
            f"{dose_text(item.target)}\n{esc(load_text(item.target, session.units))}\n{rir}",
            f"{item.done_today}/{item.target.sets}",
        )
    console.print(table)
    console.print("[dim]RIR = reps in reserve: how many more you could still have done.[/dim]")
    if session.education:
        console.print("[bold]Every day, for your condition:[/bold]")
        for line in session.education:
            _bullet(console, "  - ", line)
    _print_plan_notes(console, session)
    if not cues:
        return
    for item in _unique_variants(session.items):
        console.print(f"\n[bold]{esc(item.name)}[/bold]")
        if item.setup:
            console.print("  Set up:")
            for step in item.setup:
                _bullet(console, "  - ", step)
        console.print("  As you move:")
        for cue in item.cues:
            _bullet(console, "  - ", cue)
        if item.checks:
            console.print("  [dim]After each set, check:[/dim]")
            for check in item.checks:
                _bullet(console, "    ? ", check.question, "dim")
    console.print("\nLog a set: glutemed log (asks each question) or glutemed log VARIANT-ID ...")


def print_pause(console: Console, since: str, reason: str, advice: str) -> None:
    """The banner shown above everything while progression is paused after a warning sign."""
    console.print(f"[bold red]See a clinician: progression is paused since {esc(since)}."
                  "[/bold red]")
    _bullet(console, "  ", f"Why: {reason}.")
    _bullet(console, "  ", f"{advice} Nothing steps up until it is cleared: "
                           "glutemed safety clear --note '...' --confirm")
    console.print()


def _print_plan_notes(console: Console, session: TodaysSession) -> None:
    """What the plan proposes that the target does not show yet, and what comes next time."""
    shown: set[str] = set()
    for item in session.items:
        side = "" if item.side.value == "both" else f" ({item.side.value})"
        lines = []
        if item.plan_note and item.plan_note not in shown:
            lines.append(item.plan_note)
            shown.add(item.plan_note)
        if item.next_time is not None:
            lines.append(f"Next time: {item.next_time.variant_id}, {dose_text(item.next_time)}, "
                         f"{load_text(item.next_time, session.units)}.")
        for line in lines:
            _bullet(console, "  ", f"{item.name}{side} - {line}", "dim")


def _bullet(console: Console, mark: str, text: str, style: str | None = None) -> None:
    """One list item (plain text) whose wrapped lines stay indented under its text."""
    import textwrap

    width = max(20, console.width - len(mark))
    for n, line in enumerate(textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]):
        prefix = mark if n == 0 else " " * len(mark)
        console.print(esc(prefix + line), style=style, soft_wrap=True)


def _last_time(item: TodayItem, units: Unit) -> str:
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


def print_fixes(failed: list[FailedCheck]) -> None:
    """Each technique check answered "no", with the catalogue's fix for its fault."""
    if not failed:
        return
    console = cli_io.console()
    console.print("[bold]Technique to work on next set:[/bold]")
    for miss in failed:
        if miss.question is None:
            console.print("  A check was answered 'no' (which one was not given). Usual fixes:")
        else:
            _bullet(console, "  No: ", miss.question)
        for fault in miss.faults:
            if miss.question is None:
                _bullet(console, "    - ", f"{fault.fault} Fix: {fault.fix}")
            else:
                _bullet(console, "    Fix: ", fault.fix)


def print_decision(
    action: ActionKind,
    explanation: str,
    rx: Prescription,
    units: Unit,
    rule_ids: list[str],
    logged: tuple[str, str] | None = None,
    failed: list[FailedCheck] | None = None,
) -> None:
    """What to do next; ``logged`` (variant id, side) is what ``glutemed why`` looks up;
    ``failed`` holds the checks answered "no", each shown with its fix."""
    from glutemed.progression.rules import ActionKind

    console = cli_io.console()
    console.print(
        f"\n[bold]Logged. Next: {esc(action.words)}[/bold] [dim]({esc(action.value)})[/dim]"
    )
    if action is ActionKind.SEE_CLINICIAN:
        console.print("[bold red]See a clinician before training this exercise again.[/bold red]")
    console.print(esc(explanation))
    console.print(
        f"Target next time: {esc(rx.variant_id)}, {dose_text(rx)}, {esc(load_text(rx, units))}"
    )
    print_fixes(failed or [])
    why_args = f"{logged[0]} --side {logged[1]}" if logged else rx.variant_id
    if rule_ids:
        console.print(
            f"[dim]Rule: {esc(', '.join(rule_ids))} - details: glutemed why {esc(why_args)}[/dim]"
        )
    console.print(
        "[dim]Tomorrow morning, add the next-morning pain: glutemed history, then "
        "glutemed edit-set ID --pain-next-morning N[/dim]"
    )


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
        "action": d.action.value,
        "rule_ids": d.rule_ids,
        "facts": d.facts,
        "explanation": d.explanation,
        "performed_set_id": d.performed_set_id,
        "prescription_before": d.prescription_before.model_dump(mode="json"),
        "prescription_after": d.prescription_after.model_dump(mode="json"),
    }


def _source_of(rule_id: str) -> str | None:
    """The source the rules file gives for a rule (decisions store the rule id only)."""
    from glutemed.services.set_logging import default_rules

    return next((r.source for r in default_rules() if r.id == rule_id), None)


def print_why(d: StoredDecision, units: Unit, name: str | None = None) -> None:
    """The decision in plain words first, then the targets and every rule that was checked."""
    console = cli_io.console()
    label = d.action.words
    title = esc(name) if name else esc(d.variant_id)
    heading = f"{title} ({d.side.value}), {d.date}: {esc(label)}"
    console.print(f"[bold]{heading}[/bold] [dim]({esc(d.action.value)})[/dim]")
    if name:
        console.print(f"[dim]{esc(d.variant_id)}[/dim]")
    console.print(esc(d.explanation))
    before, after = d.prescription_before, d.prescription_after
    console.print(
        f"Before: {esc(before.variant_id)}, {dose_text(before)}, {esc(load_text(before, units))}"
    )
    console.print(
        f"After:  {esc(after.variant_id)}, {dose_text(after)}, {esc(load_text(after, units))}"
    )
    if d.facts.get("fired"):
        console.print("Rules checked:")
    for fired in d.facts.get("fired", []):
        mark = "applied" if fired.get("applied") else (fired.get("note") or "held")
        _bullet(console, "  - ", f"{fired.get('rule_id')} ({mark}): {fired.get('description', '')}")
        source = _source_of(str(fired.get("rule_id"))) if fired.get("applied") else None
        if source:
            _bullet(console, "    ", f"Source: {source}", "dim")
        facts = ", ".join(f"{k}={v}" for k, v in (fired.get("facts") or {}).items())
        if facts:
            _bullet(console, "    ", facts, "dim")


def print_history(sets: list[StoredSet], units: Unit, names: dict[str, str] | None = None) -> None:
    """Logged sets, newest first, grouped under their date: what was done beside its target.

    Each exercise shows its name with the variant id dimmed under it (what ``edit-set`` and
    ``--variant`` users need), so the table fits an 80-column terminal.
    """
    from rich import box
    from rich.table import Table

    console = cli_io.console()
    if not sets:
        console.print("No sets logged yet. Log one with: glutemed log")
        return
    names = names or {}
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    table.add_column("id", justify="right")
    table.add_column("Exercise", overflow="fold", ratio=1)
    table.add_column("Side")
    table.add_column("Done", overflow="fold")
    table.add_column("RIR", justify="right")
    table.add_column("Pain", justify="center")
    table.add_column("Checks")
    shown_date = None
    for s in sets:
        p = s.performed
        if p.date != shown_date:
            if shown_date is not None:
                table.add_row()
            table.add_row("", f"[bold]{p.date}[/bold]")
            shown_date = p.date
        name = names.get(p.variant_id)
        exercise = f"{esc(name)}\n[dim]{esc(p.variant_id)}[/dim]" if name else esc(p.variant_id)
        table.add_row(
            str(s.id),
            exercise,
            f"{p.side.value}\n[dim]set {p.set_index}[/dim]",
            f"{did_text(p)}\n[dim]({_target_text(p)})[/dim]\n{esc(load_text(p, units))}",
            opt(p.rir),
            f"{opt(p.pain_during)} / {opt(p.pain_next_morning)}",
            checks_text(p.checks),
        )
    console.print(table)
    console.print(
        "[dim]Pain: during the set / next morning, 0-10. Add the next morning's pain with "
        "glutemed edit-set ID --pain-next-morning N.[/dim]"
    )


def _target_text(p: PerformedSet) -> str:
    if p.target_reps:
        return f"{p.target_reps[0]}-{p.target_reps[1]}"
    if p.target_hold_s:
        return f"{p.target_hold_s[0]}-{p.target_hold_s[1]} s"
    return "-"


def print_progress(summary: ProgressSummary, name: str) -> None:
    """Per-variant trend, one block per exercise with a row per side, then the left-right gap.

    A block per exercise (rather than one wide table) keeps every number readable in an
    80-column terminal; the flag itself comes from the progress service.
    """
    from rich.padding import Padding
    from rich.table import Table

    console = cli_io.console()
    console.print(f"[bold]{esc(name)}[/bold]: {summary.total_sets} sets logged")
    if not summary.variants:
        console.print("Nothing to show yet. Log a set with: glutemed log")
        return
    for v in summary.variants:
        console.print(f"\n[bold]{esc(v.name)}[/bold]  [dim]{esc(v.variant_id)}[/dim]")
        table = Table(box=None, pad_edge=False, header_style="dim")
        for column in ("Side", "Sessions", "First", "Latest", "Best", "Change", "Max pain"):
            table.add_column(column, justify="left" if column == "Side" else "right")
        for side in v.sides:
            table.add_row(
                side.side.value,
                str(side.sessions),
                f"{side.first:g} {v.unit}",
                f"{side.last:g} {v.unit}",
                f"{side.best:g} {v.unit}",
                f"{side.change:+g}",
                opt(side.max_pain),
            )
        console.print(Padding(table, (0, 0, 0, 2)))
        if v.asymmetry_pct is not None:
            weaker = f" ({v.weaker_side.value} weaker)" if v.weaker_side else ""
            flag = " [bold]- more than 10 %[/bold]" if v.asymmetry_flag else ""
            console.print(
                f"  Left-right gap: {v.asymmetry_pct:g} %{weaker}{flag} "
                f"[dim](left {v.asymmetry_left:g}, right {v.asymmetry_right:g} {v.unit})[/dim]"
            )
    console.print(
        "\n[dim]Measure per session: the best load if one was used, else the longest hold or "
        "the most reps. The gap compares each side's mean over its last three sessions, as "
        "shown (whole reps and seconds). More than 10 % is marked: a common clinical "
        "convention, not a tested threshold.[/dim]"
    )
