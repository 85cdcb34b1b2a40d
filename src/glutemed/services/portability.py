"""Move a person's whole history out of the store and into another one; add sets from a file.

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

This module is the entry point for moving a history, and where the shell imports it from
(:data:`__all__`): the export is :mod:`~glutemed.services.history_export` and the checks an
import makes before it writes are :mod:`~glutemed.services.bundle_checks`; the writes (a
whole bundle, or sets from a tracker app or a lone ``sets.csv``) are here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.clinic.attention import Acknowledgement
from glutemed.errors import InputError
from glutemed.export.bundle import (
    DecisionRecord,
    HistoryBundle,
    PauseRecord,
    ProgramChangeRecord,
    ProgramRecord,
    SetRecord,
)
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.programming.models import legacy_slot
from glutemed.progression.models import PerformedSet
from glutemed.services.bundle_checks import checked_bundle
from glutemed.services.history_export import Progress, export_bundle, no_progress
from glutemed.services.people import schedule
from glutemed.services.set_checks import bounds_for, check_history
from glutemed.store.decision_records import STORY_FIELDS, NewDecision
from glutemed.store.unit_of_work import SqlUnitOfWork

__all__ = ["Progress", "check_sets", "checked_bundle", "export_bundle", "import_bundle",
           "import_sets"]


def import_bundle(
    uow: SqlUnitOfWork,
    bundle: HistoryBundle,
    *,
    today: dt.date,
    name: str | None = None,
    progress: Progress = no_progress,
    catalog: Catalog | None = None,
    variant_map: Mapping[str, str] | None = None,
) -> int:
    """Store a bundle as a new person, all or nothing; returns the new person's id.

    ``name`` renames the person (a store refuses two people with one name); ``today`` is
    the person's local today: the latest date a set may carry, and the start date given to
    a program that has none. ``variant_map`` renames variant ids throughout the bundle
    (old id -> catalogue id) before anything is checked.

    Everything is checked before the transaction opens: every variant id is in the
    catalogue, every program start is plausible, and every set is possible
    (:func:`glutemed.services.set_checks.check_history`) and dated between the first
    program's start and ``today``.
    """
    bundle = checked_bundle(bundle, today=today, catalog=catalog, variant_map=variant_map)
    with uow:
        person_id = uow.people.add(
            name or bundle.person.name,
            bundle.person.profile,
            units=bundle.person.unit,
            timezone=bundle.person.timezone,
        )
        # The store makes the program added last the active one.
        program_ids = {record.key: _add_program(uow, person_id, record, today)
                       for record in sorted(bundle.programs, key=lambda r: r.active)}
        set_ids = _add_sets(uow, person_id, bundle.performed_sets, progress)
        decision_ids = [uow.decisions.add(_new_decision(person_id, decision, set_ids))
                        for decision in bundle.decisions]
        for state in bundle.progression:
            uow.state.put(person_id, state.slot, state.side, state.prescription, state.counters,
                          session_date=state.session_date, session_target=state.session_target,
                          session_base_sets=state.session_base_sets)
        for pause in bundle.pauses:
            _add_pause(uow, person_id, pause, decision_ids)
        for entry in bundle.outcomes:
            uow.outcomes.add(person_id, entry)
        for ack in bundle.attention_acks:
            uow.attention.add(person_id, Acknowledgement(
                kind=ack.kind, key=ack.key, by=ack.by, at=ack.at, note=ack.note))
        for change in bundle.program_changes:
            _add_change(uow, person_id, change, program_ids)
        if bundle.person.outcome_weeks is not None:
            uow.outcomes.set_schedule(
                person_id, OutcomeSchedule(weeks=bundle.person.outcome_weeks)
            )
        uow.commit()
    return person_id


def _add_change(uow: SqlUnitOfWork, person_id: int, change: ProgramChangeRecord,
                program_ids: Mapping[str, int]) -> None:
    """A recorded program change; a clinician's lock sets what the client may change."""
    program_id = None if change.program is None else program_ids.get(change.program)
    uow.program_changes.add(person_id, program_id, at=change.at, by=change.by,
                            role=change.role, what=change.what, edit=dict(change.edit))
    if change.edit.get("op") == "access" and change.edit.get("access") in ("dose", "locked"):
        uow.program_changes.set_access(person_id, str(change.edit["access"]), by=change.by,
                                       at=change.at)


def _add_program(uow: SqlUnitOfWork, person_id: int, record: ProgramRecord, today: dt.date) -> int:
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
    return program_id


def _add_sets(
    uow: SqlUnitOfWork, person_id: int, sets: Sequence[PerformedSet], progress: Progress
) -> list[int]:
    """Store sets in order; a :class:`SetRecord` with ``deleted_at`` is stored deleted.

    Each progress line the sets touch, and the per-day summaries, are recomputed once, after
    the last set and in the same transaction, so the import costs the same whatever order
    the sets come in."""
    ids = []
    lines: set[tuple[str, str]] = set()
    for i, performed in enumerate(sets, start=1):
        deleted_at = performed.deleted_at if isinstance(performed, SetRecord) else None
        bare = performed.performed if isinstance(performed, SetRecord) else performed
        ids.append(uow.sets.add(person_id, bare, deleted_at=deleted_at, update_line=False))
        if deleted_at is None:
            lines.add((bare.variant_id, bare.side.value))
        if i % 500 == 0:
            progress(500)
    uow.sets.recompute_lines(person_id, lines)
    uow.sets.rebuild_days(person_id)
    progress(len(sets) % 500)
    return ids


def _add_pause(uow: SqlUnitOfWork, person_id: int, pause: PauseRecord,
               decision_ids: Sequence[int]) -> None:
    """A safety pause and, when it was cleared, its clearance, exactly as exported."""
    linked = None if pause.decision is None else decision_ids[pause.decision]
    pause_id = uow.pauses.open(person_id, pause.started_on, pause.reason, linked,
                               created_at=pause.created_at)
    if pause.cleared_at is not None:
        uow.pauses.clear(pause_id, by=pause.cleared_by, note=pause.clearance_note,
                         cleared_at=pause.cleared_at)


def _new_decision(person_id: int, d: DecisionRecord, set_ids: Sequence[int]) -> NewDecision:
    assert d.prescription_before is not None and d.prescription_after is not None
    return NewDecision(
        **{name: getattr(d, name) for name in STORY_FIELDS},
        person_id=person_id,
        performed_set_id=None if d.performed_set is None else set_ids[d.performed_set],
        slot=d.slot or (legacy_slot(d.prescription_before.role, d.variant_id)),
    )


def import_sets(
    uow: SqlUnitOfWork,
    person_id: int,
    sets: Sequence[PerformedSet],
    *,
    progress: Progress = no_progress,
    catalog: Catalog | None = None,
    today: dt.date | None = None,
    labels: Sequence[str] | None = None,
) -> tuple[int, int]:
    """Add performed sets (from a tracker app or a lone ``sets.csv``) to a person, all or none.

    The sets are stored as history only: no progression decision is made for them, because
    the engine's rules judge a set against the target it was done for, which a tracker app
    never recorded. A set identical to one already logged that day is skipped, so importing
    the same file twice does not double the history. A row of a ``sets.csv`` that carries
    ``deleted_at`` is stored as deleted (restorable, left out of progress). Returns (stored,
    duplicates skipped).

    Every set is checked first, as a logged set is (its variant's modes, equipment and
    plausible numbers; dated from the start of the person's log to ``today``, their local
    today by default); a per-side ``both`` is accepted, since trackers do not tell legs
    apart. The first impossible set refuses the whole file, named by ``labels`` (its row).
    """
    with uow:
        _check_sets_for(uow, person_id, sets, catalog, today, labels)
        fresh = _not_logged_yet(uow, person_id, sets)
        _add_sets(uow, person_id, fresh, progress)
        uow.commit()
    return len(fresh), len(sets) - len(fresh)


def check_sets(
    uow: SqlUnitOfWork,
    person_id: int,
    sets: Sequence[PerformedSet],
    *,
    catalog: Catalog | None = None,
    today: dt.date | None = None,
    labels: Sequence[str] | None = None,
) -> None:
    """The checks of :func:`import_sets`, storing nothing (a dry run)."""
    with uow:
        _check_sets_for(uow, person_id, sets, catalog, today, labels)


def _check_sets_for(
    uow: SqlUnitOfWork,
    person_id: int,
    sets: Sequence[PerformedSet],
    catalog: Catalog | None,
    today: dt.date | None,
    labels: Sequence[str] | None,
) -> None:
    from glutemed.catalog.loader import load_default_catalog
    from glutemed.services.people import local_today

    facts = uow.people.log_facts(person_id)
    check_history(
        sets, catalog or load_default_catalog(), body_mass_kg=facts.mass_kg,
        dates=bounds_for(facts, today or local_today(facts.timezone)), labels=labels,
    )


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
