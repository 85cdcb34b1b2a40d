"""The web app's single doorway to :mod:`glutemed.services`.

Pages and the API call these functions; each opens a unit of work, calls the service that
holds the rule (start a person, the session due, log a set and decide, edit, delete, the
progress summary) and commits. No rule is re-implemented here: the functions only find the
service, open the transaction and hand back plain records.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

from glutemed.errors import GlutemedError
from glutemed.programming.models import Profile
from glutemed.progression.models import PerformedSet
from glutemed.store.repositories import PersonRecord, ProgramRecord, StoredDecision, StoredSet
from glutemed.web.context import WebContext

SERVICE_MODULES = (
    "glutemed.services",
    "glutemed.services.people",
    "glutemed.services.programs",
    "glutemed.services.sessions",
    "glutemed.services.training",
    "glutemed.services.log",
    "glutemed.services.progress",
)


class ServiceMissing(GlutemedError):
    """A service this page needs is not in this build."""


def service(name: str) -> Callable[..., Any]:
    """The service function called ``name`` from the services package."""
    for module_name in SERVICE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        func = getattr(module, name, None)
        if callable(func):
            return func  # type: ignore[no-any-return]
    raise ServiceMissing(f"the '{name}' service is not available in this build")


def start_person(
    ctx: WebContext,
    name: str,
    profile: Profile,
    today: dt.date,
    *,
    units: str = "kg",
    account_id: int | None = None,
    clinician_account_id: int | None = None,
) -> int:
    """Create a person with a program from the generator; optionally link a clinician."""
    person_id = int(
        service("start_person")(
            ctx.uow(), name, profile, ctx.catalog, today, units=units, account_id=account_id
        )
    )
    if clinician_account_id is not None:
        with ctx.uow() as uow:
            uow.accounts.assign_client(clinician_account_id, person_id)
            uow.commit()
    return person_id


def person(ctx: WebContext, person_id: int) -> PersonRecord:
    """The stored person (404 via UnknownIdError when missing)."""
    with ctx.uow(readonly=True) as uow:
        record: PersonRecord = uow.people.get(person_id)
    return record


def active_program(ctx: WebContext, person_id: int) -> ProgramRecord | None:
    """The person's program in force."""
    with ctx.uow(readonly=True) as uow:
        record: ProgramRecord | None = uow.programs.active(person_id)
    return record


def todays_session(ctx: WebContext, person_id: int, today: dt.date) -> Any:
    """The session due on ``today`` (the service decides which one is due)."""
    return service("todays_session")(ctx.uow(), person_id, ctx.catalog, today)


def log_set(ctx: WebContext, person_id: int, performed: PerformedSet, today: dt.date) -> Any:
    """Store a set and return the progression decision it led to."""
    return service("log_set")(ctx.uow(), person_id, performed, ctx.catalog, today)


def list_sets(ctx: WebContext, person_id: int, limit: int = 200) -> list[StoredSet]:
    """Recent performed sets, newest first."""
    with ctx.uow(readonly=True) as uow:
        sets: list[StoredSet] = uow.sets.recent(person_id, limit=limit)
    return sets


def get_set(ctx: WebContext, person_id: int, set_id: int) -> StoredSet:
    """One stored set of this person (UnknownIdError when it is not theirs)."""
    with ctx.uow(readonly=True) as uow:
        stored: StoredSet = uow.sets.get(person_id, set_id)
    return stored


def edit_set(
    ctx: WebContext, person_id: int, set_id: int, performed: PerformedSet, today: dt.date
) -> Any:
    """Replace a stored set with corrected values."""
    get_set(ctx, person_id, set_id)
    changes = performed.model_dump()
    return service("edit_set")(ctx.uow(), person_id, set_id, changes, ctx.catalog)


def delete_set(ctx: WebContext, person_id: int, set_id: int, *, undo: bool = False) -> None:
    """Delete a set, or undo that delete (the store keeps it until then)."""
    name = "restore_set" if undo else "delete_set"
    service(name)(ctx.uow(), person_id, set_id, ctx.catalog)


def progress_summary(ctx: WebContext, person_id: int) -> Any:
    """Per-variant trend, asymmetry and adherence, from the service."""
    return service("progress_summary")(ctx.uow(), person_id, ctx.catalog)


def decisions(ctx: WebContext, person_id: int, limit: int = 50) -> list[StoredDecision]:
    """Recent progression decisions, newest first."""
    with ctx.uow(readonly=True) as uow:
        found: list[StoredDecision] = uow.decisions.recent(person_id, limit=limit)
    return found
