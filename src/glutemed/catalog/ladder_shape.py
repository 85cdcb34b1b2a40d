"""The shape a family's ladder must have so nobody is left stranded on it.

Two faults kept coming back when ladders were edited by hand, and both are checked here on
every load:

* **Dead ends.** A variant from which no progression leads on to a form that can keep
  getting harder. In a family that has externally loaded forms (a cuff, a hand weight, a
  band, a cable, a belt, a barbell or a push into a wall: their kilograms, band colour or
  effort can keep rising), every variant must reach one of them along the ladder's own
  steps - the progression engine follows only those, so an alternative does not count. In a
  family with no external load, every variant must reach the family's hardest level. The
  wall behind the heel once stopped side-lying abduction at 4 x 20 reps with no way to a
  cuff.
* **Steps that change two things.** A ladder step names one dimension. Where the data can
  see what changes between two variants (the kind of load, where it sits, the band's
  colour, whether the leg moves or holds, whether it bears weight), a step that changes more
  than one of them, or a different one from the one it names, is refused: it should be two
  steps. A step that swaps one kind of load for another (a dumbbell for a barbell) is an
  alternative loading of the same exercise, which belongs under ``alternatives``.

Dimensions the data cannot see (a longer body lever, more range, less support) are taken at
the file's word. Pure: takes a family, returns problems for the loader to place.
"""

from __future__ import annotations

from glutemed.catalog.models import Dimension, Family, LoadKind, Variant

Problem = tuple[str, tuple[str | int, ...], str]

WEIGHT_BEARING = "weight bearing"
"""A change the data shows that no ladder dimension covers (a different exercise)."""


def graded(variant: Variant) -> bool:
    """Whether the variant carries an external load whose amount can keep rising."""
    return bool(variant.loads)


def seen_changes(easier: Variant, harder: Variant) -> list[str]:
    """What the data shows changing between two variants, as dimension names.

    The kind of load (added, removed or swapped) is ``load``; the same kind moved along the
    body is ``band-position`` for a band and ``lever`` otherwise; another band colour is
    ``band-resistance``; no mode in common is ``mode``; standing versus lying is reported
    as ``weight bearing``. Returned in that order, each at most once.
    """
    found: list[str] = []
    kinds_a = {load.kind for load in easier.loads}
    kinds_b = {load.kind for load in harder.loads}
    if kinds_a != kinds_b:
        found.append(Dimension.LOAD.value)
    else:
        sites_a = {(load.kind, load.at) for load in easier.loads}
        sites_b = {(load.kind, load.at) for load in harder.loads}
        if sites_a != sites_b:
            banded = LoadKind.BAND in kinds_a
            found.append((Dimension.BAND_POSITION if banded else Dimension.LEVER).value)
        band_a, band_b = easier.band, harder.band
        if band_a is not None and band_b is not None and band_a.default_band != band_b.default_band:
            found.append(Dimension.BAND_RESISTANCE.value)
    if not set(easier.modes) & set(harder.modes):
        found.append(Dimension.MODE.value)
    if easier.weight_bearing != harder.weight_bearing:
        found.append(WEIGHT_BEARING)
    return found


def step_problems(family: Family) -> list[Problem]:
    """Steps that change two things, name the wrong thing, or swap one load for another."""
    by_id = {v.id: v for v in family.variants}
    problems: list[Problem] = []
    for k, step in enumerate(family.ladder):
        easier, harder = by_id.get(step.from_), by_id.get(step.to)
        if easier is None or harder is None:
            continue
        kinds_a = {load.kind for load in easier.loads}
        kinds_b = {load.kind for load in harder.loads}
        if kinds_a and kinds_b and kinds_a != kinds_b:
            swap = f"{'/'.join(sorted(kinds_a))} -> {'/'.join(sorted(kinds_b))}"
            problems.append(
                (family.family, ("ladder", k),
                 f"{step.from_} -> {step.to} swaps one kind of load for another ({swap}): "
                 "that is an alternative loading of the same exercise, not a harder step; "
                 "list the two under 'alternatives' instead")
            )
            continue
        changes = seen_changes(easier, harder)
        if len(changes) > 1:
            problems.append(
                (family.family, ("ladder", k),
                 f"{step.from_} -> {step.to} changes {len(changes)} things at once "
                 f"({', '.join(changes)}): split it into steps that change one each")
            )
        elif changes and changes[0] != step.changes.value:
            problems.append(
                (family.family, ("ladder", k, "changes"),
                 f"'{step.changes.value}' does not match what differs between "
                 f"{step.from_} and {step.to} ({changes[0]}): name the dimension that changes")
            )
    return problems


def alternative_problems(family: Family) -> list[Problem]:
    """Alternatives name variants of this family, each in one group, and are never a step."""
    ids = {v.id for v in family.variants}
    problems: list[Problem] = []
    group_of: dict[str, int] = {}
    for g, group in enumerate(family.alternatives):
        for j, variant_id in enumerate(group.variants):
            if variant_id not in ids:
                problems.append(
                    (family.family, ("alternatives", g, "variants", j),
                     f"unknown variant '{variant_id}' (this family has: "
                     f"{', '.join(sorted(ids))})")
                )
            elif variant_id in group_of:
                problems.append(
                    (family.family, ("alternatives", g, "variants", j),
                     f"'{variant_id}' is already in alternatives group {group_of[variant_id]}")
                )
            else:
                group_of[variant_id] = g
    for k, step in enumerate(family.ladder):
        g_from, g_to = group_of.get(step.from_), group_of.get(step.to)
        if g_from is not None and g_from == g_to:
            problems.append(
                (family.family, ("ladder", k),
                 f"{step.from_} and {step.to} are alternatives (the same rung done another "
                 "way), not a step up: remove this step")
            )
    return problems


def alternative_links(family: Family) -> dict[str, set[str]]:
    """For each variant, the others on its rung (empty when it has none)."""
    links: dict[str, set[str]] = {v.id: set() for v in family.variants}
    for group in family.alternatives:
        members = [v for v in group.variants if v in links]
        for member in members:
            links[member] |= set(members) - {member}
    return links


def dead_end_problems(family: Family) -> list[Problem]:
    """Variants whose ladder cannot reach a loaded form (or, with no loads, the top level)."""
    if len(family.variants) < 2:
        return []
    ups: dict[str, set[str]] = {v.id: set() for v in family.variants}
    for step in family.ladder:
        if step.from_ in ups and step.to in ups:
            ups[step.from_].add(step.to)
    by_id = {v.id: v for v in family.variants}
    loaded = {v.id for v in family.variants if graded(v)}
    top = max(v.level for v in family.variants)
    goal = loaded or {v.id for v in family.variants if v.level == top}
    what = ("a loaded form (" + ", ".join(sorted(loaded)) + ")" if loaded
            else f"the family's hardest level ({top})")
    problems: list[Problem] = []
    for i, variant in enumerate(family.variants):
        seen = {variant.id}
        frontier = [variant.id]
        while frontier:
            here = frontier.pop()
            for nxt in ups[here] - seen:
                seen.add(nxt)
                frontier.append(nxt)
        if not seen & goal:
            problems.append(
                (family.family, ("variants", i, "id"),
                 f"dead end: no step from {variant.id} ever reaches {what}; add a step "
                 f"towards one (level {by_id[variant.id].level} now)")
            )
    return problems
