"""The performed-sets repository: add, read, edit, soft-delete and restore a person's sets.

Every write keeps the set's progress line (:mod:`glutemed.store.progress_lines`) in step in
the same transaction; the reads on the logging path use prebuilt SQL and plain columns (see
:mod:`glutemed.store.set_rows`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Side
from glutemed.progression.day_best import DayBest
from glutemed.progression.models import PerformedSet
from glutemed.progression.side_days import SideRecord
from glutemed.store import side_days
from glutemed.store import statements as S
from glutemed.store.conversions import MAX_ID, as_utc, new_id
from glutemed.store.progress_lines import line_added, recompute_line
from glutemed.store.records import Maxima, ProgressLine, SessionAggregate, StoredSet
from glutemed.store.set_rows import (
    row_to_set,
    set_to_row,
    set_values,
    stored_from_columns,
    stored_set,
)
from glutemed.store.side_days import day_added, rebuild_days, recompute_days
from glutemed.store.tables import PerformedSetRow, ProgressLineRow, utc_now


class SetsRepository:
    """Performed sets: add, read, edit, soft-delete and restore."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        person_id: int,
        performed: PerformedSet,
        planned_session_id: int | None = None,
        *,
        deleted_at: dt.datetime | None = None,
        update_line: bool = True,
    ) -> int:
        """Store a performed set (already deleted when ``deleted_at`` is given); its id.

        ``update_line=False`` leaves the set's progress line and day summary alone: an import
        of many sets stores them all, then calls :meth:`recompute_lines` once for the lines
        it touched and :meth:`rebuild_days`."""
        return self.store(person_id, performed, planned_session_id, deleted_at=deleted_at,
                          update_line=update_line).id

    def recompute_lines(self, person_id: int, lines: Iterable[tuple[str, str]]) -> None:
        """Rebuild each (variant, side) progress line once from its sets (after an import).

        Keeping the lines up to date set by set costs one read and one write per set when
        the sets come in date order, but a whole rebuild of the line for every set dated
        before the line's latest session: a history imported newest first would cost the
        square of its length. Rebuilt once at the end, in the same transaction, an import
        costs the same in any order."""
        for variant_id, side in sorted(set(lines)):
            recompute_line(self._s, person_id, variant_id, side)

    def rebuild_days(self, person_id: int) -> None:
        """Rebuild the person's per-day summaries once from the log (after an import that
        stored its sets with ``update_line=False``; see :mod:`glutemed.store.side_days`)."""
        rebuild_days(self._s, person_id)

    def store(
        self,
        person_id: int,
        performed: PerformedSet,
        planned_session_id: int | None = None,
        *,
        deleted_at: dt.datetime | None = None,
        client_id: str | None = None,
        update_line: bool = True,
    ) -> StoredSet:
        """Store a performed set; returns it as stored (its id, link and creation instant),
        so that a caller answering with the stored set need not read the row back.

        ``deleted_at`` stores it already deleted (an imported history's deleted set): kept
        for undo, and left out of the progress lines like any deleted set. ``client_id`` is
        the logging device's id for the set; a second set with the same one for this person
        is refused by the database (a :class:`ConflictError` from the unit of work).
        """
        created_at = utc_now()
        values = set_values(performed)
        values.update(
            person_id=person_id,
            planned_session_id=planned_session_id,
            created_at=created_at,
            client_id=client_id,
        )
        if deleted_at is not None:
            values["deleted_at"] = as_utc(deleted_at)
        set_id = new_id(self._s.execute(S.INSERT_SET, values))
        if deleted_at is None and update_line:
            line_added(self._s, person_id, performed)
            day_added(self._s, person_id, performed)
        return StoredSet(
            id=set_id,
            person_id=person_id,
            performed=performed,
            planned_session_id=planned_session_id,
            created_at=created_at,
            deleted_at=as_utc(deleted_at),
            client_id=client_id,
        )

    def by_client_id(self, person_id: int, client_id: str) -> StoredSet | None:
        """The set this person logged with the device's ``client_id`` (deleted or not)."""
        row = self._s.scalars(
            select(PerformedSetRow).where(
                PerformedSetRow.person_id == person_id, PerformedSetRow.client_id == client_id
            )
        ).first()
        return None if row is None else stored_set(row)

    def _row(self, person_id: int, set_id: int) -> PerformedSetRow:
        if not 1 <= set_id <= MAX_ID:
            raise UnknownIdError("performed set", str(set_id))
        row = self._s.get(PerformedSetRow, set_id)
        if row is None or row.person_id != person_id:
            raise UnknownIdError("performed set", str(set_id))
        return row

    def get(self, person_id: int, set_id: int) -> StoredSet:
        """One set of this person (deleted or not)."""
        return stored_set(self._row(person_id, set_id))

    def replace(self, person_id: int, set_id: int, performed: PerformedSet) -> None:
        """Overwrite a set's fields (an edit)."""
        row = self._row(person_id, set_id)
        if row.deleted_at is not None:
            raise InputError("set_id", f"set {set_id} is deleted; restore it first")
        old_line, old_day = (row.variant_id, row.side), (row.side, row.date)
        set_to_row(performed, row)
        self._s.flush()
        for variant_id, side in {old_line, (row.variant_id, row.side)}:
            recompute_line(self._s, person_id, variant_id, side)
        recompute_days(self._s, person_id, {old_day, (row.side, row.date)})

    def mark_deleted(self, person_id: int, set_id: int, deleted: bool) -> None:
        """Soft-delete (or restore) a set so that a delete can be undone."""
        row = self._row(person_id, set_id)
        row.deleted_at = utc_now() if deleted else None
        self._s.flush()
        recompute_line(self._s, person_id, row.variant_id, row.side)
        recompute_days(self._s, person_id, {(row.side, row.date)})

    def _live(self, person_id: int) -> Select[PerformedSetRow]:
        return select(PerformedSetRow).where(
            PerformedSetRow.person_id == person_id, PerformedSetRow.deleted_at.is_(None)
        )

    def history(
        self,
        person_id: int,
        *,
        variant_ids: Sequence[str] | None = None,
        sides: Sequence[Side] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 300,
    ) -> list[PerformedSet]:
        """The most recent ``limit`` live sets, oldest first (what the engine reads)."""
        t = PerformedSetRow
        query = self._live(person_id)
        if variant_ids is not None:
            query = query.where(t.variant_id.in_(list(variant_ids)))
        if sides is not None:
            query = query.where(t.side.in_([s.value for s in sides]))
        if since is not None:
            query = query.where(t.date >= since)
        if until is not None:
            query = query.where(t.date <= until)
        query = query.order_by(t.date.desc(), t.id.desc())
        rows = list(self._s.scalars(query.limit(limit)))
        return [row_to_set(r) for r in reversed(rows)]

    def decision_record(
        self,
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
        """What a decision reads of one side, in one round trip: this exercise's sets on its
        last ``sessions`` training days, the side's days in summary since ``recent_since``,
        and the latest day's sets that may carry a warning sign (see
        :func:`glutemed.store.side_days.decision_record`)."""
        return side_days.decision_record(
            self._s, person_id, variant_id=variant_id, side=side, since=since,
            recent_since=recent_since, until=until, sessions=sessions, limit=limit)

    def recent(
        self,
        person_id: int,
        *,
        variant_id: str | None = None,
        since: dt.date | None = None,
        limit: int | None = None,
        include_deleted: bool = False,
    ) -> list[StoredSet]:
        """Sets newest first, for history views.

        The common read -- the latest ``limit`` live sets -- reads plain columns and builds
        each set with one call of pydantic's compiled validator (:func:`set_from_columns`),
        not through ORM objects: it is the web's most frequent read."""
        if variant_id is None and since is None and not include_deleted and limit is not None:
            rows = self._s.execute(S.RECENT_SETS, {"person_id": person_id, "limit": limit})
            return [stored_from_columns(r) for r in rows]
        query = select(PerformedSetRow).where(PerformedSetRow.person_id == person_id)
        if not include_deleted:
            query = query.where(PerformedSetRow.deleted_at.is_(None))
        if variant_id is not None:
            query = query.where(PerformedSetRow.variant_id == variant_id)
        if since is not None:
            query = query.where(PerformedSetRow.date >= since)
        query = query.order_by(PerformedSetRow.date.desc(), PerformedSetRow.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return [stored_set(r) for r in self._s.scalars(query)]

    def last_session(self, person_id: int, variant_id: str, before: dt.date) -> list[StoredSet]:
        """The sets of the most recent day (before ``before``) this variant was trained."""
        last_date = self._s.scalar(
            select(func.max(PerformedSetRow.date)).where(
                PerformedSetRow.person_id == person_id,
                PerformedSetRow.variant_id == variant_id,
                PerformedSetRow.deleted_at.is_(None),
                PerformedSetRow.date < before,
            )
        )
        if last_date is None:
            return []
        query = (
            self._live(person_id)
            .where(PerformedSetRow.variant_id == variant_id, PerformedSetRow.date == last_date)
            .order_by(PerformedSetRow.side, PerformedSetRow.set_index, PerformedSetRow.id)
        )
        return [stored_set(r) for r in self._s.scalars(query)]

    def on_date(self, person_id: int, date: dt.date) -> list[StoredSet]:
        """Every live set logged for a calendar date."""
        query = self._live(person_id).where(PerformedSetRow.date == date)
        return [stored_set(r) for r in self._s.scalars(query.order_by(PerformedSetRow.id))]

    def count_on(
        self, person_id: int, variant_ids: Sequence[str], side: Side, date: dt.date
    ) -> int:
        """How many live sets of these variants and this side were logged on ``date``."""
        count = self._s.scalar(
            select(func.count())
            .select_from(PerformedSetRow)
            .where(
                PerformedSetRow.person_id == person_id,
                PerformedSetRow.variant_id.in_(list(variant_ids)),
                PerformedSetRow.side == side.value,
                PerformedSetRow.date == date,
                PerformedSetRow.deleted_at.is_(None),
            )
        )
        return int(count or 0)

    def aggregates(self, person_id: int) -> list[SessionAggregate]:
        """Per (variant, side, date) of live sets: set count, the day's best, total reps and
        worst pain.

        Done in SQL (one ``GROUP BY``) so that 100,000 sets summarise in milliseconds; the
        per-column maxima are exactly what :class:`DayBest` is made of, and a property test
        proves this equals :func:`glutemed.progression.day_best.day_bests` over the sets.
        """
        t = PerformedSetRow
        query = (
            select(
                t.variant_id,
                t.side,
                t.date,
                func.count(t.id),
                func.max(t.load_kg),
                func.max(t.reps),
                func.max(t.hold_s),
                func.coalesce(func.sum(t.reps), 0),
                func.max(t.pain_during),
            )
            .where(t.person_id == person_id, t.deleted_at.is_(None))
            .group_by(t.variant_id, t.side, t.date)
            .order_by(t.variant_id, t.side, t.date)
        )
        return [
            SessionAggregate(
                variant_id=v,
                side=Side(s),
                date=d,
                sets=int(n),
                best=DayBest.of_maxima(v, Side(s), d, load_kg=load, reps=reps, hold_s=hold),
                total_reps=int(total or 0),
                max_pain=pain,
            )
            for v, s, d, n, load, reps, hold, total, pain in self._s.execute(query)
        ]

    def progress_lines(self, person_id: int) -> list[ProgressLine]:
        """The running (variant, side) summaries, by variant then side (see
        :mod:`glutemed.store.progress_lines`)."""
        query = (
            select(ProgressLineRow)
            .where(ProgressLineRow.person_id == person_id)
            .order_by(ProgressLineRow.variant_id, ProgressLineRow.side)
        )
        return [_line(row) for row in self._s.scalars(query)]


def _line(row: ProgressLineRow) -> ProgressLine:
    """A stored progress line as plain values (``recent`` holds ``[date, load, reps, hold]``
    entries)."""
    return ProgressLine(
        variant_id=row.variant_id,
        side=Side(row.side),
        sessions=row.sessions,
        sets=row.sets,
        first_date=row.first_date,
        first=Maxima(row.first_load_kg, row.first_reps, row.first_hold_s),
        last_date=row.last_date,
        recent=[Maxima(r[1], r[2], r[3]) for r in row.recent],
        best=Maxima(row.best_load_kg, row.best_reps, row.best_hold_s),
        max_pain=row.max_pain,
    )
