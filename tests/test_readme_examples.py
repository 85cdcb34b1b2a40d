"""The README's example programs are what the generator really produces.

For each goal's example command in the README, the exercises named in its week-1 table must
be the generated program's week-1 exercises, day by day (issue 4 asks the README to show an
example program per goal; this keeps it from drifting when the catalogue or rules change).
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutemed.catalog.catalog import Catalog
from glutemed.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"^\*\*(?P<goal>[^*]+)\*\*.*?`glutemed (?P<args>plan [^`]+)`\n\n"
                     r"\| day \|.*?\n\|---\|---\|\n(?P<rows>(?:\| \d \|.*\n)+)", re.M)


def _examples() -> list[tuple[str, str, str]]:
    return [(m["goal"], m["args"], m["rows"]) for m in EXAMPLE.finditer(README)]


def test_the_readme_has_an_example_for_each_goal() -> None:
    goals = {shlex.split(args)[shlex.split(args).index("--goal") + 1] for _, args, _ in _examples()}
    assert goals == {"hypertrophy", "rehab", "risk-reduction", "performance"}


@pytest.mark.parametrize(("goal", "args", "rows"), _examples(), ids=lambda v: str(v)[:20])
def test_readme_example_names_the_generated_week_one(
    goal: str, args: str, rows: str, catalog: Catalog
) -> None:
    result = CliRunner().invoke(app, [*shlex.split(args), "--json"])
    assert result.exit_code == 0, result.output
    week = json.loads(result.output)["weeks"][0]
    for session, row in zip(week["sessions"], rows.strip().splitlines(), strict=True):
        cell = row.split("|")[2]
        for item in session["items"]:
            name = catalog.variant(item["variant_id"]).name
            short = name.split(",")[0].split(" (")[0]
            assert short in cell, f"{goal}: {name} missing from README row {row}"
