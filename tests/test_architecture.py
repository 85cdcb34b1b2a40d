"""Guard rail: the pure core never imports storage, web, CLI or terminal libraries.

docs/design.md, principle 1. Walks the AST of every module in the core packages, so the test
fails on the first forbidden import anyone adds, even inside a function.
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
    "glutemed.illustrate", "glutemed.services",
}
# The loader is the catalogue's one file-reading edge; it may use yaml and importlib, but
# still nothing from the shell above.


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


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


def test_guard_detects_a_forbidden_import(tmp_path: Path) -> None:
    """The guard itself works: a module importing typer is caught."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    import typer\n    from sqlalchemy import orm\n")
    assert _imports(module) == ["typer", "sqlalchemy"]
