"""Programs a clinician saved under a name (see
:class:`~glutemed.store.tables.ProgramTemplateRow`). Every read is by owner, so one
clinician never reaches another's templates. Like every repository it never commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from glutemed.programming.models import Program
from glutemed.programming.profile_upgrade import readable_program
from glutemed.store.tables import ProgramTemplateRow, utc_now


@dataclass(frozen=True)
class ProgramTemplate:
    """A saved program, its name and owner."""

    id: int
    owner_account_id: int
    name: str
    program: Program
    created_at: dt.datetime


def _template(row: ProgramTemplateRow) -> ProgramTemplate:
    created = row.created_at
    created = created.replace(tzinfo=dt.UTC) if created.tzinfo is None else created
    return ProgramTemplate(id=row.id, owner_account_id=row.owner_account_id, name=row.name,
                           program=Program.model_validate(readable_program(row.program)),
                           created_at=created)


class ProgramTemplatesRepository:
    """A clinician's templates, by name."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, owner_account_id: int, name: str, program: Program) -> int:
        """Store a template; returns its id."""
        row = ProgramTemplateRow(owner_account_id=owner_account_id, name=name,
                                 program=program.model_dump(mode="json"), created_at=utc_now())
        self._s.add(row)
        self._s.flush()
        return row.id

    def by_name(self, owner_account_id: int, name: str) -> ProgramTemplate | None:
        """The owner's template of this name, if any."""
        row = self._s.scalars(select(ProgramTemplateRow).where(
            ProgramTemplateRow.owner_account_id == owner_account_id,
            ProgramTemplateRow.name == name)).first()
        return None if row is None else _template(row)

    def get(self, owner_account_id: int, template_id: int) -> ProgramTemplate | None:
        """The owner's template of this id (None for another clinician's)."""
        row = self._s.get(ProgramTemplateRow, template_id)
        if row is None or row.owner_account_id != owner_account_id:
            return None
        return _template(row)

    def all(self, owner_account_id: int) -> list[ProgramTemplate]:
        """The owner's templates, by name."""
        query = select(ProgramTemplateRow).where(
            ProgramTemplateRow.owner_account_id == owner_account_id)
        return [_template(r) for r in self._s.scalars(query.order_by(ProgramTemplateRow.name))]
