"""Reading a rules file: validate each ``preset:`` or ``rule:`` entry and expand it.

Every problem is reported at once, each as ``file:line: field: message`` with the line
mapping the catalogue loader uses, so a clinician editing the YAML sees all their mistakes
in one go. The file's ``step-up-gate`` entry is read first, because every progression rule
a preset expands into includes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from glutemed.catalog.loader import _format_loc, _line_for, _read_yaml
from glutemed.errors import CatalogError
from glutemed.progression.preset_gate import Gate, StepUpGateParams
from glutemed.progression.presets import PRESETS
from glutemed.progression.rules import Action, Condition, Rule, RulesError

PathKey = tuple[str | int, ...]


class RuleEntry(BaseModel):
    """A raw rule in a rules file: ``rule: ID`` plus ``description``, ``when``, ``then``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    description: str
    when: Condition
    then: Action
    priority: int = 50
    source: str | None = None


def _data_loc(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Pydantic's error location with union tags dropped: only steps that exist in the data,
    so the location (and its line) points at what the person wrote."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and i == len(loc) - 1:
            node = None  # a required key that is missing: name it
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            continue
        out.append(part)
    return tuple(out)


def _problems(
    exc: ValidationError, data: Any, prefix: PathKey, file_name: str,
    lines: dict[PathKey, int],
) -> Iterator[str]:
    for err in exc.errors():
        loc = (*prefix, *_data_loc(err["loc"], data))
        message = err["msg"].removeprefix("Value error, ")
        yield f"{file_name}:{_line_for(loc, lines)}: {_format_loc(loc)}: {message}"


def _entry_rules(
    item: Any, index: int, file_name: str, lines: dict[PathKey, int], gate: Gate = None
) -> list[Rule]:
    here: PathKey = (index,)
    if not isinstance(item, dict) or ("preset" in item) == ("rule" in item):
        raise RulesError(
            [f"{file_name}:{_line_for(here, lines)}: {_format_loc(here)}: "
             "each entry needs exactly one of 'preset: NAME' or 'rule: ID'"]
        )
    try:
        if "rule" in item:
            entry = RuleEntry.model_validate(item)
            return [Rule(id=entry.rule, description=entry.description, when=entry.when,
                         then=entry.then, priority=entry.priority, source=entry.source)]
        extra = sorted(set(item) - {"preset", "params", "source"})
        name = item["preset"]
        if extra or name not in PRESETS:
            at = (*here, extra[0]) if extra else (*here, "preset")
            what = f"unknown key '{extra[0]}'" if extra else f"unknown preset '{name}'"
            raise RulesError([f"{file_name}:{_line_for(at, lines)}: {_format_loc(at)}: "
                              f"{what}; presets: {', '.join(PRESETS)}"])
        model, expander = PRESETS[name]
        params = model.model_validate(item.get("params") or {})
        source = _source(item, here, file_name, lines)
    except ValidationError as exc:
        is_rule = "rule" in item
        prefix = here if is_rule else (*here, "params")
        data = item if is_rule else item.get("params") or {}
        raise RulesError(list(_problems(exc, data, prefix, file_name, lines))) from None
    return [r.model_copy(update={"source": source}) if source else r
            for r in expander(params, gate)]


def _source(item: dict[str, Any], here: PathKey, file_name: str,
            lines: dict[PathKey, int]) -> str | None:
    """An entry's ``source:`` (where its numbers come from): text, or absent."""
    value = item.get("source")
    if value is None or (isinstance(value, str) and value.strip()):
        return None if value is None else " ".join(value.split())
    at = (*here, "source")
    raise RulesError([f"{file_name}:{_line_for(at, lines)}: {_format_loc(at)}: "
                      "source must be text naming authors, year and venue, and how sure"])


def _gate(data: list[Any], file_name: str, lines: dict[PathKey, int]) -> Gate:
    """The file's step-up gate (its ``step-up-gate`` entry), read before the other entries
    because every progression rule includes it; None (the default gate) when absent."""
    for index, item in enumerate(data):
        if isinstance(item, dict) and item.get("preset") == "step-up-gate":
            try:
                return StepUpGateParams.model_validate(item.get("params") or {})
            except ValidationError as exc:
                prefix = (index, "params")
                raise RulesError(list(_problems(exc, item.get("params") or {}, prefix,
                                                file_name, lines))) from None
    return None


def expand_entries(path: Path) -> list[Rule]:
    """Read, validate and expand a rules file; every problem is reported at once."""
    try:
        data, lines = _read_yaml(path)
    except CatalogError as exc:
        raise RulesError(exc.problems) from None
    if not isinstance(data, list) or not data:
        raise RulesError([f"{path.name}:1: (document): must be a non-empty list of entries"])
    rules: list[Rule] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    try:
        gate = _gate(data, path.name, lines)
    except RulesError as exc:
        raise RulesError(exc.problems) from None
    for index, item in enumerate(data):
        try:
            entry_rules = _entry_rules(item, index, path.name, lines, gate)
        except RulesError as exc:
            problems.extend(exc.problems)
            continue
        line = _line_for((index,), lines)
        for rule in entry_rules:
            if rule.id in first_line:
                problems.append(f"{path.name}:{line}: [{index}]: rule id '{rule.id}' is "
                                f"already defined at line {first_line[rule.id]}")
            first_line.setdefault(rule.id, line)
            rules.append(rule)
    if problems:
        raise RulesError(problems)
    return rules
