"""Fake performed sets, with progress lines computed from the live sets when asked (what
the SQL store's recompute gives after any change; see :mod:`tests.fakes.unit_of_work`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from tests.fakes.tables import Repo, Tables, as_utc, utc_now

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.side_days import SideRecord, days_of, may_warn
from glutemed.store.conversions import MAX_ID
from glutemed.store.progress_lines import RECENT_SESSIONS
from glutemed.store.records import Maxima, ProgressLine, StoredSet
from glutemed.store.set_rows import set_values
from glutemed.store.unit_of_work import ConflictError


class FakeSets(Repo):
    """:class:`glutemed.services.ports.Sets` in memory. Progress lines are computed from
    the live sets when asked (what the SQL store's recompute gives after any change)."""

    def store(self, person_id: int, performed: PerformedSet,
              planned_session_id: int | None = None, *, deleted_at: dt.datetime | None = None,
              client_id: str | None = None, update_line: bool = True) -> StoredSet:
        set_values(performed)  # the store's own checks of free text, before any write
        if client_id is not None and any(
            s.person_id == person_id and s.client_id == client_id
            for s in self._t.sets.values()
        ):
            raise ConflictError(f"the database refused the change (set {client_id!r} of "
                                "this person is stored already); nothing was saved")
        stored = StoredSet(
            id=Tables.next_id(self._t.sets), person_id=person_id, performed=performed,
            planned_session_id=planned_session_id, created_at=utc_now(),
            deleted_at=as_utc(deleted_at),
            client_id=client_id,
        )
        self._t.sets[stored.id] = stored
        return stored

    def get(self, person_id: int, set_id: int) -> StoredSet:
        found = self._t.sets.get(set_id) if 1 <= set_id <= MAX_ID else None
        if found is None or found.person_id != person_id:
            raise UnknownIdError("performed set", str(set_id))
        return found

    def replace(self, person_id: int, set_id: int, performed: PerformedSet) -> None:
        old = self.get(person_id, set_id)
        if old.deleted:
            raise InputError("set_id", f"set {set_id} is deleted; restore it first")
        set_values(performed)
        self._t.sets[set_id] = replace(old, performed=performed)

    def mark_deleted(self, person_id: int, set_id: int, deleted: bool) -> None:
        old = self.get(person_id, set_id)
        self._t.sets[set_id] = replace(old, deleted_at=utc_now() if deleted else None)

    def _live(self, person_id: int) -> list[StoredSet]:
        return [s for s in self._t.sets.values() if s.person_id == person_id and not s.deleted]

    @staticmethod
    def _newest_first(sets: Iterable[StoredSet]) -> list[StoredSet]:
        return sorted(sets, key=lambda s: (s.performed.date, s.id), reverse=True)

    def decision_record(self, person_id: int, *, variant_id: str, side: Side, since: dt.date,
                        recent_since: dt.date, until: dt.date, sessions: int, limit: int
                        ) -> SideRecord:
        stored_sides = (side,) if side is Side.BOTH else (side, Side.BOTH)
        live = [s for s in self._live(person_id)
                if s.performed.side in stored_sides and s.performed.date <= until]
        exercise = [s for s in live
                    if s.performed.variant_id == variant_id and s.performed.date >= since]
        last_days = set(sorted({s.performed.date for s in exercise}, reverse=True)[:sessions])
        own = [
            s for stored in stored_sides
            for s in self._newest_first(
                x for x in exercise if x.performed.side is stored
                and x.performed.date in last_days)[:limit]
        ]
        own_sets = tuple(s.performed for s in sorted(own, key=lambda s: (s.performed.date, s.id)))
        recent = [s.performed for s in live if s.performed.date >= recent_since]
        days = tuple(day for stored in stored_sides
                     for day in days_of(s for s in recent if s.side is stored))
        if not days:  # no day in reach: the exercise's own sets stand in for them
            return SideRecord(own=own_sets, days=(),
                              warn_sets=tuple(s for s in own_sets if may_warn(s)))
        latest = max(d.date for d in days)
        warn = (tuple(s for s in recent if s.date == latest and may_warn(s))
                if any(d.may_warn for d in days if d.date == latest) else ())
        return SideRecord(own=own_sets, days=days, warn_sets=warn)

    def recent(self, person_id: int, *, variant_id: str | None = None,
               since: dt.date | None = None, limit: int | None = None,
               include_deleted: bool = False) -> list[StoredSet]:
        found = [
            s for s in self._t.sets.values()
            if s.person_id == person_id and (include_deleted or not s.deleted)
            and (variant_id is None or s.performed.variant_id == variant_id)
            and (since is None or s.performed.date >= since)
        ]
        return self._newest_first(found)[:limit]

    def last_session(self, person_id: int, variant_id: str, before: dt.date
                     ) -> list[StoredSet]:
        mine = [s for s in self._live(person_id) if s.performed.variant_id == variant_id]
        days = [s.performed.date for s in mine if s.performed.date < before]
        if not days:
            return []
        day = max(days)
        return sorted((s for s in mine if s.performed.date == day),
                      key=lambda s: (s.performed.side.value, s.performed.set_index, s.id))

    def count_on(self, person_id: int, variant_ids: Sequence[str], side: Side,
                 date: dt.date) -> int:
        return sum(1 for s in self._live(person_id)
                   if s.performed.variant_id in variant_ids and s.performed.side is side
                   and s.performed.date == date)

    def progress_lines(self, person_id: int) -> list[ProgressLine]:
        by_line: dict[tuple[str, str], dict[dt.date, list[PerformedSet]]] = defaultdict(
            lambda: defaultdict(list))
        for s in self._live(person_id):
            key = (s.performed.variant_id, s.performed.side.value)
            by_line[key][s.performed.date].append(s.performed)
        return [_line(variant_id, Side(side), days)
                for (variant_id, side), days in sorted(by_line.items())]


def _most(values: Iterable[float | int | None]) -> Any:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _maxima(sets: Sequence[PerformedSet]) -> Maxima:
    return Maxima(_most(s.load_kg for s in sets), _most(s.reps for s in sets),
                  _most(s.hold_s for s in sets))


def _line(variant_id: str, side: Side, days: Mapping[dt.date, list[PerformedSet]]
          ) -> ProgressLine:
    dates = sorted(days)
    per_day = [_maxima(days[d]) for d in dates]
    every = [s for d in dates for s in days[d]]
    return ProgressLine(
        variant_id=variant_id, side=side, sessions=len(dates), sets=len(every),
        first_date=dates[0], first=per_day[0], last_date=dates[-1],
        recent=per_day[-RECENT_SESSIONS:], best=_maxima(every),
        max_pain=_most(s.pain_during for s in every),
    )


