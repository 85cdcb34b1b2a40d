"""Move a person's whole history out of the store and into another one.

``export_bundle`` reads everything glutemed keeps about a person - profile, every program
version with the sessions already trained, every performed set (deleted ones too, with the
instant they were deleted), the decisions and the prescription in force per exercise and
side - into a :class:`HistoryBundle`, the database-independent value the JSON and CSV
writers serialise. ``import_bundle`` writes a bundle back as a new person in **one**
transaction: either all of it is stored or, on any error, none of it.

A deleted set is stored as deleted again, with its original ``deleted_at``: it can still be
restored, and until then decisions and progress leave it out, exactly as before the move.
Set-to-decision links survive by position (``DecisionRecord.performed_set``), also to a
deleted set. What does not travel: the link from a set to the planned session it was logged
against, and web accounts and their password hashes (a bundle is a person's training
history, not their login, and a file that is mailed around must not carry credentials).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from glutemed.errors import InputError
from glutemed.export.bundle import (
    DecisionRecord,
    HistoryBundle,
    PersonRecord,
    ProgramRecord,
    ProgressionRecord,
    SetRecord,
)
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.progression.models import PerformedSet
from glutemed.services.people import schedule
from glutemed.store.repositories import NewDecision, StoredDecision
from glutemed.store.unit_of_work import SqlUnitOfWork

Progress = Callable[[int], None]
"""Called with the number of rows just handled, so the shell can move a progress bar."""


def _no_progress(_: int) -> None:
    return None


def export_bundle(
    uow: SqlUnitOfWork, person_id: int, *, progress: Progress = _no_progress
) -> HistoryBundle:
    """Everything stored about one person, as a portable bundle (read-only)."""
    with uow:
        person = uow.people.get(person_id)
        programs = _programs(uow, person_id)
        stored_sets = list(reversed(uow.sets.recent(person_id, include_deleted=True)))
        progress(len(stored_sets))
        position = {stored.id: i for i, stored in enumerate(stored_sets)}
        decisions = [
            _decision_record(d, position)
            for d in reversed(uow.decisions.recent(person_id, limit=1_000_000))
        ]
        progress(len(decisions))
        states = [
            ProgressionRecord(
                slot=s.slot, side=s.side, prescription=s.prescription, counters=s.counters
            )
            for s in uow.state.all(person_id)
        ]
        outcomes = [o.entry for o in uow.outcomes.all(person_id)]
        own_schedule = uow.outcomes.schedule(person_id)
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
        outcomes=outcomes,
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
    return DecisionRecord(
        date=stored.date,
        variant_id=stored.variant_id,
        slot=stored.slot,
        side=stored.side,
        action=stored.action,
        explanation=stored.explanation,
        rule_ids=list(stored.rule_ids),
        facts=dict(stored.facts),
        prescription_before=stored.prescription_before,
        prescription_after=stored.prescription_after,
        performed_set=position.get(link) if link is not None else None,
    )


def import_bundle(
    uow: SqlUnitOfWork,
    bundle: HistoryBundle,
    *,
    today: dt.date,
    name: str | None = None,
    progress: Progress = _no_progress,
) -> int:
    """Store a bundle as a new person, all or nothing; returns the new person's id.

    ``name`` renames the person (a store refuses two people with one name); ``today`` is
    the start date given to a program that has none.
    """
    _check_storable(bundle)
    with uow:
        person_id = uow.people.add(
            name or bundle.person.name,
            bundle.person.profile,
            units=bundle.person.unit,
            timezone=bundle.person.timezone,
        )
        # The store makes the program added last the active one.
        for record in sorted(bundle.programs, key=lambda r: r.active):
            _add_program(uow, person_id, record, today)
        set_ids = _add_sets(uow, person_id, bundle.performed_sets, progress)
        for decision in bundle.decisions:
            uow.decisions.add(_new_decision(person_id, decision, set_ids))
        for state in bundle.progression:
            uow.state.put(person_id, state.slot, state.side, state.prescription, state.counters)
        for entry in bundle.outcomes:
            uow.outcomes.add(person_id, entry)
        if bundle.person.outcome_weeks is not None:
            uow.outcomes.set_schedule(
                person_id, OutcomeSchedule(weeks=bundle.person.outcome_weeks)
            )
        uow.commit()
    return person_id


def _check_storable(bundle: HistoryBundle) -> None:
    """Refuse, before writing anything, what the store cannot hold."""
    for number, decision in enumerate(bundle.decisions):
        if decision.prescription_before is None or decision.prescription_after is None:
            raise InputError(
                f"decisions[{number}]",
                "the store needs both prescription_before and prescription_after",
            )


def _add_program(uow: SqlUnitOfWork, person_id: int, record: ProgramRecord, today: dt.date) -> None:
    start = record.start_date or today
    program_id = uow.programs.add(person_id, record.program, start, schedule(record.program, start))
    by_sequence = {s.sequence: s.id for s in uow.programs.sessions(program_id)}
    for sequence, day in sorted(record.completed.items()):
        if sequence not in by_sequence:
            raise InputError(
                f"programs[{record.key}].completed",
                f"session {sequence} does not exist (the program has {len(by_sequence)})",
            )
        uow.programs.mark_completed(by_sequence[sequence], day)


def _add_sets(
    uow: SqlUnitOfWork, person_id: int, sets: Sequence[PerformedSet], progress: Progress
) -> list[int]:
    """Store sets in order; a :class:`SetRecord` with ``deleted_at`` is stored deleted."""
    ids = []
    for i, performed in enumerate(sets, start=1):
        if isinstance(performed, SetRecord):
            ids.append(
                uow.sets.add(person_id, performed.performed, deleted_at=performed.deleted_at)
            )
        else:
            ids.append(uow.sets.add(person_id, performed))
        if i % 500 == 0:
            progress(500)
    progress(len(sets) % 500)
    return ids


def _new_decision(person_id: int, d: DecisionRecord, set_ids: Sequence[int]) -> NewDecision:
    assert d.prescription_before is not None and d.prescription_after is not None
    return NewDecision(
        person_id=person_id,
        performed_set_id=None if d.performed_set is None else set_ids[d.performed_set],
        slot=d.slot or d.variant_id,
        variant_id=d.variant_id,
        side=d.side,
        date=d.date,
        action=d.action,
        rule_ids=list(d.rule_ids),
        facts=dict(d.facts),
        explanation=d.explanation,
        prescription_before=d.prescription_before,
        prescription_after=d.prescription_after,
    )


def import_sets(
    uow: SqlUnitOfWork,
    person_id: int,
    sets: Sequence[PerformedSet],
    *,
    progress: Progress = _no_progress,
) -> tuple[int, int]:
    """Add performed sets (from a tracker app or a lone ``sets.csv``) to a person, all or none.

    The sets are stored as history only: no progression decision is made for them, because
    the engine's rules judge a set against the target it was done for, which a tracker app
    never recorded. A set identical to one already logged that day is skipped, so importing
    the same file twice does not double the history. A row of a ``sets.csv`` that carries
    ``deleted_at`` is stored as deleted (restorable, left out of progress). Returns (stored,
    duplicates skipped).
    """
    with uow:
        uow.people.require(person_id)
        fresh = _not_logged_yet(uow, person_id, sets)
        _add_sets(uow, person_id, fresh, progress)
        uow.commit()
    return len(fresh), len(sets) - len(fresh)


def _not_logged_yet(
    uow: SqlUnitOfWork, person_id: int, sets: Sequence[PerformedSet]
) -> list[PerformedSet]:
    seen: dict[dt.date, set[str]] = {}
    fresh = []
    for performed in sets:
        if performed.date not in seen:
            logged = uow.sets.on_date(person_id, performed.date)
            seen[performed.date] = {s.performed.model_dump_json() for s in logged}
        bare = performed.performed if isinstance(performed, SetRecord) else performed
        key = bare.model_dump_json()
        if key not in seen[performed.date]:
            fresh.append(performed)
            seen[performed.date].add(key)
    return fresh
