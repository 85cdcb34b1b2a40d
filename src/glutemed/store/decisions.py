"""The decisions repository: each progression decision with its rule, facts and words.

The mapping to and from a ``decisions`` row is :mod:`glutemed.store.decision_records`'
(``NewDecision`` / ``StoredDecision``); this module only stores and finds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glutemed.errors import StorageError
from glutemed.programming.models import Side
from glutemed.progression.rules import ActionKind
from glutemed.store import statements as S
from glutemed.store.conversions import new_id
from glutemed.store.decision_records import NewDecision, StoredDecision
from glutemed.store.tables import DecisionRow, utc_now


class DecisionsRepository:
    """Progression decisions with their rules, facts and explanations."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, decision: NewDecision) -> int:
        """Store a decision; returns its id."""
        values = decision.row_values(created_at=utc_now())
        try:
            return new_id(self._s.execute(S.INSERT_DECISION, values))
        except (TypeError, ValueError) as exc:  # e.g. facts that are not JSON-serialisable
            raise StorageError(f"could not store the decision: {exc}") from exc

    def last(
        self, person_id: int, variant_id: str | None = None, side: Side | None = None
    ) -> StoredDecision | None:
        """The newest decision, optionally for one variant (current or slot) and side."""
        query = select(DecisionRow).where(DecisionRow.person_id == person_id)
        if variant_id is not None:
            query = query.where(
                (DecisionRow.variant_id == variant_id) | (DecisionRow.slot == variant_id)
            )
        if side is not None:
            query = query.where(DecisionRow.side == side.value)
        row = self._s.scalars(query.order_by(DecisionRow.id.desc()).limit(1)).first()
        return None if row is None else StoredDecision.from_row(row)

    def for_set(self, performed_set_id: int) -> StoredDecision | None:
        """The newest decision made after a given set."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.performed_set_id == performed_set_id)
            .order_by(DecisionRow.id.desc())
            .limit(1)
        )
        row = self._s.scalars(query).first()
        return None if row is None else StoredDecision.from_row(row)

    def slot_variants(self, person_id: int) -> list[tuple[str, str, dt.date]]:
        """``(slot, variant, first date)`` for every variant a slot's decisions moved it to:
        which exercise of the program each logged rung belongs to (one query, grouped)."""
        query = (
            select(DecisionRow.slot, DecisionRow.variant_id, func.min(DecisionRow.date))
            .where(DecisionRow.person_id == person_id)
            .group_by(DecisionRow.slot, DecisionRow.variant_id)
        )
        return [(str(a), str(b), c) for a, b, c in self._s.execute(query)]

    def recent(self, person_id: int, limit: int = 50) -> list[StoredDecision]:
        """The newest decisions first."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.person_id == person_id)
            .order_by(DecisionRow.id.desc())
            .limit(limit)
        )
        return [StoredDecision.from_row(r) for r in self._s.scalars(query)]

    def with_actions(
        self, person_id: int, actions: Sequence[ActionKind]
    ) -> list[StoredDecision]:
        """The person's decisions whose action is one of ``actions``, oldest first."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.person_id == person_id,
                   DecisionRow.action.in_([a.value for a in actions]))
            .order_by(DecisionRow.date, DecisionRow.id)
        )
        return [StoredDecision.from_row(r) for r in self._s.scalars(query)]
