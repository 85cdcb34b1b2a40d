"""Option values the training-log commands share: a date (today in the person's own time
zone when none is given), a choice from a fixed list, and the ``--person`` help."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutemed.store.records import PersonRecord


PERSON_HELP = "Whose log (default: the current person, see 'glutemed people list')."


def parse_date(value: str | None, person: PersonRecord, field: str = "--date") -> dt.date:
    """``--date`` as a calendar date, or today in the person's time zone."""
    from glutemed.services.people import local_today

    return local_today(person.timezone) if value is None else iso_date(value, field)


def choice(field: str, value: str | None, allowed: list[str]) -> str | None:
    """``value`` if it is one of ``allowed`` (or not given), else an error listing them."""
    from glutemed.errors import InputError

    if value is None or value in allowed:
        return value
    raise InputError(field, f"unknown '{value}'; allowed: {', '.join(allowed)}")


def iso_date(value: str, field: str) -> dt.date:
    """A ``YYYY-MM-DD`` option as a date, or an error naming the option."""
    from glutemed.errors import InputError

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"'{value}' is not a date; use YYYY-MM-DD") from None
