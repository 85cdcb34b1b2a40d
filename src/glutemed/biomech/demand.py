"""What a variant asks of the hip abductors, for one person's body: the ``Demand``.

``compute_demand`` resolves the variant's loads (defaults, or the person's own weight and
band), picks the family model named in ``data/variant-models.yaml``, and reports the hip
that works hardest: its peak external hip adduction moment (which the abductors must
balance) in N·m and N·m/kg, the abductor force that needs in multiples of body weight at
Pauwels' 4.0 cm moment arm, where it peaks, each load's share and every assumption made.

Variants without an honest static model raise :class:`NotModelledError` with the reason;
no number is ever invented for them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from glutemed.biomech.anthropometrics import Body, Person, body_of
from glutemed.biomech.bands import band_tension_n, check_calibration, parse_band_level
from glutemed.biomech.families.banded_side_step import banded_side_step
from glutemed.biomech.families.common import ExternalLoad, ModelResult, band_label, kg_label
from glutemed.biomech.families.side_lying_abduction import side_lying_abduction
from glutemed.biomech.families.side_plank import side_plank
from glutemed.biomech.families.single_limb_stance import single_limb_stance
from glutemed.biomech.families.standing_abduction import standing_abduction
from glutemed.biomech.loader import load_default_body_parameters, load_default_variant_models
from glutemed.biomech.parameters import BodyParameters, VariantModel
from glutemed.biomech.units import force_bw_from_moment, moment_per_kg
from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import BandLevel, LoadKind, LoadSpec, Variant
from glutemed.errors import InputError, NotModelledError

MAX_EXTERNAL_KG = 300.0
COMMON_ASSUMPTIONS = [
    "Static, frontal-plane model: no accelerations, no sagittal or transverse-plane moments.",
    "The greater trochanter stands in for the hip joint centre (Winter 2009, Table 4.1).",
    "Abductor force uses Pauwels' 4.0 cm abductor moment arm in every position.",
    "Surface EMG is not force: this number and published %MVIC values measure different "
    "things.",
]


@dataclass(frozen=True)
class Demand:
    """What one variant asks of the hip abductors of one person.

    ``moment_nm`` is the peak external hip adduction moment at the hip that works hardest
    (named in ``hip`` and ``peak_at``); ``contributions`` split it per load (N·m, summing
    to ``moment_nm``); ``other_hips`` gives the other hip's peak where the model has one.
    """

    variant_id: str
    moment_nm: float
    moment_nm_per_kg: float
    abductor_force_bw: float
    abductor_force_n: float
    moment_arm_m: float
    peak_at: str
    hip: str
    contributions: dict[str, float]
    assumptions: list[str]
    model: str
    mass_kg: float
    height_m: float
    sex: str | None = None
    external_kg: float | None = None  # the weight used (the person's, else the default)
    band: str | None = None  # the band colour used (the person's, else the default)
    calibration: float = 1.0
    work_j_per_rep: float | None = None
    other_hips: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (numbers rounded to what the model can honestly claim)."""
        data = asdict(self)
        for key in ("moment_nm", "abductor_force_n", "work_j_per_rep"):
            if data[key] is not None:
                data[key] = round(data[key], 2)
        data["moment_nm_per_kg"] = round(self.moment_nm_per_kg, 4)
        data["abductor_force_bw"] = round(self.abductor_force_bw, 3)
        data["contributions"] = {k: round(v, 2) for k, v in self.contributions.items()}
        data["other_hips"] = {k: round(v, 2) for k, v in self.other_hips.items()}
        return data


def _check_external_kg(external_kg: float | None) -> float | None:
    if external_kg is None:
        return None
    if isinstance(external_kg, bool) or not isinstance(external_kg, int | float) or not (
        math.isfinite(external_kg)
    ):
        raise InputError("external_kg", "must be a number of kilograms")
    if not 0 <= external_kg <= MAX_EXTERNAL_KG:
        raise InputError(
            "external_kg",
            f"must be between 0 and {MAX_EXTERNAL_KG:g} kg (a load cannot be negative), "
            f"not {external_kg:g}",
        )
    return float(external_kg)


def _resolve_loads(
    variant: Variant,
    vm: VariantModel,
    params: BodyParameters,
    external_kg: float | None,
    band: BandLevel | None,
    calibration: float,
) -> list[ExternalLoad]:
    """Each load with its force in newtons, applying the person's weight and band."""
    weights = [load for load in variant.loads if load.kind is not LoadKind.BAND]
    bands = [load for load in variant.loads if load.kind is LoadKind.BAND]
    if external_kg == 0 and not weights:
        external_kg = None  # "nothing added" is a fair answer for a bodyweight variant
    if external_kg is not None and not weights:
        raise InputError(
            "external_kg", f"{variant.id} carries no external weight; leave it out"
        )
    if band is not None and not bands:
        raise InputError("band", f"{variant.id} uses no band; leave it out")
    out = [_weight_load(variant, vm, spec, external_kg, params, i == 0)
           for i, spec in enumerate(weights)]
    for spec in bands:
        level = band or spec.default_band or BandLevel.RED
        tension = band_tension_n(params.bands, level, vm.band_elongation_pct, calibration)
        label = band_label(level.value, spec.at.value)
        out.append(ExternalLoad("band", spec.at.value, tension, label))
    return out


def _weight_load(
    variant: Variant,
    vm: VariantModel,
    spec: LoadSpec,
    external_kg: float | None,
    params: BodyParameters,
    first: bool,
) -> ExternalLoad:
    if spec.kind is LoadKind.WALL_PRESS:
        if external_kg is None:
            raise NotModelledError(variant.id, vm.needs_force or "the push is self-chosen")
        force = external_kg * params.gravity_m_s2
        label = f"wall push {external_kg:g} kgf at the free knee"
        return ExternalLoad(spec.kind.value, spec.at.value, force, label)
    kg = external_kg if (first and external_kg is not None) else spec.default_kg or 0.0
    label = kg_label(spec.kind.value, kg, spec.at.value)
    return ExternalLoad(spec.kind.value, spec.at.value, kg * params.gravity_m_s2, label)


def _run_model(vm: VariantModel, body: Body, loads: Sequence[ExternalLoad]) -> ModelResult:
    if vm.model == "side-lying":
        return side_lying_abduction(body, loads, range_deg=vm.range_deg, hold_deg=vm.hold_deg)
    if vm.model == "standing-abduction":
        assert vm.range_deg is not None  # guaranteed by VariantModel's validator
        return standing_abduction(body, loads, range_deg=vm.range_deg)
    if vm.model == "side-plank":
        assert vm.support is not None
        return side_plank(body, loads, support=vm.support, top_leg_range_deg=vm.top_leg_range_deg)
    if vm.model == "banded-side-step":
        return banded_side_step(body, loads, step_deg=vm.step_deg or 15.0)
    return single_limb_stance(body, loads)


def compute_demand(
    variant: Variant,
    person: Person,
    *,
    external_kg: float | None = None,
    band: str | BandLevel | None = None,
    calibration: float = 1.0,
    params: BodyParameters | None = None,
    models: Mapping[str, VariantModel] | None = None,
) -> Demand:
    """The demand ``variant`` places on ``person``'s hip abductors.

    ``external_kg`` replaces the variant's default weight (or states a wall push in kgf);
    ``band`` replaces its default band colour; ``calibration`` scales the band chart.
    Raises :class:`InputError` for bad input and :class:`NotModelledError` when the model
    has no honest number.
    """
    kg = _check_external_kg(external_kg)
    level = None if band is None else parse_band_level(band)
    factor = check_calibration(calibration)
    params = params or load_default_body_parameters()
    models = models if models is not None else load_default_variant_models()
    vm = models.get(variant.id)
    if vm is None:
        raise NotModelledError(variant.id, "it has no entry in biomech/data/variant-models.yaml")
    if vm.not_modelled is not None:
        raise NotModelledError(variant.id, vm.not_modelled)
    loads = _resolve_loads(variant, vm, params, kg, level, factor)
    body = body_of(person, params)
    result = _run_model(vm, body, loads)
    used_band = level or (variant.band.default_band if variant.band else None)
    weights = [spec for spec in variant.loads if spec.kind is not LoadKind.BAND]
    used_kg = (kg if kg is not None else weights[0].default_kg) if weights else None
    return _to_demand(variant, person, body, vm, result, used_kg, used_band, factor, params)


def _to_demand(
    variant: Variant,
    person: Person,
    body: Body,
    vm: VariantModel,
    result: ModelResult,
    kg: float | None,
    level: BandLevel | None,
    calibration: float,
    params: BodyParameters,
) -> Demand:
    hardest = result.hardest
    others = {h.hip: h.moment_nm for h in result.hips if h is not hardest}
    assumptions = [*COMMON_ASSUMPTIONS, *result.assumptions]
    if vm.note:
        assumptions.append(vm.note)
    if any(load.kind is LoadKind.BAND for load in variant.loads):
        assumptions.append(
            f"Band tension from the manufacturer's chart at {vm.band_elongation_pct:g} % "
            f"elongation x calibration {calibration:g} (the chart overestimates, Uchida 2016)."
        )
    if others:
        assumptions.append(f"The {hardest.hip} works hardest; reported here.")
    if person.sex is not None:
        assumptions.append(params.sex.note)
    arm = body.abductor_moment_arm_m
    return Demand(
        variant_id=variant.id,
        moment_nm=hardest.moment_nm,
        moment_nm_per_kg=moment_per_kg(hardest.moment_nm, person.mass_kg),
        abductor_force_bw=force_bw_from_moment(
            hardest.moment_nm, arm, person.mass_kg, body.gravity_m_s2
        ),
        abductor_force_n=hardest.moment_nm / arm,
        moment_arm_m=arm,
        peak_at=hardest.peak_at,
        hip=hardest.hip,
        contributions=dict(hardest.contributions),
        assumptions=assumptions,
        model=vm.model or "",
        mass_kg=person.mass_kg,
        height_m=person.height_m,
        sex=person.sex,
        external_kg=kg,
        band=level.value if level else None,
        calibration=calibration,
        work_j_per_rep=result.work_j_per_rep,
        other_hips=others,
    )


def demand_or_none(
    variant: Variant,
    person: Person,
    *,
    external_kg: float | None = None,
    band: str | BandLevel | None = None,
    calibration: float = 1.0,
    params: BodyParameters | None = None,
    models: Mapping[str, VariantModel] | None = None,
) -> Demand | None:
    """Like :func:`compute_demand`, but ``None`` where the variant is not modelled.

    Bad input still raises :class:`InputError`: a typo must not look like "not modelled".
    """
    try:
        return compute_demand(
            variant, person, external_kg=external_kg, band=band, calibration=calibration,
            params=params, models=models,
        )
    except NotModelledError:
        return None


def compare(a: Demand, b: Demand) -> float:
    """How many times ``a``'s peak moment ``b`` asks: ``b.moment_nm / a.moment_nm``.

    ``compare(easier, harder) > 1`` for a progression that raises the demand.
    """
    return b.moment_nm / a.moment_nm


def describe_step(from_demand: Demand | None, to_demand: Demand | None) -> str:
    """One sentence for a person: how a step changes the demand on their hip abductors."""
    if from_demand is None or to_demand is None:
        return "The load model has no number for this step, so its effect is not quantified."
    change_pct = (compare(from_demand, to_demand) - 1) * 100
    if abs(change_pct) < 1:
        return "This step leaves the demand on your hip abductors about the same."
    verb = "raises" if change_pct > 0 else "lowers"
    return f"This step {verb} the demand on your hip abductors by {abs(change_pct):.0f} %."


@dataclass(frozen=True)
class LadderRow:
    """One row of a family's ladder with its demand, or the reason it has none."""

    variant_id: str
    name: str
    demand: Demand | None
    not_modelled: str | None = None


def ladder_demands(
    catalog: Catalog,
    family_id: str,
    person: Person,
    *,
    params: BodyParameters | None = None,
    models: Mapping[str, VariantModel] | None = None,
) -> list[LadderRow]:
    """A family's variants sorted by modelled demand (lowest first); unmodelled ones last.

    Ties keep the catalogue's ladder order; unmodelled variants keep it too.
    """
    modelled: list[LadderRow] = []
    rest: list[LadderRow] = []
    for variant in catalog.ladder_order(family_id):
        try:
            demand = compute_demand(variant, person, params=params, models=models)
        except NotModelledError as exc:
            rest.append(LadderRow(variant.id, variant.name, None, exc.reason))
            continue
        modelled.append(LadderRow(variant.id, variant.name, demand))
    modelled.sort(key=lambda row: row.demand.moment_nm if row.demand else 0.0)
    return [*modelled, *rest]
