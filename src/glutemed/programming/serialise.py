"""A program as plain JSON-ready data, byte-for-byte stable for the same profile.

Pydantic dumps a ``frozenset`` in hash order, which changes from one Python process to the
next; sorting those fields here keeps ``glutemed plan --json`` identical run after run
(docs/design.md, principle 5). Each item also carries the variant's name and whether its sets are
done on each side, so a reader of the JSON does not need the catalogue.
"""

from __future__ import annotations

from typing import Any

from glutemed.catalog.catalog import Catalog
from glutemed.programming.markdown import is_per_side
from glutemed.programming.models import Program

_SET_FIELDS = ("equipment", "avoid_variants", "avoid_provocations", "bands", "cuff_kg",
               "dumbbell_kg")


def program_as_dict(program: Program, catalog: Catalog) -> dict[str, Any]:
    """``weeks`` -> ``sessions`` -> ``items``; reps and hold_s as two-number lists or null."""
    data = program.model_dump(mode="json")
    for name in _SET_FIELDS:
        data["profile"][name] = sorted(data["profile"][name])
    for week, week_data in zip(program.weeks, data["weeks"], strict=True):
        for session, session_data in zip(week.sessions, week_data["sessions"], strict=True):
            for item, item_data in zip(session.items, session_data["items"], strict=True):
                item_data["name"] = catalog.variant(item.variant_id).name
                item_data["per_side"] = is_per_side(item, catalog)
    return data
