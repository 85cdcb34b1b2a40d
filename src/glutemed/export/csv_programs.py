"""A bundle's programs as two CSV tables, and back: ``programs.csv`` and ``program_items.csv``.

A program is a tree (weeks, their sessions, their prescriptions); a spreadsheet wants flat
rows. Each prescription is written as one row of ``program_items.csv`` carrying its position
(program key, week, session, item; 1-based), and a week or a session with nothing in it still
gets a row, so reading the positions back rebuilds the same tree. A position that repeats,
or a program key that ``programs.csv`` does not name, is refused with its row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import ValidationError

from glutemed.errors import InputError
from glutemed.export.bundle import FORMAT_VERSION, ProgramRecord
from glutemed.export.csv_columns import ITEM_COLUMNS, PRESCRIPTION_COLUMNS, PROGRAM_COLUMNS
from glutemed.export.csv_table import Row, build, column_names, read_table, row_cells, row_fields
from glutemed.export.plain import JsonValue, to_plain, validation_problem
from glutemed.programming.models import Prescription, Program, Session, Week
from glutemed.programming.profile_upgrade import readable_profile


def program_plain(record: ProgramRecord) -> dict[str, JsonValue]:
    """A program's ``programs.csv`` row values (its weeks go to ``program_items.csv``)."""
    return {
        "key": record.key,
        "start_date": to_plain(record.start_date),
        "active": record.active,
        "completed": to_plain(record.completed),
        **to_plain(record.program),
    }


def item_rows(record: ProgramRecord) -> Iterable[list[str]]:
    """One row per prescription; a week or session with nothing in it still gets a row."""
    for w, week in enumerate(record.program.weeks, start=1):
        where: dict[str, JsonValue] = {
            "program_key": record.key,
            "week_index": w,
            "week_number": week.number,
            "week_focus": week.focus,
        }
        if not week.sessions:
            yield row_cells(where, ITEM_COLUMNS)
        for s, session in enumerate(week.sessions, start=1):
            here = {**where, "session_index": s, "session_day": session.day}
            here["session_name"] = session.name
            if not session.items:
                yield row_cells(here, ITEM_COLUMNS)
            for i, item in enumerate(session.items, start=1):
                yield row_cells({**here, "item_index": i, **to_plain(item)}, ITEM_COLUMNS)


Tree = dict[str, dict[int, tuple[Row, dict[int, tuple[Row, dict[int, Row]]]]]]
"""Program key -> week -> (its first row, session -> (its first row, item -> its row))."""


def parse_programs(tables: dict[str, bytes], *, older: bool = False,
                    version: int | None = FORMAT_VERSION) -> list[ProgramRecord]:
    """Rebuild each program's weeks, sessions and items from their positions (``older``:
    a version-1 file, whose profiles are read as ``profile_upgrade`` reads them)."""
    heads = read_table(tables["programs.csv"], "programs.csv", PROGRAM_COLUMNS, version)
    items = read_table(tables["program_items.csv"], "program_items.csv", ITEM_COLUMNS,
                        version)
    tree: Tree = {
        row[1]["program_key"]: {} for row in heads
    }
    for row in items:
        _place(row, tree)
    records = []
    for row in heads:
        number, cells = row
        fields = row_fields(row, "programs.csv", PROGRAM_COLUMNS)
        if older and isinstance(fields.get("profile"), Mapping):
            fields["profile"] = readable_profile(fields["profile"])
        weeks = [
            _week(w_row, sessions)
            for _, (w_row, sessions) in sorted(tree[cells["program_key"]].items())
        ]
        try:
            program = Program(
                profile=fields.get("profile"), weeks=weeks, rationale=fields.get("rationale"),
                weekdays=fields.get("weekdays"),
            )
            records.append(
                ProgramRecord(
                    key=fields["key"],
                    start_date=fields.get("start_date"),
                    active=fields.get("active", True),
                    completed=fields.get("completed") or {},
                    program=program,
                )
            )
        except ValidationError as exc:
            raise validation_problem(
                exc, f"programs.csv row {number}", column_names(PROGRAM_COLUMNS)
            ) from None
    return records


def _index(row: Row, column: str, required: bool = True) -> int | None:
    """A 1-based position cell: a whole number >= 1 (or empty when not ``required``)."""
    number, cells = row
    cell = cells[column]
    if cell == "" and not required:
        return None
    if not cell.isdigit() or int(cell) < 1:
        raise InputError(
            f"program_items.csv row {number}, column {column}",
            f"must be a whole number >= 1, got {cell!r}",
        )
    return int(cell)


def _place(row: Row, tree: Tree) -> None:
    number, cells = row
    key = cells["program_key"]
    if key not in tree:
        raise InputError(
            f"program_items.csv row {number}, column program_key",
            f"no program {key!r} in programs.csv (known: {', '.join(tree) or 'none'})",
        )
    week = tree[key].setdefault(_index(row, "week_index") or 0, (row, {}))
    session_index = _index(row, "session_index", required=False)
    if session_index is None:
        return
    session = week[1].setdefault(session_index, (row, {}))
    item_index = _index(row, "item_index", required=False)
    if item_index is None:
        return
    if item_index in session[1]:
        raise InputError(
            f"program_items.csv row {number}, column item_index",
            f"item {item_index} of this session already appears in row {session[1][item_index][0]}",
        )
    session[1][item_index] = row


def _week(row: Row, sessions: dict[int, tuple[Row, dict[int, Row]]]) -> Week:
    number, cells = row
    built = [_session(s_row, items) for _, (s_row, items) in sorted(sessions.items())]
    try:
        return Week(number=cells["week_number"], focus=cells["week_focus"], sessions=built)
    except ValidationError as exc:
        where = f"program_items.csv row {number}"
        raise validation_problem(
            exc, where, {"number": "week_number", "focus": "week_focus"}
        ) from None


def _session(row: Row, items: dict[int, Row]) -> Session:
    number, cells = row
    member = "program_items.csv"
    built = [
        build(Prescription, i_row, member, PRESCRIPTION_COLUMNS)
        for _, i_row in sorted(items.items())
    ]
    try:
        return Session(day=cells["session_day"], name=cells["session_name"], items=built)
    except ValidationError as exc:
        names = {"day": "session_day", "name": "session_name"}
        raise validation_problem(exc, f"{member} row {number}", names) from None
