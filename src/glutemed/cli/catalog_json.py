"""The JSON the catalogue commands print (``--json``): a variant in a list, a variant shown in
full, a family's ladder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.catalog.models import Family, LadderStep, Variant


def step_json(step: LadderStep) -> dict[str, Any]:
    return step.model_dump(mode="json", by_alias=True)


def list_item(variant: Variant, catalog: Catalog) -> dict[str, Any]:
    """The JSON object ``exercises list --json`` prints for one variant."""
    return {
        "id": variant.id,
        "family": variant.family,
        "name": variant.name,
        "summary": variant.summary,
        "modes": [str(m) for m in variant.modes],
        "weight_bearing": variant.weight_bearing,
        "laterality": str(variant.laterality),
        "role": str(variant.role),
        "pattern": str(variant.pattern),
        "equipment": list(variant.equipment),
        "parts": [str(p) for p in variant.parts],
        "level": variant.level,
        "progressions": [s.to for s in catalog.progressions(variant.id)],
        "regressions": [s.from_ for s in catalog.regressions(variant.id)],
        "alternatives": catalog.alternatives(variant.id),
    }


def show_item(variant: Variant, catalog: Catalog) -> dict[str, Any]:
    """Everything known about one variant, with the family's shared content merged in."""
    coaching = catalog.coaching(variant)
    family = coaching.family
    data = variant.model_dump(mode="json", by_alias=True)
    data.update(
        family=family.family,
        family_name=family.name,
        family_summary=family.summary,
        why=family.why,
        setup=list(coaching.setup),
        cues=list(coaching.cues),
        checks=[c.model_dump(mode="json") for c in coaching.checks],
        faults=[f.model_dump(mode="json") for f in coaching.faults],
        feel=coaching.feel.model_dump(mode="json"),
        evidence=[e.model_dump(mode="json") for e in coaching.evidence],
        progressions=[step_json(s) for s in catalog.progressions(variant.id)],
        regressions=[step_json(s) for s in catalog.regressions(variant.id)],
        alternatives=catalog.alternatives(variant.id),
        alternatives_note=catalog.alternatives_note(variant.id),
        band_rule=None if family.band_rule is None else family.band_rule.model_dump(mode="json"),
        leads_to=[link.model_dump(mode="json") for link in family.leads_to],
    )
    return data


def ladder_item(family: Family, catalog: Catalog) -> dict[str, Any]:
    """A family's ladder, easiest first, with the edges into and out of each variant."""
    order = catalog.ladder_order(family.family)
    return {
        "family": family.family,
        "name": family.name,
        "order": [
            {
                "position": i,
                "id": v.id,
                "name": v.name,
                "level": v.level,
                "regressions": [step_json(s) for s in catalog.regressions(v.id)],
                "progressions": [step_json(s) for s in catalog.progressions(v.id)],
            }
            for i, v in enumerate(order, start=1)
        ],
        "steps": [step_json(s) for s in family.ladder],
        "alternatives": [group.model_dump(mode="json") for group in family.alternatives],
        "band_rule": None if family.band_rule is None else family.band_rule.model_dump(mode="json"),
        "leads_to": [link.model_dump(mode="json") for link in family.leads_to],
    }
