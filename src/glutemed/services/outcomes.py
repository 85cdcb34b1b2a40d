"""Outcome measures over time: record them, schedule them, chart them, report them.

Every interface (command line, pages, JSON API, exports) calls these functions, so the rules
-- what is due, which decisions mattered, how a lever arm is estimated -- live in one place
(and, below this, in the pure :mod:`glutemed.outcomes`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from glutemed.catalog.catalog import Catalog
from glutemed.outcomes.entries import EntryInput, OutcomeEntry, StrengthEntry, StrengthInput
from glutemed.outcomes.loader import default_measures
from glutemed.outcomes.measures import MeasureBook
from glutemed.outcomes.schedule import (
    OutcomeSchedule,
    SchedulePoint,
    due_point,
    schedule_points,
)
from glutemed.outcomes.series import Series, build_series
from glutemed.outcomes.strength import resolve_lever_arm
from glutemed.programming.models import Profile
from glutemed.progression.rules import ActionKind
from glutemed.services.clinic_ports import ClinicUnitOfWork
from glutemed.store.decision_records import StoredDecision
from glutemed.store.outcomes import StoredOutcome
from glutemed.units import Unit

if TYPE_CHECKING:  # the report's types: imported where a report is made, not on start-up
    from glutemed.export.bundle import HistoryBundle
    from glutemed.export.report_pdf import Audience, DecisionLine, PrescriptionLine, ReportData
    from glutemed.store.unit_of_work import SqlUnitOfWork

# -- record, list, delete ---------------------------------------------------------------------


def record_outcome(uow: ClinicUnitOfWork, person_id: int, entry: OutcomeEntry) -> int:
    """Store one validated entry for the person; returns its id (one transaction)."""
    with uow:
        uow.people.lock(person_id)
        uow.people.require(person_id)
        entry_id = uow.outcomes.add(person_id, entry)
        uow.commit()
    return entry_id


def strength_entry(profile: Profile, given: StrengthInput) -> StrengthEntry:
    """A dynamometer entry with its lever arm resolved: measured, or estimated from the pad
    site and the profile's mass and height; body mass from the profile unless given.

    The one place this happens: the command line, the form and the API all call it.
    """
    mass = given.body_mass_kg if given.body_mass_kg is not None else profile.mass_kg
    lever, estimated_from = resolve_lever_arm(given.lever_arm_m, given.pad_at, mass,
                                              profile.height_m)
    values = given.model_dump(exclude={"lever_arm_m", "pad_at", "body_mass_kg"})
    return StrengthEntry.model_validate({
        **values,
        "lever_arm_m": lever,
        "lever_estimated_from": estimated_from,
        "body_mass_kg": mass,
    })


def completed(profile: Profile, entry: EntryInput) -> OutcomeEntry:
    """The entry to store: a dynamometer input gets its lever arm (:func:`strength_entry`);
    every other kind is stored as typed."""
    if isinstance(entry, StrengthInput):
        return strength_entry(profile, entry)
    return entry


def list_outcomes(uow: ClinicUnitOfWork, person_id: int) -> list[StoredOutcome]:
    """Every entry of the person, oldest first."""
    with uow:
        uow.people.require(person_id)
        return uow.outcomes.all(person_id)


def delete_outcome(uow: ClinicUnitOfWork, person_id: int, entry_id: int) -> None:
    """Delete one of the person's entries (a mistyped one)."""
    with uow:
        uow.people.require(person_id)
        uow.outcomes.remove(person_id, entry_id)
        uow.commit()


# -- schedule ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleView:
    """A person's schedule on a day: the weeks, the start, each point's status, the one due."""

    schedule: OutcomeSchedule
    custom: bool
    start: dt.date
    points: list[SchedulePoint]
    due: SchedulePoint | None


def set_schedule(uow: ClinicUnitOfWork, person_id: int, schedule: OutcomeSchedule | None) -> None:
    """Replace the person's schedule (None: back to baseline and weeks 4, 8, 12)."""
    with uow:
        uow.people.require(person_id)
        uow.outcomes.set_schedule(person_id, schedule)
        uow.commit()


def schedule_view(uow: ClinicUnitOfWork, person_id: int, today: dt.date) -> ScheduleView:
    """The schedule and what is due on ``today``.

    Week 0 is the start of the person's first program (the journey's start): a new program
    version does not restart the outcome clock.
    """
    with uow:
        uow.people.require(person_id)
        own = uow.outcomes.schedule(person_id)
        versions = uow.programs.versions(person_id)
        recorded = uow.outcomes.dates(person_id)
    schedule = own or OutcomeSchedule()
    starts = [v.start_date for v in versions]
    start = min(starts) if starts else (recorded[0] if recorded else today)
    points = schedule_points(schedule, start, today, recorded)
    return ScheduleView(schedule, own is not None, start, points, due_point(points))


# -- series and decisions ----------------------------------------------------------------------


def outcome_series(
    uow: ClinicUnitOfWork, person_id: int, book: MeasureBook | None = None
) -> list[Series]:
    """Each measure (and side) over time, for charts and the report."""
    entries = [s.entry for s in list_outcomes(uow, person_id)]
    return build_series(entries, book or default_measures())


DecisionKind = Literal["step up", "step back", "warning sign", "clearance"]

STEPS_UP = (ActionKind.STEP_UP, ActionKind.PLAN_STEP, ActionKind.LEVER,
            ActionKind.BAND_RESISTANCE, ActionKind.BAND_POSITION, ActionKind.LESS_SUPPORT)
STEPS_BACK = (ActionKind.STEP_DOWN, ActionKind.DELOAD)
WARNING_SIGNS = (ActionKind.SEE_CLINICIAN,)
KIND_OF_ACTION: dict[ActionKind, DecisionKind] = {
    **dict.fromkeys(STEPS_UP, "step up"),
    **dict.fromkeys(STEPS_BACK, "step back"),
    **dict.fromkeys(WARNING_SIGNS, "warning sign"),
}


@dataclass(frozen=True)
class KeyDecision:
    """A decision worth telling a referrer about, in plain words."""

    date: dt.date
    kind: DecisionKind
    variant_id: str
    side: str
    action: str
    explanation: str


def decisions_that_mattered(uow: ClinicUnitOfWork, person_id: int) -> list[KeyDecision]:
    """Steps up the ladder (the plan's too), steps back, warning signs (see a clinician) and
    each recorded clearance of a pause, oldest first.

    The report's "decisions that mattered" section is fed by this one function. It reads the
    progression decisions store and the safety pauses; routine increases of reps, hold or
    load are left out (they are the program working, not a turning point).
    """
    with uow:
        uow.people.require(person_id)
        stored = uow.decisions.with_actions(person_id, list(KIND_OF_ACTION))
        pauses = uow.pauses.all(person_id)
    cleared = [
        KeyDecision(
            date=p.cleared_at.date(), kind="clearance", variant_id="", side="",
            action="clearance",
            explanation=f"Progression resumed: the pause of {p.started_on.isoformat()} "
            f"({p.reason}) was cleared by {p.cleared_by or 'someone unnamed'}: "
            f"{p.clearance_note or 'no note'}",
        )
        for p in pauses if p.cleared_at is not None
    ]
    return sorted([*(_key(d) for d in stored), *cleared], key=lambda k: k.date)


def _key(d: StoredDecision) -> KeyDecision:
    return KeyDecision(
        date=d.date,
        kind=KIND_OF_ACTION[d.action],
        variant_id=d.variant_id,
        side=d.side.value,
        action=d.action.value,
        explanation=d.explanation,
    )


# -- the progress report and the FHIR bundle -------------------------------------------------


def report_data(
    uow: SqlUnitOfWork,
    person_id: int,
    catalog: Catalog,
    today: dt.date,
    *,
    audience: Audience = "referrer",
    condition: str | None = None,
) -> ReportData:
    """Everything the progress report shows, read from the store in one go (the whole
    history, as :func:`~glutemed.services.portability.export_bundle` reads it: the SQL
    store's unit of work, like the export's)."""
    from glutemed.export.charts import adherence_data
    from glutemed.services.portability import export_bundle

    bundle = export_bundle(uow, person_id)
    view = schedule_view(uow, person_id, today)
    decisions = decisions_that_mattered(uow, person_id)
    book = default_measures()
    active = next((p for p in reversed(bundle.programs) if p.active), None)
    planned = trained = 0
    if active is not None and active.start_date is not None:
        weeks_due = max(1, (today - active.start_date).days // 7 + 1)
        live = [s.performed for s in bundle.performed_sets if not s.deleted]
        for week in adherence_data(active.program, live, active.start_date)[:weeks_due]:
            planned += week.planned
            trained += week.performed
    from glutemed.export.report_pdf import ReportData

    return ReportData(
        person=bundle.person.name,
        audience=audience,
        goal=bundle.person.profile.goal,
        condition=condition,
        start=view.start,
        today=today,
        series=build_series(bundle.outcomes, book),
        sessions_planned=planned,
        sessions_trained=trained,
        prescriptions=_in_force(bundle, catalog),
        decisions=[_line(d, catalog) for d in decisions],
        book=book,
        schedule_weeks=view.schedule.weeks,
    )


def _in_force(bundle: HistoryBundle, catalog: Catalog) -> list[PrescriptionLine]:
    from glutemed.export.report_pdf import PrescriptionLine
    from glutemed.export.text import dose_text, variant_name

    unit: Unit = "lb" if bundle.person.unit == "lb" else "kg"
    states = sorted(bundle.progression, key=lambda s: (s.slot, s.side.value))
    if states:
        items = [s.prescription for s in states]
    else:
        active = next((p for p in reversed(bundle.programs) if p.active), None)
        weeks = active.program.weeks if active is not None else []
        items = [i for s in (weeks[0].sessions if weeks else []) for i in s.items]
    return [
        PrescriptionLine(variant_name(rx.variant_id, catalog), rx.side.value,
                         dose_text(rx, unit, catalog))
        for rx in items
    ]


def _line(d: KeyDecision, catalog: Catalog) -> DecisionLine:
    from glutemed.export.report_pdf import DecisionLine
    from glutemed.export.text import variant_name

    if d.kind == "clearance":
        return DecisionLine(d.date, d.kind, "all exercises", d.explanation)
    side = "" if d.side == "both" else f", {d.side} side"
    return DecisionLine(d.date, d.kind, f"{variant_name(d.variant_id, catalog)}{side}",
                        d.explanation)


def fhir_document(
    uow: SqlUnitOfWork,
    person_id: int,
    catalog: Catalog,
    now: dt.datetime,
    *,
    identify: bool = False,
) -> dict[str, Any]:
    """The person's FHIR R4 Bundle (pseudonymous unless ``identify``)."""
    from glutemed.export.to_fhir import render_fhir
    from glutemed.services.portability import export_bundle

    bundle = export_bundle(uow, person_id)
    return render_fhir(bundle, patient_key=f"person-{person_id}", catalog=catalog,
                       book=default_measures(), now=now, identify=identify)
