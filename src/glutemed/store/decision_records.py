"""A progression decision as the store keeps it, and its one row mapping.

The engine's :class:`glutemed.progression.engine.Decision` is the domain type: what to do
next and why. Once made it is stored with who it was for, the set that triggered it, the
program slot it belongs to and the prescription it replaced; that is :class:`NewDecision`
(before it has an id) and :class:`StoredDecision` (after), the same fields, so they are
one class and its subclass rather than two lists kept in step. ``action`` is the typed
:class:`~glutemed.progression.rules.ActionKind` everywhere; a row written before 0.2 says
``hold``, which the enum itself reads as ``repeat``. The mapping to and from a
``decisions`` row lives here and nowhere else; the history file's
:class:`glutemed.export.bundle.DecisionRecord` and the API's ``DecisionOut`` are built
from these fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glutemed.programming.models import Prescription, Side
from glutemed.progression.rules import ActionKind

if TYPE_CHECKING:
    from glutemed.progression.engine import Decision
    from glutemed.store.tables import DecisionRow


STORY_FIELDS = ("date", "variant_id", "side", "action", "explanation", "rule_ids", "facts",
                "prescription_before", "prescription_after")
"""The fields a stored decision shares, by name, with the history file's ``DecisionRecord``
(the rest say whose it is and which set and slot it belongs to)."""


@dataclass(frozen=True, kw_only=True)
class NewDecision:
    """A decision to store (no id yet): the action, the rules and facts, the explanation."""

    person_id: int
    performed_set_id: int | None
    slot: str
    variant_id: str
    side: Side
    date: dt.date
    action: ActionKind
    rule_ids: list[str]
    facts: dict[str, Any]
    explanation: str
    prescription_before: Prescription
    prescription_after: Prescription

    @property
    def see_clinician(self) -> bool:
        """True when the decision sent the person to a clinician (the safety banner)."""
        return self.action is ActionKind.SEE_CLINICIAN

    def story(self) -> dict[str, Any]:
        """The :data:`STORY_FIELDS` by name (what the history file keeps)."""
        return {name: getattr(self, name) for name in STORY_FIELDS}

    @classmethod
    def made(cls, decision: Decision, *, person_id: int, performed_set_id: int | None,
             slot: str, before: Prescription, note: str = "") -> NewDecision:
        """The engine's fresh decision as it is stored: every fired rule with the facts it
        read (the "why" screens replay them) and ``note`` added to the explanation."""
        return cls(
            person_id=person_id,
            performed_set_id=performed_set_id,
            slot=slot,
            variant_id=decision.variant_id,
            side=decision.side,
            date=decision.date,
            action=decision.action,
            rule_ids=[f.rule_id for f in decision.fired],
            facts={
                "fired": [f.model_dump(mode="json", exclude={"source"})
                          for f in decision.fired],
                "facts": {k: _jsonable(v) for k, v in decision.facts.items()},
            },
            explanation=decision.explanation + note,
            prescription_before=before,
            prescription_after=decision.prescription,
        )

    def row_values(self, created_at: dt.datetime) -> dict[str, Any]:
        """The ``decisions`` row's columns (the INSERT's parameters)."""
        return dict(
            person_id=self.person_id,
            performed_set_id=self.performed_set_id,
            slot=self.slot,
            variant_id=self.variant_id,
            side=self.side.value,
            date=self.date,
            action=self.action.value,
            rule_ids=list(self.rule_ids),
            facts=dict(self.facts),
            explanation=self.explanation,
            prescription_before=self.prescription_before.model_dump(mode="json"),
            prescription_after=self.prescription_after.model_dump(mode="json"),
            created_at=created_at,
        )


@dataclass(frozen=True, kw_only=True)
class StoredDecision(NewDecision):
    """A decision read back from the store, with its id and when it was written."""

    id: int
    created_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: DecisionRow) -> StoredDecision:
        """A ``decisions`` row as the typed stored form (``hold`` reads as ``repeat``)."""
        return cls(
            id=row.id,
            person_id=row.person_id,
            performed_set_id=row.performed_set_id,
            slot=row.slot,
            variant_id=row.variant_id,
            side=Side(row.side),
            date=row.date,
            action=ActionKind(row.action),
            rule_ids=[str(r) for r in row.rule_ids],
            facts=dict(row.facts),
            explanation=row.explanation,
            prescription_before=Prescription.model_validate(row.prescription_before),
            prescription_after=Prescription.model_validate(row.prescription_after),
            created_at=row.created_at,
        )


def _jsonable(value: object) -> object:
    """A fact as JSON can hold it (an enum or a date becomes its text)."""
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
