"""Editing a prescription: one pure operation that the web form, the API and the command
line all call.

An edit works on a *template day*: session ``day`` (1-based) of every week. A program's
weeks repeat their days with the dose of each block, so a clinician who swaps the side plank
of day 1 means "day 1's side plank, every week"; the edit is applied to every week, and the
items are matched by their slot (the program position, ``abduction:side-plank``), not by
their place in a week, because later weeks may have moved up the ladder.

* **swap** -- the slot's exercise becomes another variant of the same role, done in the
  same mode (reps or holds), that the client's equipment allows; each week keeps its dose.
  The slot stays the same, so the progression state of that position follows (see
  :func:`glutemed.services.people.save_program`, which puts the edit in force);
* **add** -- a new exercise at the end of the day (or at ``position``), with the dose given;
  its rest and effort come from an item of the same role, so nothing is invented;
* **remove**, **move** -- take an exercise out of the day, or put it at another place;
* **dose** -- sets, the rep or hold range, the load or band, and the rest of one slot;
* **start** -- the program's first day; **weekdays** -- which days of the week the
  sessions fall on (ISO numbers, 1 = Monday).

Every refusal names the field and what is allowed. Nothing here reads a clock or a file.

The edits themselves are declared in :mod:`glutemed.programming.edit_operations`; this
module applies them and is where callers import both from (:data:`__all__`), so the editor's
one operation and its vocabulary are reached the same way from the web, the API and the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import LoadKind, Mode, Variant
from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.edit_operations import (
    DOSE_ONLY,
    AddExercise,
    ChangeDose,
    ChangeStart,
    ChangeWeekdays,
    DoseFields,
    MoveExercise,
    ProgramEdit,
    RemoveExercise,
    SwapExercise,
)
from glutemed.programming.models import (
    Prescription,
    Profile,
    Program,
    Session,
    Side,
    slot_of,
)

__all__ = [
    "DOSE_ONLY", "WEEKDAY_NAMES", "AddExercise", "ChangeDose", "ChangeStart",
    "ChangeWeekdays", "DoseFields", "Edited", "MoveExercise", "ProgramEdit", "RemoveExercise",
    "SwapExercise", "apply_edit", "change_prescription", "from_template", "prescription_at",
    "swap_choices",
]

NO_KG = frozenset({LoadKind.BAND, LoadKind.WALL_PRESS})
"""Load kinds that carry no kilograms: a swap to a variant loaded only so drops the kg."""


@dataclass(frozen=True)
class Edited:
    """The program after an edit, its first day, and the edit in words (for the record)."""

    program: Program
    start_date: dt.date
    what: str


def apply_edit(program: Program, start_date: dt.date, edit: ProgramEdit, catalog: Catalog,
               equipment: frozenset[str], who: str) -> Edited:
    """The program with ``edit`` applied (a new value; ``program`` is unchanged)."""
    if isinstance(edit, ChangeStart):
        return Edited(program, edit.start_date, f"start date {start_date.isoformat()} -> "
                                                f"{edit.start_date.isoformat()}")
    if isinstance(edit, ChangeWeekdays):
        days = _weekdays(edit.weekdays, program)
        names = ", ".join(WEEKDAY_NAMES[d - 1] for d in days)
        return Edited(program.model_copy(update={"weekdays": days}), start_date,
                      f"sessions on {names}")
    _day_exists(program, edit.day)
    if isinstance(edit, AddExercise):
        return _add(program, start_date, edit, catalog, equipment, who)
    slot, item = _slot_at(program, edit.day, edit.item)
    name = _name(catalog, item.variant_id)
    if isinstance(edit, SwapExercise):
        variant = _usable(catalog, edit.variant_id, equipment)
        if variant.role is not item.role:
            raise InputError("variant_id", f"{variant.name} is a {variant.role.value} "
                             f"exercise; this place holds a {item.role.value} one: choose "
                             f"one of {_choices(catalog, item, equipment)}")
        if item.mode not in variant.modes:
            unit = "holds" if item.mode is Mode.ISOMETRIC else "reps"
            raise InputError("variant_id", f"{variant.name} is not done for {unit}, as "
                             f"this place is: choose one of {_choices(catalog, item, equipment)}")
        return Edited(_each(program, edit.day, slot, lambda it: _swapped(it, variant, who)),
                      start_date, f"day {edit.day}: {name} swapped for {variant.name}")
    if isinstance(edit, RemoveExercise):
        return Edited(_reshape(program, edit.day, lambda items: [
            i for i in items if slot_of(i) != slot]), start_date,
            f"day {edit.day}: {name} removed")
    if isinstance(edit, MoveExercise):
        def moved(items: list[Prescription]) -> list[Prescription]:
            mine = [i for i in items if slot_of(i) == slot]
            rest = [i for i in items if slot_of(i) != slot]
            to = min(edit.to, len(rest))
            return rest[:to] + mine + rest[to:]
        return Edited(_reshape(program, edit.day, moved), start_date,
                      f"day {edit.day}: {name} moved to place {edit.to + 1}")
    return Edited(_each(program, edit.day, slot, lambda it: _dosed(it, edit)), start_date,
                  f"day {edit.day}: {name} dose {_dose_words(edit)}")


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekdays(days: tuple[int, ...], program: Program) -> tuple[int, ...]:
    if any(not 1 <= d <= 7 for d in days) or len(set(days)) != len(days):
        raise InputError("weekdays", "give different days, each 1 (Monday) to 7 (Sunday)")
    most = max((len(w.sessions) for w in program.weeks), default=0)
    if len(days) != most:
        raise InputError("weekdays", f"the program has {most} session"
                         f"{'' if most == 1 else 's'} a week: give {most} day"
                         f"{'' if most == 1 else 's'} (you gave {len(days)})")
    return tuple(sorted(days))


def _day_exists(program: Program, day: int) -> None:
    most = max((len(w.sessions) for w in program.weeks), default=0)
    if day > most:
        raise InputError("day", f"the program has days 1 to {most} in a week")


def _sessions_of(program: Program, day: int) -> list[Session]:
    return [w.sessions[day - 1] for w in program.weeks if len(w.sessions) >= day]


def _slot_at(program: Program, day: int, index: int) -> tuple[str, Prescription]:
    """The slot at ``index`` of the first week's session ``day`` (the template)."""
    items = _sessions_of(program, day)[0].items
    if index >= len(items):
        raise InputError("item", f"day {day} has exercises 0 to {len(items) - 1}")
    return slot_of(items[index]), items[index]


def _each(program: Program, day: int, slot: str,
          change: Callable[[Prescription], Prescription]) -> Program:
    return _reshape(program, day, lambda items: [
        change(i) if slot_of(i) == slot else i for i in items])


def _reshape(program: Program, day: int,
             change: Callable[[list[Prescription]], list[Prescription]]) -> Program:
    weeks = []
    for week in program.weeks:
        sessions = [
            s.model_copy(update={"items": change(list(s.items))}) if n == day else s
            for n, s in enumerate(week.sessions, start=1)
        ]
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return program.model_copy(update={"weeks": weeks})


def _usable(catalog: Catalog, variant_id: str, equipment: frozenset[str]) -> Variant:
    try:
        variant = catalog.variant(variant_id)
    except UnknownIdError as exc:
        raise InputError("variant_id", str(exc)) from None
    missing = sorted(set(variant.equipment) - equipment)
    if missing:
        raise InputError("variant_id", f"{variant.name} needs {', '.join(missing)}, which "
                                       "the client's profile does not list")
    return variant


def _choices(catalog: Catalog, item: Prescription, equipment: frozenset[str]) -> str:
    found = [v.id for v in swap_choices(catalog, item, equipment)]
    return ", ".join(found[:12]) or "(none with this equipment)"


def swap_choices(catalog: Catalog, item: Prescription,
                 equipment: frozenset[str]) -> list[Variant]:
    """The library's variants that may take this item's place: the same role, done in the
    same mode, needing nothing the client lacks (the editor's list)."""
    return [
        v for v in catalog.filter(equipment=equipment)
        if v.role is item.role and item.mode in v.modes and v.id != item.variant_id
    ]


def _swapped(item: Prescription, variant: Variant, who: str) -> Prescription:
    kinds = {spec.kind for spec in variant.loads}
    banded = LoadKind.BAND in kinds
    takes_kg = bool(kinds - NO_KG)
    band_spec = next((s for s in variant.loads if s.kind is LoadKind.BAND), None)
    return item.model_copy(update={
        "variant_id": variant.id,
        "load_kg": item.load_kg if takes_kg else None,
        "band": (item.band or (band_spec.default_band if band_spec else None)) if banded
        else None,
        "band_at": (band_spec.at if band_spec else item.band_at) if banded else None,
        "rationale": f"{variant.name}, chosen by {who} in place of the generated exercise.",
    })


def _dosed(item: Prescription, edit: ChangeDose) -> Prescription:
    changes: dict[str, object] = {}
    if edit.sets is not None:
        changes["sets"] = edit.sets
    if edit.reps is not None:
        if item.mode is not Mode.ISOTONIC:
            raise InputError("reps", "this exercise is held: give hold_s, not reps")
        changes["reps"] = edit.reps
    if edit.hold_s is not None:
        if item.mode is not Mode.ISOMETRIC:
            raise InputError("hold_s", "this exercise is done for reps: give reps, not hold_s")
        changes["hold_s"] = edit.hold_s
    if edit.load_kg is not None:
        changes["load_kg"] = edit.load_kg
    if edit.band is not None:
        changes["band"] = edit.band
    if edit.band_at is not None:
        changes["band_at"] = edit.band_at
    if edit.rest_s is not None:
        changes["rest_s"] = edit.rest_s
    if not changes:
        raise InputError("dose", "give at least one of sets, reps, hold_s, load_kg, band, "
                                 "band_at, rest_s")
    for name in ("reps", "hold_s"):
        pair = changes.get(name)
        if isinstance(pair, tuple) and not 0 < pair[0] <= pair[1]:
            raise InputError(name, "give a range low-high, both positive, low <= high")
    return Prescription.model_validate({**item.model_dump(), **changes})


def _dose_words(edit: ChangeDose) -> str:
    parts = [f"{k} {v if not isinstance(v, tuple) else f'{v[0]}-{v[1]}'}"
             for k, v in edit.model_dump(exclude={"op", "day", "item"}, exclude_none=True,
                                         mode="json").items()]
    return ", ".join(parts)


def _add(program: Program, start_date: dt.date, edit: AddExercise, catalog: Catalog,
         equipment: frozenset[str], who: str) -> Edited:
    variant = _usable(catalog, edit.variant_id, equipment)
    if (edit.reps is None) == (edit.hold_s is None):
        raise InputError("reps", "give reps (for an exercise done for reps) or hold_s "
                                 "(for a hold), not both")
    mode = Mode.ISOTONIC if edit.reps is not None else Mode.ISOMETRIC
    if mode not in variant.modes:
        raise InputError("reps" if mode is Mode.ISOTONIC else "hold_s",
                         f"{variant.name} is done for "
                         f"{'holds' if Mode.ISOMETRIC in variant.modes else 'reps'}")
    pair = edit.reps or edit.hold_s
    assert pair is not None
    if not 0 < pair[0] <= pair[1]:
        raise InputError("reps" if edit.reps else "hold_s",
                         "give a range low-high, both positive, low <= high")
    like = next((i for w in program.weeks for s in w.sessions for i in s.items
                 if i.role is variant.role), None)
    if like is None:
        raise InputError("variant_id", f"the program has no {variant.role.value} exercise "
                         "to take the rest and effort from; swap one in instead")
    taken = {slot_of(i) for w in program.weeks for s in w.sessions for i in s.items}
    slot, n = f"{variant.role.value}:{variant.family}", 2
    while slot in taken:
        slot, n = f"{variant.role.value}:{variant.family}-{n}", n + 1
    band_spec = next((s for s in variant.loads if s.kind is LoadKind.BAND), None)
    new = Prescription(
        variant_id=variant.id, role=variant.role, mode=mode, side=Side.BOTH, sets=edit.sets,
        slot=slot, reps=edit.reps, hold_s=edit.hold_s,
        band=band_spec.default_band if band_spec else None,
        band_at=band_spec.at if band_spec else None,
        rest_s=like.rest_s, rir=like.rir, optional=False,
        rationale=f"{variant.name}, added by {who}.",
    )

    def added(items: list[Prescription]) -> list[Prescription]:
        at = len(items) if edit.position is None else min(edit.position, len(items))
        return items[:at] + [new] + items[at:]

    return Edited(_reshape(program, edit.day, added), start_date,
                  f"day {edit.day}: {variant.name} added")


def _name(catalog: Catalog, variant_id: str) -> str:
    try:
        return catalog.variant(variant_id).name
    except UnknownIdError:
        return variant_id


def from_template(template: Program, profile: Profile, catalog: Catalog,
                  equipment: frozenset[str], template_name: str) -> Program:
    """A client's program from a clinician's template: the template's weeks, sessions and
    training days, the client's own profile; refused (naming each exercise and what it
    needs) when the client lacks equipment the template uses."""
    lacking = []
    for variant_id in sorted({i.variant_id for w in template.weeks for s in w.sessions
                              for i in s.items}):
        try:
            variant = catalog.variant(variant_id)
        except UnknownIdError:
            lacking.append(f"{variant_id} (not in this catalogue)")
            continue
        missing = sorted(set(variant.equipment) - equipment)
        if missing:
            lacking.append(f"{variant.name} needs {', '.join(missing)}")
    if lacking:
        raise InputError("template", "this client cannot do every exercise of the template: "
                         + "; ".join(lacking) + " (add the equipment to their profile, or "
                         "start from another template)")
    return template.model_copy(update={
        "profile": profile,
        "rationale": [f"Started from the clinician's template '{template_name}'.",
                      *template.rationale],
    })


def prescription_at(program: Program, week: int, session: int, item: int) -> Prescription:
    """The prescription at 1-based ``week`` and ``session``, 0-based ``item``; a refusal
    names the first position that is not in the program and the allowed range."""
    if not 1 <= week <= len(program.weeks):
        raise InputError("week", f"give a whole number from 1 to {len(program.weeks)}")
    sessions = program.weeks[week - 1].sessions
    if not 1 <= session <= len(sessions):
        raise InputError("session", f"give a whole number from 1 to {len(sessions)}")
    items = sessions[session - 1].items
    if not 0 <= item < len(items):
        raise InputError("item", f"give a whole number from 0 to {len(items) - 1}")
    return items[item]


def change_prescription(program: Program, week: int, session: int, item: int,
                        changes: Mapping[str, object], *, every_week: bool = False
                        ) -> Program:
    """The program with the fields in ``changes`` set on one prescription (``None`` clears
    a field), or on every prescription equal to it in any week when ``every_week``. The
    changed prescription is validated by its own model. The dose form and the API's
    ``PUT .../items/{item}`` both call this."""
    old = prescription_at(program, week, session, item)
    edited = Prescription.model_validate({**old.model_dump(), **changes})
    target = (week, session, item)
    weeks = []
    for wn, w in enumerate(program.weeks, start=1):
        sessions = []
        for sn, s in enumerate(w.sessions, start=1):
            items = [
                edited if (it == old if every_week else (wn, sn, i) == target) else it
                for i, it in enumerate(s.items)
            ]
            sessions.append(s.model_copy(update={"items": items}))
        weeks.append(w.model_copy(update={"sessions": sessions}))
    return program.model_copy(update={"weeks": weeks})
