"""Outcomes on the command line: bad input exits 2 naming the field and its allowed range
and stores nothing; good input is stored with who entered it; the exports work.
(The API and the web form: tests/web/test_outcomes_web.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from glutemed.cli import app

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = runner.invoke(app, [
        "start", "--name", "Ann", "--goal", "rehab", "--days", "2", "--weeks", "12",
        "--equipment", "none", "--mass-kg", "70", "--height-m", "1.75",
        "--start-date", "2026-01-05", "--units", "kg", "--timezone", "UTC", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def _cli(url: str, *args: str) -> Any:
    return runner.invoke(app, [*args, "--db", url])


@pytest.mark.parametrize(("args", "message"), [
    (["outcome", "add", "pain", "--average", "3", "--worst", "12"],
     "worst_0_10: 12 is out of range; allowed 0 to 10"),
    (["outcome", "add", "groc", "--scale", "7", "--rating", "5"],
     "rating: 5 is out of range; allowed -3 to 3"),
    (["outcome", "add", "visa-g", "--total", "140"], "total_0_100: 140 is out of range"),
    (["outcome", "add", "stance", "--left-s", "40", "--right-s", "3", "--ceiling-s", "30"],
     "left_s: 40 is out of range; allowed 0 to 30 s"),
    (["outcome", "add", "sit-to-stand", "--stands", "80"], "stands: 80 is out of range"),
    (["outcome", "add", "psfs", "--activity", "a=3", "--activity", "b=4"],
     "activities: List should have at least 3 items"),
    (["outcome", "add", "strength", "--left", "150", "--right", "20", "--unit", "kg",
      "--lever-m", "0.4"], "left_force: 150 is out of range; allowed more than 0 to 100 kg"),
    (["outcome", "add", "strength", "--left", "150", "--right", "20"], "lever_arm_m:"),
    (["outcome", "schedule", "--weeks", "0,4,300"], "300 is out of range; allowed 0 to 104"),
])
def test_the_command_line_refuses_bad_input_and_stores_nothing(
    cli_db: str, args: list[str], message: str
) -> None:
    result = _cli(cli_db, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    listed = _cli(cli_db, "outcome", "list", "--json")
    assert listed.exit_code == 0 and listed.output.strip() == "[]"


def test_the_command_line_records_computes_and_reminds(cli_db: str) -> None:
    today = _cli(cli_db, "today", "--date", "2026-01-05")
    assert "Outcome measures are due (baseline, 2026-01-05)" in today.output
    added = _cli(cli_db, "outcome", "add", "strength", "--left", "20", "--right", "24",
                 "--unit", "kg", "--pad-at", "knee", "--date", "2026-01-05", "--by", "dr-lee",
                 "--role", "clinician")
    assert added.exit_code == 0, added.output
    # 20 kgf x 9.80665 N x (0.245 x 1.75 m) = 84.09 N·m; / 70 kg = 1.201 N·m/kg
    assert "hip-abduction-torque left: 84.09" in added.output
    assert "hip-abduction-torque-per-kg left: 1.201" in added.output
    assert "hip-abduction-symmetry: 83.33" in added.output
    assert "Outcome measures are due" not in _cli(cli_db, "today", "--date", "2026-01-06").output
    listed = _cli(cli_db, "outcome", "list")
    assert "by dr-lee, clinician" in listed.output


def test_the_command_line_exports_the_chart_report_and_fhir(cli_db: str, tmp_path: Path):
    _cli(cli_db, "outcome", "add", "pain", "--average", "5", "--worst", "7",
         "--date", "2026-01-05")
    _cli(cli_db, "outcome", "add", "pain", "--average", "2", "--worst", "4",
         "--date", "2026-02-02")
    chart, report, fhir = tmp_path / "o.svg", tmp_path / "r.pdf", tmp_path / "b.json"
    assert _cli(cli_db, "export", "chart", "outcomes", "-o", str(chart)).exit_code == 0
    assert "smallest change worth noticing" in chart.read_text()
    result = _cli(cli_db, "export", "report", "-o", str(report), "--date", "2026-02-03")
    assert result.exit_code == 0 and report.read_bytes().startswith(b"%PDF")
    assert _cli(cli_db, "export", "fhir", "-o", str(fhir)).exit_code == 0
    from fhir.resources.R4B.bundle import Bundle

    assert Bundle.model_validate_json(fhir.read_text()).type == "collection"
    bad = _cli(cli_db, "export", "report", "--for", "insurer", "-o", str(report))
    assert bad.exit_code == 2 and "--for: unknown 'insurer'" in bad.output
