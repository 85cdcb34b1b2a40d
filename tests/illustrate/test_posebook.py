"""The pose file: every catalogue variant has a pose, and a broken file names file, line, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Mode
from glutemed.errors import CatalogError, UnknownIdError
from glutemed.illustrate.posebook import Layout, PropKind, load_default_poses, load_poses
from glutemed.illustrate.poses import View

FAMILY = """\
families:
  side-plank:
    view: front
    moving: [r_thigh]
    arrow: {at: pelvis, push: [0, 1]}
variants:
"""


def _load(tmp_path: Path, variants: str, catalog: Catalog | None = None) -> object:
    path = tmp_path / "poses.yaml"
    path.write_text(FAMILY + variants, encoding="utf-8")
    return load_poses(path, catalog)


def _problems(tmp_path: Path, variants: str, catalog: Catalog | None = None) -> str:
    with pytest.raises(CatalogError) as info:
        _load(tmp_path, variants, catalog)
    return "\n".join(info.value.problems)


def test_every_catalogue_variant_has_a_pose(catalog: Catalog) -> None:
    book = load_poses(catalog=catalog)  # the cross-check raises if one is missing
    assert sorted(book.poses) == sorted(v.id for v in catalog.variants)


def test_isotonic_variants_have_different_start_and_end(catalog: Catalog) -> None:
    book = load_default_poses()
    for variant in catalog.variants:
        pose = book.pose(variant.id)
        assert pose.isometric == (Mode.ISOTONIC not in variant.modes), variant.id


def test_family_defaults_apply_and_variants_override(catalog: Catalog) -> None:
    book = load_default_poses()
    cuff = book.pose("side-lying-abduction.cuff-ankle")
    assert cuff.view is View.FRONT and cuff.layout is Layout.OVERLAY
    assert [p.kind for p in cuff.props] == [PropKind.MAT, PropKind.CUFF]  # family + own
    bench = book.pose("side-lying-abduction.bench")
    assert [p.kind for p in bench.props] == [PropKind.BENCH]  # replace_props
    assert bench.start.l_hip == -28 and bench.end.l_hip == 35  # end inherits the family's


def test_unknown_angle_names_file_line_and_field(tmp_path: Path) -> None:
    text = _problems(tmp_path, "  side-plank.full:\n    start: {l_hipp: 10}\n")
    assert "poses.yaml:8: variants.side-plank.full.start.l_hipp" in text


def test_angle_out_of_range_is_rejected(tmp_path: Path) -> None:
    text = _problems(tmp_path, "  side-plank.full:\n    start:\n      r_knee: 400\n")
    assert "poses.yaml:9: variants.side-plank.full.start.r_knee" in text
    assert "less than or equal to 160" in text


def test_prop_on_an_unknown_body_point_is_rejected(tmp_path: Path) -> None:
    text = _problems(
        tmp_path, "  side-plank.full:\n    props:\n      - {kind: cuff, at: l_elbo@0.5}\n"
    )
    assert "poses.yaml:9: variants.side-plank.full.props[0].at" in text
    assert "is not a body point" in text


def test_band_without_ends_is_rejected(tmp_path: Path) -> None:
    text = _problems(tmp_path, "  side-plank.full:\n    props:\n      - {kind: band}\n")
    assert "poses.yaml:9: variants.side-plank.full.props[0]" in text and "between" in text


def test_unknown_moving_segment_is_rejected(tmp_path: Path) -> None:
    text = _problems(tmp_path, "  side-plank.full:\n    moving: [l_tibia]\n")
    assert "poses.yaml:8: variants.side-plank.full.moving" in text and "l_tibia" in text


def test_variant_without_family_defaults_is_rejected(tmp_path: Path) -> None:
    text = _problems(tmp_path, "  squat.goblet: {}\n")
    assert "poses.yaml:7: variants.squat.goblet: no defaults under families.squat" in text


def test_hold_without_push_arrow_is_rejected(tmp_path: Path) -> None:
    text = _problems(tmp_path, "  side-plank.full:\n    arrow: {at: l_ankle}\n")
    assert "poses.yaml:7: variants.side-plank.full" in text and "push" in text


def test_cross_check_names_missing_and_unknown_variants(tmp_path: Path, catalog: Catalog) -> None:
    text = _problems(tmp_path, "  side-plank.fulll: {}\n", catalog)
    assert "variants.side-plank.fulll: no such variant in the catalogue" in text
    assert "side-plank.full: missing (every variant needs a pose)" in text


def test_cross_check_rejects_a_held_pose_for_a_reps_variant(
    tmp_path: Path, catalog: Catalog
) -> None:
    text = _problems(tmp_path, "  side-plank.full-abduction: {}\n", catalog)
    assert "variants.side-plank.full-abduction: done for reps" in text


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = _problems(tmp_path, "  side-plank.full: {start: [\n")
    assert text.startswith("poses.yaml:") and "(syntax)" in text


def test_unknown_variant_lookup_suggests_close_ids() -> None:
    with pytest.raises(UnknownIdError) as info:
        load_default_poses().pose("side-plank.ful")
    assert "side-plank.full" in info.value.suggestions
