"""The cache of parsed shipped data (catalogue, default rules): read when its sources are
unchanged, never when stale.

Each cache file is named by a hash of every file its value is built from, so these tests
change a source (a copy of a package, or the hash's other inputs) and check that the old
file is not what a command gets.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import TypeGuard

import pytest

import glutemed.catalog
from glutemed import data_cache
from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.cli import io as cli_io

PACKAGES = ("glutemed.catalog",)


def _is_catalog(value: object) -> TypeGuard[Catalog]:
    return isinstance(value, Catalog)


def _catalog(folder: Path, built: list[int] | None = None) -> Catalog:
    def build() -> Catalog:
        if built is not None:
            built.append(1)
        return load_default_catalog()

    return data_cache.cached(folder, "catalog", PACKAGES, build, _is_catalog)


def test_a_first_call_builds_and_writes_a_second_reads_the_file(tmp_path: Path) -> None:
    built: list[int] = []
    first = _catalog(tmp_path, built)
    assert data_cache.cache_file(tmp_path, "catalog", PACKAGES).is_file() and built == [1]
    second = _catalog(tmp_path, built)
    assert built == [1]  # not built again
    assert second is not first and vars(second) == vars(first)  # every field, by value


def test_a_broken_or_foreign_file_is_never_served(tmp_path: Path) -> None:
    built: list[int] = []
    _catalog(tmp_path, built)
    path = data_cache.cache_file(tmp_path, "catalog", PACKAGES)
    path.write_bytes(b"not a pickle")
    assert vars(_catalog(tmp_path, built)) == vars(load_default_catalog())
    path.write_bytes(pickle.dumps({"families": []}))  # readable, but not a catalogue
    assert isinstance(_catalog(tmp_path, built), Catalog) and built == [1, 1, 1]
    assert isinstance(pickle.loads(path.read_bytes()), Catalog)  # and written again


def test_changing_any_source_byte_changes_the_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of the catalogue package: edit one YAML byte, then one line of Python."""
    package = Path(glutemed.catalog.__file__).resolve().parent
    copy = tmp_path / "glutemed" / "catalog"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(glutemed.catalog, "__file__", str(copy / "__init__.py"))
    names = {p.name for p in data_cache.source_files(PACKAGES)}
    assert {"models.py", "loader.py", "side-plank.yaml", "_equipment.yaml"} <= names
    before = data_cache.fingerprint(PACKAGES)
    yaml_file = copy / "data" / "side-plank.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_yaml = data_cache.fingerprint(PACKAGES)
    models = copy / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after_code = data_cache.fingerprint(PACKAGES)
    assert len({before, after_yaml, after_code}) == 3
    assert data_cache.cache_file(tmp_path, "catalog", PACKAGES).name.endswith(
        f"{after_code[:40]}.pickle"
    )


def test_a_new_version_of_glutemed_or_pydantic_is_a_new_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pydantic

    before = data_cache.fingerprint(PACKAGES)
    monkeypatch.setattr(glutemed, "__version__", "99.0")
    assert data_cache.fingerprint(PACKAGES) != before
    monkeypatch.undo()
    monkeypatch.setattr(pydantic, "VERSION", "0.0.1")
    assert data_cache.fingerprint(PACKAGES) != before


def test_older_files_are_removed_and_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    old = tmp_path / f"catalog-0000{data_cache.SUFFIX}"
    other = tmp_path / f"rules-0000{data_cache.SUFFIX}"
    old.write_bytes(b"old")
    other.write_bytes(b"another value's file")
    _catalog(tmp_path)
    assert not old.exists() and other.exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert isinstance(_catalog(blocked / "cache"), Catalog)


def test_the_command_line_and_the_rules_use_the_folder_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutemed.progression.rules import load_default_rules
    from glutemed.services import rules_in_force

    folder = tmp_path / "cache"
    monkeypatch.setenv("GLUTEMED_CACHE_DIR", str(folder))
    assert vars(cli_io.catalog()) == vars(load_default_catalog())
    assert data_cache.cache_file(folder, "catalog", cli_io.CATALOG_SOURCES).is_file()
    rules_in_force._load.cache_clear()
    try:
        assert rules_in_force.rules_in_force() == load_default_rules()
        path = data_cache.cache_file(folder, "rules", rules_in_force.SHIPPED_RULES_SOURCES)
        assert pickle.loads(path.read_bytes()) == tuple(load_default_rules())
    finally:
        rules_in_force._load.cache_clear()
