"""One CSV table of the export, written from and read back into models, against its columns.

Rows are counted as a spreadsheet counts them: the header is row 1. A malformed table is
rejected with the member, row and column named, before anything is written anywhere.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula, so a note such as ``=HYPERLINK(...)`` would become a
live link or command in whoever opens the export. Such a cell is written with a leading
apostrophe (OWASP's advice; spreadsheets show it as text), unless it is a plain number. A
cell that already starts with an apostrophe gets one more, so the reader can take exactly
one off every cell that starts with one and the round trip stays lossless.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from glutemed.errors import InputError
from glutemed.export.bundle import FORMAT_VERSION
from glutemed.export.csv_columns import Column
from glutemed.export.plain import JsonValue, validation_problem
from glutemed.programming.profile_upgrade import readable_profile

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP)."""
TEXT_MARK = "'"
"""The leading apostrophe that keeps a cell text in a spreadsheet."""
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """The cell as written: a would-be formula (or a cell that starts with the mark)
    gets a leading apostrophe; a plain number such as ``-2.5`` stays a number."""
    if cell.startswith(TEXT_MARK) or (
        cell.startswith(FORMULA_LEADS) and not _PLAIN_NUMBER.fullmatch(cell)
    ):
        return TEXT_MARK + cell
    return cell


def restore(cell: str) -> str:
    """The cell as it was before :func:`neutralise`."""
    return cell[1:] if cell.startswith(TEXT_MARK) else cell


# -- writing -------------------------------------------------------------------------------
def _cell(value: JsonValue, column: Column) -> str:
    if column.kind == "json":
        return "" if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if column.kind == "list":
        return ";".join(str(v) for v in value or [])
    if column.kind in ("low", "high"):
        value = None if value is None else value[0 if column.kind == "low" else 1]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def row_cells(plain: dict[str, JsonValue], columns: Sequence[Column]) -> list[str]:
    """One row's cells from a model's plain values (a field it lacks is an empty cell)."""
    return [neutralise(_cell(plain.get(c.field), c)) for c in columns]


def table_bytes(columns: Sequence[Column], rows: Iterable[list[str]]) -> bytes:
    """The header and ``rows`` as UTF-8 CSV with spreadsheet line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# -- reading -------------------------------------------------------------------------------
Row = tuple[int, dict[str, str]]
"""(spreadsheet row number, header -> cell)."""


def read_table(
    data: bytes, member: str, columns: Sequence[Column], version: int | None = FORMAT_VERSION
) -> list[Row]:
    """Rows of one CSV member, after checking its header names exactly the expected columns.

    A column newer than the file's ``version`` (``None``: not known) may be missing; its
    cells then read as empty, so files written by older glutemed versions still import.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(member, f"not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{member} row 1", "the file is empty; expected a header row")
        expected = [c.name for c in columns]
        optional = {c.name for c in columns if c.since > (version or 1)}
        missing = [n for n in expected if n not in header and n not in optional]
        unknown = [n for n in header if n not in expected]
        if missing or unknown:
            parts = [f"missing column(s) {', '.join(missing)}"] if missing else []
            parts += [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
            raise InputError(
                f"{member} row 1", f"{'; '.join(parts)}; expected: {', '.join(expected)}"
            )
        rows: list[Row] = []
        for number, cells in enumerate(reader, start=2):
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise InputError(
                    f"{member} row {number}",
                    f"has {len(cells)} cells but the header has {len(header)}",
                )
            restored = (restore(cell) for cell in cells)
            row = dict.fromkeys(optional, "") | dict(zip(header, restored, strict=True))
            rows.append((number, row))
    except csv.Error as exc:
        raise InputError(f"{member} row {reader.line_num}", str(exc)) from None
    return rows


def row_fields(row: Row, member: str, columns: Sequence[Column]) -> dict[str, Any]:
    """Turn one row's cells into model input, naming the column of any unreadable cell."""
    number, cells = row
    values: dict[str, Any] = {}
    pairs: dict[str, list[str]] = {}
    for column in columns:
        cell = cells[column.name]
        if column.kind == "text":
            values[column.field] = cell
        elif column.kind == "json":
            if cell != "":
                where = f"{member} row {number}, column {column.name}"
                values[column.field] = _json_cell(cell, where)
        elif column.kind == "list":
            if cell != "":
                values[column.field] = [part.strip() for part in cell.split(";")]
        elif column.kind in ("low", "high"):
            pairs.setdefault(column.field, []).append(cell)
        elif cell != "":
            values[column.field] = cell
    for field, (low, high) in pairs.items():
        if low == "" and high == "":
            continue
        if low == "" or high == "":
            empty = f"{field}_min" if low == "" else f"{field}_max"
            raise InputError(
                f"{member} row {number}, column {empty}", "give both ends of the range or neither"
            )
        values[field] = (low, high)
    return values


def _json_cell(cell: str, where: str) -> JsonValue:
    if cell == "":
        return None
    try:
        return json.loads(cell)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at character {exc.pos + 1})") from None


def column_names(columns: Sequence[Column]) -> dict[str, str]:
    """Model location -> column header, for naming the column of a validation error."""
    names: dict[str, str] = {}
    for c in columns:
        if c.kind == "low":
            names[f"{c.field}.0"] = c.name
            names.setdefault(c.field, c.name)
        elif c.kind == "high":
            names[f"{c.field}.1"] = c.name
        else:
            names[c.field] = c.name
    return names


def build(
    model: Callable[..., BaseModel],
    row: Row,
    member: str,
    columns: Sequence[Column],
    *,
    older: bool = False,
) -> Any:
    """One row as ``model``; a value the model refuses is named by member, row and column.

    ``older``: the row comes from a version-1 file, whose profile is read as
    :mod:`glutemed.programming.profile_upgrade` reads it."""
    values = row_fields(row, member, columns)
    if older and isinstance(values.get("profile"), Mapping):
        values["profile"] = readable_profile(values["profile"])
    try:
        return model(**values)
    except ValidationError as exc:
        raise validation_problem(exc, f"{member} row {row[0]}", column_names(columns)) from None
