"""Turn a profile into a complete multi-week program: the article's template, by goal.

``generate_program(profile, catalog)`` is pure and deterministic: the same profile and
catalogue always give the same program. How it builds one:

1. Validate the profile against the catalogue (equipment ids, variant ids, provocations).
2. Choose, once, a starting variant for every slot of the week (day_slots.py, with
   selection.py): the bilateral lift and the one single-leg pattern of each leg day
   (templates.py), the abduction exercises of the first one to three days, and the optional
   isolation work; an affected side gets its own slots (sided_slots.py).
3. Lay out the weeks (weeks.py) in blocks of four (three build weeks, one consolidation
   week): inside a block sets, reps and hold times rise (volume first); a new block steps
   each slot one rung up its ladder and starts the volume again (then variant) (dosing.py).

Sides: every prescription carries ``side = both``. For a per-side variant (see the variant's
``laterality``) that means *the sets are done on each leg*; for a bilateral one, both legs
work together. The progression engine may split a per-side prescription into ``left`` and
``right`` once the two legs progress differently.
"""

from __future__ import annotations

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Variant
from glutemed.errors import InputError
from glutemed.programming import conditions
from glutemed.programming import rationale as why
from glutemed.programming.day_slots import leg_day_rotations, plan_days
from glutemed.programming.goals import REHAB_PROVOCATIONS
from glutemed.programming.models import Prescription, Profile, Program
from glutemed.programming.selection import CAPACITY_NM_PER_KG, DemandLookup, Selector
from glutemed.programming.weeks import build_week


def generate_program(
    profile: Profile, catalog: Catalog, *, demand: DemandLookup | None = None
) -> Program:
    """The whole program for one profile (pure, deterministic).

    ``demand`` overrides the load-model look-up (tests pass a fake); by default the
    load model is used when the profile has body mass and height and the model is installed.
    """
    validate_profile(profile, catalog)
    plan = conditions.plan_for_profile(profile)
    lookup = demand if demand is not None else load_model_lookup(profile)
    selector = Selector(profile=profile, catalog=catalog, plan=plan, demand=lookup)
    notes: list[str] = []
    rotations = leg_day_rotations(selector)
    day_slots = plan_days(selector, rotations, notes)
    cache: dict[tuple[object, ...], Prescription] = {}
    weeks = [
        build_week(selector, rotations, day_slots, number, cache)
        for number in range(1, profile.weeks + 1)
    ]
    capacity = None if lookup is None else CAPACITY_NM_PER_KG.get(profile.sex, 1.21)
    reasons = why.program_reasons(profile, plan, notes, capacity,
                                  conditions.condition_reasons(profile))
    return Program(profile=profile, weeks=weeks, rationale=reasons)


# -- validation -----------------------------------------------------------------------------


def known_provocations(catalog: Catalog) -> list[str]:
    """Every provocation id the catalogue uses, plus the ones rehab adds."""
    found = {p for v in catalog.variants for p in v.avoid_if} | REHAB_PROVOCATIONS
    return sorted(found)


def validate_profile(profile: Profile, catalog: Catalog) -> None:
    """Reject ids the catalogue does not know, naming the field and the allowed values.

    ``none`` (bodyweight only) is accepted in ``equipment`` and simply adds nothing.
    """
    unknown = sorted(profile.equipment - set(catalog.equipment_ids) - {"none"})
    if unknown:
        raise InputError(
            "equipment",
            f"unknown {', '.join(unknown)}; allowed: none, {', '.join(catalog.equipment_ids)}",
        )
    for variant_id in sorted(profile.avoid_variants):
        catalog.variant(variant_id)  # raises UnknownIdError with suggestions
    allowed = known_provocations(catalog)
    bad = sorted(profile.avoid_provocations - set(allowed))
    if bad:
        raise InputError(
            "avoid_provocations", f"unknown {', '.join(bad)}; allowed: {', '.join(allowed)}"
        )


def load_model_lookup(profile: Profile) -> DemandLookup | None:
    """The load model's demand for this person's body, when body data is given.

    Without body data the planner uses the catalogue's levels. ``Profile`` takes its body
    bounds from the load model (``MASS_KG``, ``HEIGHT_M``), so every body it accepts can be
    modelled: there is no silent fallback for a body the model rejects.
    """
    if profile.mass_kg is None or profile.height_m is None:
        return None
    from glutemed.biomech.anthropometrics import Person
    from glutemed.biomech.demand import demand_or_none

    person = Person(mass_kg=profile.mass_kg, height_m=profile.height_m, sex=profile.sex)

    def lookup(variant: Variant) -> tuple[float, float] | None:
        result = demand_or_none(variant, person)
        return None if result is None else (result.moment_nm, result.moment_nm_per_kg)

    return lookup


__all__ = ["generate_program", "known_provocations", "load_model_lookup", "validate_profile"]

