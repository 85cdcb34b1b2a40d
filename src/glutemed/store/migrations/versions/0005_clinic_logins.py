"""clinic logins: server-side sessions, one username folding, disabled accounts, client names
unique per clinician, and a per-address index for the login throttle

* ``login_sessions`` (new, empty): a logout, a password reset or a disabled account now
  really ends a login.
* ``accounts.username_key``: every existing username folded by
  :func:`glutemed.usernames.fold_username`, so Python and the database compare usernames
  the same way; ``accounts.disabled_at``: every existing account stays enabled.
* ``people.clinician_account_id``: filled from ``clinician_clients`` (the clinician who
  manages the person, the lowest account id if there were several); names become unique
  per clinician instead of clinic-wide. Every existing name was unique clinic-wide, so it
  is unique per clinician too: no row changes.
* ``login_failures``: an index on (ip, failed_at_s) for the per-address limit.

On SQLite the people and accounts tables are rebuilt (SQLite cannot drop a unique
constraint or add NOT NULL in place); :func:`glutemed.store.migrate.upgrade` runs this with
foreign keys off, so rebuilding a table never cascades into the rows that point at it, and
checks every reference before it commits. Every row is kept.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLINICIAN_SCOPED = "clinician_account_id IS NOT NULL"
WITHOUT_CLINICIAN = "clinician_account_id IS NULL"


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at_s", sa.Float(), nullable=False),
        sa.Column("last_seen_at_s", sa.Float(), nullable=False),
        sa.Column("expires_at_s", sa.Float(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_login_sessions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_sessions_token_hash")),
    )
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_sessions_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_login_sessions_expires_at_s"), ["expires_at_s"], unique=False
        )

    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_login_failures_ip", ["ip", "failed_at_s"], unique=False)

    _accounts()
    _people()


def _accounts() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username_key", sa.String(length=320), nullable=True))
        batch_op.add_column(
            sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True)
        )
    from glutemed.usernames import fold_username

    accounts = sa.table(
        "accounts", sa.column("id", sa.Integer()), sa.column("username", sa.String()),
        sa.column("username_key", sa.String()),
    )
    bind = op.get_bind()
    for account_id, username in bind.execute(sa.select(accounts.c.id, accounts.c.username)):
        bind.execute(
            accounts.update()
            .where(accounts.c.id == account_id)
            .values(username_key=fold_username(username))
        )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.alter_column(
            "username_key", existing_type=sa.String(length=320), nullable=False
        )
        batch_op.create_index(
            batch_op.f("ix_accounts_username_key"), ["username_key"], unique=False
        )


def _people() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clinician_account_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_people_name"), type_="unique")
        batch_op.create_foreign_key(
            batch_op.f("fk_people_clinician_account_id_accounts"),
            "accounts",
            ["clinician_account_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    op.execute(
        "UPDATE people SET clinician_account_id = (SELECT min(c.clinician_account_id) "
        "FROM clinician_clients c WHERE c.person_id = people.id)"
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_people_clinician_account_id"), ["clinician_account_id"], unique=False
        )
        batch_op.create_index(
            "uq_people_clinician_name", ["clinician_account_id", "name"], unique=True,
            sqlite_where=sa.text(CLINICIAN_SCOPED), postgresql_where=sa.text(CLINICIAN_SCOPED),
        )
        batch_op.create_index(
            "uq_people_name_without_clinician", ["name"], unique=True,
            sqlite_where=sa.text(WITHOUT_CLINICIAN), postgresql_where=sa.text(WITHOUT_CLINICIAN),
        )


def downgrade() -> None:
    """Back to 0003. Refused while two people share a name (0003 allowed one per clinic)."""
    bind = op.get_bind()
    shared = bind.execute(
        sa.text("SELECT name FROM people GROUP BY name HAVING count(*) > 1")
    ).scalars().all()
    if shared:
        raise RuntimeError(
            "cannot downgrade below 0005: these names belong to more than one person "
            f"({', '.join(shared)}); rename them first"
        )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("uq_people_name_without_clinician")
        batch_op.drop_index("uq_people_clinician_name")
        batch_op.drop_index(batch_op.f("ix_people_clinician_account_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_people_clinician_account_id_accounts"), type_="foreignkey"
        )
        batch_op.drop_column("clinician_account_id")
        batch_op.create_unique_constraint(batch_op.f("uq_people_name"), ["name"])
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_username_key"))
        batch_op.drop_column("disabled_at")
        batch_op.drop_column("username_key")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_ip")
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_sessions_expires_at_s"))
        batch_op.drop_index(batch_op.f("ix_login_sessions_account_id"))
    op.drop_table("login_sessions")
