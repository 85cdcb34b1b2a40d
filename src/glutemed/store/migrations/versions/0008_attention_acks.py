"""clinic: acknowledgements of the needs-attention flags

* ``attention_acks`` is a new, empty table: which flag of which client a clinician
  acknowledged, the evidence key it showed, who, when and their note. Nothing existing
  changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attention_acks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("flag_key", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=120), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_attention_acks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attention_acks")),
    )
    op.create_index(
        "ix_attention_acks_person_kind", "attention_acks", ["person_id", "kind"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_attention_acks_person_kind", table_name="attention_acks")
    op.drop_table("attention_acks")
