"""The raw history window a decision read before ``side_days`` (tests' reference only).

Logging a set now reads this exercise's last sessions and the side's days in summary
(:mod:`glutemed.store.side_days`). The window it replaced -- every set of this exercise for
12 weeks and every set of the side for 4 -- stays here, in the tests, as the independent
reference the summary is checked against (``tests/store/test_side_days.py``: the same
decision from either read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Text, bindparam, select, type_coerce, union_all
from sqlalchemy.orm import Session

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.store.set_rows import known_set
from glutemed.store.statements import JSON_COLUMNS, SET_COLUMNS, sets


def _window_part(*where: Any) -> Any:
    """One branch of the window: the set columns (and the id, to order by)."""
    return select(
        sets.id,
        *[type_coerce(sets[name], Text) if name in JSON_COLUMNS else sets[name]
          for name in SET_COLUMNS],
    ).where(
        sets.person_id == bindparam("person_id"),
        sets.deleted_at.is_(None),
        sets.side.in_(bindparam("sides", expanding=True)),
        sets.date <= bindparam("until"),
        *where,
    )


_this_exercise = (sets.variant_id == bindparam("variant_id")) & (
    sets.date >= bindparam("since"))
_WINDOW = union_all(
    _window_part(_this_exercise),
    _window_part(sets.date >= bindparam("recent_since"), ~_this_exercise),
).subquery("window")

DECISION_HISTORY = (
    select(*[_WINDOW.c[name] for name in SET_COLUMNS])
    .order_by(_WINDOW.c.date.desc(), _WINDOW.c.id.desc())
    .limit(bindparam("limit", type_=Integer))
)
"""The window of sets the engine read before the side's days were kept in summary: this
exercise since ``since`` and every set of these sides since ``recent_since``, newest first.
Two branches that each search an index, joined with ``UNION ALL`` (the second leaves out
what the first holds)."""


def decision_history(
    session: Session,
    person_id: int,
    *,
    variant_id: str,
    sides: Sequence[Side],
    since: dt.date,
    recent_since: dt.date,
    until: dt.date,
    limit: int,
) -> list[PerformedSet]:
    """This variant's sets since ``since`` and every set of these sides since
    ``recent_since``, oldest first, read as plain columns like the store's other reads."""
    params = {
        "person_id": person_id,
        "variant_id": variant_id,
        "sides": [s.value for s in sides],
        "since": since,
        "recent_since": recent_since,
        "until": until,
        "limit": limit,
    }
    rows = session.execute(DECISION_HISTORY, params).all()
    return [known_set(r) for r in reversed(rows)]
