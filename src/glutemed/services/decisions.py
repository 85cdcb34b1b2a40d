"""Why did the program change? The stored decisions, newest first."""

from __future__ import annotations

from glutemed.programming.models import Side
from glutemed.services.ports import UnitOfWork
from glutemed.store.decision_records import StoredDecision


def last_decision(
    uow: UnitOfWork, person_id: int, variant_id: str, side: Side | None = None
) -> StoredDecision | None:
    """The newest decision about a variant (as logged, or the program slot it came from)."""
    with uow:
        uow.people.get(person_id)
        return uow.decisions.last(person_id, variant_id, side)


def recent_decisions(uow: UnitOfWork, person_id: int, limit: int = 50) -> list[StoredDecision]:
    """The person's newest decisions first (for a progress page's "reasons" list)."""
    with uow:
        uow.people.get(person_id)
        return uow.decisions.recent(person_id, limit)
