"""A person's whole history read out of the store as a portable bundle (read-only).

Profile, every program version with the sessions already trained, every performed set
(deleted ones too, with the instant they were deleted), the decisions and the prescription
in force per exercise and side, the pauses, outcomes, acknowledgements and program changes:
the :class:`~glutemed.export.bundle.HistoryBundle` the JSON and CSV writers serialise. Links
between rows (a decision's set, a pause's decision, a change's program) travel as positions
or keys inside the bundle, never as database ids.
"""

from __future__ import annotations

from collections.abc import Callable

from glutemed.export.bundle import (
    AcknowledgementRecord,
    DecisionRecord,
    HistoryBundle,
    PauseRecord,
    PersonRecord,
    ProgramChangeRecord,
    ProgramRecord,
    ProgressionRecord,
    SetRecord,
)
from glutemed.store.decision_records import StoredDecision
from glutemed.store.unit_of_work import SqlUnitOfWork

Progress = Callable[[int], None]
"""Called with the number of rows just handled, so the shell can move a progress bar (the
export and the imports take the same callback)."""


def no_progress(_: int) -> None:
    """The default :data:`Progress`: nothing to move."""
    return None


def export_bundle(
    uow: SqlUnitOfWork, person_id: int, *, progress: Progress = no_progress
) -> HistoryBundle:
    """Everything stored about one person, as a portable bundle (read-only)."""
    with uow:
        person = uow.people.get(person_id)
        programs = _programs(uow, person_id)
        stored_sets = list(reversed(uow.sets.recent(person_id, include_deleted=True)))
        progress(len(stored_sets))
        position = {stored.id: i for i, stored in enumerate(stored_sets)}
        stored_decisions = list(reversed(uow.decisions.recent(person_id, limit=1_000_000)))
        decisions = [_decision_record(d, position) for d in stored_decisions]
        progress(len(decisions))
        states = [
            ProgressionRecord(
                slot=s.slot, side=s.side, prescription=s.prescription, counters=s.counters,
                session_date=s.session_date, session_target=s.session_target,
                session_base_sets=s.session_base_sets,
            )
            for s in uow.state.all(person_id)
        ]
        decision_at = {d.id: i for i, d in enumerate(stored_decisions)}
        pauses = [
            PauseRecord(
                started_on=p.started_on, reason=p.reason, created_at=p.created_at,
                cleared_at=p.cleared_at, cleared_by=p.cleared_by,
                clearance_note=p.clearance_note,
                decision=None if p.decision_id is None else decision_at.get(p.decision_id),
            )
            for p in uow.pauses.all(person_id)
        ]
        outcomes = [o.entry for o in uow.outcomes.all(person_id)]
        own_schedule = uow.outcomes.schedule(person_id)
        acks = [
            AcknowledgementRecord(kind=a.kind, key=a.key, by=a.by, at=a.at, note=a.note)
            for a in uow.attention.all(person_id)
        ]
        keys = {p.id: f"program-{p.version}" for p in uow.programs.versions(person_id)}
        changes = [
            ProgramChangeRecord(at=c.at, by=c.by, role=c.role,
                                what=c.what, edit=c.edit,
                                program=None if c.program_id is None else keys.get(c.program_id))
            for c in uow.program_changes.all(person_id)
        ]
    return HistoryBundle(
        person=PersonRecord(
            name=person.name,
            profile=person.profile,
            unit="lb" if person.units == "lb" else "kg",
            timezone=person.timezone,
            outcome_weeks=None if own_schedule is None else own_schedule.weeks,
        ),
        programs=programs,
        performed_sets=[SetRecord.of(s.performed, s.deleted_at) for s in stored_sets],
        decisions=decisions,
        progression=states,
        pauses=pauses,
        outcomes=outcomes,
        attention_acks=acks,
        program_changes=changes,
    )


def _programs(uow: SqlUnitOfWork, person_id: int) -> list[ProgramRecord]:
    """Every program version, oldest first, with the sessions already trained."""
    records = []
    for stored in uow.programs.versions(person_id):
        sessions = uow.programs.sessions(stored.id)
        records.append(
            ProgramRecord(
                key=f"program-{stored.version}",
                start_date=stored.start_date,
                active=stored.active,
                program=stored.program,
                completed={s.sequence: s.completed_on for s in sessions if s.completed_on},
            )
        )
    return records


def _decision_record(stored: StoredDecision, position: dict[int, int]) -> DecisionRecord:
    link = stored.performed_set_id
    return DecisionRecord.model_validate({
        **stored.story(), "slot": stored.slot,
        "performed_set": position.get(link) if link is not None else None,
    })
