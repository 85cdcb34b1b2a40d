"""A malformed history file is rejected with the file, row and column named."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from glutemed.errors import InputError
from glutemed.export.bundle import FORMAT_VERSION, HistoryBundle, SetRecord
from glutemed.export.csv_columns import SET_COLUMNS
from glutemed.export.to_csv import (
    parse_csv_zip,
    parse_sets_csv,
    render_csv_zip,
    render_sets_csv,
)
from glutemed.export.to_json import parse_json, render_json
from glutemed.progression.models import PerformedSet


def _replace_member(data: bytes, name: str, edit: str, by: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == name:
                text = content.decode()
                assert edit in text
                content = text.replace(edit, by, 1).encode()
            dst.writestr(info, content)
    return out.getvalue()


def _one_row(**cells: str) -> bytes:
    header = [c.name for c in SET_COLUMNS]
    row = [cells.get(name, "") for name in header]
    return ("\r\n".join([",".join(header), ",".join(row)]) + "\r\n").encode()


def _sets_text(bundle: HistoryBundle) -> str:
    return render_sets_csv(bundle.performed_sets).decode()


def _tables(bundle: HistoryBundle) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(render_csv_zip(bundle))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(tables: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in tables.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_every_performed_set_field_has_a_csv_column() -> None:
    covered = {c.field for c in SET_COLUMNS}
    assert covered == set(PerformedSet.model_fields) | {"deleted_at"}
    assert covered == set(SetRecord.model_fields)


def test_out_of_range_pain_names_row_and_column(bundle: HistoryBundle) -> None:
    text = _sets_text(bundle)
    lines = text.split("\r\n")
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("pain_during")] = "11"
    lines[3] = ",".join(cells)
    with pytest.raises(InputError) as err:
        parse_sets_csv("\r\n".join(lines).encode())
    assert "sets.csv row 4, column pain_during" in str(err.value)
    assert "11 is out of range; allowed 0 to 10" in str(err.value)


def test_a_word_where_a_number_belongs_names_the_column(bundle: HistoryBundle) -> None:
    text = _sets_text(bundle).replace(",30.0,", ",thirty,", 1)
    with pytest.raises(InputError, match=r"sets.csv row 2, column hold_s"):
        parse_sets_csv(text.encode())


def test_half_a_range_names_the_empty_end(bundle: HistoryBundle) -> None:
    text = _sets_text(bundle).replace(",30,45,", ",30,,", 1)
    with pytest.raises(InputError, match=r"sets.csv row 2, column target_hold_s_max: give both"):
        parse_sets_csv(text.encode())


def test_unknown_band_colour_lists_the_allowed_ones() -> None:
    data = _one_row(
        date="2026-01-05",
        variant_id="side-lying-abduction.band-knees",
        side="left",
        reps="12",
        band="purple",
        band_at="knees",
    )
    with pytest.raises(InputError) as err:
        parse_sets_csv(data)
    assert "sets.csv row 2, column band" in str(err.value)
    assert "unknown 'purple'; allowed: tan, yellow," in str(err.value)


def test_reps_and_hold_together_is_a_row_error() -> None:
    data = _one_row(
        date="2026-01-05", variant_id="side-plank.short", side="left", reps="12", hold_s="30"
    )
    with pytest.raises(InputError, match=r"sets.csv row 2.*exactly one of reps or hold_s"):
        parse_sets_csv(data)


def test_unknown_red_flag_names_the_column() -> None:
    data = _one_row(
        date="2026-01-05",
        variant_id="side-plank.short",
        side="left",
        hold_s="30",
        red_flags="night-pain;headache",
    )
    with pytest.raises(InputError, match=r"sets.csv row 2, column red_flags"):
        parse_sets_csv(data)


def test_missing_and_unknown_columns_are_listed() -> None:
    with pytest.raises(InputError) as err:
        parse_sets_csv(b"date,variant_id,weight\r\n")
    message = str(err.value)
    assert "sets.csv row 1" in message
    assert "missing column(s) side" in message
    assert "unknown column(s) weight" in message


def test_ragged_row_is_named() -> None:
    header = ",".join(c.name for c in SET_COLUMNS)
    with pytest.raises(InputError, match=r"sets.csv row 2: has 3 cells"):
        parse_sets_csv(f"{header}\r\na,b,c\r\n".encode())


def test_bad_json_cell_names_row_and_column(bundle: HistoryBundle) -> None:
    data = _replace_member(
        render_csv_zip(bundle), "sets.csv", '"{""no-trunk-side-bend"":true,', '"{no-trunk'
    )
    with pytest.raises(InputError, match=r"sets.csv row 2, column checks_json: not valid JSON"):
        parse_csv_zip(data)


def test_bad_prescription_in_program_items_names_row_and_column(bundle: HistoryBundle) -> None:
    data = _replace_member(
        render_csv_zip(bundle), "program_items.csv", ",3,,,30,45,", ",3,,,45,30,"
    )
    with pytest.raises(InputError, match=r"program_items.csv row 2"):
        parse_csv_zip(data)


def test_item_for_an_unknown_program_is_rejected(bundle: HistoryBundle) -> None:
    data = _replace_member(
        render_csv_zip(bundle), "program_items.csv", "\r\nprogram-1,", "\r\nprogram-9,"
    )
    with pytest.raises(
        InputError, match=r"program_items.csv row 2, column program_key: no program"
    ):
        parse_csv_zip(data)


def test_missing_member_is_named(bundle: HistoryBundle) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("sets.csv", render_sets_csv(bundle.performed_sets))
    with pytest.raises(InputError, match=r"missing member\(s\) person.csv"):
        parse_csv_zip(out.getvalue())


def test_not_a_zip_is_rejected() -> None:
    with pytest.raises(InputError, match="not a glutemed CSV zip"):
        parse_csv_zip(b"date,variant_id\r\n")


def test_json_syntax_error_names_line_and_column(bundle: HistoryBundle) -> None:
    text = render_json(bundle).decode().replace('"unit": "kg",', '"unit": "kg"', 1)
    with pytest.raises(InputError, match=r"line \d+, column \d+"):
        parse_json(text)


def test_json_bad_value_names_its_path(bundle: HistoryBundle) -> None:
    text = render_json(bundle).decode().replace('"pain_during": 2', '"pain_during": 12', 1)
    with pytest.raises(InputError, match=r"performed_sets\[0\]\.pain_during"):
        parse_json(text)


def test_json_from_a_newer_glutemed_is_refused(bundle: HistoryBundle) -> None:
    current = f'"format_version": {FORMAT_VERSION}'
    assert current in render_json(bundle).decode()
    text = render_json(bundle).decode().replace(current, '"format_version": 99')
    with pytest.raises(InputError, match="newer than this glutemed reads"):
        parse_json(text)


def test_a_csv_zip_from_a_newer_glutemed_is_refused_naming_the_version(
    bundle: HistoryBundle,
) -> None:
    tables = _tables(bundle)
    tables["person.csv"] = tables["person.csv"].replace(
        f"glutemed-history,{FORMAT_VERSION},".encode(), b"glutemed-history,99,"
    )
    with pytest.raises(InputError) as err:
        parse_csv_zip(_zip(tables))
    assert str(err.value).startswith("person.csv row 2, column format_version: version 99")


def test_a_deleted_at_without_a_time_zone_is_refused_naming_row_and_column(
    bundle: HistoryBundle,
) -> None:
    rows = list(csv.reader(io.StringIO(_sets_text(bundle), newline="")))
    rows[2][rows[0].index("deleted_at")] = "2026-01-06T10:00:00"  # was empty
    with pytest.raises(InputError) as err:
        parse_sets_csv(_csv_bytes(rows))
    assert str(err.value).startswith("sets.csv row 3, column deleted_at:")
    assert "timezone" in str(err.value)


def test_a_zip_of_the_current_version_without_deleted_at_is_refused(
    bundle: HistoryBundle,
) -> None:
    """Only files older than the column may leave it out: a current file without it has
    lost data on the way, and importing it would silently bring deleted sets back."""
    tables = _tables(bundle)
    rows = list(csv.reader(io.StringIO(tables["sets.csv"].decode(), newline="")))
    at = rows[0].index("deleted_at")
    tables["sets.csv"] = _csv_bytes([r[:at] + r[at + 1:] for r in rows])
    with pytest.raises(InputError, match="sets.csv row 1: missing column.s. deleted_at"):
        parse_csv_zip(_zip(tables))


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def test_json_that_is_not_a_history_is_refused() -> None:
    with pytest.raises(InputError, match="not a glutemed history file"):
        parse_json(b'{"hello": 1}')
