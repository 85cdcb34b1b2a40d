"""The portable history as CSV: a zip of six small CSV files, and the parser that reads it.

Why a zip: a spreadsheet wants one flat table per kind of thing, and a history has six (the
person, their programs, the programs' prescriptions, the performed sets, the progression
decisions and the prescription in force per exercise and side). ``sets.csv`` - one row per
performed set - is the table people open; the other five make the round trip lossless.
The columns are listed in ``docs/exports.md`` and in :data:`TABLES` below. Nested values
that have no flat form (a profile, the facts a rule fired on) sit in cells whose column
name ends in ``_json``.

Rows are counted as a spreadsheet counts them: the header is row 1. A malformed file is
rejected with the file, row and column named, before anything is written anywhere.

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
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from glutemed.errors import InputError
from glutemed.export.bundle import (
    FORMAT_VERSION,
    AcknowledgementRecord,
    DecisionRecord,
    HistoryBundle,
    PauseRecord,
    PersonRecord,
    ProgramChangeRecord,
    ProgramRecord,
    ProgressionRecord,
    SetRecord,
)
from glutemed.export.plain import JsonValue, to_plain, validation_problem
from glutemed.outcomes.entries import ENTRY_KINDS, OutcomeEntry, parse_entry
from glutemed.programming.models import Prescription, Program, Session, Week
from glutemed.programming.profile_upgrade import readable_profile
from glutemed.progression.models import PerformedSet

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every member gets this timestamp (the zip epoch) so the same history gives the same bytes."""
IMPORT_LIMIT_SETTING = "GLUTEMED_IMPORT_MAX_MB"
"""Where a person raises the import limit (see :class:`glutemed.config.Settings`)."""
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
"""The most an import reads by default: a zip's six tables together, or a plain file."""
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, the model field it holds and how the cell is written.

    ``kind`` is ``text`` (kept as written, empty stays empty), ``value`` (empty means no
    value; otherwise the model parses it), ``json`` (JSON in the cell), ``list`` (slugs
    joined by ``;``, e.g. ``night-pain;fever``) or ``low``/``high`` (one end of a two-number
    range such as ``reps``). ``since`` is the bundle format version that added the column:
    a file of an older version (or a lone ``sets.csv``, whose version is unknown) may leave
    it out, and it then reads as empty.
    """

    name: str
    field: str
    kind: str = "value"
    since: int = 1


def _pair(field: str, low: str = "min", high: str = "max") -> list[Column]:
    return [Column(f"{field}_{low}", field, "low"), Column(f"{field}_{high}", field, "high")]


SET_COLUMNS: list[Column] = [
    Column("date", "date"),
    Column("variant_id", "variant_id"),
    Column("side", "side"),
    Column("set_index", "set_index"),
    Column("reps", "reps"),
    Column("hold_s", "hold_s"),
    Column("load_kg", "load_kg"),
    Column("band", "band"),
    Column("band_at", "band_at"),
    Column("rir", "rir"),
    Column("pain_during", "pain_during"),
    Column("pain_next_morning", "pain_next_morning"),
    Column("checks_json", "checks", "json"),
    Column("felt_in", "felt_in"),
    Column("note", "note"),
    *_pair("target_reps"),
    *_pair("target_hold_s"),
    Column("target_load_kg", "target_load_kg"),
    Column("red_flags", "red_flags", "list"),
    Column("deleted_at", "deleted_at", since=2),
    Column("target_sets", "target_sets", since=3),
    Column("target_band", "target_band", since=3),
    Column("target_band_at", "target_band_at", since=3),
    Column("slot", "slot", since=3),
]

PRESCRIPTION_COLUMNS: list[Column] = [
    Column("variant_id", "variant_id"),
    Column("role", "role"),
    Column("mode", "mode"),
    Column("side", "side"),
    Column("sets", "sets"),
    *_pair("reps"),
    *_pair("hold_s"),
    Column("load_kg", "load_kg"),
    Column("band", "band"),
    Column("band_at", "band_at"),
    Column("rest_s", "rest_s"),
    *_pair("rir"),
    Column("optional", "optional"),
    Column("rationale", "rationale", "text"),
    Column("slot", "slot", since=3),
    Column("setup_note", "setup_note", since=4),  # empty: no note (None)
]

PERSON_COLUMNS: list[Column] = [
    Column("format", "format"),
    Column("format_version", "format_version"),
    Column("name", "name", "text"),
    Column("unit", "unit"),
    Column("timezone", "timezone", "text"),
    Column("profile_json", "profile", "json"),
    Column("outcome_weeks_json", "outcome_weeks", "json", since=3),
]

PROGRAM_COLUMNS: list[Column] = [
    Column("program_key", "key", "text"),
    Column("start_date", "start_date"),
    Column("active", "active"),
    Column("completed_json", "completed", "json"),
    Column("profile_json", "profile", "json"),
    Column("rationale_json", "rationale", "json"),
    Column("weekdays_json", "weekdays", "json", since=3),
]

ITEM_POSITION_COLUMNS: list[Column] = [
    Column("program_key", "program_key", "text"),
    Column("week_index", "week_index"),
    Column("week_number", "week_number"),
    Column("week_focus", "week_focus", "text"),
    Column("session_index", "session_index"),
    Column("session_day", "session_day"),
    Column("session_name", "session_name", "text"),
    Column("item_index", "item_index"),
]
ITEM_COLUMNS = ITEM_POSITION_COLUMNS + PRESCRIPTION_COLUMNS

DECISION_COLUMNS: list[Column] = [
    Column("date", "date"),
    Column("variant_id", "variant_id"),
    Column("slot", "slot"),
    Column("side", "side"),
    Column("action", "action"),
    Column("explanation", "explanation", "text"),
    Column("rule_ids_json", "rule_ids", "json"),
    Column("facts_json", "facts", "json"),
    Column("prescription_before_json", "prescription_before", "json"),
    Column("prescription_after_json", "prescription_after", "json"),
    Column("performed_set", "performed_set"),
]

PROGRESSION_COLUMNS: list[Column] = [
    Column("slot", "slot"),
    Column("side", "side"),
    Column("prescription_json", "prescription", "json"),
    Column("counters_json", "counters", "json"),
    Column("session_date", "session_date", since=3),
    Column("session_target_json", "session_target", "json", since=3),
    Column("session_base_sets", "session_base_sets", since=3),
]

PAUSE_COLUMNS: list[Column] = [
    Column("started_on", "started_on"),
    Column("reason", "reason", "text"),
    Column("created_at", "created_at"),
    Column("cleared_at", "cleared_at"),
    Column("cleared_by", "cleared_by", "text"),
    Column("clearance_note", "clearance_note", "text"),
    Column("decision", "decision"),
]

OUTCOME_COLUMNS: list[Column] = [
    Column("date", "date"),
    Column("measure", "measure"),
    Column("entered_by", "entered_by", "text"),
    Column("entered_role", "entered_role"),
    Column("note", "note"),
    Column("values_json", "values", "json"),
]
"""One outcome entry per row; ``values_json`` holds the measure's own fields (ratings,
activities, forces and lever arm)."""

ATTENTION_COLUMNS: list[Column] = [
    Column("kind", "kind"),
    Column("key", "key", "text"),
    Column("by", "by", "text"),
    Column("at", "at"),
    Column("note", "note", "text"),
]
"""One acknowledged needs-attention flag per row (a member since version 3; optional)."""

PROGRAM_CHANGE_COLUMNS: list[Column] = [
    Column("at", "at"),
    Column("by", "by", "text"),
    Column("role", "role"),
    Column("what", "what", "text"),
    Column("edit_json", "edit", "json"),
    Column("program_key", "program"),
]
"""One change to the program per row (a member since version 3; optional)."""

OPTIONAL_SINCE = {"outcomes.csv": 3, "pauses.csv": 3, "attention.csv": 3,
                  "program_changes.csv": 3}
"""Members added after format 1: an older zip may lack them (and then holds none)."""

TABLES: dict[str, list[Column]] = {
    "person.csv": PERSON_COLUMNS,
    "programs.csv": PROGRAM_COLUMNS,
    "program_items.csv": ITEM_COLUMNS,
    "sets.csv": SET_COLUMNS,
    "decisions.csv": DECISION_COLUMNS,
    "progression.csv": PROGRESSION_COLUMNS,
    "pauses.csv": PAUSE_COLUMNS,
    "outcomes.csv": OUTCOME_COLUMNS,
    "attention.csv": ATTENTION_COLUMNS,
    "program_changes.csv": PROGRAM_CHANGE_COLUMNS,
}
"""Member name -> columns, in the order they are written."""




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


def _row(plain: dict[str, JsonValue], columns: Sequence[Column]) -> list[str]:
    return [neutralise(_cell(plain.get(c.field), c)) for c in columns]


def _table(columns: Sequence[Column], rows: Iterable[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def render_sets_csv(sets: Sequence[PerformedSet]) -> bytes:
    """Just the performed sets, one row each (the table people open in a spreadsheet).

    ``deleted_at`` is filled for a :class:`SetRecord` that was deleted, empty otherwise.
    """
    return _table(SET_COLUMNS, (_row(to_plain(s), SET_COLUMNS) for s in sets))


def _item_rows(record: ProgramRecord) -> Iterable[list[str]]:
    """One row per prescription; a week or session with nothing in it still gets a row."""
    for w, week in enumerate(record.program.weeks, start=1):
        where: dict[str, JsonValue] = {
            "program_key": record.key,
            "week_index": w,
            "week_number": week.number,
            "week_focus": week.focus,
        }
        if not week.sessions:
            yield _row(where, ITEM_COLUMNS)
        for s, session in enumerate(week.sessions, start=1):
            here = {**where, "session_index": s, "session_day": session.day}
            here["session_name"] = session.name
            if not session.items:
                yield _row(here, ITEM_COLUMNS)
            for i, item in enumerate(session.items, start=1):
                yield _row({**here, "item_index": i, **to_plain(item)}, ITEM_COLUMNS)


def render_csv_zip(bundle: HistoryBundle) -> bytes:
    """The whole bundle as a deterministic zip of the six CSV tables."""
    person = {**to_plain(bundle.person), "format": bundle.format}
    person["format_version"] = bundle.format_version
    programs = [
        {
            "key": p.key,
            "start_date": to_plain(p.start_date),
            "active": p.active,
            "completed": to_plain(p.completed),
            **to_plain(p.program),
        }
        for p in bundle.programs
    ]
    members = {
        "person.csv": _table(PERSON_COLUMNS, [_row(person, PERSON_COLUMNS)]),
        "programs.csv": _table(PROGRAM_COLUMNS, (_row(p, PROGRAM_COLUMNS) for p in programs)),
        "program_items.csv": _table(
            ITEM_COLUMNS, (r for p in bundle.programs for r in _item_rows(p))
        ),
        "sets.csv": render_sets_csv(bundle.performed_sets),
        "decisions.csv": _table(
            DECISION_COLUMNS, (_row(to_plain(d), DECISION_COLUMNS) for d in bundle.decisions)
        ),
        "progression.csv": _table(
            PROGRESSION_COLUMNS,
            (_row(to_plain(p), PROGRESSION_COLUMNS) for p in bundle.progression),
        ),
        "pauses.csv": _table(
            PAUSE_COLUMNS, (_row(to_plain(p), PAUSE_COLUMNS) for p in bundle.pauses)
        ),
        "outcomes.csv": _table(
            OUTCOME_COLUMNS, (_row(_outcome_plain(e), OUTCOME_COLUMNS) for e in bundle.outcomes)
        ),
        "attention.csv": _table(
            ATTENTION_COLUMNS,
            (_row(to_plain(a), ATTENTION_COLUMNS) for a in bundle.attention_acks),
        ),
        "program_changes.csv": _table(
            PROGRAM_CHANGE_COLUMNS,
            (_row(to_plain(c), PROGRAM_CHANGE_COLUMNS) for c in bundle.program_changes),
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def _outcome_plain(entry: OutcomeEntry) -> dict[str, JsonValue]:
    from glutemed.store.outcomes import COLUMN_FIELDS

    plain = entry.model_dump(mode="json")
    values = {k: v for k, v in plain.items() if k not in COLUMN_FIELDS}
    return {**{k: plain.get(k) for k in COLUMN_FIELDS}, "values": values}


# -- reading -------------------------------------------------------------------------------
Row = tuple[int, dict[str, str]]
"""(spreadsheet row number, header -> cell)."""


def _read_table(
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


def _fields(row: Row, member: str, columns: Sequence[Column]) -> dict[str, Any]:
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


def _column_names(columns: Sequence[Column]) -> dict[str, str]:
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


def _build(
    model: Callable[..., BaseModel],
    row: Row,
    member: str,
    columns: Sequence[Column],
    *,
    older: bool = False,
) -> Any:
    values = _fields(row, member, columns)
    if older and isinstance(values.get("profile"), Mapping):
        values["profile"] = readable_profile(values["profile"])
    try:
        return model(**values)
    except ValidationError as exc:
        raise validation_problem(exc, f"{member} row {row[0]}", _column_names(columns)) from None


def parse_sets_csv(
    data: bytes, member: str = "sets.csv", *, version: int | None = None
) -> list[SetRecord]:
    """Performed sets from a ``sets.csv`` table (alone, or from inside the zip of format
    ``version``); a row with ``deleted_at`` is a deleted set."""
    return [record for _, record in parse_sets_csv_rows(data, member, version=version)]


def parse_sets_csv_rows(
    data: bytes, member: str = "sets.csv", *, version: int | None = None
) -> list[tuple[str, SetRecord]]:
    """:func:`parse_sets_csv`, each set with where it was (``sets.csv row 7``)."""
    rows = _read_table(data, member, SET_COLUMNS, version)
    return [(f"{member} row {row[0]}", _build(SetRecord, row, member, SET_COLUMNS)) for row in rows]


def parse_csv_zip(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> HistoryBundle:
    """Read a zip written by :func:`render_csv_zip` back into the same bundle; a zip whose
    tables would expand past ``max_bytes`` is refused before it is decompressed."""
    tables = _open_zip(data, max_bytes)
    # Its version is not known before it is read: columns added later may be absent.
    person_rows = _read_table(tables["person.csv"], "person.csv", PERSON_COLUMNS, None)
    if len(person_rows) != 1:
        raise InputError("person.csv", f"expected exactly one person row, found {len(person_rows)}")
    head = _fields(person_rows[0], "person.csv", PERSON_COLUMNS)
    version = head.pop("format", None), head.pop("format_version", None)
    # A version-1 file may hold a body mass its glutemed accepted and this one does not:
    # read it as unknown, as the store and the JSON import do (programming.profile_upgrade).
    older = _file_version(version[1]) == 1
    person = _build(PersonRecord, person_rows[0], "person.csv", PERSON_COLUMNS[2:], older=older)
    programs = _parse_programs(tables, older=older, version=_file_version(version[1]))
    file_version = _file_version(version[1])
    sets = parse_sets_csv(tables["sets.csv"], version=file_version)
    pauses = _parse_pauses(tables, file_version)
    decisions = [
        _build(DecisionRecord, row, "decisions.csv", DECISION_COLUMNS)
        for row in _read_table(tables["decisions.csv"], "decisions.csv", DECISION_COLUMNS)
    ]
    outcomes = _parse_outcomes(tables.get("outcomes.csv"), file_version)
    acks = [
        _build(AcknowledgementRecord, row, "attention.csv", ATTENTION_COLUMNS)
        for row in _read_table(tables["attention.csv"], "attention.csv", ATTENTION_COLUMNS,
                               file_version)
    ] if "attention.csv" in tables else []
    program_changes = [
        _build(ProgramChangeRecord, row, "program_changes.csv", PROGRAM_CHANGE_COLUMNS)
        for row in _read_table(tables["program_changes.csv"], "program_changes.csv",
                               PROGRAM_CHANGE_COLUMNS, file_version)
    ] if "program_changes.csv" in tables else []
    try:
        return HistoryBundle(
            format=version[0],
            format_version=version[1],
            person=person,
            programs=programs,
            performed_sets=sets,
            decisions=decisions,
            progression=[
                _build(ProgressionRecord, row, "progression.csv", PROGRESSION_COLUMNS)
                for row in _read_table(
                    tables["progression.csv"], "progression.csv", PROGRESSION_COLUMNS,
                    file_version,
                )
            ],
            pauses=pauses,
            outcomes=outcomes,
            attention_acks=acks,
            program_changes=program_changes,
        )
    except ValidationError as exc:
        raise validation_problem(exc, "person.csv row 2") from None


def _parse_pauses(tables: dict[str, bytes], version: int | None) -> list[PauseRecord]:
    """The safety pauses (a member since version 3; a file from before has none)."""
    data = tables.get("pauses.csv")
    if data is None:
        if (version or 1) >= OPTIONAL_SINCE["pauses.csv"]:
            raise InputError("zip", "missing member pauses.csv (every version-3 file has it)")
        return []
    return [_build(PauseRecord, row, "pauses.csv", PAUSE_COLUMNS)
            for row in _read_table(data, "pauses.csv", PAUSE_COLUMNS, version)]
def _parse_outcomes(data: bytes | None, version: int | None) -> list[OutcomeEntry]:
    """Outcome entries from ``outcomes.csv`` (absent from files older than format 3)."""
    if data is None:
        return []
    member = "outcomes.csv"
    entries: list[OutcomeEntry] = []
    for row in _read_table(data, member, OUTCOME_COLUMNS, version):
        fields = _fields(row, member, OUTCOME_COLUMNS)
        values = fields.pop("values", None) or {}
        if not isinstance(values, dict):
            raise InputError(f"{member} row {row[0]}, column values_json", "expected an object")
        try:
            entries.append(parse_entry({**values, **fields}))
        except ValidationError as exc:
            raise _outcome_problem(exc, f"{member} row {row[0]}") from None
    return entries


def _outcome_problem(exc: ValidationError, where: str) -> InputError:
    """``outcomes.csv row 3, column values_json (worst_0_10): 12 is out of range; ...``."""
    err = exc.errors()[0]
    loc = [str(p) for p in err.get("loc", ())]
    if loc and loc[0] in ENTRY_KINDS:  # the discriminated union puts the kind first
        loc = loc[1:]
    field = ".".join(loc)
    columns = {c.field: c.name for c in OUTCOME_COLUMNS}
    column = columns.get(field) or (f"values_json ({field})" if field else "measure")
    return InputError(f"{where}, column {column}", str(err.get("msg", "invalid value")))


def _file_version(cell: str | None) -> int | None:
    """The zip's format version, checked before its tables are read: a newer file is
    refused here, so its unknown columns are not what the person is told about."""
    if cell is None or not cell.isdigit():
        return None  # not a version at all: the bundle's own check names it
    version = int(cell)
    if version > FORMAT_VERSION:
        raise InputError(
            "person.csv row 2, column format_version",
            f"version {version} is newer than this glutemed reads ({FORMAT_VERSION}); "
            "upgrade glutemed",
        )
    return version


def size_words(size: int) -> str:
    """``7.0 GB``, ``128 MB``, ``300 KB``: a byte count as a person reads it."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else (
                f"{value:.1f} {unit}"
            )
    return f"{size} bytes"


def too_large(what: str, size: int, max_bytes: int) -> InputError:
    """The refusal of an import that is larger than the limit, with how to raise it."""
    return InputError(
        "FILE",
        f"{what} {size_words(size)}; glutemed reads at most {size_words(max_bytes)} from an "
        f"import (raise it with {IMPORT_LIMIT_SETTING})",
    )


def _open_zip(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, bytes]:
    """The six tables of a glutemed CSV zip, each read only after its size was checked.

    A zip's directory says how large each member is once decompressed; a small zip can
    claim (and hold) gigabytes. The claimed sizes are checked first -- each member, then
    the six together -- so such a file is refused before anything is decompressed; and
    each member is then read in chunks, never more than it claimed (Python's zipfile stops
    at the claimed size and fails the checksum if the data goes on), so a member that lies
    about its size cannot get past the limit either.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            missing = [n for n in TABLES if n not in names and n not in OPTIONAL_SINCE]
            if missing:
                raise InputError(
                    "zip", f"missing member(s) {', '.join(missing)}; expected: {', '.join(TABLES)}"
                )
            sizes = {name: archive.getinfo(name).file_size for name in TABLES if name in names}
            for name, size in sizes.items():
                if size > max_bytes:
                    raise too_large(f"{name} in the zip would expand to", size, max_bytes)
            total = sum(sizes.values())
            if total > max_bytes:
                raise too_large("the zip's tables would expand together to", total, max_bytes)
            return {name: _read_member(archive, name, max_bytes) for name in sizes}
    except zipfile.BadZipFile as exc:
        raise InputError("file", f"not a glutemed CSV zip ({exc})") from None


def _read_member(archive: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    out = bytearray()
    with archive.open(name) as member:
        while chunk := member.read(_READ_CHUNK):
            out += chunk
            if len(out) > max_bytes:
                raise too_large(f"{name} in the zip expands to more than", max_bytes, max_bytes)
    return bytes(out)


def _parse_programs(tables: dict[str, bytes], *, older: bool = False,
                    version: int | None = FORMAT_VERSION) -> list[ProgramRecord]:
    """Rebuild each program's weeks, sessions and items from their positions."""
    heads = _read_table(tables["programs.csv"], "programs.csv", PROGRAM_COLUMNS, version)
    items = _read_table(tables["program_items.csv"], "program_items.csv", ITEM_COLUMNS,
                        version)
    tree: dict[str, dict[int, tuple[Row, dict[int, tuple[Row, dict[int, Row]]]]]] = {
        row[1]["program_key"]: {} for row in heads
    }
    for row in items:
        _place(row, tree)
    records = []
    for row in heads:
        number, cells = row
        fields = _fields(row, "programs.csv", PROGRAM_COLUMNS)
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
                exc, f"programs.csv row {number}", _column_names(PROGRAM_COLUMNS)
            ) from None
    return records


Tree = dict[str, dict[int, tuple[Row, dict[int, tuple[Row, dict[int, Row]]]]]]


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
        _build(Prescription, i_row, member, PRESCRIPTION_COLUMNS)
        for _, i_row in sorted(items.items())
    ]
    try:
        return Session(day=cells["session_day"], name=cells["session_name"], items=built)
    except ValidationError as exc:
        names = {"day": "session_day", "name": "session_name"}
        raise validation_problem(exc, f"{member} row {number}", names) from None
