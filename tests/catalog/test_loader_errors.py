"""Every kind of broken data file is reported as ``file:line: field: message``.

Each test breaks one thing in a copy of the shipped data and checks that the loader names
the file, the exact line a clinician has to edit, and the field, so nobody has to read
Python to fix the YAML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glutemed.catalog.loader import load_catalog
from glutemed.errors import CatalogError, GlutemedError

PROBLEM = re.compile(r"^(?P<file>[\w.-]+\.yaml):(?P<line>\d+): (?P<field>\S+): (?P<message>.+)$")


def line_of(path: Path, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path.name}")


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(data_dir: Path) -> list[dict[str, str]]:
    """The loader's problems, each parsed into file, line, field and message."""
    with pytest.raises(CatalogError) as caught:
        load_catalog(data_dir)
    parsed = []
    for problem in caught.value.problems:
        match = PROBLEM.match(problem.splitlines()[0])
        assert match, f"not in 'file:line: field: message' form: {problem!r}"
        parsed.append(match.groupdict())
    return parsed


def find(found: list[dict[str, str]], field: str, message_part: str) -> dict[str, str]:
    for problem in found:
        if problem["field"] == field and message_part in problem["message"]:
            return problem
    raise AssertionError(f"no problem on {field} mentioning {message_part!r} in {found}")


def test_catalog_error_is_a_glutemed_error_so_the_cli_reports_it_without_traceback() -> None:
    assert issubclass(CatalogError, GlutemedError)


def test_yaml_syntax_error_names_file_and_line(data_dir: Path) -> None:
    path = data_dir / "side-plank.yaml"
    replace_once(path, "name: Side plank\n", "name: Side plank: broken\n")
    (problem,) = problems(data_dir)
    assert problem["file"] == "side-plank.yaml"
    assert problem["field"] == "(syntax)"
    assert int(problem["line"]) == line_of(path, "name: Side plank: broken")


def test_missing_required_field_points_at_the_variant(data_dir: Path) -> None:
    path = data_dir / "side-plank.yaml"
    replace_once(path, "    parts: [middle, posterior]\n    level: 1\n", "    parts: [middle]\n")
    problem = find(problems(data_dir), "variants[0].level", "Field required")
    assert problem["file"] == "side-plank.yaml"
    assert int(problem["line"]) == line_of(path, "- id: side-plank.short")


def test_missing_family_level_field_points_at_the_document(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"why: >-\n(  .*\n)+", "", text), encoding="utf-8")
    problem = find(problems(data_dir), "why", "Field required")
    assert problem["file"] == "squat.yaml"
    assert problem["line"] == "1"


def test_wrong_enum_value_names_the_field_and_line(data_dir: Path) -> None:
    path = data_dir / "side-plank.yaml"
    start = line_of(path, "- id: side-plank.short-abduction")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    modes_line = line_of(path, "modes: [isotonic, isometric]", start)
    lines[modes_line - 1] = lines[modes_line - 1].replace("isotonic", "sideways")
    path.write_text("".join(lines), encoding="utf-8")
    problem = find(problems(data_dir), "variants[1].modes[0]", "isotonic")
    assert int(problem["line"]) == modes_line


def test_wrong_type_names_the_field_and_line(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    replace_once(path, "    level: 2\n", "    level: heavy\n")
    problem = find(problems(data_dir), "variants[1].level", "integer")
    assert int(problem["line"]) == line_of(path, "level: heavy")


def test_wrong_boolean_names_the_field_and_line(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("weight_bearing: true", "weight_bearing: sometimes", 1))
    problem = find(problems(data_dir), "variants[0].weight_bearing", "boolean")
    assert int(problem["line"]) == line_of(path, "weight_bearing: sometimes")


def test_unknown_key_is_rejected_with_its_line(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    replace_once(path, "    level: 2\n", "    level: 2\n    colour: red\n")
    problem = find(problems(data_dir), "variants[1].colour", "Extra inputs")
    assert int(problem["line"]) == line_of(path, "colour: red")


def test_bad_id_slug_is_rejected(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    replace_once(path, "  - id: squat.goblet\n", "  - id: squat.Goblet_Squat\n")
    problem = find(problems(data_dir), "variants[0].id", "family-slug.variant-slug")
    assert int(problem["line"]) == line_of(path, "squat.Goblet_Squat")


def test_variant_id_must_start_with_its_family(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("squat.goblet", "squats.goblet"))
    problem = find(problems(data_dir), "variants[0].id", "must start with the family slug")
    assert problem["file"] == "squat.yaml"
    assert int(problem["line"]) == line_of(path, "- id: squats.goblet")


def test_duplicate_id_across_files_is_reported_where_it_repeats(data_dir: Path) -> None:
    source = (data_dir / "side-plank.yaml").read_text(encoding="utf-8")
    block = source[source.index("  - id: side-plank.short\n") :]
    block = block[: block.index("  - id: side-plank.short-abduction\n")]
    path = data_dir / "squat.yaml"
    replace_once(path, "alternatives:\n", block + "alternatives:\n")
    problem = find(problems(data_dir), "variants[2].id", "duplicate id")
    assert "side-plank" in problem["message"]
    assert problem["file"] == "squat.yaml"
    assert int(problem["line"]) == line_of(path, "- id: side-plank.short")


def test_duplicate_id_within_a_file_is_reported(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("squat.back-squat", "squat.goblet"), encoding="utf-8")
    found = problems(data_dir)
    problem = find(found, "variants[1].id", "duplicate id")
    first = line_of(path, "- id: squat.goblet")
    assert int(problem["line"]) == line_of(path, "- id: squat.goblet", start=first + 1)


def test_same_family_in_two_files_is_reported(data_dir: Path) -> None:
    (data_dir / "squat-copy.yaml").write_text(
        (data_dir / "squat.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    problem = find(problems(data_dir), "family", "already defined in squat-copy.yaml")
    assert problem["file"] == "squat.yaml"
    assert problem["line"] == "1"


def test_unknown_equipment_lists_the_allowed_ids(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    replace_once(path, "equipment: [barbell]", "equipment: [trampoline]")
    problem = find(problems(data_dir), "variants[1].equipment[0]", "unknown equipment")
    assert "'trampoline'" in problem["message"]
    assert "mini-band" in problem["message"] and "dumbbell" in problem["message"]
    assert int(problem["line"]) == line_of(path, "trampoline")


def test_ladder_edge_to_a_missing_variant_names_the_edge(data_dir: Path) -> None:
    path = data_dir / "single-leg-squat.yaml"
    replace_once(path, "to: single-leg-squat.bodyweight", "to: single-leg-squat.pistol")
    problem = find(
        problems(data_dir), "ladder[0].to", "unknown variant 'single-leg-squat.pistol'"
    )
    assert "single-leg-squat.weighted" in problem["message"]  # lists what the family has
    assert int(problem["line"]) == line_of(path, "to: single-leg-squat.pistol")


def test_ladder_cycle_is_reported_with_the_cycle(data_dir: Path) -> None:
    path = data_dir / "single-leg-squat.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - {from: single-leg-squat.weighted, to: single-leg-squat.box, changes: load}\n",
        encoding="utf-8",
    )
    problem = find(problems(data_dir), "ladder", "cycle")
    assert "single-leg-squat.box" in problem["message"]
    assert "single-leg-squat.weighted" in problem["message"]
    assert int(problem["line"]) == line_of(path, "ladder:")


def test_unreachable_variant_is_reported(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    extra = (
        "  - id: squat.box\n    name: Box squat\n    summary: Squat to a box.\n"
        "    modes: [isotonic]\n    weight_bearing: true\n    laterality: bilateral\n"
        "    role: compound\n    pattern: bilateral-squat\n    parts: [middle]\n    level: 1\n"
    )
    replace_once(path, "alternatives:\n", extra + "alternatives:\n")
    problem = find(problems(data_dir), "variants[2].id", "not reachable")
    assert int(problem["line"]) == line_of(path, "- id: squat.box")


def test_ladder_in_two_pieces_is_reported(data_dir: Path) -> None:
    path = data_dir / "calf-raise.yaml"
    replace_once(
        path,
        "  - {from: calf-raise.single-leg, to: calf-raise.single-leg-deficit, changes: range}\n",
        "",
    )
    problem = find(problems(data_dir), "ladder", "in pieces")
    assert "calf-raise.single-leg-deficit" in problem["message"]


def test_file_stem_must_be_the_family_slug(data_dir: Path) -> None:
    (data_dir / "squat.yaml").rename(data_dir / "squats.yaml")
    problem = find(problems(data_dir), "family", "must match the file name 'squats'")
    assert problem["file"] == "squats.yaml"
    assert problem["line"] == "1"


def test_unknown_cross_family_link_is_reported(data_dir: Path) -> None:
    path = data_dir / "side-plank.yaml"
    replace_once(path, "  - family: banded-side-step\n", "  - family: banded-sidestep\n")
    problem = find(problems(data_dir), "leads_to[0].family", "unknown family 'banded-sidestep'")
    assert int(problem["line"]) == line_of(path, "family: banded-sidestep")


def test_band_rule_must_name_band_dimensions(data_dir: Path) -> None:
    path = data_dir / "banded-side-step.yaml"
    replace_once(path, "  prefer: band-resistance\n", "  prefer: load\n")
    problem = find(problems(data_dir), "band_rule", "band-resistance/band-position")
    assert int(problem["line"]) == line_of(path, "band_rule:")


def test_band_with_kilograms_is_rejected(data_dir: Path) -> None:
    path = data_dir / "banded-side-step.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("default_band: yellow", "default_kg: 2.0", 1), encoding="utf-8")
    problem = find(problems(data_dir), "variants[0].loads[0]", "default_band")
    assert int(problem["line"]) == line_of(path, "default_kg: 2.0")


def test_anatomy_file_errors_name_the_field(data_dir: Path) -> None:
    path = data_dir / "_anatomy.yaml"
    replace_once(path, "abductor_csa_share: 0.60", "abductor_csa_share: 60")
    problem = find(problems(data_dir), "abductor_csa_share", "less than 1")
    assert problem["file"] == "_anatomy.yaml"
    assert int(problem["line"]) == line_of(path, "abductor_csa_share")


def test_equipment_file_errors_name_the_item_line(data_dir: Path) -> None:
    path = data_dir / "_equipment.yaml"
    replace_once(path, "- id: long-band\n", "- id: Long Band\n")
    problem = find(problems(data_dir), "id", "should match pattern")
    assert problem["file"] == "_equipment.yaml"
    assert int(problem["line"]) == line_of(path, "Long Band")


def test_problems_in_several_files_are_all_reported_at_once(data_dir: Path) -> None:
    replace_once(data_dir / "squat.yaml", "    level: 2\n", "    level: heavy\n")
    replace_once(data_dir / "deadlift.yaml", "    level: 2\n", "    level: heavy\n")
    files = {p["file"] for p in problems(data_dir)}
    assert files == {"squat.yaml", "deadlift.yaml"}


def test_empty_family_file_is_reported_as_a_document_error(data_dir: Path) -> None:
    (data_dir / "squat.yaml").write_text("", encoding="utf-8")
    problem = find(problems(data_dir), "(document)", "valid dictionary")
    assert problem["file"] == "squat.yaml" and problem["line"] == "1"


def test_missing_anatomy_file_is_a_catalogue_error_not_a_crash(data_dir: Path) -> None:
    (data_dir / "_anatomy.yaml").unlink()
    (problem,) = problems(data_dir)
    assert problem["file"] == "_anatomy.yaml" and problem["field"] == "(file)"
