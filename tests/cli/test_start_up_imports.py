"""The everyday commands start without the heavy libraries they never use.

``today``, ``log`` and ``why`` are typed many times a week; Alembic (the schema check at
head reads one row instead), matplotlib (charts), FastAPI/Starlette/Jinja (the web app) and
the PDF report's modules are for other commands. Each command runs in a fresh interpreter
on a database at the newest schema, and the modules it imported are listed. How fast that
makes a start is measured in ``benchmarks/bench_cli_start.py``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = {"alembic", "mako", "matplotlib", "fastapi", "starlette", "jinja2", "uvicorn"}
HEAVY_GLUTEMED = {"glutemed.export.report_pdf", "glutemed.export.to_pdf", "glutemed.web"}
UNUSED_REPOSITORIES = {
    "glutemed.store.attention", "glutemed.clinic", "glutemed.store.devices",
    "glutemed.store.login_failures", "glutemed.store.login_sessions",
    "glutemed.store.program_changes", "glutemed.store.program_templates",
}
"""Repositories the unit of work makes only when used (the clinic's list, devices, logins)."""
HOLD = "side-lying-abduction.isometric-hold"
RUN = """
import contextlib, io, json, sys
from glutemed.cli import app
sys.argv = ["glutemed", *json.loads(sys.argv[1])]
try:
    with contextlib.redirect_stdout(io.StringIO()):
        app()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'cli.sqlite3'}"
    _modules(url, ["start", "--name", "Ana", "--goal", "rehab", "--days", "2", "--weeks", "8",
                   "--equipment", "mini-band,dumbbell", "--start-date", "2026-11-30",
                   "--timezone", "UTC"])
    # One set logged before: the parsed catalogue and rules are cached from then on.
    _modules(url, ["log", HOLD, "--side", "right", "--hold-s", "30", "--pain", "0", "--rir", "3",
                   "--checks", "pass", "--date", "2026-11-30"])
    return url


def _modules(url: str, argv: list[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(argv)],
        env={"GLUTEMED_DATABASE_URL": url, "PATH": "/usr/bin:/bin",
             "HOME": str(Path(url.removeprefix("sqlite:///")).parent)},
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "argv",
    [
        ["today", "--date", "2026-12-01"],
        ["log", HOLD, "--side", "left", "--hold-s", "35", "--pain", "1", "--rir", "3",
         "--checks", "pass", "--date", "2026-12-01"],
        ["why", HOLD, "--side", "right"],  # the side the fixture logged: runs in any order
    ],
    ids=["today", "log", "why"],
)
def test_an_everyday_command_imports_no_heavy_library(database: str, argv: list[str]) -> None:
    modules = _modules(database, argv)
    assert "sqlalchemy" in modules  # the command did reach the database
    assert not {m.split(".")[0] for m in modules} & HEAVY
    assert not {m for m in modules if m.startswith(tuple(HEAVY_GLUTEMED))}
    assert not {m for m in modules if m.startswith(tuple(UNUSED_REPOSITORIES))}
    # The catalogue and the shipped rules came from the cache files 'start' wrote: nothing
    # expanded the rules' presets or read the catalogue's YAML (glutemed.data_cache). (log
    # imports the YAML reader for the set limits, so only today and why can show it unused.)
    assert "glutemed.catalog.catalog" in modules and "glutemed.data_cache" in modules
    assert "glutemed.progression.presets" not in modules
    if argv[0] != "log":
        assert "glutemed.catalog.loader" not in modules
    if argv[0] != "today":  # today shows the outcome measures due; log and why do not
        assert not {m for m in modules if m.startswith("glutemed.outcomes")}


HELP = """
import contextlib, io, json, sys
import glutemed.cli
if sys.argv[1:] == ["--help"]:
    sys.argv = ["glutemed", "--help"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        glutemed.cli.app()
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("argv", [[], ["--help"]], ids=["import", "--help"])
def test_the_command_tree_and_help_import_no_store_model_or_data_library(
    argv: list[str],
) -> None:
    """Every command module keeps its work's imports inside the command: importing the tree
    (which Typer needs for any command) or printing the help loads no SQLAlchemy, no
    pydantic, no YAML and nothing of glutemed beyond the command line and its errors."""
    done = subprocess.run(
        [sys.executable, "-c", HELP, *argv], capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL, check=True,
    )
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    assert "glutemed.cli.today" in modules and "typer" in modules
    assert not {m.split(".")[0] for m in modules} & {"sqlalchemy", "pydantic", "yaml", *HEAVY}
    glutemed = {m for m in modules if m.startswith("glutemed.")}
    assert {m for m in glutemed if not m.startswith("glutemed.cli")} == {"glutemed.errors"}


def test_a_migration_that_is_due_still_brings_alembic(tmp_path: Path) -> None:
    """The check at head is a shortcut, not a skip: an empty database is created by Alembic."""
    modules = _modules(f"sqlite:///{tmp_path / 'new.sqlite3'}", ["people", "list"])
    assert "alembic" in modules
