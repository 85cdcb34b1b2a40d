"""Check a set before it is stored, the same way for every interface.

The rules are the pure :func:`glutemed.progression.validity.check_set`; this module only
reads what they need about the person (body mass, the day their log starts, their time
zone) and works out the date bounds:

* **latest**: the person's local today (passed in by the shell, which reads the clock);
* **earliest**: the day their log starts -- the earlier of the day the person was added (in
  their own time zone) and the first day of their first program, so a program started on
  a past date can be filled in from that date. Never before the limits' absolute floor.

A history imported as a new person starts at its first program's start instead (see
:mod:`glutemed.services.portability`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from glutemed.catalog.catalog import Catalog
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.validity import (
    DateBounds,
    check_set,
    date_bounds,
    default_limits,
)
from glutemed.store.records import LogFacts
from glutemed.store.unit_of_work import SqlUnitOfWork

LOG_STARTS_IS = "the start of {name}'s log"


def bounds_for(facts: LogFacts, today: dt.date) -> DateBounds:
    """The dates a set of this person may carry, ``today`` being their local today."""
    try:
        zone = ZoneInfo(facts.timezone)
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    added = facts.created_at.astimezone(zone).date()
    starts = min(added, facts.first_program_start or added)
    return date_bounds(
        default_limits(), today=today, log_starts=starts,
        log_starts_is=LOG_STARTS_IS.format(name=facts.name),
    )


def check_logged(
    facts: LogFacts,
    performed: PerformedSet,
    catalog: Catalog,
    today: dt.date,
    *,
    sides_told_apart: bool = True,
    where: str = "",
) -> None:
    """:func:`check_set` with the person's body mass and date bounds."""
    check_set(
        performed, catalog, default_limits(), body_mass_kg=facts.mass_kg,
        dates=bounds_for(facts, today), sides_told_apart=sides_told_apart, where=where,
    )


def check_edited_set(
    uow: SqlUnitOfWork,
    person_id: int,
    before: PerformedSet,
    after: PerformedSet,
    catalog: Catalog,
    today: dt.date | None,
) -> None:
    """Refuse an edit that would store an impossible set, inside the open transaction.

    A set imported without sides (a tracker's per-side ``both``) may keep that side when
    something else is corrected; changing a side always needs a real one.
    """
    facts = uow.people.log_facts(person_id)
    if today is None:
        from glutemed.services.people import local_today

        today = local_today(facts.timezone)
    kept_unsided = before.side is Side.BOTH and after.side is Side.BOTH
    check_logged(facts, after, catalog, today, sides_told_apart=not kept_unsided)


def check_history(
    sets: Sequence[PerformedSet],
    catalog: Catalog,
    *,
    body_mass_kg: float | None,
    dates: DateBounds,
    labels: Sequence[str] | None = None,
) -> None:
    """Refuse a whole import at its first impossible set, naming its row.

    Imported history may hold a per-side set without its side (a tracker app that does not
    tell legs apart), so ``both`` is accepted there.
    """
    limits = default_limits()
    for number, performed in enumerate(sets):
        where = f"{labels[number]}: " if labels is not None else f"set {number + 1}: "
        check_set(
            performed, catalog, limits, body_mass_kg=body_mass_kg, dates=dates,
            sides_told_apart=False, where=where,
        )
