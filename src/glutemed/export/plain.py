"""Deterministic plain-data views of glutemed models, shared by the JSON and CSV writers.

Pydantic dumps a ``frozenset`` in hash order, which changes between Python processes; a
portable history must give the same bytes for the same data, so sets are sorted here. Field
order follows the model declaration; dictionaries keep their insertion order (a person's
check answers are shown in the order they were asked).
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from glutemed.errors import InputError

JsonValue = Any
"""A value made only of dict, list, str, int, float, bool and None."""


def to_plain(value: object) -> JsonValue:
    """Turn a model (or anything inside one) into JSON-ready data, sets sorted."""
    if isinstance(value, BaseModel):
        return {name: to_plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted((to_plain(v) for v in value), key=_sort_key)
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def _sort_key(value: JsonValue) -> str:
    return json.dumps(value, sort_keys=True)


def dumps_compact(value: object) -> str:
    """One-line JSON for a cell of a CSV file (stable: declaration order, sets sorted)."""
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))


def validation_problem(
    exc: ValidationError, where: str, columns: dict[str, str] | None = None
) -> InputError:
    """The first problem in a Pydantic error as an :class:`InputError` naming ``where``.

    ``columns`` maps a model field (or ``field.index``) to the column a person sees, so a
    CSV error reads ``sets.csv row 4, column target_reps_max: ...``.
    """
    err = exc.errors()[0]
    loc = [str(p) for p in err.get("loc", ())]
    columns = columns or {}
    name = ".".join(loc)
    column = columns.get(name) or (columns.get(loc[0]) if loc else None) or name
    place = f"{where}, column {column}" if column else where
    return InputError(place, str(err.get("msg", "invalid value")))
