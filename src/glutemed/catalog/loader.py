"""Read the knowledge-base YAML files and build a validated :class:`Catalog`.

This is the shell edge of the catalogue: the only module in ``catalog`` that reads files.
PyYAML's composed nodes carry line numbers, so every Pydantic error location is turned into
``side-plank.yaml:42: variants[3].checks[0].id: ...`` — a clinician editing the data can
find the problem without reading Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Anatomy, Equipment, Family
from glutemed.catalog.validate import validate_catalog
from glutemed.errors import CatalogError

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ANATOMY_FILE = "_anatomy.yaml"
EQUIPMENT_FILE = "_equipment.yaml"


def default_data_dir() -> Path:
    """The directory of YAML files shipped inside the package."""
    return Path(str(resources.files("glutemed.catalog") / "data"))


def _line_map(node: yaml.Node, path: PathKey = ()) -> Iterator[tuple[PathKey, int]]:
    """Yield (path, 1-based line) for every node of a composed YAML document.

    A mapping value is reported at its key's line (yielded last, so it wins in a dict): for
    ``ladder:`` followed by a block list, the clinician should be sent to ``ladder:``.
    """
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value
            yield from _line_map(value, (*path, name))
            yield (*path, name), key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _line_map(item, (*path, index))


def _format_loc(loc: PathKey) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _read_yaml(path: Path) -> tuple[Any, dict[PathKey, int]]:
    """Parse one file, returning its data and a map from object path to line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError([f"{path.name}:1: (file): cannot be read: {exc}"]) from None
    try:
        # Parse once (with libyaml when present), then build the data from the same nodes
        # that carry the line numbers: parsing twice in pure Python cost ~2 s per start-up.
        node = yaml.compose(text, Loader=_LOADER)
        data = None if node is None else yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise CatalogError([f"{path.name}:{line}: (syntax): {exc}"]) from None
    lines = dict(_line_map(node)) if node is not None else {}
    return data, lines


def _line_for(loc: PathKey, lines: dict[PathKey, int]) -> int:
    """The line of the deepest known ancestor of ``loc`` (a missing key has no line)."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1


def _validate(model: type[M], path: Path, data: Any, lines: dict[PathKey, int]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
            problems.append(
                f"{path.name}:{_line_for(loc, lines)}: {_format_loc(loc)}: {err['msg']}"
            )
        raise CatalogError(problems) from None


def load_family(path: Path) -> tuple[Family, dict[PathKey, int]]:
    """Load and validate one family file; the line map is kept for cross-file checks."""
    data, lines = _read_yaml(path)
    family = _validate(Family, path, data, lines)
    return family, lines


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """Load every YAML file in ``data_dir`` and validate it as a whole.

    Raises :class:`CatalogError` listing every problem found, each as ``file:line: field``.
    """
    directory = data_dir or default_data_dir()
    anatomy_path = directory / ANATOMY_FILE
    equipment_path = directory / EQUIPMENT_FILE
    anatomy = _validate(Anatomy, anatomy_path, *_read_yaml(anatomy_path))
    eq_data, eq_lines = _read_yaml(equipment_path)
    if not isinstance(eq_data, list):
        raise CatalogError([f"{equipment_path.name}:1: (document): must be a list"])
    equipment = [
        _validate(Equipment, equipment_path, item, _subtree(eq_lines, i))
        for i, item in enumerate(eq_data)
    ]
    families: list[Family] = []
    problems: list[str] = []
    family_lines: dict[str, tuple[str, dict[PathKey, int]]] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        try:
            family, lines = load_family(path)
        except CatalogError as exc:
            problems.extend(exc.problems)
            continue
        if family.family in family_lines:
            other = family_lines[family.family][0]
            problems.append(
                f"{path.name}:{_line_for(('family',), lines)}: family: "
                f"'{family.family}' is already defined in {other}"
            )
            continue
        families.append(family)
        family_lines[family.family] = (path.name, lines)
    if problems:
        raise CatalogError(problems)
    catalog = Catalog(anatomy=anatomy, equipment=equipment, families=families)
    files = {family_id: file_name for family_id, (file_name, _) in family_lines.items()}
    problems = [
        _locate(problem, family_lines) for problem in validate_catalog(catalog, files)
    ]
    if problems:
        raise CatalogError(problems)
    return catalog


def _subtree(lines: dict[PathKey, int], index: int) -> dict[PathKey, int]:
    """The line map of one item of a top-level list, with paths relative to the item."""
    return {key[1:]: line for key, line in lines.items() if key[:1] == (index,)}


def _locate(
    problem: tuple[str, PathKey, str],
    family_lines: dict[str, tuple[str, dict[PathKey, int]]],
) -> str:
    family_id, loc, message = problem
    file_name, lines = family_lines.get(family_id, (f"{family_id}.yaml", {}))
    return f"{file_name}:{_line_for(loc, lines)}: {_format_loc(loc)}: {message}"


@cache
def load_default_catalog() -> Catalog:
    """The shipped catalogue, loaded once per process."""
    return load_catalog()
