"""Ladders without dead ends, one dimension per step, alternatives that are not steps.

Issue 13 found side-lying abduction's "heel on a wall" stranding a hypertrophy trainee at
4 x 20 bodyweight reps with no way to the cuff, and a banded side step that moved the band
down the leg *and* lightened it in one step. These tests break the shipped data in exactly
those ways and check the loader refuses it, naming the file and line; a hypothesis test
checks the dead-end rule against an independent reachability computation.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.catalog.test_loader_errors import find, line_of, problems, replace_once

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.ladder_shape import dead_end_problems, seen_changes, step_problems
from glutemed.catalog.models import Family


def test_the_shipped_catalogue_has_no_dead_end_and_no_two_dimension_step(
    catalog: Catalog,
) -> None:
    for family in catalog.families:
        assert dead_end_problems(family) == [], family.family
        assert step_problems(family) == [], family.family


def test_a_wall_slide_with_no_way_to_the_cuff_is_a_dead_end(data_dir: Path) -> None:
    """The issue's hypertrophy case: the heel-on-wall lift must lead on to a loaded form."""
    path = data_dir / "side-lying-abduction.yaml"
    for target in ("cuff-knee", "band-knees"):
        replace_once(
            path,
            next(line + "\n" for line in path.read_text(encoding="utf-8").splitlines()
                 if f"from: side-lying-abduction.wall-slide, to: side-lying-abduction.{target}"
                 in line),
            "",
        )
    problem = find(problems(data_dir), "variants[2].id", "dead end")
    assert "side-lying-abduction.wall-slide" in problem["message"]
    assert "side-lying-abduction.cuff-ankle" in problem["message"]  # names the loaded forms
    assert int(problem["line"]) == line_of(path, "- id: side-lying-abduction.wall-slide")


def test_a_band_moved_down_and_lightened_in_one_step_is_refused(data_dir: Path) -> None:
    """Seed article's band rule read with one dimension per step: knees (blue) -> ankles
    (green) changes the band's position and its resistance at once."""
    path = data_dir / "banded-side-step.yaml"
    replace_once(path, "to: banded-side-step.ankles-heavy, changes: band-position",
                 "to: banded-side-step.ankles-medium, changes: band-position")
    problem = find(problems(data_dir), "ladder[2]", "2 things at once")
    assert "band-position, band-resistance" in problem["message"]
    assert int(problem["line"]) == line_of(path, "to: banded-side-step.ankles-medium")


def test_a_step_swapping_one_kind_of_load_for_another_is_an_alternative(
    data_dir: Path,
) -> None:
    path = data_dir / "squat.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("alternatives:\n")
    path.write_text(
        text[:start] + "ladder:\n  - {from: squat.goblet, to: squat.back-squat, changes: load}\n",
        encoding="utf-8",
    )
    problem = find(problems(data_dir), "ladder[0]", "alternative loading")
    assert "hand-weight -> barbell" in problem["message"]


def test_a_step_naming_the_wrong_dimension_is_refused(data_dir: Path) -> None:
    path = data_dir / "standing-abduction.yaml"
    replace_once(path, "to: standing-abduction.band-ankle, changes: load",
                 "to: standing-abduction.band-ankle, changes: mode")
    problem = find(problems(data_dir), "ladder[0].changes", "does not match")
    assert "(load)" in problem["message"]


def test_the_wall_behind_the_heel_cannot_be_a_harder_step(data_dir: Path) -> None:
    """Seed article: the wall is a set-up aid (object or wall behind the pelvis, heel
    sliding on it), listed as an alternative of the plain lift, so a step between them is
    refused."""
    path = data_dir / "side-lying-abduction.yaml"
    replace_once(
        path, "ladder:\n",
        "ladder:\n  - {from: side-lying-abduction.bodyweight, "
        "to: side-lying-abduction.wall-slide, changes: stability}\n",
    )
    problem = find(problems(data_dir), "ladder[0]", "are alternatives")
    assert "side-lying-abduction.wall-slide" in problem["message"]


def test_an_alternatives_group_naming_an_unknown_variant_is_refused(data_dir: Path) -> None:
    path = data_dir / "squat.yaml"
    replace_once(path, "variants: [squat.goblet, squat.back-squat]",
                 "variants: [squat.goblet, squat.front-squat]")
    problem = find(problems(data_dir), "alternatives[0].variants[1]", "unknown variant")
    assert "squat.back-squat" in problem["message"]


def test_seen_changes_reads_the_data_one_dimension_at_a_time(catalog: Catalog) -> None:
    v = catalog.variant
    assert seen_changes(v("side-lying-abduction.bodyweight"),
                        v("side-lying-abduction.cuff-knee")) == ["load"]
    assert seen_changes(v("side-lying-abduction.cuff-knee"),
                        v("side-lying-abduction.cuff-ankle")) == ["lever"]
    assert seen_changes(v("banded-side-step.knees-light"),
                        v("banded-side-step.knees-medium")) == ["band-resistance"]
    assert seen_changes(v("banded-side-step.knees-heavy"),
                        v("banded-side-step.ankles-heavy")) == ["band-position"]
    assert seen_changes(v("banded-side-step.knees-heavy"),
                        v("banded-side-step.ankles-medium")) == [
        "band-position", "band-resistance"
    ]
    assert seen_changes(v("single-limb-stance.march"),
                        v("single-limb-stance.bodyweight")) == ["mode"]
    assert seen_changes(v("side-lying-abduction.bodyweight"),
                        v("side-lying-abduction.wall-slide")) == []


def _family(loaded: list[bool], levels: list[int], edges: list[tuple[int, int]]) -> Family:
    def variant(i: int) -> dict[str, object]:
        out: dict[str, object] = {
            "id": f"fam.v{i}", "name": f"V{i}", "summary": "Generated.",
            "modes": ["isotonic"], "weight_bearing": False, "parts": ["middle"],
            "level": levels[i],
        }
        if loaded[i]:
            out |= {"equipment": ["cuff-weight"],
                    "loads": [{"kind": "cuff-weight", "at": "ankles", "default_kg": 1.0}]}
        return out

    return Family.model_validate({
        "family": "fam", "name": "Fam", "summary": "Generated.", "why": "A property test.",
        "cues": ["Move well."], "checks": [{"id": "ok", "question": "Did it go well?"}],
        "faults": [{"fault": "It went badly.", "fix": "Go slower.", "check": "ok"}],
        "feel": {"target": "Side of the hip."},
        "variants": [variant(i) for i in range(len(loaded))],
        "ladder": [{"from": f"fam.v{a}", "to": f"fam.v{b}", "changes": "range"}
                   for a, b in edges],
    })


@st.composite
def families(draw: st.DrawFn) -> tuple[list[bool], list[int], list[tuple[int, int]]]:
    n = draw(st.integers(2, 7))
    loaded = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    levels = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] < e[1])
    edges = draw(st.lists(pairs, max_size=10, unique=True))
    return loaded, levels, edges


@settings(max_examples=200, deadline=None)
@given(families())
def test_dead_ends_are_exactly_the_variants_that_cannot_reach_a_loaded_form(
    shape: tuple[list[bool], list[int], list[tuple[int, int]]],
) -> None:
    loaded, levels, edges = shape
    n = len(loaded)
    reach = [[i == j for j in range(n)] for i in range(n)]  # Warshall, independent of the code
    for a, b in edges:
        reach[a][b] = True
    for k in range(n):
        for i in range(n):
            for j in range(n):
                reach[i][j] = reach[i][j] or (reach[i][k] and reach[k][j])
    goal = [i for i in range(n) if loaded[i]] or [i for i in range(n) if levels[i] == max(levels)]
    expected = {f"fam.v{i}" for i in range(n) if not any(reach[i][g] for g in goal)}
    flagged = {msg.split("no step from ", 1)[1].split(" ", 1)[0]
               for _, _, msg in dead_end_problems(_family(loaded, levels, edges))}
    assert flagged == expected


def test_side_lying_abduction_climbs_from_the_wall_to_a_cuff_at_the_knee_then_the_ankle(
    catalog: Catalog,
) -> None:
    """Seed article: 'add a cuff weight to the knee and then transition to the ankle'."""
    ups = {s.to: s.changes.value for s in catalog.progressions("side-lying-abduction.wall-slide")}
    assert ups["side-lying-abduction.cuff-knee"] == "load"
    ups = {s.to: s.changes.value for s in catalog.progressions("side-lying-abduction.cuff-knee")}
    assert ups == {"side-lying-abduction.cuff-ankle": "lever"}
    assert "side-lying-abduction.wall-slide" in catalog.alternatives(
        "side-lying-abduction.bodyweight"
    )


def test_marching_comes_before_the_sustained_single_leg_stance(catalog: Catalog) -> None:
    order = [v.id for v in catalog.ladder_order("single-limb-stance")]
    assert order.index("single-limb-stance.march") < order.index("single-limb-stance.bodyweight")
    assert [s.from_ for s in catalog.regressions("single-limb-stance.bodyweight")] == [
        "single-limb-stance.march"
    ]
