"""Fixtures for the catalogue tests: a writable copy of the shipped data directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glutemed.catalog.loader import default_data_dir


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh copy of the shipped YAML files that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target
