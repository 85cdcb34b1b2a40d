"""``glutemed load``: human and JSON output, ladder listing, bad input (exit 2, no traceback)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from glutemed.cli import app

runner = CliRunner()
BODY = ["--mass-kg", "70", "--height-m", "1.75"]


def test_json_for_one_variant_carries_the_agreed_fields() -> None:
    """docs/evidence.md's worked check through the command line: 42.5 N·m, 0.61 N·m/kg."""
    result = runner.invoke(app, ["load", "side-lying-abduction.bodyweight", *BODY, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["variant_id"] == "side-lying-abduction.bodyweight"
    assert data["moment_nm"] == pytest.approx(42.5, abs=0.1)
    assert data["moment_nm_per_kg"] == pytest.approx(0.61, abs=0.005)
    assert data["abductor_force_bw"] == pytest.approx(1.55, abs=0.01)
    assert data["assumptions"]


def test_human_output_shows_moment_force_and_assumptions() -> None:
    result = runner.invoke(app, ["load", "side-lying-abduction.cuff-ankle", *BODY])
    assert result.exit_code == 0, result.output
    assert "50.9 N·m" in result.stdout
    assert "body weight" in result.stdout
    assert "cuff weight 1 kg at the ankle" in result.stdout
    assert "EMG is not force" in result.stdout


def test_options_change_the_numbers() -> None:
    base = json.loads(runner.invoke(
        app, ["load", "banded-side-step.knees-medium", *BODY, "--json"]).stdout)
    heavier = json.loads(runner.invoke(
        app, ["load", "banded-side-step.knees-medium", *BODY, "--band", "gold", "--json"]
    ).stdout)
    calibrated = json.loads(runner.invoke(
        app, ["load", "banded-side-step.knees-medium", *BODY, "--calibration", "0.5", "--json"]
    ).stdout)
    assert heavier["moment_nm"] > base["moment_nm"] > calibrated["moment_nm"]
    assert heavier["band"] == "gold"


def test_family_listing_is_sorted_and_shows_unmodelled_rows() -> None:
    result = runner.invoke(app, ["load", "--family", "single-limb-stance", *BODY])
    assert result.exit_code == 0, result.output
    assert "not modelled:" in result.stdout
    assert "single-limb-stance.opposite-hand-weight" in result.stdout


def test_family_json_has_nulls_where_not_modelled() -> None:
    result = runner.invoke(app, ["load", "--family", "squat", *BODY, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["abductor_force_bw"] is None and r["not_modelled"] for r in rows)
    ladder = json.loads(runner.invoke(
        app, ["load", "--family", "side-plank", *BODY, "--json"]).stdout)
    moments = [r["moment_nm"] for r in ladder if r["moment_nm"] is not None]
    assert moments == sorted(moments) and len(moments) == len(ladder)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["load", "side-plank.full", "--mass-kg", "-70", "--height-m", "1.75"], "mass_kg"),
        (["load", "side-plank.full", "--mass-kg", "70", "--height-m", "175"], "centimetres"),
        (["load", "banded-side-step.knees-medium", *BODY, "--band", "pink"], "allowed: tan"),
        (["load", "side-lying-abduction.cuff-ankle", *BODY, "--external-kg", "-1"], "negative"),
        (["load", "squat.back-squat", *BODY], "not modelled"),
        (["load", "side-plank.ful", *BODY], "did you mean"),
        (["load", *BODY], "give either a variant ID or --family"),
        (["load", "--family", "side-plank", *BODY, "--band", "red"], "leave it out"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output
