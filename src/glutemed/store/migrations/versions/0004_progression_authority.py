"""progression authority: slots, session targets, full set targets, safety pauses

* Every program item gets a ``slot`` (its role and family, e.g. ``abduction:side-plank``),
  and progression lines and decisions are re-keyed from the variant the program first
  prescribed to that slot, so a block change in the program no longer starts a fresh line
  and throws away what was earned. Where two old lines of one person, slot and side meet,
  the most recently updated one is kept (it is what the person was doing); the others are
  removed. Nothing else is deleted.
* Progression lines remember the session in progress (``session_date``,
  ``session_target``, ``session_base_sets``).
* A performed set keeps the whole target it was shown (sets, band and where it sits) and
  its slot.
* ``safety_pauses``: progression paused after a warning sign, until cleared.
* The decision called ``hold`` is now ``repeat`` (it read like an isometric hold).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 04:30:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("performed_sets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_sets", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("target_band", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("target_band_at", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("slot", sa.String(length=120), nullable=True))
    with op.batch_alter_table("progression_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("session_target", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("session_base_sets", sa.Integer(), nullable=True))
    op.create_table(
        "safety_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cleared_by", sa.String(length=120), nullable=True),
        sa.Column("clearance_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"],
            name=op.f("fk_safety_pauses_decision_id_decisions"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"],
            name=op.f("fk_safety_pauses_person_id_people"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_pauses")),
    )
    with op.batch_alter_table("safety_pauses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_safety_pauses_person_open", ["person_id", "cleared_at"], unique=False
        )
    _rekey_to_slots()


def downgrade() -> None:
    with op.batch_alter_table("safety_pauses", schema=None) as batch_op:
        batch_op.drop_index("ix_safety_pauses_person_open")
    op.drop_table("safety_pauses")
    with op.batch_alter_table("progression_state", schema=None) as batch_op:
        batch_op.drop_column("session_base_sets")
        batch_op.drop_column("session_target")
        batch_op.drop_column("session_date")
    with op.batch_alter_table("performed_sets", schema=None) as batch_op:
        batch_op.drop_column("slot")
        batch_op.drop_column("target_band_at")
        batch_op.drop_column("target_band")
        batch_op.drop_column("target_sets")
    op.execute(sa.text("UPDATE decisions SET action = 'hold' WHERE action = 'repeat'"))


# -- data: from "the variant first prescribed" to "the program position" ---------------------


def _slot(role: Any, variant_id: str) -> str:
    """The slot of an item stored without one (``glutemed.programming.models.legacy_slot``,
    repeated here so the migration never changes when the package does)."""
    return f"{role}:{str(variant_id).split('.', 1)[0]}"


def _with_slot(item: Any) -> Any:
    if isinstance(item, dict) and "variant_id" in item and not item.get("slot"):
        return {**item, "slot": _slot(item.get("role", "abduction"), item["variant_id"])}
    return item


def _program_with_slots(program: Any) -> Any:
    if not isinstance(program, dict):
        return program
    weeks = []
    for week in program.get("weeks", []):
        sessions = [
            {**s, "items": [_with_slot(i) for i in s.get("items", [])]}
            for s in week.get("sessions", [])
        ]
        weeks.append({**week, "sessions": sessions})
    return {**program, "weeks": weeks}


def _rekey_to_slots() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    programs = sa.Table("programs", meta, autoload_with=bind)
    planned = sa.Table("planned_sessions", meta, autoload_with=bind)
    state = sa.Table("progression_state", meta, autoload_with=bind)
    decisions = sa.Table("decisions", meta, autoload_with=bind)
    for pid, program in bind.execute(sa.select(programs.c.id, programs.c.program)).all():
        bind.execute(programs.update().where(programs.c.id == pid)
                     .values(program=_program_with_slots(program)))
    for sid, items in bind.execute(sa.select(planned.c.id, planned.c["items"])).all():
        bind.execute(planned.update().where(planned.c.id == sid)
                     .values(items=[_with_slot(i) for i in items or []]))
    rows = bind.execute(sa.select(state.c.id, state.c.person_id, state.c.slot, state.c.side,
                                  state.c.prescription, state.c.updated_at)).all()
    newest: dict[tuple[int, str, str], tuple[tuple[bool, Any, int], int]] = {}
    for sid, person, slot, side, rx, updated in rows:
        new = slot if ":" in str(slot) else _slot((rx or {}).get("role", "abduction"), slot)
        order = (updated is not None, updated, sid)
        key = (person, new, side)
        if key in newest:
            loser = sid if order < newest[key][0] else newest[key][1]
            bind.execute(state.delete().where(state.c.id == loser))
            if loser == sid:
                continue
        newest[key] = (order, sid)
    for (_, new, _), (_, sid) in newest.items():
        bind.execute(state.update().where(state.c.id == sid).values(slot=new))
    for did, slot, rx in bind.execute(sa.select(decisions.c.id, decisions.c.slot,
                                                decisions.c.prescription_before)).all():
        if ":" not in str(slot):
            role = (rx or {}).get("role", "abduction")
            bind.execute(decisions.update().where(decisions.c.id == did)
                         .values(slot=_slot(role, slot)))
    bind.execute(decisions.update().where(decisions.c.action == "hold").values(action="repeat"))
