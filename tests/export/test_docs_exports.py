"""docs/exports.md documents every CSV column written and every tracker column read."""

from __future__ import annotations

from pathlib import Path

from glutemed.export.csv_columns import TABLES
from glutemed.export.tracker_apps import APPS

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


def test_every_csv_table_and_column_is_documented() -> None:
    text = DOC.read_text()
    for member, columns in TABLES.items():
        assert f"`{member}`" in text or f"**`{member}`**" in text, member
        for column in columns:
            assert f"`{column.name}`" in text, f"{member}: {column.name}"


def test_every_tracker_column_read_is_documented() -> None:
    text = DOC.read_text()
    for app in APPS.values():
        for column in app.required:
            assert f"`{column}`" in text, f"{app.name}: {column}"
