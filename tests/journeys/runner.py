"""Play a multi-week journey through the services, the way a person follows the app.

A journey (``*.yaml`` beside this file) names a person (profile, start date) and what they
do on each training day: for every exercise and side that `today` shows, they log the
target's sets at the target's load or band, doing the amounts and reporting the pain, reps in
reserve and checks the journey says (by default: the top of the range, pain 1, checks
passed). Steps may also add next-morning pain, log an extra set, report a warning sign, clear
a pause, or expect something of `today` and of the decisions.

The transcript the run produces (every session's targets and every decision) is compared
with the ``*.golden.txt`` file beside the journey: history in, `today` and decisions out, as
text a physiotherapist can read. ``GLUTEMED_REGOLD=1 pytest tests/journeys`` rewrites the
golden files after a deliberate change; the explicit ``expect:`` entries keep the clinical
points pinned whatever the golden file says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Mode
from glutemed.programming.models import Profile, Side
from glutemed.progression.engine import Decision
from glutemed.progression.models import PerformedSet
from glutemed.services import safety
from glutemed.services.people import start_person
from glutemed.services.set_edits import edit_set, list_sets
from glutemed.services.set_logging import record_set
from glutemed.services.todays_session import TodayItem, TodaysSession, todays_session
from glutemed.store.unit_of_work import SqlUnitOfWork

HERE = Path(__file__).parent


@dataclass
class Logged:
    """One logged set with the target it was shown and the decision it led to."""

    date: dt.date
    item: TodayItem
    performed: PerformedSet
    stored_id: int
    decision: Decision


@dataclass
class Run:
    """A journey's outcome: the transcript, each day's `today`, every logged set."""

    person_id: int
    lines: list[str] = field(default_factory=list)
    todays: dict[dt.date, TodaysSession] = field(default_factory=dict)
    logged: list[Logged] = field(default_factory=list)
    notes_seen: set[str] = field(default_factory=set)


def journeys() -> list[Path]:
    """Every journey file."""
    return sorted(HERE.glob("*.yaml"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _dates(start: dt.date, spec: Any) -> Iterator[tuple[dt.date, bool]]:
    """A step's ``date`` is one date (train whatever is due), or ``{from, to}``: each day in
    between, training only on the days the program plans a session."""
    if isinstance(spec, dt.date):
        yield spec, False
        return
    day = spec["from"]
    while day <= spec["to"]:
        yield day, True
        day += dt.timedelta(days=1)


def _matches(rule: dict[str, Any], item: TodayItem) -> bool:
    """A ``doing:`` entry applies to items whose slot or variant starts with its ``match``
    (and whose side is its ``side``, when given)."""
    match = str(rule.get("match", ""))
    side = rule.get("side")
    hit = item.slot.startswith(match) or item.variant_id.startswith(match) or match == ""
    return hit and (side is None or side == item.side.value)


def _doing(step: dict[str, Any], item: TodayItem) -> dict[str, Any]:
    out: dict[str, Any] = {"amount": "top", "pain": 1, "rir": None, "checks": True}
    for rule in step.get("doing", []):
        if _matches(rule, item):
            out.update({k: v for k, v in rule.items() if k not in {"match", "side"}})
    return out


def _amounts(item: TodayItem, doing: dict[str, Any]) -> list[float]:
    t = item.target
    low, high = t.reps if t.mode is Mode.ISOTONIC else t.hold_s  # type: ignore[misc]
    amount = doing["amount"]
    per_set = {"top": high, "bottom": low, "short": max(low - 1, 0)}
    if isinstance(amount, list):
        return [float(a) for a in amount]
    value = per_set[amount] if isinstance(amount, str) else amount
    return [float(value)] * t.sets


def _set_for(catalog: Catalog, item: TodayItem, day: dt.date, amount: float,
             doing: dict[str, Any]) -> PerformedSet:
    t = item.target
    family = catalog.family_of(catalog.variant(item.variant_id))
    checks = {c.id: bool(doing["checks"]) for c in
              family.checks_for(catalog.variant(item.variant_id))}
    rir = doing["rir"] if doing["rir"] is not None else t.rir[0]
    dose = {"reps": int(amount)} if t.mode is Mode.ISOTONIC else {"hold_s": amount}
    return PerformedSet(
        variant_id=item.variant_id, side=item.side, date=day, load_kg=t.load_kg, band=t.band,
        band_at=t.band_at, rir=rir, pain_during=doing["pain"], checks=checks,
        note=doing.get("note"), **dose,
    )


def _rx_text(item: TodayItem) -> str:
    t = item.target
    pair = t.reps if t.mode is Mode.ISOTONIC else t.hold_s
    unit = "" if t.mode is Mode.ISOTONIC else " s"
    load = (f" {t.load_kg:g} kg" if t.load_kg is not None else
            f" {t.band.value} band at {t.band_at.value if t.band_at else '?'}" if t.band else "")
    return f"{t.variant_id} {t.sets} x {pair[0]}-{pair[1]}{unit}{load}" if pair else t.variant_id


def play(path: Path, engine: Engine, catalog: Catalog) -> Run:
    """Run one journey on ``engine``; returns what it produced."""
    spec = load(path)
    person = spec["person"]
    profile = Profile.model_validate({k: v for k, v in person.items() if k != "name"})
    start: dt.date = spec["start"]
    person_id = start_person(SqlUnitOfWork(engine), person["name"], profile, catalog, start)
    run = Run(person_id)
    first = todays_session(SqlUnitOfWork(engine), person_id, catalog, start)
    run.lines += [f"every day: {line}" for line in first.education]
    for step in spec["steps"]:
        for day, planned_only in _dates(start, step["date"]):
            _step(run, step, day, engine, catalog, planned_only)
    return run


def _step(run: Run, step: dict[str, Any], day: dt.date, engine: Engine,
          catalog: Catalog, planned_only: bool) -> None:
    today = todays_session(SqlUnitOfWork(engine), run.person_id, catalog, day)
    run.todays[day] = today
    for expected in step.get("expect", []):
        check_today(today, expected, day)
    if "clear" in step:
        safety.clear_pause(SqlUnitOfWork(engine), run.person_id, by="journey clinician",
                           note=str(step["clear"]), confirmed=True)
        run.lines.append(f"{day} pause cleared: {step['clear']}")
        return
    if "morning" in step:
        _morning(run, step, day, engine, catalog)
        return
    if step.get("train", True) is False or not today.due or today.finished:
        return
    if planned_only and today.planned_date != day:
        return
    paused = " [PAUSED]" if today.paused else ""
    run.lines.append(f"{day} week {today.week} {today.name}{paused}")
    for item in today.items:
        doing = _doing(step, item)
        if doing.get("skip"):
            continue
        results = []
        amounts = _amounts(item, doing)
        amounts += amounts[-1:] * int(doing.get("extra", 0))
        for amount in amounts:
            performed = _set_for(catalog, item, day, amount, doing)
            logged = record_set(SqlUnitOfWork(engine), run.person_id, performed, catalog, day)
            run.logged.append(Logged(day, item, logged.stored.performed, logged.stored.id,
                                     logged.decision))
            results.append(logged.decision)
        last = results[-1]
        note = f" ({item.plan_note})" if item.plan_note else ""
        run.lines.append(
            f"  {item.side.value:>5} {_rx_text(item)} | pain {doing['pain']} "
            f"{doing['amount']} -> {last.action.value} [{last.rule_id}]: "
            f"{_rx_text_of(last)}{note}"
        )
        own = item.target.setup_note or ""
        if own and own not in run.notes_seen:  # the person's own set-up, said once
            run.notes_seen.add(own)
            run.lines.append(f"        set-up ({item.slot} {item.side.value}): {own}")


def check_today(today: TodaysSession, expected: dict[str, Any], day: dt.date) -> None:
    """One ``expect:`` entry of a step, checked against `today` before training."""
    if "paused" in expected:
        assert (today.paused is not None) == expected["paused"], f"{day}: paused {today.paused}"
    if "education_contains" in expected:
        assert any(expected["education_contains"] in line for line in today.education), (
            f"{day}: education {today.education}")
    if "absent_family" in expected:
        found = [i.slot for i in today.items if i.slot.split(":")[1] == expected["absent_family"]]
        assert not found, f"{day}: {found}"
    if "slot" not in expected:
        return
    items = [i for i in today.items if i.slot == expected["slot"]
             and ("side" not in expected or i.side.value == expected["side"])]
    assert items, f"{day}: no {expected['slot']} today ({[i.slot for i in today.items]})"
    for item in items:
        t = item.target
        seen = {"variant": t.variant_id, "sets": t.sets, "load_kg": t.load_kg,
                "mode": t.mode.value, "reps": list(t.reps) if t.reps else None,
                "hold_s": list(t.hold_s) if t.hold_s else None,
                "band": t.band.value if t.band else None,
                "band_at": t.band_at.value if t.band_at else None}
        wrong = {k: (v, seen[k]) for k, v in expected.items() if k in seen and seen[k] != v}
        assert not wrong, f"{day} {item.slot} {item.side.value}: expected vs got {wrong}"
        if "setup_contains" in expected:
            assert any(expected["setup_contains"] in line for line in item.setup), (
                f"{day} {item.slot} {item.side.value}: set-up {item.setup}")
        if "no_setup_note" in expected:
            assert item.target.setup_note is None, f"{day} {item.slot}: {item.target.setup_note}"
        if "load_kg_at_least" in expected:
            assert (t.load_kg or 0) >= expected["load_kg_at_least"], f"{day}: {t.load_kg}"


def _rx_text_of(decision: Decision) -> str:
    p = decision.prescription
    pair = p.reps if p.mode is Mode.ISOTONIC else p.hold_s
    unit = "" if p.mode is Mode.ISOTONIC else " s"
    load = (f" {p.load_kg:g} kg" if p.load_kg is not None else
            f" {p.band.value} band at {p.band_at.value if p.band_at else '?'}" if p.band else "")
    return f"{p.variant_id} {p.sets} x {pair[0]}-{pair[1]}{unit}{load}" if pair else p.variant_id


def _morning(run: Run, step: dict[str, Any], day: dt.date, engine: Engine,
             catalog: Catalog) -> None:
    """Next-morning pain for every set of the day before (the web's morning question)."""
    trained = day - dt.timedelta(days=1)
    ids = [s.id for s in list_sets(SqlUnitOfWork(engine), run.person_id, since=trained)
           if s.performed.date == trained]
    for set_id in ids:
        edit_set(SqlUnitOfWork(engine), run.person_id, set_id,
                 {"pain_next_morning": step["morning"]}, catalog)
    run.lines.append(f"{day} next-morning pain {step['morning']} for {trained}")


def transcript(run: Run, engine: Engine, catalog: Catalog, until: dt.date) -> str:
    """The run's lines, then `today` on the last day: the golden text."""
    today = todays_session(SqlUnitOfWork(engine), run.person_id, catalog, until)
    tail = [f"today {until}: week {today.week} {today.name}"
            + (f" [PAUSED: {today.paused.reason}]" if today.paused else "")]
    tail += [f"  {i.side.value:>5} {_rx_text(i)}" for i in today.items]
    return "\n".join([*run.lines, *tail]) + "\n"


def by_side(items: list[TodayItem]) -> dict[tuple[str, Side], TodayItem]:
    """Today's items keyed by (slot, side)."""
    return {(i.slot, i.side): i for i in items}
