"""Every command of the command line is documented in the README (datasette's guard rail).

Walks the real Typer/click command tree, so a new command fails this test until the README
mentions it as ``glutemed <path>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from glutemed.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[str]:
    sub = getattr(command, "commands", None)
    if not sub:
        return [" ".join(prefix)]
    paths = [" ".join(prefix)] if prefix else []
    for name, child in sorted(sub.items()):
        paths.extend(_command_paths(child, (*prefix, name)))
    return paths


def test_command_tree_is_walked() -> None:
    paths = _command_paths(typer.main.get_command(app))
    assert "exercises list" in paths and "plan" in paths


def test_every_command_appears_in_the_readme() -> None:
    missing = [
        path for path in _command_paths(typer.main.get_command(app))
        if f"glutemed {path}" not in README
    ]
    assert missing == [], f"commands missing from README.md: {missing}"


def test_every_setting_appears_in_the_readme() -> None:
    """Each settings field is documented as its environment variable (datasette's rule)."""
    from glutemed.config import ENV_PREFIX, Settings
    from glutemed.web.settings import WebSettings

    names = [*Settings.help(), *WebSettings.help()]
    assert "database_url" in names and "clinic" in names
    missing = [n for n in names if f"{ENV_PREFIX}{n.upper()}" not in README]
    assert missing == [], f"settings missing from README.md: {missing}"
