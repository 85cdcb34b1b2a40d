"""side days: each person's sides, day by day, in summary, so a decision reads a dozen rows

``side_days`` is new: per person, stored side and date, the day's live sets counted, its
worst pain and worst next-morning pain, the variants trained and how many sets may carry a
warning sign (see ``glutemed.store.side_days``). Derived data: it is filled from the existing
log in this migration, and nothing existing changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "side_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("worst_pain", sa.Integer(), nullable=True),
        sa.Column("morning_pain", sa.Integer(), nullable=True),
        sa.Column("variants", sa.Text(), nullable=False),
        sa.Column("warn_sets", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_side_days_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_side_days")),
        sa.UniqueConstraint("person_id", "side", "date", name="person_side_date"),
    )
    _fill_from_the_log()


def _fill_from_the_log() -> None:
    """Summarise every person's existing sets (a no-op on a new, empty database)."""
    from sqlalchemy.orm import Session

    from glutemed.store.side_days import rebuild_days

    session = Session(bind=op.get_bind())
    people = session.execute(sa.text("SELECT id FROM people")).scalars().all()
    for person_id in people:
        rebuild_days(session, int(person_id))
    session.flush()


def downgrade() -> None:
    op.drop_table("side_days")
