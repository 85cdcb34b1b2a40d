"""Which person a page is about, read through the store's unit of work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from glutemed.errors import UnknownIdError
from glutemed.store.repositories import PersonRecord
from glutemed.web.context import Viewer, WebContext, storable_id


def default_person_id(ctx: WebContext, viewer: Viewer) -> int | None:
    """The person a viewer trains as: the only person (single mode) or the client's own."""
    if viewer.role == "client":
        return viewer.own_person_id
    if viewer.role == "clinician":
        return None
    with ctx.uow(readonly=True) as uow:
        people = uow.people.all()
    return people[0].id if people else None


def person_info(ctx: WebContext, person_id: int) -> PersonRecord | None:
    """The stored person, or None when the id does not exist (or could not: see
    :data:`glutemed.web.context.MAX_ID`)."""
    if not storable_id(person_id):
        return None
    with ctx.uow(readonly=True) as uow:
        try:
            record: PersonRecord = uow.people.get(person_id)
        except UnknownIdError:
            return None
    return record


def people_for(ctx: WebContext, viewer: Viewer) -> list[PersonRecord]:
    """Every person this viewer may see, oldest first."""
    with ctx.uow(readonly=True) as uow:
        people: list[PersonRecord] = uow.people.all()
    return [p for p in people if viewer.can_access(p.id)]


@dataclass(frozen=True)
class ClientRow:
    """One line of the clinician's client list."""

    id: int
    name: str
    planned: int
    done: int
    pain_flags: int
    see_clinician: bool
    last_decision: str | None
    paused_since: dt.date | None = None
    """Progression paused after a warning sign since this date (until a clearance)."""
    has_login: bool = False
    """The client logs in themself (the clinician can reset or disable that login)."""


def client_overview(ctx: WebContext, viewer: Viewer, days: int = 14) -> list[ClientRow]:
    """Adherence over the last ``days`` (sessions planned up to today vs completed), the
    number of sets logged with pain above the pain-monitoring limit, and the last decision."""
    from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
    from glutemed.web.context import today_for

    rows = []
    with ctx.uow(readonly=True) as uow:
        visible = [p for p in uow.people.all() if viewer.can_access(p.id)]
        paused = uow.pauses.active_people([p.id for p in visible])
        for person in visible:
            today = today_for(person.timezone)
            since = today - dt.timedelta(days=days)
            program = uow.programs.active(person.id)
            sessions = uow.programs.sessions(program.id) if program else []
            due = [s for s in sessions if since <= s.planned_date <= today]
            recent = uow.sets.recent(person.id, since=since)
            pain = sum(
                1
                for s in recent
                if (s.performed.pain_during or 0) > PAIN_DURING_LIMIT_0_10
            )
            last = uow.decisions.last(person.id)
            rows.append(
                ClientRow(
                    id=person.id,
                    name=person.name,
                    planned=len(due),
                    done=sum(1 for s in due if s.completed_on is not None),
                    pain_flags=pain,
                    see_clinician=person.id in paused,
                    last_decision=(f"{last.action}: {last.explanation}" if last else None),
                    paused_since=paused[person.id].started_on if person.id in paused else None,
                    has_login=person.account_id is not None,
                )
            )
    rows.sort(key=lambda r: r.paused_since is None)  # paused clients first
    return rows
