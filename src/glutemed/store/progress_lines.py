"""Keeping ``progress_lines`` in step with the log: incremental on add, recomputed on change.

Adding a set on or after a line's latest session only updates counters and bests (one read,
one write). Anything else -- an edit, a delete, a restore, a set back-dated before the
latest session -- recomputes that one (variant, side) line from its sets, so the summary can
never drift from the log. :func:`rebuild_lines` recomputes every line of a person (used by
the migration that introduced the table, and after bulk imports that bypass the repository).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from glutemed.progression.models import PerformedSet
from glutemed.store import statements as S
from glutemed.store.tables import PerformedSetRow, ProgressLineRow

RECENT_SESSIONS = 3
"""Sessions kept per line for the left-right comparison (one session alone is too noisy)."""


def _max(a: float | None, b: float | None) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _day(values: list[Any], performed: PerformedSet) -> list[Any]:
    """Merge a set into a ``[date, load, reps, hold]`` session entry."""
    return [
        values[0],
        _max(values[1], performed.load_kg),
        _max(values[2], performed.reps),
        _max(values[3], performed.hold_s),
    ]


def line_added(session: Session, person_id: int, performed: PerformedSet) -> None:
    """Account for a newly stored set (plain SQL: this runs on every logged set)."""
    side = performed.side.value
    key = {"person_id": person_id, "variant_id": performed.variant_id, "side": side}
    line = session.execute(S.LINE_FOR_UPDATE, key).first()
    day = performed.date.isoformat()
    if line is None:
        entry = _day([day, None, None, None], performed)
        session.execute(
            S.INSERT_LINE,
            {
                **key,
                "sessions": 1,
                "sets": 1,
                "first_date": performed.date,
                "first_load_kg": entry[1],
                "first_reps": entry[2],
                "first_hold_s": entry[3],
                "last_date": performed.date,
                "recent": [entry],
                "best_load_kg": entry[1],
                "best_reps": entry[2],
                "best_hold_s": entry[3],
                "max_pain": performed.pain_during,
            },
        )
        return
    if performed.date < line.last_date:
        recompute_line(session, person_id, performed.variant_id, side)
        return
    recent = [list(r) for r in line.recent]
    values: dict[str, Any] = {"sets": line.sets + 1}
    if performed.date == line.last_date:
        recent[-1] = _day(recent[-1], performed)
    else:
        recent = [*recent, _day([day, None, None, None], performed)][-RECENT_SESSIONS:]
        values.update(sessions=line.sessions + 1, last_date=performed.date)
    if performed.date == line.first_date:
        values.update(
            first_load_kg=_max(line.first_load_kg, performed.load_kg),
            first_reps=_max(line.first_reps, performed.reps),
            first_hold_s=_max(line.first_hold_s, performed.hold_s),
        )
    values.update(
        recent=recent,
        best_load_kg=_max(line.best_load_kg, performed.load_kg),
        best_reps=_max(line.best_reps, performed.reps),
        best_hold_s=_max(line.best_hold_s, performed.hold_s),
        max_pain=_max(line.max_pain, performed.pain_during),
    )
    session.execute(S.UPDATE_LINE, {"line_id": line.id, **values})


def recompute_line(session: Session, person_id: int, variant_id: str, side: str) -> None:
    """Rebuild one line from its live sets (or remove it when none is left)."""
    t = PerformedSetRow
    days = session.execute(
        select(
            t.date,
            func.count(),
            func.max(t.load_kg),
            func.max(t.reps),
            func.max(t.hold_s),
            func.max(t.pain_during),
        )
        .where(
            t.person_id == person_id,
            t.variant_id == variant_id,
            t.side == side,
            t.deleted_at.is_(None),
        )
        .group_by(t.date)
        .order_by(t.date)
    ).all()
    session.execute(
        delete(ProgressLineRow).where(
            ProgressLineRow.person_id == person_id,
            ProgressLineRow.variant_id == variant_id,
            ProgressLineRow.side == side,
        )
    )
    if days:
        session.add(_line_from_days(person_id, variant_id, side, days))
    session.flush()


def _line_from_days(
    person_id: int, variant_id: str, side: str, days: Sequence[Any]
) -> ProgressLineRow:
    first = days[0]
    entries = [[d.isoformat(), load, reps, hold] for d, _, load, reps, hold, _ in days]

    def best(index: int) -> Any:
        values = [e[index] for e in entries if e[index] is not None]
        return max(values) if values else None

    pains = [pain for *_, pain in days if pain is not None]
    return ProgressLineRow(
        person_id=person_id,
        variant_id=variant_id,
        side=side,
        sessions=len(days),
        sets=sum(int(n) for _, n, *_ in days),
        first_date=first[0],
        first_load_kg=first[2],
        first_reps=first[3],
        first_hold_s=first[4],
        last_date=days[-1][0],
        recent=entries[-RECENT_SESSIONS:],
        best_load_kg=best(1),
        best_reps=best(2),
        best_hold_s=best(3),
        max_pain=max(pains) if pains else None,
    )


def rebuild_lines(session: Session, person_id: int) -> int:
    """Recompute every line of a person from the log; returns how many lines there are."""
    t = PerformedSetRow
    pairs = session.execute(
        select(t.variant_id, t.side)
        .where(t.person_id == person_id, t.deleted_at.is_(None))
        .distinct()
    ).all()
    session.execute(delete(ProgressLineRow).where(ProgressLineRow.person_id == person_id))
    for variant_id, side in pairs:
        recompute_line(session, person_id, variant_id, side)
    return len(pairs)
