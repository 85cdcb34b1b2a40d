"""Fake progression state, safety pauses and decisions (see
:mod:`tests.fakes.unit_of_work`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from tests.fakes.tables import Repo, Tables, json_copy, stored_rx, utc_now

from glutemed.programming.models import Prescription, Side
from glutemed.store.decision_records import NewDecision, StoredDecision
from glutemed.store.records import PauseRecord, StateRecord


class FakeStates(Repo):
    """:class:`glutemed.services.ports.States` in memory."""

    def all(self, person_id: int, side: Side | None = None) -> list[StateRecord]:
        return [s for _, s in sorted(self._t.states.items())
                if s.person_id == person_id and (side is None or s.side is side)]

    def of_side(self, person_id: int, side: Side) -> list[StateRecord]:
        sides = {side} if side is Side.BOTH else {side, Side.BOTH}
        return [s for s in self.all(person_id) if s.side in sides]

    def get(self, person_id: int, slot: str, side: Side) -> StateRecord | None:
        return next((s for s in self.all(person_id) if s.slot == slot and s.side is side),
                    None)

    def put(self, person_id: int, slot: str, side: Side, prescription: Prescription,
            counters: dict[str, Any] | None = None, *, session_date: dt.date | None = None,
            session_target: Prescription | None = None, session_base_sets: int | None = None,
            state_id: int | None = None) -> None:
        old = self._t.states.get(state_id) if state_id is not None else self.get(
            person_id, slot, side)
        kept = old.counters if old is not None else {}
        record = StateRecord(
            id=old.id if old is not None else Tables.next_id(self._t.states),
            person_id=person_id if old is None else old.person_id,
            slot=slot if old is None else old.slot, side=side if old is None else old.side,
            prescription=stored_rx(prescription),
            counters=json_copy(dict(counters)) if counters is not None else kept,
            session_date=session_date,
            session_target=None if session_target is None else stored_rx(session_target),
            session_base_sets=session_base_sets,
        )
        self._t.states[record.id] = record


class FakePauses(Repo):
    """:class:`glutemed.services.ports.Pauses` in memory."""

    def active(self, person_id: int) -> PauseRecord | None:
        open_ = [p for p in self.all(person_id) if p.cleared_at is None]
        return open_[-1] if open_ else None

    def all(self, person_id: int) -> list[PauseRecord]:
        return [p for _, p in sorted(self._t.pauses.items()) if p.person_id == person_id]

    def open(self, person_id: int, started_on: dt.date, reason: str,
             decision_id: int | None = None, *, created_at: dt.datetime | None = None) -> int:
        pause_id = Tables.next_id(self._t.pauses)
        self._t.pauses[pause_id] = PauseRecord(
            id=pause_id, person_id=person_id, started_on=started_on, reason=reason,
            decision_id=decision_id, created_at=created_at or utc_now(),
        )
        return pause_id

    def clear(self, pause_id: int, by: str | None, note: str | None, *,
              cleared_at: dt.datetime | None = None) -> None:
        found = self._t.pauses.get(pause_id)
        if found is not None:
            self._t.pauses[pause_id] = replace(found, cleared_at=cleared_at or utc_now(),
                                               cleared_by=by, clearance_note=note)

    def extend(self, pause_id: int, reason: str) -> None:
        found = self._t.pauses.get(pause_id)
        if found is not None:
            self._t.pauses[pause_id] = replace(found, reason=reason)


class FakeDecisions(Repo):
    """:class:`glutemed.services.ports.Decisions` in memory."""

    def add(self, decision: NewDecision) -> int:
        values = decision.row_values(created_at=utc_now())
        decision_id = Tables.next_id(self._t.decisions)
        self._t.decisions[decision_id] = StoredDecision(
            id=decision_id, person_id=decision.person_id,
            performed_set_id=decision.performed_set_id, slot=decision.slot,
            variant_id=decision.variant_id, side=decision.side, date=decision.date,
            action=decision.action, rule_ids=[str(r) for r in values["rule_ids"]],
            facts=json_copy(values["facts"]), explanation=decision.explanation,
            prescription_before=stored_rx(values["prescription_before"]),
            prescription_after=stored_rx(values["prescription_after"]),
            created_at=values["created_at"],
        )
        return decision_id

    def _newest_first(self, person_id: int | None = None) -> list[StoredDecision]:
        return [d for _, d in sorted(self._t.decisions.items(), reverse=True)
                if person_id is None or d.person_id == person_id]

    def last(self, person_id: int, variant_id: str | None = None, side: Side | None = None
             ) -> StoredDecision | None:
        return next((d for d in self._newest_first(person_id)
                     if (variant_id is None or variant_id in (d.variant_id, d.slot))
                     and (side is None or d.side is side)), None)

    def for_set(self, performed_set_id: int) -> StoredDecision | None:
        return next((d for d in self._newest_first()
                     if d.performed_set_id == performed_set_id), None)

    def recent(self, person_id: int, limit: int = 50) -> list[StoredDecision]:
        return self._newest_first(person_id)[:limit]

    def slot_variants(self, person_id: int) -> list[tuple[str, str, dt.date]]:
        first: dict[tuple[str, str], dt.date] = {}
        for d in self._newest_first(person_id):
            key = (d.slot, d.variant_id)
            first[key] = min(first.get(key, d.date), d.date)
        return [(slot, variant, day) for (slot, variant), day in first.items()]


