"""Cross-file checks that a single model cannot make on its own.

Pure: takes a built catalogue and returns problems as ``(family, path, message)`` so the
loader can attach file and line. Checks: file stem is the family slug; variant ids start
with it and are unique; equipment ids are known; ladder edges point at variants of the same
family; the progression direction has no cycles; every variant is reachable on its family's
ladder; a band rule names band dimensions; cross-family links point at other known families;
every technique check a variant asks has a fault with a fix that names it, and every fault
that names a check names one the variant asks; and the ladder's shape (ladder_shape.py): no
dead ends, one dimension per step, alternatives are not steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from graphlib import CycleError, TopologicalSorter

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.coaching import Coaching
from glutemed.catalog.ladder_shape import (
    alternative_links,
    alternative_problems,
    dead_end_problems,
    step_problems,
)
from glutemed.catalog.models import Dimension, Family, LoadKind

Problem = tuple[str, tuple[str | int, ...], str]


def validate_catalog(catalog: Catalog, files: Mapping[str, str] | None = None) -> list[Problem]:
    """Every cross-file problem in the catalogue (empty when it is sound)."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    known_equipment = set(catalog.equipment_ids)
    families = {f.family for f in catalog.families}
    for family in catalog.families:
        file_name = (files or {}).get(family.family)
        if file_name is not None and file_name != f"{family.family}.yaml":
            problems.append(
                (family.family, ("family",), f"must match the file name '{file_name[:-5]}'")
            )
        for i, variant in enumerate(family.variants):
            if variant.family != family.family:
                problems.append(
                    (family.family, ("variants", i, "id"),
                     f"must start with the family slug '{family.family}.'")
                )
            if variant.id in seen:
                problems.append(
                    (family.family, ("variants", i, "id"),
                     f"duplicate id, also in family '{seen[variant.id]}'")
                )
            seen[variant.id] = family.family
            for j, item in enumerate(variant.equipment):
                if item not in known_equipment:
                    allowed = ", ".join(sorted(known_equipment))
                    problems.append(
                        (family.family, ("variants", i, "equipment", j),
                         f"unknown equipment '{item}'; allowed: {allowed}")
                    )
            if any(load.kind is LoadKind.BAND for load in variant.loads) and not variant.equipment:
                problems.append(
                    (family.family, ("variants", i, "equipment"), "a banded variant needs a band")
                )
        problems.extend(_ladder_problems(family))
        problems.extend(_fix_problems(family))
        for k, link in enumerate(family.leads_to):
            if link.family not in families or link.family == family.family:
                problems.append(
                    (family.family, ("leads_to", k, "family"),
                     f"unknown family '{link.family}' (known: {', '.join(sorted(families))})")
                )
    return problems


def _fix_problems(family: Family) -> list[Problem]:
    """A failed check must be answerable with its fix: each check is named by a fault.

    A family check needs a family fault (it is asked of every variant); a variant's own
    check may be fixed by a family fault or by one of the variant's own.
    """
    problems: list[Problem] = []
    family_checks = [c.id for c in family.checks]
    named = {f.check for f in family.faults}
    for k, check in enumerate(family.checks):
        if check.id not in named:
            problems.append(
                (family.family, ("checks", k, "id"),
                 f"no fault names check '{check.id}': add a fault with 'check: {check.id}' "
                 "and its fix")
            )
    for j, fault in enumerate(family.faults):
        if fault.check is not None and fault.check not in family_checks:
            problems.append(
                (family.family, ("faults", j, "check"),
                 f"unknown check '{fault.check}'; the family asks: {', '.join(family_checks)}")
            )
    for i, variant in enumerate(family.variants):
        asked = Coaching.of(family, variant).check_ids
        own_named = named | {f.check for f in variant.faults}
        for k, check in enumerate(variant.checks):
            if check.id not in own_named:
                problems.append(
                    (family.family, ("variants", i, "checks", k, "id"),
                     f"no fault names check '{check.id}': add a fault with "
                     f"'check: {check.id}' and its fix")
                )
        for j, fault in enumerate(variant.faults):
            if fault.check is not None and fault.check not in asked:
                problems.append(
                    (family.family, ("variants", i, "faults", j, "check"),
                     f"unknown check '{fault.check}'; {variant.id} asks: {', '.join(asked)}")
                )
    return problems


def _ladder_problems(family: Family) -> list[Problem]:
    ids = {v.id for v in family.variants}
    problems: list[Problem] = []
    for k, step in enumerate(family.ladder):
        for end, value in (("from", step.from_), ("to", step.to)):
            if value not in ids:
                problems.append(
                    (family.family, ("ladder", k, end),
                     f"unknown variant '{value}' (this family has: {', '.join(sorted(ids))})")
                )
        if step.from_ == step.to:
            problems.append((family.family, ("ladder", k), "a step cannot lead to itself"))
    problems.extend(alternative_problems(family))
    if problems:
        return problems
    graph: dict[str, set[str]] = {i: set() for i in ids}
    for step in family.ladder:
        graph[step.to].add(step.from_)
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        cycle = " -> ".join(str(n) for n in exc.args[1])
        problems.append((family.family, ("ladder",), f"progressions form a cycle: {cycle}"))
    if len(ids) > 1:
        linked = {s.from_ for s in family.ladder} | {s.to for s in family.ladder}
        linked |= {v for group in family.alternatives for v in group.variants}
        for i, variant in enumerate(family.variants):
            if variant.id not in linked:
                problems.append(
                    (family.family, ("variants", i, "id"),
                     "not reachable: no ladder step or alternative leads to or from this "
                     "variant")
                )
        problems.extend(_connectivity_problems(family))
    if not problems:
        problems.extend(step_problems(family))
        problems.extend(dead_end_problems(family))
    if family.band_rule is not None:
        band_dims = {Dimension.BAND_RESISTANCE, Dimension.BAND_POSITION}
        if {family.band_rule.prefer, family.band_rule.before} != band_dims:
            problems.append(
                (family.family, ("band_rule",),
                 "must prefer one of band-resistance/band-position before the other")
            )
    return problems


def _connectivity_problems(family: Family) -> list[Problem]:
    """A family's ladder must be one piece: every variant reachable from the easiest, along
    steps (either way) or between alternatives of one rung."""
    neighbours = alternative_links(family)
    for step in family.ladder:
        neighbours[step.from_].add(step.to)
        neighbours[step.to].add(step.from_)
    start = family.variants[0].id
    seen = {start}
    frontier = [start]
    while frontier:
        for nxt in neighbours[frontier.pop()] - seen:
            seen.add(nxt)
            frontier.append(nxt)
    missing = [v.id for v in family.variants if v.id not in seen]
    if missing:
        return [
            (family.family, ("ladder",),
             f"ladder is in pieces; not reachable from {start}: {', '.join(missing)}")
        ]
    return []
