"""``glutemed exercises list|show|ladder`` and ``glutemed anatomy``, human and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from glutemed.catalog.catalog import Catalog
from glutemed.cli import app

WIDE = {"COLUMNS": "240"}  # wide enough that Rich does not wrap the ids we look for


def run(*args: str) -> Any:
    return CliRunner(env=WIDE).invoke(app, list(args))


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_bad_input(result: Any, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr


# -- list --------------------------------------------------------------------------------


def test_list_json_has_every_variant_with_the_agreed_keys(catalog: Catalog) -> None:
    items = run_json("exercises", "list")
    assert [i["id"] for i in items] == [v.id for v in catalog.variants]
    keys = {"id", "family", "name", "modes", "weight_bearing", "equipment"}
    keys |= {"progressions", "regressions"}
    for item in items:
        assert keys <= set(item)
        assert isinstance(item["progressions"], list) and isinstance(item["regressions"], list)


def test_list_json_ladder_ids_match_the_catalogue(catalog: Catalog) -> None:
    items = {i["id"]: i for i in run_json("exercises", "list")}
    cuff_knee = items["side-lying-abduction.cuff-knee"]
    assert cuff_knee["progressions"] == ["side-lying-abduction.cuff-ankle"]
    assert cuff_knee["regressions"] == [
        "side-lying-abduction.bodyweight", "side-lying-abduction.wall-slide"
    ]
    assert set(cuff_knee["alternatives"]) == {
        "side-lying-abduction.band-knees", "side-lying-abduction.weight-thigh"
    }
    for item in items.values():
        for target in item["progressions"]:
            assert item["id"] in items[target]["regressions"]


def test_list_human_shows_a_table_of_every_variant(catalog: Catalog) -> None:
    result = run("exercises", "list")
    assert result.exit_code == 0
    assert f"{len(catalog.variants)} exercise variants" in result.stdout
    for variant in catalog.variants:
        assert variant.id in result.stdout


@pytest.mark.parametrize("columns", ["80", "60", "240"])
def test_list_never_breaks_an_id_across_lines(catalog: Catalog, columns: str) -> None:
    """The id is what a person copies into `glutemed log`: at 80 columns (and narrower) each
    variant gets its own lines, with the id whole on one of them; wide, a table whose id
    column never wraps."""
    result = CliRunner(env={"COLUMNS": columns}).invoke(app, ["exercises", "list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for variant in catalog.variants:
        assert any(variant.id in line for line in lines), variant.id
    if columns != "240":
        assert all(len(line) <= int(columns) for line in lines if " · " not in line
                   and not any(line.strip() == v.id for v in catalog.variants)), "no wide table"
        assert "side-lying-abduction.cuff-ankle" in [line.strip() for line in lines]


def test_list_filters_by_family() -> None:
    items = run_json("exercises", "list", "--family", "side-plank")
    assert items and {i["family"] for i in items} == {"side-plank"}
    result = run("exercises", "list", "--family", "side-plank")
    assert "side-plank.full-abduction" in result.stdout
    assert "banded-side-step" not in result.stdout


def test_list_equipment_none_means_bodyweight_only() -> None:
    items = run_json("exercises", "list", "--equipment", "none")
    assert items and all(i["equipment"] == [] for i in items)
    assert "single-limb-stance.wall-press" in {i["id"] for i in items}


def test_list_equipment_is_what_the_person_has() -> None:
    items = run_json("exercises", "list", "--equipment", "mini-band, cuff-weight")
    ids = {i["id"] for i in items}
    assert {"banded-side-step.feet-heavy", "side-lying-abduction.cuff-ankle"} <= ids
    assert "side-lying-abduction.bodyweight" in ids
    assert all(set(i["equipment"]) <= {"mini-band", "cuff-weight"} for i in items)


def test_list_filters_weight_bearing_mode_and_part() -> None:
    lying = run_json("exercises", "list", "--non-weight-bearing")
    assert lying and not any(i["weight_bearing"] for i in lying)
    standing = run_json("exercises", "list", "--weight-bearing", "--mode", "isometric")
    assert standing
    assert all(i["weight_bearing"] and "isometric" in i["modes"] for i in standing)
    anterior = run_json("exercises", "list", "--part", "anterior")
    assert anterior and all("anterior" in i["parts"] for i in anterior)


def test_list_with_no_match_says_so() -> None:
    result = run("exercises", "list", "--family", "squat", "--non-weight-bearing")
    assert result.exit_code == 0
    assert "No variant matches" in result.stdout
    assert run_json("exercises", "list", "--family", "squat", "--non-weight-bearing") == []


def test_list_unknown_equipment_lists_the_allowed_ids() -> None:
    result = run("exercises", "list", "--equipment", "mini-band,trampoline")
    assert_bad_input(result, "equipment", "'trampoline'", "allowed: none, mini-band")


def test_list_none_cannot_be_combined_with_equipment() -> None:
    assert_bad_input(run("exercises", "list", "--equipment", "none,dumbbell"), "equipment")


def test_list_empty_equipment_is_refused() -> None:
    assert_bad_input(run("exercises", "list", "--equipment", " , "), "equipment")


def test_list_unknown_mode_and_part_name_the_allowed_values() -> None:
    assert_bad_input(run("exercises", "list", "--mode", "eccentric"), "mode", "isotonic")
    assert_bad_input(run("exercises", "list", "--part", "upper"), "part", "anterior, middle")


def test_list_unknown_family_suggests_close_slugs() -> None:
    assert_bad_input(
        run("exercises", "list", "--family", "sideplank"), "did you mean", "side-plank"
    )


# -- show --------------------------------------------------------------------------------


def test_show_json_merges_family_content(catalog: Catalog) -> None:
    data = run_json("exercises", "show", "side-lying-abduction.wall-slide")
    family = catalog.family("side-lying-abduction")
    variant = catalog.variant("side-lying-abduction.wall-slide")
    assert data["id"] == variant.id and data["family"] == family.family
    assert data["setup"] == family.setup_for(variant)
    assert data["cues"] == family.cues_for(variant)
    assert [c["id"] for c in data["checks"]] == [c.id for c in family.checks_for(variant)]
    assert "heel-kept-on-wall" in [c["id"] for c in data["checks"]]
    assert data["faults"] and all({"fault", "fix"} <= set(f) for f in data["faults"])
    assert data["feel"]["target"] and data["feel"]["elsewhere"]
    assert all(e["limits"] for e in data["evidence"])
    # The wall is a set-up aid: the same rung as the plain lift, not a step above it.
    assert data["regressions"] == [
        {
            "from": "side-lying-abduction.isometric-hold",
            "to": "side-lying-abduction.wall-slide",
            "changes": "mode",
            "note": data["regressions"][0]["note"],
            "when": None,
        }
    ]
    assert data["alternatives"] == ["side-lying-abduction.bodyweight"]
    assert "set-up aid" in data["alternatives_note"]
    assert [s["to"] for s in data["progressions"]] == [
        "side-lying-abduction.cuff-knee", "side-lying-abduction.band-knees"
    ]
    assert {link["family"] for link in data["leads_to"]} >= {"side-plank"}


def test_show_json_includes_the_band_rule_for_banded_side_steps() -> None:
    data = run_json("exercises", "show", "banded-side-step.knees-light")
    assert data["band_rule"]["prefer"] == "band-resistance"
    assert data["progressions"][0]["changes"] == "band-resistance"
    assert data["loads"] == [
        {"kind": "band", "at": "knees", "default_kg": None, "default_band": "yellow"}
    ]


def test_show_human_lays_out_every_section(catalog: Catalog) -> None:
    result = run("exercises", "show", "side-lying-abduction.cuff-knee")
    assert result.exit_code == 0, result.output
    out = result.stdout
    family = catalog.family("side-lying-abduction")
    for heading in (
        "Set-up",
        "Execution cues",
        "Technique checks",
        "Common faults and fixes",
        "Where to feel it",
        "Evidence",
        "Limits:",
        "Progressions (harder)",
        "Regressions (easier)",
        "Other families to move on to",
    ):
        assert heading in out
    assert family.checks[0].question in out
    assert "side-lying-abduction.cuff-ankle" in out and "changes lever" in out
    assert "cuff-weight at the knees, start about 1 kg" in out
    assert "middle, posterior" in out


def test_show_human_shows_the_band_rule() -> None:
    out = run("exercises", "show", "banded-side-step.knees-medium").stdout
    assert "Band rule" in out and "band-resistance before changing band-position" in out
    assert "felt-in-glutes" in out


def test_show_unknown_id_suggests_close_ids_without_traceback() -> None:
    assert_bad_input(
        run("exercises", "show", "side-plank.ful"), "unknown variant", "side-plank.full"
    )


# -- ladder ------------------------------------------------------------------------------


def test_ladder_json_is_easiest_to_hardest(catalog: Catalog) -> None:
    data = run_json("exercises", "ladder", "banded-side-step")
    ids = [step["id"] for step in data["order"]]
    assert ids == [v.id for v in catalog.ladder_order("banded-side-step")]
    assert ids[0] == "banded-side-step.knees-light" and ids[-1] == "banded-side-step.feet-heavy"
    assert data["order"][0]["regressions"] == []
    assert data["order"][1]["regressions"][0]["changes"] == "band-resistance"
    assert data["band_rule"]["before"] == "band-position"
    assert len(data["steps"]) == len(catalog.family("banded-side-step").ladder)


def test_ladder_human_shows_each_step_dimension_and_band_rule() -> None:
    out = run("exercises", "ladder", "banded-side-step").stdout
    assert "easiest to hardest" in out
    assert out.index("banded-side-step.knees-light") < out.index("banded-side-step.feet-heavy")
    assert "band-resistance" in out and "band-position" in out
    assert "Band rule" in out


def test_ladder_without_band_rule_does_not_show_one() -> None:
    out = run("exercises", "ladder", "side-plank").stdout
    assert "lever" in out and "Band rule" not in out
    assert run_json("exercises", "ladder", "side-plank")["band_rule"] is None


def test_ladder_unknown_family_suggests_close_slugs() -> None:
    assert_bad_input(run("exercises", "ladder", "side-planks"), "unknown family", "side-plank")


# -- anatomy -----------------------------------------------------------------------------


def test_anatomy_json(catalog: Catalog) -> None:
    data = run_json("anatomy")
    assert data["abductor_csa_share"] == pytest.approx(0.6)
    assert [p["id"] for p in data["parts"]] == [p.id for p in catalog.anatomy.parts]
    assert "L4-S1" in data["innervation"]


def test_anatomy_human() -> None:
    out = run("anatomy").stdout
    assert "Gluteus medius" in out and "Superior gluteal nerve" in out
    assert "about 60%" in out
    for part in ("Anterior fibres", "Middle fibres", "Posterior fibres"):
        assert part in out
    assert "Single-limb stance" in out


# -- help and module entry point ---------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["exercises", "list"], ["exercises", "show"], ["exercises", "ladder"], ["anatomy"]]
)
def test_every_command_help_ends_with_an_example(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "glutemed " in result.stdout.split("Example:")[1]


def test_exercises_sub_app_is_importable_for_other_commands() -> None:
    from glutemed.cli.catalog import exercises_app

    names = {c.name for c in exercises_app.registered_commands}
    assert {"list", "show", "ladder"} <= names


def test_python_dash_m_lists_exercises_as_json(catalog: Catalog) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glutemed", "exercises", "list", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(catalog.variants)
