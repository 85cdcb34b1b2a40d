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
from collections.abc import Callable, Mapping, Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.clinic.attention import Acknowledgement
from glutemed.errors import InputError, UnknownIdError
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
    bundle_variant_ids,
    rename_variants,
)
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.programming.models import legacy_slot
from glutemed.progression.models import PerformedSet
from glutemed.progression.validity import check_start_date, date_bounds, default_limits
from glutemed.services.people import schedule
from glutemed.services.set_checks import bounds_for, check_history
from glutemed.store.decision_records import STORY_FIELDS, NewDecision, StoredDecision
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


def import_bundle(
    uow: SqlUnitOfWork,
    bundle: HistoryBundle,
    *,
    today: dt.date,
    name: str | None = None,
    progress: Progress = _no_progress,
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


def checked_bundle(
    bundle: HistoryBundle,
    *,
    today: dt.date,
    catalog: Catalog | None = None,
    variant_map: Mapping[str, str] | None = None,
) -> HistoryBundle:
    """The bundle as :func:`import_bundle` would store it (ids mapped), once every check
    passes; an input error naming the first problem otherwise. Reads no database, so a dry
    run gives the same answer as the import."""
    from glutemed.catalog.loader import load_default_catalog

    catalog = catalog or load_default_catalog()
    if variant_map:
        bundle = rename_variants(bundle, _checked_map(variant_map, catalog))
    _check_variants(bundle, catalog)
    _check_storable(bundle)
    _check_dates_and_sets(bundle, catalog, today)
    return bundle


def _checked_map(variant_map: Mapping[str, str], catalog: Catalog) -> dict[str, str]:
    """The mapping, once every id it maps to is in the catalogue (closest ids otherwise)."""
    for old, new in variant_map.items():
        try:
            catalog.variant(new)
        except UnknownIdError as exc:
            raise InputError("--map", f"{old}={new}: {exc}") from None
    return dict(variant_map)


def _check_variants(bundle: HistoryBundle, catalog: Catalog) -> None:
    """Refuse a bundle naming a variant the catalogue does not have, saying where."""
    for where, variant_id in bundle_variant_ids(bundle):
        try:
            catalog.variant(variant_id)
        except UnknownIdError as exc:
            closest = f"; closest: {', '.join(exc.suggestions)}" if exc.suggestions else ""
            raise InputError(
                where,
                f"unknown variant '{variant_id}'{closest} (all ids: glutemed exercises list; "
                "map an old id to a current one with --map OLD-ID=NEW-ID)",
            ) from None


def _set_label(number: int, performed: PerformedSet) -> str:
    """How a refusal names a set of a bundle: its place in the file and what it was."""
    return (
        f"set {number + 1} ({performed.date}, {performed.variant_id}, {performed.side.value})"
    )


def _check_dates_and_sets(bundle: HistoryBundle, catalog: Catalog, today: dt.date) -> None:
    """Program starts plausible; sets, decisions and trained sessions dated from the first
    program's start to ``today``; every set possible for its variant."""
    limits = default_limits()
    starts = []
    for record in bundle.programs:
        start = record.start_date or today
        check_start_date(start, today, limits, field=f"programs[{record.key}].start_date")
        starts.append(start)
    bounds = date_bounds(
        limits, today=today, log_starts=min(starts, default=None),
        log_starts_is="the first program's start",
    )
    check_history(
        bundle.performed_sets, catalog, body_mass_kg=bundle.person.profile.mass_kg,
        dates=bounds, labels=[_set_label(i, s) for i, s in enumerate(bundle.performed_sets)],
    )
    dated = [
        *((f"decisions[{i}].date", d.date) for i, d in enumerate(bundle.decisions)),
        *(
            (f"programs[{r.key}].completed[{n}]", day)
            for r in bundle.programs
            for n, day in r.completed.items()
        ),
    ]
    for where, day in dated:
        if not bounds.earliest <= day <= bounds.latest:
            raise InputError(
                where, f"{day} is out of range; allowed {bounds.earliest} ({bounds.earliest_is}) "
                f"to {bounds.latest} (today)"
            )


def _check_storable(bundle: HistoryBundle) -> None:
    """Refuse, before writing anything, what the store cannot hold."""
    for number, decision in enumerate(bundle.decisions):
        if decision.prescription_before is None or decision.prescription_after is None:
            raise InputError(
                f"decisions[{number}]",
                "the store needs both prescription_before and prescription_after",
            )


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
    progress: Progress = _no_progress,
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
