"""Read the shipped measure file; the one file-reading edge of :mod:`glutemed.outcomes`."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from glutemed.errors import CatalogError, format_validation_error
from glutemed.outcomes.measures import MeasureBook

MEASURES_FILE = "measures.yaml"


def default_measures_path() -> Path:
    """``measures.yaml`` shipped inside ``glutemed.outcomes``."""
    return Path(str(resources.files("glutemed.outcomes") / "data" / MEASURES_FILE))


def load_measures(path: Path | None = None) -> MeasureBook:
    """The measure book from ``path`` (default: the shipped file), validated."""
    where = path or default_measures_path()
    try:
        raw = yaml.safe_load(where.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogError([f"{where.name}: (syntax): {exc}"]) from None
    try:
        return MeasureBook.model_validate(raw)
    except ValidationError as exc:
        raise CatalogError([f"{where.name}: {format_validation_error(exc)}"]) from None


@cache
def default_measures() -> MeasureBook:
    """The shipped measure book, read once per process."""
    return load_measures()
