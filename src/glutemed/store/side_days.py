"""``side_days``: each person's sides, day by day, in summary -- kept in step with the log --
and what a decision reads: this exercise's own sets, the side's days, the warning sets.

A decision used to read the side's last weeks set by set across every exercise (400 rows of
25 columns on a full program) for a handful of per-day facts. It now reads the per-day
summary (:class:`glutemed.progression.side_days.SideDay`) from this table, and set by set
only this exercise's last sessions.

Kept exact, never drifting from the log:

* a stored set folds into its day's row (one upsert: :func:`day_added`, on the hot path
  of logging);
* an edit, a delete or a restore recomputes the rows of the days involved from their live
  sets (:func:`recompute_days`);
* an import stores every set first and rebuilds the person's rows once at the end, in the
  same transaction (:func:`rebuild_days`: one grouped read, so it stays linear), as the
  migration that introduced the table did for every person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Integer,
    Text,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.safety import SEVERE_PAIN_0_10
from glutemed.progression.side_days import (
    SideDay,
    SideRecord,
    day_of_set,
    may_warn,
)
from glutemed.store.set_rows import known_set
from glutemed.store.statements import JSON_COLUMNS, SET_COLUMNS, table_of
from glutemed.store.tables import PerformedSetRow, SideDayRow

_sets = table_of(PerformedSetRow).c
_days = table_of(SideDayRow).c

MAY_WARN = or_(
    _sets.pain_during >= SEVERE_PAIN_0_10,
    _sets.pain_next_morning >= SEVERE_PAIN_0_10,
    _sets.note.is_not(None),
    # a non-empty JSON list is at least ["x"]; empty is [] (or the JSON null)
    func.length(cast(_sets.red_flags, Text)) > 4,
)
""":func:`glutemed.progression.side_days.may_warn` in SQL (the same sets, a property test
checks): severe pain, a reported warning sign, or a note."""

_LIVE_OF_PERSON = (_sets.person_id == bindparam("person_id"), _sets.deleted_at.is_(None))

_DAY_TOTALS = (
    select(
        _sets.side, _sets.date, func.count(_sets.id), func.max(_sets.pain_during),
        func.max(_sets.pain_next_morning), func.sum(case((MAY_WARN, 1), else_=0)),
    )
    .where(*_LIVE_OF_PERSON)
    .group_by(_sets.side, _sets.date)
)
_DAY_VARIANTS = select(_sets.side, _sets.date, _sets.variant_id).distinct().where(
    *_LIVE_OF_PERSON)

_INSERT_DAY = insert(table_of(SideDayRow))

def _set_columns() -> list[Any]:
    return [type_coerce(_sets[name], Text) if name in JSON_COLUMNS else _sets[name]
            for name in SET_COLUMNS]


def _own(side: Any) -> tuple[Any, ...]:
    return (_sets.variant_id == bindparam("variant_id"), side,
            _sets.date <= bindparam("until"), _sets.date >= bindparam("since"),
            *_LIVE_OF_PERSON)


_own_dates = union(
    select(_sets.date).where(*_own(_sets.side == bindparam("side"))),
    select(_sets.date).where(*_own(_sets.side == bindparam("also_side"))),
).subquery("own_dates")
_LAST_OWN_DATES = (
    select(_own_dates.c.date).order_by(_own_dates.c.date.desc())
    .limit(bindparam("sessions", type_=Integer))
)


def _own_sets_of(side: Any, *where: Any) -> Any:
    """This exercise's newest ``limit`` live sets of one stored side on its last training
    days: every column an equality on its index (person, variant, side, date IN ...), so no
    database is tempted to walk the person's log by date instead."""
    newest = (
        select(literal(0).label("kind"), *_set_columns(), _sets.id)
        .where(_sets.person_id == bindparam("person_id"),
               _sets.variant_id == bindparam("variant_id"), _sets.side == side,
               _sets.date.in_(_LAST_OWN_DATES), _sets.deleted_at.is_(None), *where)
        .order_by(_sets.date.desc(), _sets.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .subquery()
    )
    return select(*list(newest.c)[:-1])


_SET_ROW_DAY_COLUMNS = {"variant_id": _days.variants, "side": _days.side, "date": _days.date,
                        "set_index": _days.warn_sets, "pain_during": _days.worst_pain,
                        "pain_next_morning": _days.morning_pain}
_SIDE_DAYS = select(
    literal(1), *[_SET_ROW_DAY_COLUMNS.get(name, null()) for name in SET_COLUMNS]
).where(_days.person_id == bindparam("person_id"),
        _days.side.in_([bindparam("side"), bindparam("also_side")]),
        _days.date >= bindparam("recent_since"), _days.date <= bindparam("until"))
DECISION_READ = union_all(
    _own_sets_of(bindparam("side")),
    _own_sets_of(bindparam("also_side"), bindparam("also_side") != bindparam("side")),
    _SIDE_DAYS,
)
"""One round trip for a decision: this exercise's sets of the side (``side`` and
``also_side``: the leg and both legs) on its last ``sessions`` training days from ``since``
to ``until`` (the facts look back no further); and the side's days
from ``recent_since`` on (``kind`` 1: a day's row in the set row's shape -- its variants,
side, date, warning sets, worst pain and worst next-morning pain).

In no order (the engine orders them), and one branch per side, each an equality on the
exercise's index (person, variant, side, date IN the last days): ordered by date, with
``side IN``, or with a date range, SQLite could walk the person's whole log by date instead
(0.68 against 0.16 ms at 1,000 sets, and growing with the sets a day) -- and whether it did
depended on the order the indexes were created in."""

WARN_SETS = select(*_set_columns()).where(
    *_LIVE_OF_PERSON, _sets.side.in_(bindparam("sides", expanding=True)),
    _sets.date == bindparam("date"), MAY_WARN,
)
"""The sets of one day of the side that may carry a warning sign (read only when that day's
summary counts some: the latest day's, for the decision's warning signs)."""


def _variants(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _row_values(day: SideDay, sets: int, warn_sets: int) -> dict[str, Any]:
    return {"sets": sets, "worst_pain": day.worst_pain, "morning_pain": day.morning_pain,
            "variants": " ".join(sorted(day.variants)), "warn_sets": warn_sets}


def _higher_of(held: Any, new: Any) -> Any:
    """The higher of the stored and the new value, either of them NULL (SQLite's two-argument
    ``max`` and PostgreSQL's ``greatest`` disagree about NULL, so it is spelt out)."""
    return case((new.is_(None), held), (held.is_(None) | (new > held), new), else_=held)


def _upsert_day(dialect: str) -> Any:
    """Insert a day's row, or fold one more set into it: one statement, atomic on both
    databases (the day's unique key decides which)."""
    from sqlalchemy.dialects import postgresql, sqlite

    table = table_of(SideDayRow)
    stmt = (postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table))
    new = stmt.excluded
    position = func.strpos if dialect == "postgresql" else func.instr
    padded = " " + table.c.variants + " "
    return stmt.on_conflict_do_update(
        index_elements=[table.c.person_id, table.c.side, table.c.date],
        set_={
            "sets": table.c.sets + 1,
            "worst_pain": _higher_of(table.c.worst_pain, new.worst_pain),
            "morning_pain": _higher_of(table.c.morning_pain, new.morning_pain),
            "variants": case((position(padded, " " + new.variants + " ") > 0, table.c.variants),
                             else_=table.c.variants + " " + new.variants),
            "warn_sets": table.c.warn_sets + new.warn_sets,
        },
    )


_UPSERT_DAY = {name: _upsert_day(name) for name in ("sqlite", "postgresql")}


def day_added(session: Session, person_id: int, performed: PerformedSet) -> None:
    """Account for a newly stored live set in its day's row (one statement: this runs on
    every logged set)."""
    added = day_of_set(performed)
    dialect = session.get_bind().dialect.name
    session.execute(_UPSERT_DAY[dialect], {
        "person_id": person_id, "side": performed.side.value, "date": performed.date,
        **_row_values(added, 1, int(added.may_warn)),
    })


def _summaries(session: Session, person_id: int,
               keys: set[tuple[str, dt.date]] | None) -> list[dict[str, Any]]:
    """Rows of ``side_days`` recomputed from the live sets: of the (side, date) ``keys``, or
    of every day of the person when ``keys`` is None."""
    totals = _DAY_TOTALS
    names = _DAY_VARIANTS
    if keys is not None:
        dates = sorted({d for _, d in keys})
        totals = totals.where(_sets.date.in_(dates))
        names = names.where(_sets.date.in_(dates))
    params = {"person_id": person_id}
    variants: dict[tuple[str, dt.date], set[str]] = {}
    for side, date, variant_id in session.execute(names, params):
        variants.setdefault((side, date), set()).add(variant_id)
    rows = []
    for side, date, count, during, morning, warn in session.execute(totals, params):
        if keys is not None and (side, date) not in keys:
            continue
        worst = max((p for p in (during, morning) if p is not None), default=None)
        rows.append({"person_id": person_id, "side": side, "date": date, "sets": int(count),
                     "worst_pain": worst, "morning_pain": morning,
                     "variants": " ".join(sorted(variants[(side, date)])),
                     "warn_sets": int(warn or 0)})
    return rows


def recompute_days(session: Session, person_id: int,
                   keys: Iterable[tuple[str, dt.date]]) -> None:
    """Recompute the rows of these (side, date) days from their live sets (after an edit,
    a delete or a restore); a day left without live sets loses its row."""
    wanted = set(keys)
    if not wanted:
        return
    session.flush()
    for side, date in wanted:
        session.execute(delete(table_of(SideDayRow)).where(
            _days.person_id == person_id, _days.side == side, _days.date == date))
    rows = _summaries(session, person_id, wanted)
    if rows:
        session.execute(_INSERT_DAY, rows)


def rebuild_days(session: Session, person_id: int) -> None:
    """Recompute every row of a person from the log (after an import, in its transaction,
    and for every person when the table was introduced): one grouped read."""
    session.flush()
    session.execute(delete(table_of(SideDayRow)).where(_days.person_id == person_id))
    rows = _summaries(session, person_id, None)
    if rows:
        session.execute(_INSERT_DAY, rows)


def stored_days(session: Session, person_id: int) -> list[tuple[str, SideDay, int]]:
    """Every row of a person as (side, summary, sets), oldest first (for checks and tests)."""
    query = (select(_days.side, _days.date, _days.worst_pain, _days.morning_pain,
                    _days.variants, _days.warn_sets, _days.sets)
             .where(_days.person_id == person_id).order_by(_days.date, _days.side))
    return [(side, SideDay(date=date, worst_pain=worst, morning_pain=morning,
                           variants=_variants(variants), may_warn=warn > 0), int(sets))
            for side, date, worst, morning, variants, warn, sets in session.execute(query)]


def decision_record(
    session: Session,
    person_id: int,
    *,
    variant_id: str,
    side: Side,
    since: dt.date,
    recent_since: dt.date,
    until: dt.date,
    sessions: int,
    limit: int,
) -> SideRecord:
    """What a decision reads of one side (see :class:`SideRecord`): this exercise's last
    ``sessions`` training days from ``since`` to ``until``, set by set (the newest ``limit``
    of each stored side: a bound for a day logged far beyond any program); every day of the
    side since ``recent_since`` in summary; and, when the latest of those days holds any,
    its sets that may carry a warning sign. Read after the set being decided was stored."""
    sides = [side.value] if side is Side.BOTH else [side.value, Side.BOTH.value]
    own: list[Any] = []
    days: list[SideDay] = []
    for row in session.execute(DECISION_READ, {
        "person_id": person_id, "variant_id": variant_id, "side": side.value,
        "also_side": Side.BOTH.value, "since": since, "recent_since": recent_since,
        "until": until, "sessions": sessions, "limit": limit,
    }):
        if row[0] == 0:
            own.append(row[1:])
        else:
            days.append(SideDay(date=row[3], worst_pain=row[11], morning_pain=row[12],
                                variants=_variants(row[1]), may_warn=row[4] > 0))
    own_sets = tuple(known_set(r) for r in own)
    if not days:  # the latest day is older than the summaries read: one of the exercise's
        return SideRecord(own=own_sets, days=(),
                          warn_sets=tuple(s for s in own_sets if may_warn(s)))
    latest = max(d.date for d in days)
    warn: Sequence[Any] = ()
    if any(d.may_warn for d in days if d.date == latest):
        warn = session.execute(WARN_SETS, {"person_id": person_id, "sides": sides,
                                           "date": latest}).all()
    return SideRecord(own=own_sets, days=tuple(days),
                      warn_sets=tuple(known_set(r) for r in warn))
