"""Small conversions every repository shares between Python values and database cells.

The ids' range, the instant read back as UTC, a JSON cell read as text or already decoded,
a model stored as JSON, the new row's key, and the check that free text fits a column on
every database. Kept here so that each repository module holds one aggregate only.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sqlalchemy import CursorResult

from glutemed.errors import InputError, StorageError
from glutemed.programming.models import Prescription, Profile, Program

MAX_ID = 2**31 - 1
"""Largest id any row can have: every id column is ``INTEGER``, which PostgreSQL stores in
32 bits. A larger id is "not found" without asking the database (SQLite would raise
OverflowError past 64 bits, PostgreSQL "integer out of range")."""


def storable_text(field: str, value: str | None, limit: int) -> str | None:
    """``value`` if every database can store it in a column of ``limit`` characters.

    PostgreSQL refuses text longer than its column and the NUL character; SQLite stores
    both. Checking here, before any write, gives the same clear answer naming the field on
    both databases (instead of "database error" on PostgreSQL only). Rows already stored
    are still read as they are: only writes are checked.
    """
    if value is None:
        return None
    if len(value) > limit:
        raise InputError(field, f"give at most {limit} characters (this has {len(value)})")
    if "\x00" in value:
        raise InputError(field, "cannot contain the NUL character (\\x00)")
    return value


_EMPTY_JSON = frozenset({"{}", "[]", "null", ""})


def json_cell(value: Any, empty: Any) -> Any:
    """A JSON column read as text (see ``statements.JSON_COLUMNS``), or already decoded."""
    if value is None:
        return empty
    if isinstance(value, str):
        return empty if value in _EMPTY_JSON else json.loads(value)
    return value or empty


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored instant as an aware UTC datetime (SQLite hands back naive UTC values)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def new_id(result: object) -> int:
    """The primary key of the row a Core INSERT just wrote."""
    key = cast("CursorResult[Any]", result).inserted_primary_key
    if key is None or key[0] is None:  # pragma: no cover - every table has an integer key
        raise StorageError("the database did not return the new row's id")
    return int(key[0])


def as_json(model: Prescription | Profile | Program) -> dict[str, Any]:
    return model.model_dump(mode="json")
