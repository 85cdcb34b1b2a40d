"""The house style is enforced by the test suite itself: ruff and mypy (strict) are clean.

Running them here means `.ci/run` (which runs only the README's test command) fails on a
lint or typing regression, instead of relying on someone remembering to run them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed in this environment; install the [test] extra")
    return found


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "src", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_src() -> None:
    result = subprocess.run(
        [_tool("mypy")], cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_the_fake_store() -> None:
    """The in-memory unit of work must satisfy the services' protocol
    (``glutemed.services.ports.UnitOfWork``), or the service tests on it prove nothing."""
    result = subprocess.run(
        [_tool("mypy"), "--explicit-package-bases", "tests/fakes"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
