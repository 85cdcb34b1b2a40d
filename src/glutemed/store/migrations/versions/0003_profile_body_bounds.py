"""profile body bounds: a stored body mass the load model cannot use is taken out

Until 0.1.0 a profile accepted body masses from just over 20 kg, while the load model (whose
segment tables are adult data) starts at 30 kg; the planner then quietly ignored the body.
Now both use one bound (``glutemed.biomech.anthropometrics.MASS_KG``), so a stored profile
with a mass outside it could no longer be read, and the person's whole log would be locked
away. This migration removes that mass and its height from the person's profile and from
the profile kept with each of their program versions. Programs do not change: the planner
never used those numbers. Each change is logged with the old values, so they can be typed
in again (for example after the person's mass has been measured again). No table changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:00:00.000000
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

_people = sa.table("people", sa.column("id", sa.Integer), sa.column("profile", sa.JSON))
_programs = sa.table(
    "programs",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("program", sa.JSON),
)


def _without_unusable_body(profile: dict[str, Any]) -> dict[str, Any] | None:
    """The profile without mass and height when the mass is outside the bound, else None."""
    from glutemed.biomech.anthropometrics import MASS_KG

    mass = profile.get("mass_kg")
    if mass is None or MASS_KG.contains(float(mass)):
        return None
    return {**profile, "mass_kg": None, "height_m": None}


def upgrade() -> None:
    bind = op.get_bind()
    for person_id, profile in bind.execute(sa.select(_people.c.id, _people.c.profile)).all():
        fixed = _without_unusable_body(dict(profile or {}))
        if fixed is not None:
            log.warning(
                "person %s: body mass %s kg and height %s m removed from the profile "
                "(outside the load model's range); enter them again if they were a typo",
                person_id, profile.get("mass_kg"), profile.get("height_m"),
            )
            bind.execute(
                sa.update(_people).where(_people.c.id == person_id).values(profile=fixed)
            )
    rows = bind.execute(sa.select(_programs.c.id, _programs.c.program)).all()
    for program_id, program in rows:
        fixed = _without_unusable_body(dict((program or {}).get("profile") or {}))
        if fixed is not None:
            bind.execute(
                sa.update(_programs)
                .where(_programs.c.id == program_id)
                .values(program={**program, "profile": fixed})
            )


def downgrade() -> None:
    """Nothing to undo: the schema is unchanged, and the removed numbers were never used."""
