"""The progression rules this process decides with: the shipped file, or a clinic's own.

A clinician may tune thresholds (a stricter pain limit, a later referral, smaller load
steps) or add rules, in a YAML file written as docs/progression.md ("Writing your own
rules") describes. It is chosen once per process, at the edge -- ``glutemed --rules FILE``,
or ``GLUTEMED_RULES`` for the command line and the web app -- and validated when chosen, so a
mistake stops the start with its file, line and field instead of surfacing at the first
logged set. Every decision, re-decision and ``why`` explanation then reads the same rules.

A file must keep the safety presets (warning signs, pain monitoring, referral and the
step-up gate): glutemed never progresses through warning signs or pain beyond the limits it
explains, whatever a file says. Their parameters may be made stricter; the presets refuse
looser pain limits themselves.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from glutemed.errors import InputError

if TYPE_CHECKING:
    from glutemed.progression.rules import Rule

SAFETY_PRESETS = {"warning-signs": "warning-signs", "pain-monitoring": "pain-monitoring",
                  "referral": "referral", "step-up-gate": "gate"}
"""Presets every rules file must keep, with the id prefix of the rules each expands to."""

_chosen: Path | None = None


def use_rules_file(path: Path | None) -> None:
    """Decide with the rules in ``path`` from now on (``None``: the shipped rules).

    Raises the rules file's own error (file:line: field: problem) or an input error naming
    ``rules`` when the file cannot be read or leaves out a safety preset; the rules in force
    are unchanged then.
    """
    global _chosen
    if path is not None:
        _load(path.expanduser().resolve())
    _chosen = None if path is None else path.expanduser().resolve()


def rules_file_in_force() -> Path | None:
    """The clinic's own rules file, or ``None`` when the shipped rules decide."""
    return _chosen


def rules_in_force() -> list[Rule]:
    """The rules every decision of this process uses (read and validated once per file)."""
    return list(_load(_chosen))


@lru_cache(maxsize=4)
def _load(path: Path | None) -> tuple[Rule, ...]:
    from glutemed.progression.rules import load_rules

    if path is None:
        return _shipped_rules()
    if not path.is_file():
        raise InputError("rules", f"no rules file at {path} (give a YAML file, see "
                         "docs/progression.md, 'Writing your own rules')")
    rules = load_rules(path)
    kept = {rule.id.split(".", 1)[0] for rule in rules}
    missing = [preset for preset, prefix in SAFETY_PRESETS.items() if prefix not in kept]
    if missing:
        raise InputError(
            "rules", f"{path.name} leaves out the safety presets {', '.join(missing)}; a rules "
            "file must keep every one of " + ", ".join(SAFETY_PRESETS) + " (copy them from "
            "the shipped default-rules.yaml and make them stricter if you wish)"
        )
    return tuple(rules)


SHIPPED_RULES_SOURCES = ("glutemed.progression", "glutemed.catalog", "glutemed.programming")
"""The packages the shipped rules are defined, expanded and validated by (the presets use
the catalogue's and the program's types; the rules file is inside ``progression``)."""


def _shipped_rules() -> tuple[Rule, ...]:
    """The shipped rules, from the cache file when none of their sources changed (expanding
    the presets means importing their parameter models: ~30 ms of every ``log`` and
    ``why``; see :mod:`glutemed.data_cache`)."""
    from glutemed.data_cache import cache_folder, cached
    from glutemed.progression.rules import Rule

    def load() -> tuple[Rule, ...]:
        from glutemed.progression.rules import load_default_rules

        return tuple(load_default_rules())

    def is_rules(value: object) -> TypeGuard[tuple[Rule, ...]]:
        return isinstance(value, tuple) and bool(value) and all(
            isinstance(rule, Rule) for rule in value
        )

    return cached(cache_folder(), "rules", SHIPPED_RULES_SOURCES, load, is_rules)
