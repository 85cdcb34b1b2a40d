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
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from glutemed.errors import InputError

JsonValue = Any
"""A value made only of dict, list, str, int, float, bool and None."""


def to_plain(value: object) -> JsonValue:
    """Turn a model (or anything inside one) into JSON-ready data, sets sorted."""
    if isinstance(value, BaseModel):
        return _model_to_plain(value)
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


def _model_to_plain(model: BaseModel) -> dict[str, JsonValue]:
    """Pydantic's fast JSON dump for flat fields; sets sorted; nested models recursed.

    The per-class plan is computed once, so a history of 100,000 sets is dumped at
    Pydantic's speed rather than field by field in Python.
    """
    sets, nested = _plan(type(model))
    flat = model.model_dump(mode="json", exclude=set(nested) or None)
    out: dict[str, JsonValue] = {}
    for name in type(model).model_fields:
        if name in nested:
            out[name] = to_plain(getattr(model, name))
        elif name in sets:
            out[name] = sorted(flat[name], key=_sort_key)
        else:
            out[name] = flat[name]
    return out


@cache
def _plan(cls: type[BaseModel]) -> tuple[frozenset[str], frozenset[str]]:
    """(top-level set fields, fields to recurse into) of a model class."""
    sets, nested = set(), set()
    for name, info in cls.model_fields.items():
        kind = _kind(info.annotation)
        if kind == "set":
            sets.add(name)
        elif kind == "nested":
            nested.add(name)
    return frozenset(sets), frozenset(nested)


def _kind(annotation: Any) -> str:
    """``set`` for a (possibly optional) set of scalars, ``nested`` when anything inside
    is a model, a set or a dict with non-text keys, else ``flat``."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, UnionType) and len(args) == 1:
        annotation, args = args[0], list(get_args(args[0]))
    origin = get_origin(annotation)
    if origin in (frozenset, set):
        return "nested" if any(_kind(a) != "flat" for a in args) else "set"
    if _needs_recursion(annotation):
        return "nested"
    return "flat"


def _needs_recursion(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    origin = get_origin(annotation)
    if origin in (frozenset, set):
        return True
    args = get_args(annotation)
    if origin is dict and args and args[0] is not str:
        return True
    return any(_needs_recursion(a) for a in args)


def _sort_key(value: JsonValue) -> str:
    return json.dumps(value, sort_keys=True)


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
