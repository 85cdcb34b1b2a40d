"""Ladder graph properties, for the shipped data and for random ladders (hypothesis).

Random families with random progression edges are fed through the same validation the
loader runs. Validation must flag a cycle exactly when the graph has one, and flag a
ladder in pieces exactly when it is not connected. When it passes, ``ladder_order`` must be
a topological order and every regression must be a progression read backwards.
"""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.catalog.models import Anatomy, Dimension, Family, LadderStep, Variant
from glutemed.catalog.validate import validate_catalog

FAMILY = "test-family"


@cache
def _anatomy() -> Anatomy:
    return load_default_catalog().anatomy


def _variant(index: int, level: int) -> Variant:
    return Variant(
        id=f"{FAMILY}.v{index}",
        name=f"Variant {index}",
        summary="A generated variant.",
        modes=["isotonic"],
        weight_bearing=False,
        parts=["middle"],
        level=level,
    )


def _catalog(levels: list[int], edges: list[tuple[int, int, Dimension]]) -> Catalog:
    family = Family.model_validate(
        {
            "family": FAMILY,
            "name": "Test family",
            "summary": "Generated.",
            "why": "Generated for a property test.",
            "cues": ["Move well."],
            "checks": [{"id": "ok", "question": "Did it go well?"}],
            "faults": [{"fault": "It went badly.", "fix": "Go slower.", "check": "ok"}],
            "feel": {"target": "Side of the hip."},
            "variants": [_variant(i, lv).model_dump() for i, lv in enumerate(levels)],
            "ladder": [
                {"from": f"{FAMILY}.v{a}", "to": f"{FAMILY}.v{b}", "changes": d}
                for a, b, d in edges
            ],
        }
    )
    return Catalog(anatomy=_anatomy(), equipment=[], families=[family])


def _has_cycle(n: int, edges: list[tuple[int, int, Dimension]]) -> bool:
    """Kahn's algorithm, written independently of the code under test."""
    indegree = [0] * n
    out: list[list[int]] = [[] for _ in range(n)]
    for a, b, _ in edges:
        out[a].append(b)
        indegree[b] += 1
    queue = [i for i in range(n) if indegree[i] == 0]
    removed = 0
    while queue:
        node = queue.pop()
        removed += 1
        for nxt in out[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                queue.append(nxt)
    return removed < n


def _connected(n: int, edges: list[tuple[int, int, Dimension]]) -> bool:
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b, _ in edges:
        parent[root(a)] = root(b)
    return len({root(i) for i in range(n)}) == 1


@st.composite
def ladders(draw: st.DrawFn) -> tuple[list[int], list[tuple[int, int, Dimension]]]:
    """A random family: 1-7 variants and any set of edges between distinct variants."""
    n = draw(st.integers(min_value=1, max_value=7))
    levels = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    if n == 1:
        return levels, []
    pair = st.tuples(
        st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(list(Dimension))
    ).filter(lambda e: e[0] != e[1])
    edges = draw(st.lists(pair, max_size=12, unique_by=lambda e: (e[0], e[1])))
    return levels, edges


@st.composite
def dags(draw: st.DrawFn) -> tuple[list[int], list[tuple[int, int, Dimension]]]:
    """A random connected, acyclic ladder: edges only go from a lower index to a higher one,
    and each variant after the first hangs off an earlier one."""
    n = draw(st.integers(min_value=1, max_value=8))
    levels = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    dims = st.sampled_from(list(Dimension))
    edges = [(draw(st.integers(0, i - 1)), i, draw(dims)) for i in range(1, n)]
    extra = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), dims).filter(
        lambda e: e[0] < e[1]
    )
    if n > 1:
        edges += draw(st.lists(extra, max_size=6))
    edges = list({(a, b): (a, b, d) for a, b, d in edges}.values())
    # A valid ladder has no dead end: with no external load, every top of it (a variant
    # nothing leads on from) sits at the family's hardest level.
    tops = set(range(n)) - {a for a, _, _ in edges}
    levels = [max(levels) if i in tops else lv for i, lv in enumerate(levels)]
    return levels, edges


@settings(max_examples=150, deadline=None)
@given(ladders())
def test_validation_flags_a_cycle_exactly_when_there_is_one(
    ladder: tuple[list[int], list[tuple[int, int, Dimension]]],
) -> None:
    levels, edges = ladder
    messages = [message for _, _, message in validate_catalog(_catalog(levels, edges))]
    assert any("cycle" in m for m in messages) == _has_cycle(len(levels), edges)


@settings(max_examples=150, deadline=None)
@given(ladders())
def test_validation_flags_a_disconnected_ladder_exactly_when_it_is_one(
    ladder: tuple[list[int], list[tuple[int, int, Dimension]]],
) -> None:
    levels, edges = ladder
    messages = [message for _, _, message in validate_catalog(_catalog(levels, edges))]
    flagged = any("in pieces" in m or "not reachable" in m for m in messages)
    assert flagged == (not _connected(len(levels), edges))


@settings(max_examples=150, deadline=None)
@given(dags())
def test_valid_ladders_pass_and_ladder_order_is_topological(
    ladder: tuple[list[int], list[tuple[int, int, Dimension]]],
) -> None:
    levels, edges = ladder
    catalog = _catalog(levels, edges)
    assert validate_catalog(catalog) == []
    order = [v.id for v in catalog.ladder_order(FAMILY)]
    assert sorted(order) == sorted(v.id for v in catalog.variants)
    position = {variant_id: i for i, variant_id in enumerate(order)}
    for step in catalog.steps:
        assert position[step.from_] < position[step.to]


@settings(max_examples=100, deadline=None)
@given(dags())
def test_ladder_order_is_deterministic(
    ladder: tuple[list[int], list[tuple[int, int, Dimension]]],
) -> None:
    levels, edges = ladder
    first = _catalog(levels, edges).ladder_order(FAMILY)
    assert _catalog(levels, list(edges)).ladder_order(FAMILY) == first


@settings(max_examples=100, deadline=None)
@given(dags())
def test_every_regression_is_a_progression_read_backwards(
    ladder: tuple[list[int], list[tuple[int, int, Dimension]]],
) -> None:
    levels, edges = ladder
    _assert_duality(_catalog(levels, edges))


@settings(max_examples=100, deadline=None)
@given(ladders(), st.integers(0, 6))
def test_an_edge_to_a_missing_variant_is_always_reported(
    ladder: tuple[list[int], list[tuple[int, int, Dimension]]], which: int
) -> None:
    levels, edges = ladder
    catalog = _catalog(levels, edges)
    family = catalog.families[0]
    broken_step = LadderStep.model_validate(
        {
            "from": family.variants[which % len(levels)].id,
            "to": f"{FAMILY}.missing",
            "changes": "load",
        }
    )
    broken = family.model_copy(update={"ladder": [*family.ladder, broken_step]})
    problems = validate_catalog(Catalog(anatomy=_anatomy(), equipment=[], families=[broken]))
    assert (FAMILY, ("ladder", len(family.ladder), "to"), problems[0][2]) in problems
    assert "unknown variant" in problems[0][2]


def _assert_duality(catalog: Catalog) -> None:
    for variant in catalog.variants:
        for step in catalog.progressions(variant.id):
            assert step.from_ == variant.id
            assert step in catalog.regressions(step.to)
        for step in catalog.regressions(variant.id):
            assert step.to == variant.id
            assert step in catalog.progressions(step.from_)
    ups = sum(len(catalog.progressions(v.id)) for v in catalog.variants)
    downs = sum(len(catalog.regressions(v.id)) for v in catalog.variants)
    assert ups == downs == len(catalog.steps)


def test_shipped_ladders_are_topologically_ordered(catalog: Catalog) -> None:
    for family in catalog.families:
        order = [v.id for v in catalog.ladder_order(family.family)]
        assert sorted(order) == sorted(v.id for v in family.variants)
        position = {variant_id: i for i, variant_id in enumerate(order)}
        for step in family.ladder:
            assert position[step.from_] < position[step.to], (family.family, step)


def test_shipped_regressions_are_progressions_read_backwards(catalog: Catalog) -> None:
    _assert_duality(catalog)


def test_shipped_ladders_start_at_a_beginner_friendly_variant(catalog: Catalog) -> None:
    for family in catalog.families:
        first = catalog.ladder_order(family.family)[0]
        assert catalog.regressions(first.id) == []
        assert first.level == min(v.level for v in family.variants), family.family
