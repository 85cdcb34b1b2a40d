"""Turn submitted HTML forms into the core's models (and back into form values).

Only parsing lives here: every range and rule is the core model's own (``Profile``,
``PerformedSet``), so a bad value gets the same field-naming message as on the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import FormData

from glutemed.errors import InputError
from glutemed.programming.editing import change_prescription
from glutemed.programming.models import Baseline, Prescription, Profile, Program
from glutemed.progression.models import PerformedSet
from glutemed.ranges import bounds_of


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _number(form: FormData, name: str, kind: type[int] | type[float]) -> Any:
    raw = _text(form, name)
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError:
        raise InputError(name, f"'{raw}' is not a number") from None


def _or_default(value: Any, default: Any) -> Any:
    """A blank field takes the model's default; a typed 0 stays 0 (and is then checked)."""
    return default if value is None else value


def _default(model: type[BaseModel], name: str) -> Any:
    return model.model_fields[name].default


def profile_from_form(form: FormData) -> Profile:
    """A Profile from the onboarding form (validated by the model itself)."""
    baseline_values = {
        "side_plank_hold_s": _number(form, "side_plank_hold_s", float),
        "side_lying_abduction_reps": _number(form, "side_lying_abduction_reps", int),
        "single_leg_squat_quality": _number(form, "single_leg_squat_quality", int),
    }
    baseline = (
        Baseline.model_validate(baseline_values)
        if any(v is not None for v in baseline_values.values())
        else None
    )
    values: dict[str, Any] = {
        "goal": _text(form, "goal"),
        "days_per_week": _or_default(
            _number(form, "days_per_week", int), _default(Profile, "days_per_week")
        ),
        "weeks": _or_default(_number(form, "weeks", int), _default(Profile, "weeks")),
        "equipment": frozenset(v for v in form.getlist("equipment") if isinstance(v, str)),
        "level": _text(form, "level") or _default(Profile, "level"),
        "minutes_per_session": _or_default(
            _number(form, "minutes_per_session", int), _default(Profile, "minutes_per_session")
        ),
        "baseline": baseline,
        "mass_kg": _number(form, "mass_kg", float),
        "height_m": _number(form, "height_m", float),
        "sex": _text(form, "sex"),
        "avoid_weight_bearing": _text(form, "avoid_weight_bearing") == "yes",
        "avoid_provocations": frozenset(
            v for v in form.getlist("avoid_provocations") if isinstance(v, str)
        ),
    }
    values.update(_person_fields(form))
    if values["goal"] is None:
        raise InputError("goal", "choose one of hypertrophy, rehab, risk-reduction, performance")
    return Profile.model_validate(values)


def _yes_no(form: FormData, name: str) -> bool | None:
    answer = _text(form, name)
    if answer is None:
        return None
    if answer in ("yes", "no"):
        return answer == "yes"
    raise InputError(name, f"'{answer}' is not an answer; allowed: yes, no")


def _kg_list(form: FormData, name: str) -> frozenset[float]:
    found = set()
    for word in (_text(form, name) or "").split(","):
        if word.strip():
            try:
                found.add(float(word))
            except ValueError:
                raise InputError(name, f"'{word.strip()}' is not a number; give kg, e.g. 1, 2.5"
                                 ) from None
    return frozenset(found)


def _person_fields(form: FormData) -> dict[str, Any]:
    """The onboarding answers about the person: age, condition, side, balance, owned kit."""
    return {
        "age": _number(form, "age", int),
        "condition": _text(form, "condition") or _default(Profile, "condition"),
        "affected_side": _text(form, "affected_side") or _default(Profile, "affected_side"),
        "surgery_cleared": _text(form, "surgery_cleared") == "yes",
        "fell_last_year": _yes_no(form, "fell_last_year"),
        "one_leg_10s": _yes_no(form, "one_leg_10s"),
        "bands": frozenset(v for v in form.getlist("bands") if isinstance(v, str)),
        "cuff_kg": _kg_list(form, "cuff_kg"),
        "dumbbell_kg": _kg_list(form, "dumbbell_kg"),
    }


def performed_set_from_form(
    form: FormData, today: dt.date, asked_checks: Sequence[str] = ()
) -> PerformedSet:
    """A PerformedSet from the log form: answered checks only, blank fields left out.

    A check nobody answered stays out of ``checks`` (unanswered, never a pass). The form's
    "Yes to every check" box (``checks_all=yes``) answers each of ``asked_checks`` that was
    not answered "no" with yes, so a set with sound technique takes one tap, not one per
    check; an explicit "no" always wins over it.
    """
    checks: dict[str, bool] = {}
    for key, value in form.multi_items():
        if key.startswith("check:") and value in ("yes", "no"):
            checks[key.removeprefix("check:")] = value == "yes"
    if _text(form, "checks_all") == "yes":
        for check in asked_checks:
            checks.setdefault(check, True)
    band = _text(form, "band")
    values: dict[str, Any] = {
        "variant_id": _text(form, "variant_id"),
        "side": _text(form, "side") or "both",
        "date": _text(form, "date") or today.isoformat(),
        "set_index": _or_default(
            _number(form, "set_index", int), _default(PerformedSet, "set_index")
        ),
        "reps": _number(form, "reps", int),
        "hold_s": _number(form, "hold_s", float),
        "load_kg": None if band else _number(form, "load_kg", float),
        "band": band,
        "band_at": _text(form, "band_at") if band else None,
        "rir": _number(form, "rir", int),
        "pain_during": _number(form, "pain_during", int),
        "pain_next_morning": _number(form, "pain_next_morning", int),
        "checks": checks,
        "felt_in": _text(form, "felt_in"),
        "note": _text(form, "note"),
        "target_reps": _pair(form, "target_reps"),
        "target_hold_s": _pair(form, "target_hold_s"),
        "target_load_kg": _number(form, "target_load_kg", float),
        "red_flags": frozenset(v for v in form.getlist("red_flags") if isinstance(v, str)),
    }
    if values["variant_id"] is None:
        raise InputError("variant_id", "say which exercise the set was")
    if _text(form, "units") == "lb":
        values["load_kg"] = _lb_to_kg(values["load_kg"])
    return PerformedSet.model_validate(values)


def field_errors(exc: Exception) -> list[tuple[str | None, str]]:
    """(form field, what is wrong) for each problem an error names, so a page can show the
    message beside the field and mark it invalid; the field is None when the problem is
    about the whole form (e.g. "give exactly one of reps or hold_s")."""
    from glutemed.progression.validity import InvalidSet

    if isinstance(exc, InvalidSet):
        return [(p.field, p.message) for p in exc.problems]
    if isinstance(exc, InputError):
        return [(exc.field, str(exc).removeprefix(f"{exc.field}: "))]
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return [(None, str(exc))]
    out: list[tuple[str | None, str]] = []
    for err in errors():
        loc = [str(part) for part in err.get("loc", ()) if part not in _LOC_SOURCES]
        out.append((loc[0] if loc else None, str(err.get("msg", "invalid value"))))
    return out


_LOC_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "__root__"})
"""Where FastAPI says a value came from: not part of the field's name."""
def client_id_from_form(form: FormData) -> str | None:
    """The page's own id for a set (``client_id``), checked like the API's; blank: none."""
    import re

    from glutemed.web.api.schemas import CLIENT_ID_PATTERN

    value = _text(form, "client_id")
    if value is not None and not re.fullmatch(CLIENT_ID_PATTERN, value):
        raise InputError("client_id", "use 1 to 64 letters, digits, '-' or '_'")
    return value


def _lb_to_kg(value: float | None) -> float | None:
    from glutemed.units import from_display

    return None if value is None else from_display(value, "lb")


def _pair(form: FormData, name: str) -> tuple[int, int] | None:
    raw = _text(form, name)
    if raw is None:
        return None
    try:
        low, high = (int(x) for x in raw.split("-", 1))
    except ValueError:
        return None
    return (low, high)


def _int_field(form: FormData, name: str, low: int, high: int) -> int:
    value = _number(form, name, int)
    if value is None or not low <= value <= high:
        raise InputError(name, f"give a whole number from {low} to {high}")
    return int(value)


def _model_int(form: FormData, model: type[BaseModel], name: str) -> int:
    """A whole number checked against the model field's own range (not a copy of it)."""
    value = _number(form, name, int)
    bounds = bounds_of(model, name)
    if value is None:
        raise InputError(name, f"give a whole number; allowed {bounds.describe()}")
    if not bounds.contains(value):
        raise InputError(name, bounds.message(value))
    return int(value)


def edit_program(program: Program, form: FormData) -> Program:
    """The program with one prescription changed (or the same slot in every week, when
    ``all_weeks`` is ticked): the form's fields read, then the pure
    :func:`glutemed.programming.editing.change_prescription` the API calls too."""
    week = _int_field(form, "week", 1, len(program.weeks))
    session = _int_field(form, "session", 1, len(program.weeks[week - 1].sessions))
    items_here = program.weeks[week - 1].sessions[session - 1].items
    index = _int_field(form, "item", 0, len(items_here) - 1)
    old = items_here[index]
    changes: dict[str, Any] = {"sets": _model_int(form, Prescription, "sets"),
                               "rest_s": _model_int(form, Prescription, "rest_s")}
    dose = "reps" if old.reps is not None else "hold_s"
    low = _int_field(form, f"{dose}_low", 1, 3600)
    changes[dose] = (low, _int_field(form, f"{dose}_high", 1, 3600))
    band = _text(form, "band")
    if old.band is not None or band:
        changes["band"] = band
        changes["band_at"] = _text(form, "band_at")
    else:
        changes["load_kg"] = _number(form, "load_kg", float)
    return change_prescription(program, week, session, index, changes,
                               every_week=_text(form, "all_weeks") == "yes")


def dose_form_words(old: Program, new: Program, catalog: Any) -> tuple[str, dict[str, Any]]:
    """What the one-prescription dose form changed, in words and as a record: each changed
    item's exercise, place and the fields that differ."""
    changed: list[str] = []
    record: list[dict[str, Any]] = []
    for wn, (ow, nw) in enumerate(zip(old.weeks, new.weeks, strict=False), start=1):
        for sn, (os_, ns) in enumerate(zip(ow.sessions, nw.sessions, strict=False), start=1):
            for i, (was, now) in enumerate(zip(os_.items, ns.items, strict=False)):
                if was == now:
                    continue
                before, after = was.model_dump(mode="json"), now.model_dump(mode="json")
                fields = {k: after[k] for k in after if after[k] != before.get(k)}
                record.append({"week": wn, "session": sn, "item": i, "changes": fields})
                if len(changed) < 3:
                    words = ", ".join(f"{k} {v}" for k, v in fields.items())
                    changed.append(f"week {wn} day {sn}: {catalog.variant(now.variant_id).name}"
                                   f" {words}")
    more = len(record) - len(changed)
    what = "dose: " + "; ".join(changed) + (f" (and {more} more)" if more > 0 else "")
    return (what if record else "dose: nothing changed"), {"op": "dose-form", "items": record}
