"""The program editor's and the clinic templates' use cases: who is changing a program, one
edit, the dose form, the client's access, the list of changes, a template saved or applied,
a regenerated program. Each hands a fresh unit of work to
:mod:`glutemed.services.program_editor`, which holds the rules (the lock, the record of who
and when); writes go through :func:`glutemed.web.database_work.write`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from glutemed.programming.models import Program
from glutemed.web.context import WebContext
from glutemed.web.database_work import write
from glutemed.web.usecases import person


def author(ctx: WebContext, viewer: Any, person_id: int) -> tuple[str, str]:
    """Who is changing a program, and in which role (``self``, ``client``, ``clinician``),
    from the signed-in account (single-person mode: the person themself)."""
    if viewer.role in ("clinician", "client"):
        return viewer.username or viewer.role, str(viewer.role)
    return f"{person(ctx, person_id).name} (self)", "self"


async def save_edit(ctx: WebContext, person_id: int, edit: Any, *, by: str, role: str) -> int:
    """Apply one program-editor edit (see :func:`glutemed.services.program_editor.save_edit`)."""
    from glutemed.services.program_editor import save_edit as save

    return await write(ctx, lambda uow: save(uow, person_id, edit, ctx.catalog, by=by,
                                             role=role))


async def save_dose_form(ctx: WebContext, person_id: int, program: Program, start: dt.date, *,
                         by: str, role: str, what: str, edit: dict[str, Any]) -> int:
    """Store the one-prescription dose form's edit, checked against the lock and recorded."""
    from glutemed.services.program_editor import save_dose_form as save

    return await write(ctx, lambda uow: save(uow, person_id, program, start, by=by,
                                             role=role, what=what, edit=edit))


async def set_program_access(ctx: WebContext, person_id: int, access: str, *, by: str) -> Any:
    """Lock a client's program or let them change the dose only."""
    from glutemed.services.program_editor import set_access

    return await write(ctx, lambda uow: set_access(uow, person_id, access, by=by))


def program_changes(ctx: WebContext, person_id: int) -> Any:
    """What the client may change, and every change to the program (read-only)."""
    from glutemed.services.program_editor import changes

    return changes(ctx.uow(readonly=True), person_id)


async def save_template(ctx: WebContext, owner_account_id: int, person_id: int,
                        name: str) -> Any:
    """Save a client's program as the clinician's named template."""
    from glutemed.services.program_editor import save_template as save

    return await write(ctx, lambda uow: save(uow, owner_account_id, person_id, name))


def templates(ctx: WebContext, owner_account_id: int) -> list[Any]:
    """The clinician's templates."""
    from glutemed.services.program_editor import templates as mine

    return mine(ctx.uow(readonly=True), owner_account_id)


async def apply_template(ctx: WebContext, person_id: int, owner_account_id: int,
                         template_id: int, *, by: str, start_date: dt.date | None) -> int:
    """Give a client a new program from one of the clinician's templates."""
    from glutemed.services.program_editor import apply_template as apply

    return await write(ctx, lambda uow: apply(uow, person_id, owner_account_id, template_id,
                                              ctx.catalog, by=by, start_date=start_date))


async def save_new_program(ctx: WebContext, person_id: int, program: Program,
                           start: dt.date, *, by: str, role: str) -> int:
    """Store a regenerated program as the new active version, recorded as a change."""
    from glutemed.services.program_editor import save_new_program as save

    return await write(ctx, lambda uow: save(uow, person_id, program, start, by=by,
                                             role=role))

