"""The shipped data files: every constant has a source; every catalogue variant is mapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutemed.biomech.loader import load_body_parameters, load_variant_models
from glutemed.biomech.parameters import BodyParameters, VariantModel
from glutemed.catalog.catalog import Catalog
from glutemed.errors import CatalogError


def test_every_segment_and_landmark_names_its_source(params: BodyParameters) -> None:
    rows = [*params.segments.values(), *params.landmarks.values(), *params.widths.values()]
    assert all(row.source.strip() for row in rows)
    assert "Pauwels" in params.pauwels.source
    assert "Thera-Band" in params.bands.source


def test_pauwels_inputs_match_evidence(params: BodyParameters) -> None:
    """docs/evidence.md, Pauwels 1965 (via RWTHmediTEC): S5 0.814 BW, 10.99 cm, 4.0 cm."""
    assert params.pauwels.partial_body_weight_fraction == 0.814
    assert params.pauwels.partial_body_weight_lever_m == 0.1099
    assert params.pauwels.abductor_moment_arm_m == 0.040


def test_every_catalogue_variant_is_modelled_or_explicitly_not(
    catalog: Catalog, models: dict[str, VariantModel]
) -> None:
    ids = {v.id for v in catalog.variants}
    assert ids - set(models) == set(), "variants missing from biomech/data/variant-models.yaml"
    assert set(models) - ids == set(), "variant-models.yaml names variants not in the catalogue"
    for variant_id, vm in models.items():
        assert (vm.model is None) != (vm.not_modelled is None), variant_id
        if vm.not_modelled is not None:
            assert len(vm.not_modelled) > 20, f"{variant_id}: give a real reason"


def test_a_variant_model_with_neither_model_nor_reason_is_a_load_error(tmp_path: Path) -> None:
    (tmp_path / "variant-models.yaml").write_text("side-plank.short: {support: knees}\n")
    with pytest.raises(CatalogError, match="side-plank.short"):
        load_variant_models(tmp_path)


def test_a_band_chart_missing_a_colour_is_a_load_error(tmp_path: Path) -> None:
    from glutemed.biomech.loader import default_data_dir

    text = (default_data_dir() / "segments.yaml").read_text(encoding="utf-8")
    broken = "\n".join(line for line in text.splitlines() if not line.strip().startswith("gold:"))
    (tmp_path / "segments.yaml").write_text(broken)
    with pytest.raises(CatalogError, match="gold"):
        load_body_parameters(tmp_path)
