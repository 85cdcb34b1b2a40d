"""Which variants a person may do, where on each ladder they start, and what load to suggest.

Hard rules first (:meth:`Selector.allowed`): never a variant that needs equipment the person
lacks, that they asked to avoid, that bears weight when they avoid weight bearing, or whose
``avoid_if`` provocations they reported (rehab adds sustained and end-range adduction).

The start is chosen from the training level or, when given, a baseline test; the catalogue's
``level`` (1-5) places each variant. When the profile has body mass and height and the load
model is available, the modelled peak hip abduction moment (N·m/kg) adds a ceiling for
*non-weight-bearing* variants: a starting variant should ask for no more than a goal-specific
share of the person's estimated abductor capacity (Sugimoto 2014: concentric peak torque
1.13 N·m/kg in women, 1.29 in men), because 10-20 rep sets sit at roughly 60-80 % of a
maximum on the ACSM repetition continuum. The model can only move a start *down*, never
above the level the person reported.

Weight-bearing variants are exempt from that ceiling: their modelled moment is mostly body
weight on one leg (about 0.9 N·m/kg for plain single-leg stance), which anyone who walks
already supports, so comparing it with a concentric strength test would wrongly push every
standing exercise down. Their demand is still reported in the rationale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import (
    BandLevel,
    Dimension,
    LoadKind,
    LoadSite,
    Mode,
    Pattern,
    Role,
    Variant,
)
from glutemed.errors import UnknownIdError
from glutemed.programming.conditions import excluded_families, plan_for_profile
from glutemed.programming.goals import GoalPlan
from glutemed.programming.models import Baseline, Level, Profile

DemandLookup = Callable[[Variant], "tuple[float, float] | None"]
"""Variant -> (peak moment N·m, N·m/kg) for this person, or None when not modelled."""

LEVEL_TARGET = {Level.BEGINNER: 1, Level.INTERMEDIATE: 2, Level.ADVANCED: 3}
"""Highest catalogue level a person of this experience starts at."""

CAPACITY_NM_PER_KG = {"female": 1.13, "male": 1.29, None: 1.21}
"""Hip abduction peak torque, Sugimoto et al. 2014 (unspecified sex: the mean of the two)."""

LEVEL_LOAD_FACTOR = {Level.BEGINNER: 0.75, Level.INTERMEDIATE: 1.0, Level.ADVANCED: 1.25}
REFERENCE_MASS_KG = 75.0
"""The catalogue's default loads are written for a 75 kg intermediate trainee."""

_INCREMENT_KG = {
    LoadKind.BARBELL: 2.5,
    LoadKind.HAND_WEIGHT: 2.0,
    LoadKind.CUFF_WEIGHT: 0.5,
    LoadKind.BELT_WEIGHT: 2.5,
    LoadKind.CABLE: 1.0,
    LoadKind.MACHINE: 2.5,
}
_MINIMUM_KG = {LoadKind.BARBELL: 20.0}  # an empty Olympic bar

STEP_PREFERENCE = (
    Dimension.MODE,
    Dimension.BAND_RESISTANCE,
    Dimension.LOAD,
    Dimension.STABILITY,
    Dimension.LEVER,
    Dimension.BAND_POSITION,
    Dimension.BASE_OF_SUPPORT,
    Dimension.RANGE,
)
"""Which ladder edge to take when several lead up: band resistance before band position is
the article's band rule; range comes last because extra range usually means more adduction."""


def baseline_level(baseline: Baseline | None, variant: Variant) -> int | None:
    """The catalogue level a baseline test points to for this variant's family, if any."""
    if baseline is None:
        return None
    if variant.family == "side-plank" and baseline.side_plank_hold_s is not None:
        hold = baseline.side_plank_hold_s
        return 1 if hold < 20 else 2 if hold < 45 else 3 if hold < 90 else 4
    if variant.family in {"side-lying-abduction", "standing-abduction"}:
        reps = baseline.side_lying_abduction_reps
        if reps is not None:
            return 1 if reps < 12 else 2 if reps < 25 else 3
    single_leg = variant.pattern.is_single_leg_compound
    if (single_leg or variant.pattern is Pattern.SINGLE_LIMB_STANCE) and (
        baseline.single_leg_squat_quality is not None
    ):
        return max(1, baseline.single_leg_squat_quality)
    return None


def allows(profile: Profile, provocations: frozenset[str], variant: Variant) -> bool:
    """Whether ``variant`` is open to this person: their equipment, the variants and
    positions they avoid, weight bearing. The one rule the planner and the progression
    engine share, so a step up never lands where the program could not have put them."""
    if not set(variant.equipment) <= profile.equipment:
        return False
    if variant.id in profile.avoid_variants:
        return False
    if variant.weight_bearing and profile.avoid_weight_bearing:
        return False
    if variant.family in excluded_families(profile):
        return False
    return not set(variant.avoid_if) & provocations


def allowed_variant_ids(
    profile: Profile, catalog: Catalog, in_use: frozenset[str] = frozenset()
) -> frozenset[str]:
    """Every variant of the catalogue this person may be moved to.

    ``in_use`` are variants the person already does (a clinician may have prescribed one
    outside the profile's equipment list): their equipment counts as owned.
    """
    owned = profile.equipment.union(*(catalog.variant(v).equipment for v in in_use))
    person = profile.model_copy(update={"equipment": frozenset(owned)})
    provocations = profile.avoid_provocations | plan_for_profile(profile).provocations
    return frozenset(v.id for v in catalog.variants if allows(person, provocations, v))


@dataclass
class Selector:
    """Variant choices for one profile; caches the allowed set and the demand look-ups."""

    profile: Profile
    catalog: Catalog
    plan: GoalPlan
    demand: DemandLookup | None = None
    _demand_cache: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    _step_cache: dict[tuple[str, int, Mode | None], Variant] = field(default_factory=dict)
    _load_cache: dict[str, LoadSuggestion] = field(default_factory=dict)

    @property
    def provocations(self) -> frozenset[str]:
        """The person's own provocations plus the goal's automatic ones."""
        return self.profile.avoid_provocations | self.plan.provocations

    def load_for(self, variant: Variant) -> LoadSuggestion:
        """:func:`suggest_load` for this profile, computed once per variant."""
        if variant.id not in self._load_cache:
            self._load_cache[variant.id] = suggest_load(variant, self.profile, self.plan)
        return self._load_cache[variant.id]

    def allowed(self, variant: Variant) -> bool:
        """The hard rules: equipment, explicit avoids, weight bearing, provocations."""
        return allows(self.profile, self.provocations, variant)

    def demand_of(self, variant: Variant) -> tuple[float, float] | None:
        """The modelled (N·m, N·m/kg) for this person, or None without a model or body data."""
        if self.demand is None:
            return None
        if variant.id not in self._demand_cache:
            self._demand_cache[variant.id] = self.demand(variant)
        return self._demand_cache[variant.id]

    def budget_nm_per_kg(self) -> float:
        """The highest modelled moment per kg a starting variant may ask for."""
        return CAPACITY_NM_PER_KG.get(self.profile.sex, 1.21) * self.plan.demand_fraction

    def target_level(self, variant: Variant) -> int:
        """Level to start at: the baseline test if given, else the training level."""
        level = baseline_level(self.profile.baseline, variant)
        if level is None:
            level = LEVEL_TARGET[self.profile.level]
        return min(level, self.plan.max_start_level)

    def family_variants(self, family_id: str, mode: Mode | None = None) -> list[Variant]:
        """Allowed variants of one family (optionally only those offering ``mode``)."""
        try:
            variants = self.catalog.family(family_id).variants
        except UnknownIdError:  # a family the catalogue does not ship is simply unavailable
            return []
        return [v for v in variants if self.allowed(v) and (mode is None or mode in v.modes)]

    def pattern_variants(self, pattern: Pattern, role: Role) -> list[Variant]:
        """Allowed variants of one movement pattern and role, in catalogue order."""
        return [
            v for v in self.catalog.variants
            if v.pattern is pattern and v.role is role and self.allowed(v)
        ]

    def start(self, candidates: Sequence[Variant], prefer_mode: Mode | None = None,
              *, easier: bool = False) -> Variant:
        """The starting variant among allowed candidates (non-empty) of one family/pattern.

        Highest level not above the target; among equals, the one offering the preferred
        mode, then catalogue order. The demand ceiling (non-weight-bearing only) can only move
        the choice to an easier variant: the first in that order whose modelled moment fits
        the budget wins, and if none fits, the one with the lowest modelled moment. Demand is
        computed lazily, so a start usually costs one model evaluation. ``easier`` starts
        one level lower (an affected side's own start; the lowest rung stays the floor).
        """
        target = self.target_level(candidates[0]) - (1 if easier else 0)
        pool = [c for c in candidates if c.level <= target]
        if not pool:
            lowest = min(c.level for c in candidates)
            pool = [c for c in candidates if c.level == lowest]
        order = {v.id: i for i, v in enumerate(candidates)}
        ranked = sorted(
            pool,
            key=lambda c: (
                -c.level,
                not (prefer_mode is not None and prefer_mode in c.modes),
                order[c.id],
            ),
        )
        budget = self.budget_nm_per_kg()
        for candidate in ranked:
            if candidate.weight_bearing:
                return candidate
            demand = self.demand_of(candidate)
            if demand is None or demand[1] <= budget:
                return candidate
        return min(ranked, key=self._per_kg)

    def _per_kg(self, variant: Variant) -> float:
        demand = self.demand_of(variant)
        return 0.0 if demand is None else demand[1]

    def step_up(self, variant: Variant, steps: int, mode: Mode | None = None) -> Variant:
        """Walk ``steps`` rungs up the ladder through allowed variants, stopping at the top."""
        key = (variant.id, steps, mode)
        if key not in self._step_cache:
            self._step_cache[key] = self._walk_up(variant, steps, mode)
        return self._step_cache[key]

    def _walk_up(self, variant: Variant, steps: int, mode: Mode | None) -> Variant:
        current = variant
        preference = [*self.plan.step_first, *STEP_PREFERENCE]
        for _ in range(steps):
            options = []
            for edge in self.catalog.progressions(current.id):
                target = self.catalog.variant(edge.to)
                if self.allowed(target) and (mode is None or mode in target.modes):
                    options.append((preference.index(edge.changes), target.level, target))
            if not options:
                break
            current = min(options, key=lambda o: (o[0], o[1]))[2]
        return current


@dataclass(frozen=True)
class LoadSuggestion:
    """The external load to start with, if the variant has one."""

    load_kg: float | None = None
    band: BandLevel | None = None
    band_at: LoadSite | None = None
    note: str | None = None
    """Said when the person's own kit stands in for what the variant names."""


_OWNED_KG = {LoadKind.CUFF_WEIGHT: "cuff_kg", LoadKind.HAND_WEIGHT: "dumbbell_kg"}
"""Load kinds whose weights a profile lists (the kit the person actually owns)."""


def suggest_load(variant: Variant, profile: Profile, plan: GoalPlan) -> LoadSuggestion:
    """Scale the catalogue default by training level, goal and body mass, rounded to kit.

    The defaults are written for a 75 kg intermediate; a beginner takes three quarters, an
    advanced trainee a quarter more, rehab 60 %, and body mass scales it within 0.7-1.3x.
    Bands keep the colour the variant names (a stronger band is its own ladder step) unless
    the person listed the bands they own: then the owned band closest to it (the lighter of
    two equally close), said so. Listed cuff and dumbbell weights work the same way: the
    heaviest owned weight not above the suggestion, else the lightest owned.
    """
    for spec in variant.loads:
        if spec.kind is LoadKind.BAND:
            return _owned_band(spec.default_band, spec.at, profile)
        if spec.default_kg is None:
            continue
        factor = LEVEL_LOAD_FACTOR[profile.level] * plan.load_factor
        if profile.mass_kg is not None:
            factor *= min(max(profile.mass_kg / REFERENCE_MASS_KG, 0.7), 1.3)
        step = _INCREMENT_KG.get(spec.kind, 0.5)
        kg = max(round(spec.default_kg * factor / step) * step, step)
        kg = max(kg, _MINIMUM_KG.get(spec.kind, 0.0))
        owned: frozenset[float] = (
            getattr(profile, _OWNED_KG[spec.kind]) if spec.kind in _OWNED_KG
            else frozenset()
        )
        if not owned or kg in owned:
            return LoadSuggestion(load_kg=kg)
        below = [w for w in owned if w <= kg]
        chosen = max(below) if below else min(owned)
        return LoadSuggestion(
            load_kg=chosen,
            note=f"Suggested {kg:g} kg; the closest you own is {chosen:g} kg.",
        )
    return LoadSuggestion()


def _owned_band(band: BandLevel | None, at: LoadSite | None, profile: Profile
                ) -> LoadSuggestion:
    if band is None or not profile.bands or band in profile.bands:
        return LoadSuggestion(band=band, band_at=at)
    chosen = min(profile.bands, key=lambda b: (abs(b.rank - band.rank), b.rank))
    return LoadSuggestion(
        band=chosen, band_at=at,
        note=f"Needs a {band.value} band, which you do not have: use your {chosen.value} "
             "band (the closest you own).",
    )
