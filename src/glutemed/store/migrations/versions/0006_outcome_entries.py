"""outcome entries and schedules: outcome measures per person over time

Two new, empty tables (issue 15): ``outcome_entries`` (one assessment per row: pain ratings,
PSFS, global rating of change, VISA-G total, physical tests) and ``outcome_schedules`` (the
weeks at which a person's measures are due). Existing data is not touched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 03:23:19.912260
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outcome_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("entered_by", sa.String(length=80), nullable=False),
        sa.Column("entered_role", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "entered_role IN ('self', 'client', 'clinician')",
            name=op.f("ck_outcome_entries_entered_role"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_outcome_entries_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_entries")),
    )
    with op.batch_alter_table("outcome_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outcome_entries_person_date", ["person_id", "date"], unique=False
        )
    op.create_table(
        "outcome_schedules",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("weeks", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_outcome_schedules_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_outcome_schedules")),
    )


def downgrade() -> None:
    op.drop_table("outcome_schedules")
    with op.batch_alter_table("outcome_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_outcome_entries_person_date")
    op.drop_table("outcome_entries")
