"""Read the load model's shipped data files; the only file-reading edge of ``biomech``.

Core functions take the loaded objects as arguments. ``compute_demand`` falls back to these
cached loaders when none are passed, the way the catalogue offers ``load_default_catalog``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from glutemed.biomech.parameters import BodyParameters, VariantModel
from glutemed.errors import CatalogError, format_validation_error

SEGMENTS_FILE = "segments.yaml"
VARIANT_MODELS_FILE = "variant-models.yaml"


def default_data_dir() -> Path:
    """The directory of YAML files shipped inside ``glutemed.biomech``."""
    return Path(str(resources.files("glutemed.biomech") / "data"))


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogError([f"{path.name}: (syntax): {exc}"]) from None


def _validate(model: type[BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError([f"{where}: {format_validation_error(exc)}"]) from None


def load_body_parameters(data_dir: Path | None = None) -> BodyParameters:
    """Segment fractions, landmarks, Pauwels' parameters and the band chart."""
    path = (data_dir or default_data_dir()) / SEGMENTS_FILE
    result: BodyParameters = _validate(BodyParameters, _read(path), path.name)
    return result


def load_variant_models(data_dir: Path | None = None) -> dict[str, VariantModel]:
    """The per-variant model map, keyed by variant id."""
    path = (data_dir or default_data_dir()) / VARIANT_MODELS_FILE
    data = _read(path)
    if not isinstance(data, dict):
        raise CatalogError([f"{path.name}: (document): must map variant ids to models"])
    return {
        str(key): _validate(VariantModel, value, f"{path.name}: {key}")
        for key, value in data.items()
    }


@cache
def load_default_body_parameters() -> BodyParameters:
    """The shipped body parameters, loaded once per process."""
    return load_body_parameters()


@cache
def load_default_variant_models() -> dict[str, VariantModel]:
    """The shipped variant-model map, loaded once per process."""
    return load_variant_models()
