"""clinic: acknowledged needs-attention flags, the program's change record and lock

* ``attention_acks`` is a new, empty table: which flag of which client a clinician
  acknowledged, the evidence key it showed, who, when and their note.
* ``program_changes`` is a new, empty table: each change to a program, who (and in which
  role) and when, in words and as given.
* ``program_access`` is a new, empty table: what a client may change of their program
  (``dose`` or ``locked``). No row means ``dose``, what every client could do before.
* ``program_templates`` is a new, empty table: programs a clinician saved under a name.

Nothing existing changes.

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


    op.create_table(
        "program_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("edit", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "role IN ('self', 'client', 'clinician')", name=op.f("ck_program_changes_role")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"],
            name=op.f("fk_program_changes_person_id_people"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"],
            name=op.f("fk_program_changes_program_id_programs"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_changes")),
    )
    op.create_index(
        "ix_program_changes_person", "program_changes", ["person_id", "id"], unique=False
    )
    op.create_table(
        "program_access",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("access", sa.String(length=16), nullable=False),
        sa.Column("set_by", sa.String(length=120), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "access IN ('dose', 'locked')", name=op.f("ck_program_access_access")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"],
            name=op.f("fk_program_access_person_id_people"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_program_access")),
    )
    op.create_table(
        "program_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("program", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_account_id"], ["accounts.id"],
            name=op.f("fk_program_templates_owner_account_id_accounts"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_templates")),
        sa.UniqueConstraint("owner_account_id", "name", name="owner_name"),
    )
    op.create_index(
        op.f("ix_program_templates_owner_account_id"), "program_templates",
        ["owner_account_id"], unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_program_templates_owner_account_id"),
                  table_name="program_templates")
    op.drop_table("program_templates")
    op.drop_table("program_access")
    op.drop_index("ix_program_changes_person", table_name="program_changes")
    op.drop_table("program_changes")
    op.drop_index("ix_attention_acks_person_kind", table_name="attention_acks")
    op.drop_table("attention_acks")
