"""The progression-state repository: the prescription in force per program slot and side.

This is the progression authority: what ``today`` shows and what the next set is judged
against, with the session in progress (its date, target and base sets).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from glutemed.programming.models import Prescription, Side
from glutemed.store import statements as S
from glutemed.store.conversions import as_json, json_cell
from glutemed.store.records import StateRecord
from glutemed.store.tables import ProgressionStateRow, utc_now

_validate_rx = Prescription.__pydantic_validator__.validate_python


class StateRepository:
    """The prescription in force per program slot and side (the progression authority)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def all(self, person_id: int, side: Side | None = None) -> list[StateRecord]:
        """Every state line of a person (of one side when ``side`` is given)."""
        query = select(ProgressionStateRow).where(ProgressionStateRow.person_id == person_id)
        if side is not None:
            query = query.where(ProgressionStateRow.side == side.value)
        return [_state(r) for r in self._s.scalars(query.order_by(ProgressionStateRow.id))]

    def of_side(self, person_id: int, side: Side) -> list[StateRecord]:
        """The lines of one side and of both legs (what a set of that side may follow)."""
        sides = [side.value] if side is Side.BOTH else [side.value, Side.BOTH.value]
        rows = self._s.execute(S.STATES_OF_SIDES, {"person_id": person_id, "sides": sides})
        return [
            StateRecord(
                id=r.id, person_id=person_id, slot=r.slot, side=Side(r.side),
                prescription=_validate_rx(json_cell(r.prescription, {})),
                counters=dict(json_cell(r.counters, {})), session_date=r.session_date,
                session_target=(None if r.session_target is None
                                else _validate_rx(json_cell(r.session_target, {}))),
                session_base_sets=r.session_base_sets,
            )
            for r in rows
        ]

    def get(self, person_id: int, slot: str, side: Side) -> StateRecord | None:
        """The line of one slot and side, if the person has trained it."""
        row = self._row(person_id, slot, side)
        return None if row is None else _state(row)

    def _row(self, person_id: int, slot: str, side: Side) -> ProgressionStateRow | None:
        return self._s.scalars(
            select(ProgressionStateRow).where(
                ProgressionStateRow.person_id == person_id,
                ProgressionStateRow.slot == slot,
                ProgressionStateRow.side == side.value,
            )
        ).first()

    def put(
        self,
        person_id: int,
        slot: str,
        side: Side,
        prescription: Prescription,
        counters: dict[str, Any] | None = None,
        *,
        session_date: dt.date | None = None,
        session_target: Prescription | None = None,
        session_base_sets: int | None = None,
        state_id: int | None = None,
    ) -> None:
        """Create or replace the prescription in force for a slot and side, with the session
        it was decided in. With ``state_id`` (the row read earlier in the same unit of work)
        this is a single UPDATE: it runs on every logged set."""
        values: dict[str, Any] = {
            "variant_id": prescription.variant_id,
            "prescription": as_json(prescription),
            "session_date": session_date,
            "session_target": None if session_target is None else as_json(session_target),
            "session_base_sets": session_base_sets,
            "updated_at": utc_now(),
        }
        if counters is not None:
            values["counters"] = dict(counters)
        if state_id is not None:
            self._s.execute(S.UPDATE_STATE, {"state_id": state_id, **values})
            return
        row = self._row(person_id, slot, side)
        if row is None:
            row = ProgressionStateRow(person_id=person_id, slot=slot, side=side.value,
                                      counters={})
            self._s.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        self._s.flush()


def _state(row: ProgressionStateRow) -> StateRecord:
    return StateRecord(
        id=row.id,
        person_id=row.person_id,
        slot=row.slot,
        side=Side(row.side),
        prescription=Prescription.model_validate(row.prescription),
        counters=dict(row.counters or {}),
        session_date=row.session_date,
        session_target=(None if row.session_target is None
                        else Prescription.model_validate(row.session_target)),
        session_base_sets=row.session_base_sets,
    )
