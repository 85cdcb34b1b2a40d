"""A person's program and outcomes as a FHIR R4 Bundle (plain JSON, built here).

Built as plain dictionaries so the app needs no FHIR library at run time; the tests
validate every bundle with a maintained FHIR model library (``fhir.resources``, a test
extra). The bundle (type ``collection``) holds:

* **Patient** -- pseudonymous by default: an id and a glutemed identifier, no name or other
  identifying detail (``identify=True`` adds the name);
* **Observation** -- body weight (LOINC 29463-7) and height (LOINC 8302-2) from the profile;
  one per outcome entry: pain average and worst (LOINC 72514-3, with a glutemed code that
  tells them apart and the seven days recalled as the effective period), PSFS (activities as
  components), global rating of change (scale stated), VISA-G total, single-leg stance and
  dynamometer strength (per side as components: N·m, N·m/kg, symmetry %), sit-to-stand; a
  glutemed code where no LOINC code could be confirmed; UCUM units throughout; and one
  summary of the training sessions performed;
* **CarePlan** -- the active program, its activities pointing at
* **ServiceRequest** -- one per exercise of the program, with the dose in force.

Resource ids are UUID-5s of the content's keys, so the same history gives the same bundle.
The mapping table is in docs/outcomes.md.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any

from glutemed.catalog.catalog import Catalog
from glutemed.export.bundle import HistoryBundle
from glutemed.export.text import dose_text, variant_name
from glutemed.outcomes.entries import (
    GrocEntry,
    OutcomeEntry,
    PainEntry,
    PsfsEntry,
    SitToStandEntry,
    StanceEntry,
    StrengthEntry,
    VisaGEntry,
)
from glutemed.outcomes.measures import MeasureBook
from glutemed.outcomes.strength import symmetry_index_pct
from glutemed.programming.models import Prescription

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
GLUTEMED_CODES = "https://glutemed.example/fhir/CodeSystem/outcome-measures"
GLUTEMED_EXERCISES = "https://glutemed.example/fhir/CodeSystem/exercise-variants"
GLUTEMED_PEOPLE = "https://glutemed.example/fhir/sid/person"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
NAMESPACE = uuid.UUID("7d3c0f52-6f0e-4b8e-9a55-2f0a8d1c6b11")
"""Fixed namespace of glutemed's UUID-5 resource ids."""


def _id(*key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(k) for k in key)))


def _quantity(value: float, unit: str, ucum: str) -> dict[str, Any]:
    return {"value": round(value, 4), "unit": unit or ucum, "system": UCUM, "code": ucum}


def _glutemed(code: str, display: str) -> dict[str, Any]:
    return {"system": GLUTEMED_CODES, "code": code, "display": display}


class _Builder:
    """Collects resources for one bundle."""

    def __init__(self, patient_key: str, book: MeasureBook) -> None:
        self.patient_key = patient_key
        self.patient_ref = f"urn:uuid:{_id('patient', patient_key)}"
        self.book = book
        self.entries: list[dict[str, Any]] = []

    def add(self, resource: dict[str, Any], *key: object) -> str:
        rid = _id(self.patient_key, resource["resourceType"], *key)
        resource = {"resourceType": resource["resourceType"], "id": rid,
                    **{k: v for k, v in resource.items() if k != "resourceType"}}
        url = f"urn:uuid:{rid}"
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    def code(self, measure_id: str) -> dict[str, Any]:
        measure = self.book.get(measure_id)
        codings = []
        if measure.loinc is not None:
            codings.append({"system": LOINC, "code": measure.loinc.code,
                            "display": measure.loinc.display})
        codings.append(_glutemed(measure.id, measure.name))
        return {"coding": codings, "text": measure.name}

    def observation(
        self, key: Sequence[object], code: dict[str, Any], when: dict[str, Any],
        category: str = "survey", /, **fields: Any,
    ) -> None:
        resource = {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": category}]}],
            "code": code,
            "subject": {"reference": self.patient_ref},
            **when,
            **fields,
        }
        self.add(resource, *key)


def render_fhir(
    bundle: HistoryBundle,
    *,
    patient_key: str,
    catalog: Catalog,
    book: MeasureBook,
    now: dt.datetime,
    identify: bool = False,
) -> dict[str, Any]:
    """The FHIR R4 Bundle of one person's history, as a JSON-ready dict."""
    b = _Builder(patient_key, book)
    _patient(b, bundle, identify)
    _body(b, bundle, now.date())
    _care_plan(b, bundle, catalog)
    for number, entry in enumerate(bundle.outcomes):
        _outcome(b, number, entry)
    _sessions(b, bundle)
    return {
        "resourceType": "Bundle",
        "id": _id(patient_key, "bundle"),
        "type": "collection",
        "timestamp": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "entry": b.entries,
    }


def render_fhir_json(document: dict[str, Any]) -> bytes:
    """The bundle as pretty UTF-8 JSON ending in a newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _patient(b: _Builder, bundle: HistoryBundle, identify: bool) -> None:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": GLUTEMED_PEOPLE, "value": b.patient_key}],
        "active": True,
    }
    if identify:
        resource["name"] = [{"text": bundle.person.name}]
        sex = bundle.person.profile.sex
        if sex is not None:
            resource["gender"] = sex
    else:
        resource["meta"] = {"tag": [{"system": GLUTEMED_CODES, "code": "pseudonymous",
                                     "display": "no name or other identifying detail"}]}
    rid = _id("patient", b.patient_key)
    b.entries.append({"fullUrl": b.patient_ref, "resource": {"resourceType": "Patient",
                      "id": rid, **{k: v for k, v in resource.items() if k != "resourceType"}}})


def _body(b: _Builder, bundle: HistoryBundle, today: dt.date) -> None:
    profile = bundle.person.profile
    when = {"effectiveDateTime": _first_start(bundle, today).isoformat()}
    if profile.mass_kg is not None:
        code = {"coding": [{"system": LOINC, "code": "29463-7", "display": "Body weight"}],
                "text": "Body weight"}
        b.observation(("body-weight",), code, when, "vital-signs",
                      valueQuantity=_quantity(profile.mass_kg, "kg", "kg"))
    if profile.height_m is not None:
        code = {"coding": [{"system": LOINC, "code": "8302-2", "display": "Body height"}],
                "text": "Body height"}
        b.observation(("body-height",), code, when, "vital-signs",
                      valueQuantity=_quantity(profile.height_m, "m", "m"))


def _first_start(bundle: HistoryBundle, today: dt.date) -> dt.date:
    starts = [p.start_date for p in bundle.programs if p.start_date is not None]
    return min(starts) if starts else today


def _care_plan(b: _Builder, bundle: HistoryBundle, catalog: Catalog) -> None:
    active = [p for p in bundle.programs if p.active] or bundle.programs
    if not active:
        return
    record = active[-1]
    in_force = {(s.slot, s.side.value): s.prescription for s in bundle.progression}
    activities = []
    for item in _program_items(record.program.weeks[0].sessions if record.program.weeks else []):
        rx = in_force.get((item.variant_id, item.side.value), item)
        url = b.add(_service_request(b, rx, catalog, record.start_date), item.variant_id,
                    item.side.value)
        activities.append({"reference": {"reference": url}})
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "title": f"Hip abductor training: {record.program.profile.goal.value}",
        "description": " ".join(record.program.rationale[:2]) or "Hip abductor training",
        "subject": {"reference": b.patient_ref},
        "activity": activities,
    }
    if record.start_date is not None:
        weeks = len(record.program.weeks)
        end = record.start_date + dt.timedelta(days=7 * weeks - 1)
        plan["period"] = {"start": record.start_date.isoformat(), "end": end.isoformat()}
    b.add(plan, record.key)


def _program_items(sessions: Sequence[Any]) -> list[Prescription]:
    """Each exercise and side of the first week, once."""
    seen: dict[tuple[str, str], Prescription] = {}
    for session in sessions:
        for item in session.items:
            seen.setdefault((item.variant_id, item.side.value), item)
    return list(seen.values())


def _service_request(
    b: _Builder, rx: Prescription, catalog: Catalog, start: dt.date | None
) -> dict[str, Any]:
    name = variant_name(rx.variant_id, catalog)
    dose = dose_text(rx, "kg", catalog)
    side = "" if rx.side.value == "both" else f" ({rx.side.value} side)"
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "plan",
        "category": [{"text": "exercise therapy"}],
        "code": {"coding": [{"system": GLUTEMED_EXERCISES, "code": rx.variant_id,
                             "display": name}], "text": name},
        "subject": {"reference": b.patient_ref},
        "patientInstruction": f"{name}{side}: {dose}.",
        "note": [{"text": rx.rationale}],
    }
    if start is not None:
        resource["occurrencePeriod"] = {"start": start.isoformat()}
    return resource


def _who(entry: OutcomeEntry) -> dict[str, Any]:
    return {"performer": [{"display": f"{entry.entered_by} ({entry.entered_role})"}]}


def _outcome(b: _Builder, number: int, entry: OutcomeEntry) -> None:
    day = entry.date.isoformat()
    key = ("outcome", number)
    at = {"effectiveDateTime": day, **_who(entry)}
    notes: dict[str, Any] = {"note": [{"text": entry.note}]} if entry.note else {}
    if isinstance(entry, PainEntry):
        week = {"effectivePeriod": {"start": (entry.date - dt.timedelta(days=6)).isoformat(),
                                    "end": day}, **_who(entry)}
        b.observation((*key, "average"), b.code("pain-average"), week,
                      valueInteger=entry.average_0_10, **notes)
        b.observation((*key, "worst"), b.code("pain-worst"), week,
                      valueInteger=entry.worst_0_10, **notes)
    elif isinstance(entry, PsfsEntry):
        parts = [{"code": {"text": a.activity}, "valueInteger": a.rating_0_10}
                 for a in entry.activities]
        b.observation(key, b.code("psfs"), at, valueQuantity=_quantity(
            entry.score, "score", "{score}"), component=parts, **notes)
    elif isinstance(entry, GrocEntry):
        b.observation(key, b.code("groc"), at, valueInteger=entry.rating,
                      method={"text": f"{entry.scale_points}-point global rating of change"},
                      **notes)
    elif isinstance(entry, VisaGEntry):
        b.observation(key, b.code("visa-g"), at, valueInteger=entry.total_0_100, **notes)
    elif isinstance(entry, SitToStandEntry):
        b.observation(key, b.code("sit-to-stand-30s"), at, "exam",
                      valueQuantity=_quantity(entry.stands, "stands", "{stands}"), **notes)
    elif isinstance(entry, StanceEntry):
        b.observation(key, b.code("single-leg-stance"), at, "exam", component=[
            _part("left", "single-leg-stance", entry.left_s, "s", "s"),
            _part("right", "single-leg-stance", entry.right_s, "s", "s"),
        ], method={"text": f"eyes open, stopped at {entry.ceiling_s:g} s"}, **notes)
    elif isinstance(entry, StrengthEntry):
        b.observation(key, b.code("hip-abduction-torque"), at, "exam",
                      component=_strength_parts(entry), method={"text": _method(entry)},
                      **notes)


def _part(side: str, measure_id: str, value: float, unit: str, ucum: str) -> dict[str, Any]:
    return {
        "code": {"coding": [_glutemed(f"{measure_id}-{side}", f"{measure_id}, {side}")],
                 "text": f"{measure_id}, {side} side"},
        "valueQuantity": _quantity(value, unit, ucum),
    }


def _strength_parts(entry: StrengthEntry) -> list[dict[str, Any]]:
    sides = entry.sides()
    parts = []
    for side, s in sides.items():
        parts.append(_part(side, "hip-abduction-force", s.force_n, "N", "N"))
        parts.append(_part(side, "hip-abduction-torque", s.torque_nm, "N·m", "N.m"))
        if s.torque_nm_per_kg is not None:
            parts.append(_part(side, "hip-abduction-torque-per-kg", s.torque_nm_per_kg,
                               "N·m/kg", "N.m/kg"))
    index = symmetry_index_pct(sides["left"].torque_nm, sides["right"].torque_nm)
    if index is not None:
        parts.append({"code": {"coding": [_glutemed("hip-abduction-symmetry",
                                                     "Hip abduction symmetry index")]},
                      "valueQuantity": _quantity(index, "%", "%")})
    parts.append({"code": {"coding": [_glutemed("lever-arm", "Lever arm, hip to pad")]},
                  "valueQuantity": _quantity(entry.lever_arm_m, "m", "m")})
    return parts


def _method(entry: StrengthEntry) -> str:
    lever = (f"lever arm estimated from height (pad at the {entry.lever_estimated_from})"
             if entry.lever_estimated_from else "lever arm measured")
    return f"hand-held dynamometer, isometric, {entry.position}; {lever}"


def _sessions(b: _Builder, bundle: HistoryBundle) -> None:
    live = [s for s in bundle.performed_sets if not s.deleted]
    if not live:
        return
    days = sorted({s.date for s in live})
    code = {"coding": [_glutemed("training-sessions", "Training sessions performed")],
            "text": "Training sessions performed"}
    parts = [
        {"code": {"coding": [_glutemed("sets-logged", "Sets logged")]},
         "valueInteger": len(live)},
        {"code": {"coding": [_glutemed("warning-signs", "Sets with a warning sign reported")]},
         "valueInteger": sum(1 for s in live if s.red_flags)},
    ]
    pains = [s.pain_during for s in live if s.pain_during is not None]
    if pains:
        parts.append({"code": {"coding": [_glutemed("max-pain-during",
                                                     "Highest pain during a set")]},
                      "valueInteger": max(pains)})
    b.observation(("sessions",), code, {"effectivePeriod": {
        "start": days[0].isoformat(), "end": days[-1].isoformat()}}, "activity",
        valueInteger=len(days), component=parts)
