"""Guard rail: the pure core never imports storage, web, CLI or terminal libraries.

docs/design.md, principle 1. Walks the AST of every module in the core packages, so the test
fails on the first forbidden import anyone adds, even inside a function, written absolute or
relative (``from ..store import engine``). The core also reads no configuration, opens no
connection or process (``sqlite3``, ``socket``, ``subprocess``...) and never asks the clock
(``datetime.now()``, ``date.today()``, ``time.time()``): the day a decision is made for is
an argument, so the same history always gives the same answer. Reading the packaged data
files (the catalogue, rules, limits) through ``importlib.resources`` is the one I/O it does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "glutemed"
CORE = ["catalog", "biomech", "programming", "progression", "outcomes", "clinic"]
FORBIDDEN = {
    "sqlalchemy", "alembic", "psycopg", "fastapi", "starlette", "uvicorn", "typer", "click",
    "rich", "jinja2", "matplotlib", "fpdf", "icalendar", "reportlab", "httpx",
    "glutemed.store", "glutemed.web", "glutemed.cli", "glutemed.export",
    "glutemed.illustrate", "glutemed.services", "glutemed.config",
    # the standard library's connections, processes and network
    "sqlite3", "socket", "subprocess", "urllib", "http", "shutil", "tempfile", "asyncio",
    "threading", "multiprocessing",
}
CLOCK = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}
"""Calls that read the clock (``datetime.now()``, ``date.today()``, ``time.time()``...)."""
# The loader is the catalogue's one file-reading edge; it may use yaml and importlib, but
# still nothing from the shell above.


def _package_of(path: Path) -> list[str]:
    """The dotted package a module sits in, e.g. ``glutemed.progression`` (a package's
    ``__init__`` is in the package itself)."""
    return ["glutemed", *path.relative_to(SRC).parent.parts]


def _imports(path: Path, package: list[str] | None = None) -> list[str]:
    """Every module a file imports, relative imports resolved against ``package`` (its own
    package by default), each ``from x import y`` also as ``x.y`` (y may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base: list[str] = []
            if node.level:
                here = package if package is not None else _package_of(path)
                base = here[: len(here) - node.level + 1]
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                names.append(module)
            if node.level:  # from . import store: store is a module of the package
                names.extend(f"{module}.{alias.name}" for alias in node.names)
    return names


def _clock_calls(path: Path) -> list[str]:
    """Calls like ``datetime.now()`` or ``dt.date.today()`` in a file, as written."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        ast.unparse(node.func) for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK
    ]


def _core_modules() -> list[Path]:
    return sorted(p for pkg in CORE for p in (SRC / pkg).rglob("*.py"))


def test_core_packages_exist() -> None:
    assert len(_core_modules()) >= len(CORE)


@pytest.mark.parametrize("module", _core_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_imports_nothing_from_the_shell(module: Path) -> None:
    bad = [
        name for name in _imports(module)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert bad == [], f"{module.relative_to(SRC)} imports shell libraries: {bad}"


@pytest.mark.parametrize("module", _core_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_never_reads_the_clock(module: Path) -> None:
    assert _clock_calls(module) == [], f"{module.relative_to(SRC)} reads the clock"


def test_guard_detects_a_forbidden_import(tmp_path: Path) -> None:
    """The guard itself works: a module importing typer is caught."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    import typer\n    from sqlalchemy import orm\n")
    assert _imports(module) == ["typer", "sqlalchemy"]


def test_guard_resolves_relative_imports(tmp_path: Path) -> None:
    """``from ..store import engine`` in glutemed.progression is glutemed.store(.engine),
    and ``from .. import config`` is glutemed.config: both caught."""
    module = tmp_path / "bad.py"
    module.write_text("from ..store import engine\nfrom .. import config\nimport sqlite3\n")
    names = _imports(module, ["glutemed", "progression"])
    assert names == ["glutemed.store", "glutemed.store.engine", "glutemed.config", "sqlite3"]
    assert {"glutemed.store", "glutemed.config", "sqlite3"} <= {
        n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)}


def test_guard_detects_the_clock(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("import datetime as dt\nimport time\n"
                      "a = dt.date.today()\nb = dt.datetime.now(dt.UTC)\nc = time.time()\n")
    assert _clock_calls(module) == ["dt.date.today", "dt.datetime.now", "time.time"]
