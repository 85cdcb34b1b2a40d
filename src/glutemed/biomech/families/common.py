"""Shapes shared by the family models: an external load, one hip's moment, a model result.

Each family model is a pure function ``(body, geometry, loads) -> ModelResult``; the
``demand`` module picks the hip that works hardest and turns it into a ``Demand``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExternalLoad:
    """One resolved external load: its kind, where it acts, and its force in newtons.

    ``force_n`` is the weight (kg × g) of a cuff, dumbbell, bar or cable stack, the band's
    tension, or a stated push.
    """

    kind: str
    site: str
    force_n: float
    label: str


@dataclass(frozen=True)
class HipMoment:
    """The peak external adduction moment one hip's abductors must balance."""

    hip: str
    moment_nm: float
    contributions: dict[str, float]
    peak_at: str


@dataclass(frozen=True)
class ModelResult:
    """What a family model returns: every hip it assessed, work per rep, its assumptions."""

    hips: list[HipMoment]
    assumptions: list[str] = field(default_factory=list)
    work_j_per_rep: float | None = None

    @property
    def hardest(self) -> HipMoment:
        """The hip whose abductors work hardest (largest moment)."""
        return max(self.hips, key=lambda h: h.moment_nm)


def angles_deg(start: float, end: float, step: float = 5.0) -> list[float]:
    """Angles from ``start`` to ``end`` inclusive, about ``step`` apart (the peak search grid).

    Every model moment is a smooth mix of sin and cos of the angle, so a 5° grid misses a
    peak by under 0.1 % and keeps all 52 variants within the 5 ms budget.
    """
    count = max(1, math.ceil((end - start) / step))
    return [start + (end - start) * i / count for i in range(count + 1)]


def peak_over_range(
    angles: Sequence[float], contributions_at: Callable[[float], dict[str, float]]
) -> tuple[float, dict[str, float], float]:
    """The angle of the largest total moment, its contributions, and the work over the range.

    Work is the trapezoidal integral of moment over angle in radians (joules), i.e. what the
    abductors do lifting through the range once.
    """
    totals = [sum(contributions_at(a).values()) for a in angles]
    best = max(range(len(angles)), key=lambda i: totals[i])
    work = sum(
        (totals[i] + totals[i + 1]) / 2 * math.radians(angles[i + 1] - angles[i])
        for i in range(len(angles) - 1)
    )
    return angles[best], contributions_at(angles[best]), work


KIND_WORDS = {
    "cuff-weight": "cuff weight",
    "hand-weight": "hand weight",
    "belt-weight": "belt weight",
    "band": "band",
    "cable": "cable",
    "barbell": "barbell",
    "machine": "machine",
    "wall-press": "wall push",
}
SITE_WORDS = {
    "thigh": "on the thigh",
    "knees": "at the knee",
    "ankles": "at the ankle",
    "feet": "at the feet",
    "opposite-hand": "in the opposite hand",
    "same-hand": "in the same-side hand",
    "both-hands": "held at the midline",
    "back": "on the back",
    "belt": "on a belt",
    "free-knee": "at the free knee",
}


def kg_label(kind: str, kg: float, site: str) -> str:
    """A contribution label a person can read, e.g. 'cuff weight 1 kg at the ankle'."""
    return f"{KIND_WORDS.get(kind, kind)} {kg:g} kg {SITE_WORDS.get(site, 'at ' + site)}"


def band_label(level: str, site: str) -> str:
    """A band's contribution label, e.g. 'green band at the knee'."""
    return f"{level} band {SITE_WORDS.get(site, 'at ' + site)}"
