"""The web app's doorway to :mod:`glutemed.services.outcomes`, shared by pages and API.

Who entered an outcome is the signed-in account (its username and role); in single-person
mode it is the person themself. Writes go through :func:`glutemed.web.database_work.write`
like every other write.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from glutemed.outcomes.entries import EntryInput, OutcomeEntry
from glutemed.outcomes.schedule import OutcomeSchedule
from glutemed.services import outcomes as service
from glutemed.web import usecases
from glutemed.web.context import Viewer, WebContext
from glutemed.web.database_work import read, write


def author(ctx: WebContext, viewer: Viewer, person_id: int) -> dict[str, Any]:
    """``entered_by`` and ``entered_role`` for an entry made by this viewer."""
    if viewer.role in ("client", "clinician") and viewer.username:
        return {"entered_by": viewer.username, "entered_role": viewer.role}
    return {"entered_by": usecases.person(ctx, person_id).name, "entered_role": "self"}


async def record(ctx: WebContext, person_id: int, given: EntryInput) -> tuple[int, OutcomeEntry]:
    """Store one entry as typed in (a dynamometer's lever arm resolved from the person's
    profile by :func:`glutemed.services.outcomes.completed`); its id and what was stored."""
    person = await read(ctx, partial(usecases.person, ctx, person_id))
    entry = service.completed(person.profile, given)
    entry_id = await write(
        ctx, lambda uow: service.record_outcome(uow, person_id, entry)
    )
    return entry_id, entry


async def delete(ctx: WebContext, person_id: int, entry_id: int) -> None:
    """Delete one entry."""
    await write(ctx, lambda uow: service.delete_outcome(uow, person_id, entry_id))


async def set_schedule(ctx: WebContext, person_id: int, schedule: OutcomeSchedule | None) -> None:
    """Replace the person's schedule."""
    await write(ctx, lambda uow: service.set_schedule(uow, person_id, schedule))


def entries(ctx: WebContext, person_id: int) -> list[Any]:
    """Every entry, oldest first."""
    return service.list_outcomes(ctx.uow(readonly=True), person_id)


def schedule(ctx: WebContext, person_id: int, today: dt.date) -> service.ScheduleView:
    """The schedule and what is due today."""
    return service.schedule_view(ctx.uow(readonly=True), person_id, today)


def series(ctx: WebContext, person_id: int) -> list[Any]:
    """Each measure over time."""
    return service.outcome_series(ctx.uow(readonly=True), person_id)
