"""The program editor's use cases: apply one edit, record who made it and when, and keep to
what the client may change.

Every change of a program -- the editor's swaps, additions, removals, moves, doses, start
date and weekdays, and the older one-prescription dose form -- goes through
:func:`save_edit`: the lock is checked, the new version is stored through
:func:`glutemed.services.people.store_program` (which puts an explicit edit in force for the
slots it changed, the one way the progression state takes a prescription that did not come
from the engine), and the change is recorded, all in one transaction.

Who may change what: the person themself in single-person mode, and their clinician,
anything; a client in clinic mode, the dose only (sets, range, load, band, rest) while their
clinician allows it, and nothing once the clinician locks the program. A client's change
shows on the clinician's needs-attention list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.programming.editing import DOSE_ONLY, ProgramEdit, apply_edit, from_template
from glutemed.programming.models import Program
from glutemed.services.clinic_ports import ClinicUnitOfWork
from glutemed.services.people import store_program
from glutemed.store.program_changes import Access, ProgramChange
from glutemed.store.program_templates import ProgramTemplate
from glutemed.store.tables import utc_now

ACCESS = ("dose", "locked")
"""What a clinician may let a client change: the dose only, or nothing."""
ROLES = ("self", "client", "clinician")


def check_allowed(role: str, access: str, op: str) -> None:
    """Refuse a client's change that their clinician has not allowed (names the field)."""
    if role != "client":
        return
    if access == "locked":
        raise InputError("program", "your clinician has locked this program: ask them to "
                                    "change it")
    if op not in DOSE_ONLY:
        raise InputError("op", "you may change the dose (sets, reps or hold, load, band, "
                               f"rest) of your program; '{op}' is for your clinician")


def save_edit(uow: ClinicUnitOfWork, person_id: int, edit: ProgramEdit, catalog: Catalog, *,
              by: str, role: str) -> int:
    """Apply one edit to the program in force and store the new version; its id."""
    with uow:
        uow.people.lock(person_id)
        record = uow.programs.active(person_id)
        if record is None:
            raise InputError("program", "this person has no program to edit")
        check_allowed(role, uow.program_changes.access(person_id).access, edit.op)
        person = uow.people.get(person_id)
        edited = apply_edit(record.program, record.start_date, edit, catalog,
                            record.program.profile.equipment | person.profile.equipment, by)
        program_id = store_program(uow, person_id, edited.program, edited.start_date,
                                   keep_completed=True)
        uow.program_changes.add(person_id, program_id, at=utc_now(), by=by, role=role,
                                what=edited.what, edit=edit.model_dump(mode="json"))
        uow.commit()
    return program_id


def save_dose_form(uow: ClinicUnitOfWork, person_id: int, program: Program, start_date: dt.date,
                   *, by: str, role: str, what: str, edit: dict[str, Any]) -> int:
    """The one-prescription dose form's edit (already applied to ``program``): the same
    lock, the same way in force, the same record."""
    with uow:
        uow.people.lock(person_id)
        check_allowed(role, uow.program_changes.access(person_id).access, "dose")
        program_id = store_program(uow, person_id, program, start_date, keep_completed=True)
        uow.program_changes.add(person_id, program_id, at=utc_now(), by=by, role=role,
                                what=what, edit=edit)
        uow.commit()
    return program_id


def set_access(uow: ClinicUnitOfWork, person_id: int, access: str, *, by: str) -> Access:
    """Lock the program, or let the client change the dose only; recorded with who and when."""
    if access not in ACCESS:
        raise InputError("access", f"'{access}' is not a choice; use dose or locked")
    now = utc_now()
    with uow:
        uow.people.lock(person_id)
        uow.people.require(person_id)
        uow.program_changes.set_access(person_id, access, by=by, at=now)
        uow.program_changes.add(
            person_id, uow.programs.active_id(person_id), at=now, by=by, role="clinician",
            what=("program locked: the client cannot change it" if access == "locked"
                  else "the client may change the dose"),
            edit={"op": "access", "access": access})
        uow.commit()
    return Access(access, by, now)


def changes(uow: ClinicUnitOfWork, person_id: int) -> tuple[Access, list[ProgramChange]]:
    """What the client may change, and every change to the program, oldest first."""
    with uow:
        uow.people.require(person_id)
        return uow.program_changes.access(person_id), uow.program_changes.all(person_id)


NAME_LIMIT = 120
"""A template's name: the column's size."""


def save_template(uow: ClinicUnitOfWork, owner_account_id: int, person_id: int,
                  name: str) -> ProgramTemplate:
    """Save the person's program in force as the clinician's named template."""
    clean = " ".join(name.split())
    if not clean:
        raise InputError("name", "give the template a name, e.g. 'Early rehab, band only'")
    if len(clean) > NAME_LIMIT or "\x00" in clean:
        raise InputError("name", f"give at most {NAME_LIMIT} characters, no NUL")
    with uow:
        record = uow.programs.active(person_id)
        if record is None:
            raise InputError("person", "this person has no program to save")
        if uow.program_templates.by_name(owner_account_id, clean) is not None:
            raise InputError("name", f"you already have a template called '{clean}'")
        template_id = uow.program_templates.add(owner_account_id, clean, record.program)
        uow.commit()
        found = uow.program_templates.get(owner_account_id, template_id)
    assert found is not None
    return found


def templates(uow: ClinicUnitOfWork, owner_account_id: int) -> list[ProgramTemplate]:
    """The clinician's templates, by name."""
    with uow:
        return uow.program_templates.all(owner_account_id)


def apply_template(uow: ClinicUnitOfWork, person_id: int, owner_account_id: int,
                   template_id: int, catalog: Catalog, *, by: str,
                   start_date: dt.date | None = None) -> int:
    """Give the person a new program from one of the clinician's templates (a new program,
    from its first session; the start date kept unless another is given); recorded."""
    with uow:
        uow.people.lock(person_id)
        template = uow.program_templates.get(owner_account_id, template_id)
        if template is None:
            raise InputError("template_id", f"you have no template {template_id}")
        record = uow.programs.active(person_id)
        if record is None:
            raise InputError("person", "this person has no program yet")
        person = uow.people.get(person_id)
        program = from_template(template.program, record.program.profile, catalog,
                                record.program.profile.equipment | person.profile.equipment,
                                template.name)
        start = start_date or record.start_date
        program_id = store_program(uow, person_id, program, start, keep_completed=False)
        uow.program_changes.add(
            person_id, program_id, at=utc_now(), by=by, role="clinician",
            what=f"new program from the template '{template.name}', from {start.isoformat()}",
            edit={"op": "template", "template": template.name, "start_date": start.isoformat()})
        uow.commit()
    return program_id


def save_new_program(uow: ClinicUnitOfWork, person_id: int, program: Program,
                     start_date: dt.date, *, by: str, role: str) -> int:
    """A new program generated from a changed profile (not an edit: it starts from its
    first session); recorded like any other change. Never a client's own change."""
    if role == "client":
        raise InputError("program", "your clinician gives you a new program")
    with uow:
        uow.people.lock(person_id)
        program_id = store_program(uow, person_id, program, start_date, keep_completed=False)
        uow.program_changes.add(
            person_id, program_id, at=utc_now(), by=by, role=role,
            what=f"new program generated from the changed profile, from "
                 f"{start_date.isoformat()}",
            edit={"op": "generate", "start_date": start_date.isoformat()})
        uow.commit()
    return program_id
