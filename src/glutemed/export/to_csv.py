"""The portable history as CSV: a zip of small CSV files, and the parser that reads it.

Why a zip: a spreadsheet wants one flat table per kind of thing, and a history has several
(the person, their programs, the programs' prescriptions, the performed sets, the progression
decisions, the prescription in force per exercise and side, and since format 3 the pauses,
outcomes, acknowledgements and program changes). ``sets.csv`` - one row per performed set -
is the table people open; the others make the round trip lossless. The columns are listed in
``docs/exports.md`` and in :data:`~glutemed.export.csv_columns.TABLES`. Nested values that
have no flat form (a profile, the facts a rule fired on) sit in cells whose column name ends
in ``_json``.

This module is the entry point (render and parse the zip, or a lone ``sets.csv``); its parts:
:mod:`~glutemed.export.csv_columns` (the tables' columns), :mod:`~glutemed.export.csv_table`
(one table, both ways, with formula neutralisation), :mod:`~glutemed.export.csv_programs`
(the program tree as rows) and :mod:`~glutemed.export.csv_zip` (the container, read within
the import limit).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

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
    ProgressionRecord,
    SetRecord,
)
from glutemed.export.csv_columns import (
    ATTENTION_COLUMNS,
    DECISION_COLUMNS,
    ITEM_COLUMNS,
    OPTIONAL_SINCE,
    OUTCOME_COLUMNS,
    PAUSE_COLUMNS,
    PERSON_COLUMNS,
    PROGRAM_CHANGE_COLUMNS,
    PROGRAM_COLUMNS,
    PROGRESSION_COLUMNS,
    SET_COLUMNS,
    Column,
)
from glutemed.export.csv_programs import item_rows, parse_programs, program_plain
from glutemed.export.csv_table import build, read_table, row_cells, row_fields, table_bytes
from glutemed.export.csv_zip import open_zip, write_zip
from glutemed.export.import_limits import DEFAULT_MAX_BYTES
from glutemed.export.plain import JsonValue, to_plain, validation_problem
from glutemed.outcomes.entries import ENTRY_KINDS, OutcomeEntry, parse_entry
from glutemed.progression.models import PerformedSet

M = TypeVar("M", bound=BaseModel)


# -- writing -------------------------------------------------------------------------------
def render_sets_csv(sets: Sequence[PerformedSet]) -> bytes:
    """Just the performed sets, one row each (the table people open in a spreadsheet).

    ``deleted_at`` is filled for a :class:`SetRecord` that was deleted, empty otherwise.
    """
    return table_bytes(SET_COLUMNS, (row_cells(to_plain(s), SET_COLUMNS) for s in sets))


def render_csv_zip(bundle: HistoryBundle) -> bytes:
    """The whole bundle as a deterministic zip of its CSV tables."""
    person = {**to_plain(bundle.person), "format": bundle.format}
    person["format_version"] = bundle.format_version
    return write_zip({
        "person.csv": table_bytes(PERSON_COLUMNS, [row_cells(person, PERSON_COLUMNS)]),
        "programs.csv": table_bytes(
            PROGRAM_COLUMNS,
            (row_cells(program_plain(p), PROGRAM_COLUMNS) for p in bundle.programs),
        ),
        "program_items.csv": table_bytes(
            ITEM_COLUMNS, (r for p in bundle.programs for r in item_rows(p))
        ),
        "sets.csv": render_sets_csv(bundle.performed_sets),
        "decisions.csv": _records(DECISION_COLUMNS, bundle.decisions),
        "progression.csv": _records(PROGRESSION_COLUMNS, bundle.progression),
        "pauses.csv": _records(PAUSE_COLUMNS, bundle.pauses),
        "outcomes.csv": table_bytes(
            OUTCOME_COLUMNS,
            (row_cells(_outcome_plain(e), OUTCOME_COLUMNS) for e in bundle.outcomes),
        ),
        "attention.csv": _records(ATTENTION_COLUMNS, bundle.attention_acks),
        "program_changes.csv": _records(PROGRAM_CHANGE_COLUMNS, bundle.program_changes),
    })


def _records(columns: Sequence[Column], records: Iterable[BaseModel]) -> bytes:
    """A table of one row per record, each record's fields by name."""
    return table_bytes(columns, (row_cells(to_plain(r), columns) for r in records))


def _outcome_plain(entry: OutcomeEntry) -> dict[str, JsonValue]:
    from glutemed.store.outcomes import COLUMN_FIELDS

    plain = entry.model_dump(mode="json")
    values = {k: v for k, v in plain.items() if k not in COLUMN_FIELDS}
    return {**{k: plain.get(k) for k in COLUMN_FIELDS}, "values": values}


# -- reading -------------------------------------------------------------------------------
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
    rows = read_table(data, member, SET_COLUMNS, version)
    return [(f"{member} row {row[0]}", build(SetRecord, row, member, SET_COLUMNS)) for row in rows]


def parse_csv_zip(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> HistoryBundle:
    """Read a zip written by :func:`render_csv_zip` back into the same bundle; a zip whose
    tables would expand past ``max_bytes`` is refused before it is decompressed."""
    tables = open_zip(data, max_bytes)
    # Its version is not known before it is read: columns added later may be absent.
    person_rows = read_table(tables["person.csv"], "person.csv", PERSON_COLUMNS, None)
    if len(person_rows) != 1:
        raise InputError("person.csv", f"expected exactly one person row, found {len(person_rows)}")
    head = row_fields(person_rows[0], "person.csv", PERSON_COLUMNS)
    version = head.pop("format", None), head.pop("format_version", None)
    # A version-1 file may hold a body mass its glutemed accepted and this one does not:
    # read it as unknown, as the store and the JSON import do (programming.profile_upgrade).
    older = _file_version(version[1]) == 1
    person = build(PersonRecord, person_rows[0], "person.csv", PERSON_COLUMNS[2:], older=older)
    programs = parse_programs(tables, older=older, version=_file_version(version[1]))
    file_version = _file_version(version[1])
    sets = parse_sets_csv(tables["sets.csv"], version=file_version)
    pauses = _parse_pauses(tables, file_version)
    decisions = _parse_records(tables, "decisions.csv", DecisionRecord, DECISION_COLUMNS,
                               FORMAT_VERSION)
    outcomes = _parse_outcomes(tables.get("outcomes.csv"), file_version)
    acks = _parse_records(tables, "attention.csv", AcknowledgementRecord, ATTENTION_COLUMNS,
                          file_version)
    program_changes = _parse_records(tables, "program_changes.csv", ProgramChangeRecord,
                                     PROGRAM_CHANGE_COLUMNS, file_version)
    progression = _parse_records(tables, "progression.csv", ProgressionRecord,
                                 PROGRESSION_COLUMNS, file_version)
    try:
        return HistoryBundle(
            format=version[0],
            format_version=version[1],
            person=person,
            programs=programs,
            performed_sets=sets,
            decisions=decisions,
            progression=progression,
            pauses=pauses,
            outcomes=outcomes,
            attention_acks=acks,
            program_changes=program_changes,
        )
    except ValidationError as exc:
        raise validation_problem(exc, "person.csv row 2") from None


def _parse_records(
    tables: Mapping[str, bytes], member: str, model: type[M], columns: Sequence[Column],
    version: int | None,
) -> list[M]:
    """One record per row of ``member`` (none when the zip has no such member: the
    members added after format 1 may be absent, the others were checked by ``open_zip``)."""
    data = tables.get(member)
    if data is None:
        return []
    return [build(model, row, member, columns) for row in read_table(data, member, columns,
                                                                      version)]


def _parse_pauses(tables: dict[str, bytes], version: int | None) -> list[PauseRecord]:
    """The safety pauses (a member since version 3; a file from before has none)."""
    data = tables.get("pauses.csv")
    if data is None:
        if (version or 1) >= OPTIONAL_SINCE["pauses.csv"]:
            raise InputError("zip", "missing member pauses.csv (every version-3 file has it)")
        return []
    return _parse_records(tables, "pauses.csv", PauseRecord, PAUSE_COLUMNS, version)


def _parse_outcomes(data: bytes | None, version: int | None) -> list[OutcomeEntry]:
    """Outcome entries from ``outcomes.csv`` (absent from files older than format 3)."""
    if data is None:
        return []
    member = "outcomes.csv"
    entries: list[OutcomeEntry] = []
    for row in read_table(data, member, OUTCOME_COLUMNS, version):
        fields = row_fields(row, member, OUTCOME_COLUMNS)
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
