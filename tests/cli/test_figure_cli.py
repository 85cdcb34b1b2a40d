"""``glutemed exercises figure``: SVG to stdout or a file, clear errors with exit status 2."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from glutemed.catalog.catalog import Catalog
from glutemed.cli import app
from glutemed.illustrate.posebook import load_default_poses
from glutemed.illustrate.svg import render_figure


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["exercises", "figure", *args])
    return result.exit_code, result.stdout, result.stderr


def test_figure_prints_the_svg_to_stdout(catalog: Catalog) -> None:
    code, out, _ = _run("side-plank.full")
    assert code == 0
    assert out == render_figure("side-plank.full", load_default_poses(), catalog)
    assert ET.fromstring(out).get("viewBox")


def test_figure_writes_the_same_bytes_to_a_file(tmp_path: Path, catalog: Catalog) -> None:
    target = tmp_path / "wall-press.svg"
    code, out, err = _run("single-limb-stance.wall-press", "-o", str(target))
    assert code == 0 and out == ""
    assert "Wrote" in err
    assert target.read_bytes() == render_figure(
        "single-limb-stance.wall-press", load_default_poses(), catalog
    ).encode("utf-8")


def test_unknown_id_exits_2_with_suggestions() -> None:
    code, out, err = _run("side-plank.ful")
    assert code == 2 and out == ""
    assert "unknown variant 'side-plank.ful'" in err and "side-plank.full" in err
    assert "Traceback" not in err


def test_output_in_a_missing_folder_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "x.svg"
    code, _, err = _run("side-plank.full", "--output", str(target))
    assert code == 2
    assert "--output" in err and "existing folder" in err
    assert not target.exists()


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(app, ["exercises", "figure", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "exercises figure" in result.stdout
