"""Prebuilt SQL for the hot path of logging a set.

Building a SQLAlchemy statement and its cache key costs more than SQLite takes to run it, so
the statements run on every logged set are built once, here, against the tables (not the
ORM classes) with named bind parameters, and executed with a dict of values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Integer,
    Table,
    Text,
    bindparam,
    func,
    insert,
    select,
    type_coerce,
    update,
)

from glutemed.store.tables import (
    DecisionRow,
    PerformedSetRow,
    PersonRow,
    PlannedSessionRow,
    ProgramRow,
    ProgressionStateRow,
    ProgressLineRow,
    SafetyPauseRow,
)


def table_of(model: Any) -> Table:
    """The Core table of a mapped row class, typed (``__table__`` is ``FromClause`` to mypy)."""
    table: Table = model.__table__
    return table


programs = table_of(ProgramRow).c
planned = table_of(PlannedSessionRow).c
sets = table_of(PerformedSetRow).c
state = table_of(ProgressionStateRow).c
lines = table_of(ProgressLineRow).c
people = table_of(PersonRow).c

LOG_FACTS = select(
    people.name,
    people.timezone,
    people.created_at,
    people.profile,
    select(func.min(programs.start_date))
    .where(programs.person_id == bindparam("person_id"))
    .scalar_subquery(),
).where(people.id == bindparam("person_id"))
"""What checking a new set needs about its person (see ``PeopleRepository.log_facts``)."""

ACTIVE_PROGRAM_ID = (
    select(programs.id)
    .where(programs.person_id == bindparam("person_id"), programs.active.is_(True))
    .order_by(programs.version.desc())
    .limit(1)
)

SESSION_DONE_ON = (
    select(planned.id, planned["items"])
    .where(planned.program_id == bindparam("program_id"), planned.completed_on == bindparam("day"))
    .order_by(planned.sequence.desc())
    .limit(1)
)

FIRST_OPEN_SESSION = (
    select(planned.id, planned["items"])
    .where(planned.program_id == bindparam("program_id"), planned.completed_on.is_(None))
    .order_by(planned.sequence)
    .limit(1)
)


MARK_COMPLETED = (
    update(table_of(PlannedSessionRow))
    .where(planned.id == bindparam("session_id"))
    .values(completed_on=bindparam("trained_on"))
)
"""A session trained on ``:trained_on`` (the first set logged of each session)."""


def _session_column(done: bool, column: Any) -> Any:
    """One column of the program's session done on ``:day`` (the last one) or of its first
    open session, as a subquery correlated to the active program row."""
    query = select(column).where(planned.program_id == programs.id)
    if done:
        query = query.where(planned.completed_on == bindparam("day"))
        query = query.order_by(planned.sequence.desc())
    else:
        query = query.where(planned.completed_on.is_(None)).order_by(planned.sequence)
    return query.limit(1).scalar_subquery()


SESSION_COLUMNS = ("id", "sequence", "week", "items")
"""What the logging path reads of a planned session (see ``records.SessionRef``)."""

ACTIVE_PROGRAM_AND_SESSIONS = (
    select(
        programs.id,
        *[_session_column(True, planned[c]) for c in SESSION_COLUMNS],
        *[_session_column(False, planned[c]) for c in SESSION_COLUMNS],
    )
    .where(programs.person_id == bindparam("person_id"), programs.active.is_(True))
    .order_by(programs.version.desc())
    .limit(1)
)
"""The active program and the two sessions a set may belong to, in one round trip: the
session trained on ``:day`` (more sets of a session already started) and the first session
not yet trained."""

SESSIONS_AFTER = (
    select(*[planned[c] for c in SESSION_COLUMNS])
    .where(planned.program_id == bindparam("program_id"),
           planned.sequence > bindparam("sequence"))
    .order_by(planned.sequence)
    .limit(bindparam("limit"))
)
"""The sessions that follow one, in training order (where a slot's next item is found)."""

UPDATE_STATE = update(table_of(ProgressionStateRow)).where(state.id == bindparam("state_id"))

SET_COLUMNS = (
    "variant_id",
    "side",
    "date",
    "set_index",
    "reps",
    "hold_s",
    "load_kg",
    "band",
    "band_at",
    "rir",
    "pain_during",
    "pain_next_morning",
    "checks",
    "felt_in",
    "note",
    "red_flags",
    "target_reps_low",
    "target_reps_high",
    "target_hold_s_low",
    "target_hold_s_high",
    "target_load_kg",
    "target_sets",
    "target_band",
    "target_band_at",
    "slot",
)

JSON_COLUMNS = frozenset({"checks", "red_flags"})
"""Read as the stored text by the history query: most rows hold ``{}`` or ``[]``, and the
row reader decodes only the others (on SQLite the JSON type would run ``json.loads`` twice a
row; PostgreSQL's driver hands them over decoded either way)."""

PERSON_EXISTS = select(people.id).where(people.id == bindparam("person_id"))
"""The person's id if they exist (``PeopleRepository.check``: built once, not per read)."""

RECENT_SETS = (
    select(
        sets.id, sets.person_id, sets.planned_session_id, sets.created_at, sets.client_id,
        *[type_coerce(sets[name], Text) if name in JSON_COLUMNS else sets[name]
          for name in SET_COLUMNS],
    )
    .where(sets.person_id == bindparam("person_id"), sets.deleted_at.is_(None))
    .order_by(sets.date.desc(), sets.id.desc())
    .limit(bindparam("limit", type_=Integer))
)
"""The person's latest live sets, newest first, as plain columns (the history views' and
``GET /api/v1/people/{id}/sets``' read: one index walk of ``limit`` rows)."""


INSERT_SET = insert(table_of(PerformedSetRow))
INSERT_DECISION = insert(table_of(DecisionRow))

LINE_FOR_UPDATE = (
    select(
        lines.id,
        lines.sessions,
        lines.sets,
        lines.first_date,
        lines.first_load_kg,
        lines.first_reps,
        lines.first_hold_s,
        lines.last_date,
        lines.recent,
        lines.best_load_kg,
        lines.best_reps,
        lines.best_hold_s,
        lines.max_pain,
    )
    .where(
        lines.person_id == bindparam("person_id"),
        lines.variant_id == bindparam("variant_id"),
        lines.side == bindparam("side"),
    )
    .with_for_update()
)
INSERT_LINE = insert(table_of(ProgressLineRow))
UPDATE_LINE = update(table_of(ProgressLineRow)).where(lines.id == bindparam("line_id"))

_pauses = table_of(SafetyPauseRow).c
PAUSE_OPEN = (
    select(_pauses.id, _pauses.started_on, _pauses.reason, _pauses.decision_id,
           _pauses.created_at)
    .where(_pauses.person_id == bindparam("person_id"), _pauses.cleared_at.is_(None))
    .order_by(_pauses.id.desc())
    .limit(1)
)
"""The person's open safety pause (read on every logged set)."""

_people = table_of(PersonRow).c
PERSON_BRIEF = select(
    *LOG_FACTS.selected_columns,
    select(_pauses.reason)
    .where(_pauses.person_id == _people.id, _pauses.cleared_at.is_(None))
    .order_by(_pauses.id.desc())
    .limit(1)
    .scalar_subquery(),
).where(_people.id == bindparam("person_id"))
"""What logging a set needs of the person, in one round trip: the facts that check the set
(:data:`LOG_FACTS`: name, time zone, creation, profile, first program start) and why
progression is paused (or NULL)."""

STATES_OF_SIDES = (
    select(*[state[c] for c in ("id", "slot", "side", "prescription", "counters",
                                "session_date", "session_target", "session_base_sets")])
    .where(state.person_id == bindparam("person_id"),
           state.side.in_(bindparam("sides", expanding=True)))
    .order_by(state.id)
)
"""The progression lines of one side (and of both legs) of a person."""
