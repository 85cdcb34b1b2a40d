"""The shipped knowledge base loads, and its data hang together."""

from __future__ import annotations

import pytest

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import default_data_dir, load_catalog
from glutemed.catalog.models import Dimension, LoadKind, LoadSite, Part, Role
from glutemed.catalog.validate import validate_catalog
from glutemed.errors import InputError, UnknownIdError

# Nearer to the hip first: moving a load down this list lengthens its lever.
PROXIMAL_TO_DISTAL = [LoadSite.THIGH, LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET]


def test_every_shipped_file_loads_and_validates(catalog: Catalog) -> None:
    families_on_disk = {
        p.stem for p in default_data_dir().glob("*.yaml") if not p.name.startswith("_")
    }
    assert {f.family for f in catalog.families} == families_on_disk
    assert validate_catalog(catalog) == []


def test_loading_twice_gives_equal_catalogues() -> None:
    assert load_catalog() == load_catalog()


def test_variant_ids_are_unique_and_prefixed_by_their_family(catalog: Catalog) -> None:
    ids = [v.id for f in catalog.families for v in f.variants]
    assert len(ids) == len(set(ids))
    for family in catalog.families:
        assert all(v.id.startswith(family.family + ".") for v in family.variants)


def test_every_variant_uses_only_known_equipment(catalog: Catalog) -> None:
    known = set(catalog.equipment_ids)
    for variant in catalog.variants:
        assert set(variant.equipment) <= known, variant.id


def test_every_load_needs_matching_equipment(catalog: Catalog) -> None:
    """A cuff weight needs cuff weights, a hand weight a dumbbell, and so on."""
    needs = {
        LoadKind.CUFF_WEIGHT: {"cuff-weight"},
        LoadKind.HAND_WEIGHT: {"dumbbell"},
        LoadKind.BAND: {"mini-band", "long-band"},
        LoadKind.CABLE: {"cable"},
        LoadKind.BELT_WEIGHT: {"belt"},
        LoadKind.BARBELL: {"barbell"},
    }
    for variant in catalog.variants:
        for load in variant.loads:
            if load.kind in needs:
                assert needs[load.kind] & set(variant.equipment), (variant.id, load.kind)


def test_gluteus_medius_work_names_parts_and_accessories_do_not(catalog: Catalog) -> None:
    for variant in catalog.variants:
        if variant.role is Role.ACCESSORY:
            assert variant.parts == [], variant.id
        else:
            assert set(variant.parts) <= set(Part) and variant.parts, variant.id


def test_band_resistance_steps_keep_the_band_in_place_and_make_it_stronger(
    catalog: Catalog,
) -> None:
    steps = catalog.steps_changing(Dimension.BAND_RESISTANCE)
    assert steps, "the band rule needs at least one band-resistance step"
    for step in steps:
        easier, harder = catalog.variant(step.from_).band, catalog.variant(step.to).band
        assert easier is not None and harder is not None
        assert easier.at == harder.at
        assert easier.default_band is not None and harder.default_band is not None
        assert harder.default_band.rank > easier.default_band.rank


def test_cuff_moves_from_knee_to_ankle_as_a_lever_step(catalog: Catalog) -> None:
    (step,) = [
        s
        for s in catalog.progressions("side-lying-abduction.cuff-knee")
        if s.to == "side-lying-abduction.cuff-ankle"
    ]
    assert step.changes is Dimension.LEVER


def test_band_position_steps_move_the_band_further_from_the_hip(catalog: Catalog) -> None:
    steps = catalog.steps_changing(Dimension.BAND_POSITION)
    assert steps
    for step in steps:
        easier, harder = catalog.variant(step.from_).band, catalog.variant(step.to).band
        assert easier is not None and harder is not None
        assert PROXIMAL_TO_DISTAL.index(harder.at) > PROXIMAL_TO_DISTAL.index(easier.at)


def test_lever_steps_never_move_a_weight_closer_to_the_hip(catalog: Catalog) -> None:
    """A lever step either lengthens the body lever (the load stays put) or moves the load
    further out, as with the cuff moved from the knee to the ankle."""
    for step in catalog.steps_changing(Dimension.LEVER):
        easier, harder = catalog.variant(step.from_), catalog.variant(step.to)
        if easier.loads and harder.loads and easier.loads[0].kind is harder.loads[0].kind:
            before, after = easier.loads[0].at, harder.loads[0].at
            if before in PROXIMAL_TO_DISTAL and after in PROXIMAL_TO_DISTAL:
                assert PROXIMAL_TO_DISTAL.index(after) >= PROXIMAL_TO_DISTAL.index(before)


def test_progressions_never_lower_the_level(catalog: Catalog) -> None:
    for step in catalog.steps:
        assert catalog.variant(step.to).level >= catalog.variant(step.from_).level, step


def test_unknown_variant_suggests_close_ids(catalog: Catalog) -> None:
    try:
        catalog.variant("side-plank.ful")
    except UnknownIdError as exc:
        assert "side-plank.full" in exc.suggestions
        assert "did you mean" in str(exc)
    else:  # pragma: no cover - the look-up must fail
        raise AssertionError("unknown id accepted")


def test_unknown_family_suggests_close_slugs(catalog: Catalog) -> None:
    try:
        catalog.family("side-planks")
    except UnknownIdError as exc:
        assert exc.suggestions[0] == "side-plank"
    else:  # pragma: no cover
        raise AssertionError("unknown family accepted")


def test_filter_by_equipment_means_what_the_person_has(catalog: Catalog) -> None:
    bodyweight = catalog.filter(equipment=set())
    assert bodyweight and all(v.equipment == [] for v in bodyweight)
    with_band = catalog.filter(equipment={"mini-band"})
    assert {v.id for v in bodyweight} < {v.id for v in with_band}
    assert all(set(v.equipment) <= {"mini-band"} for v in with_band)


def test_filters_combine(catalog: Catalog) -> None:
    found = catalog.filter(weight_bearing=False, mode="isometric", part="middle")
    assert found
    for v in found:
        assert not v.weight_bearing and "isometric" in v.modes and "middle" in v.parts
    assert catalog.filter(family="side-plank", weight_bearing=False) == []


def test_parse_equipment_accepts_none_and_known_ids(catalog: Catalog) -> None:
    assert catalog.parse_equipment("none") == frozenset()
    assert catalog.parse_equipment(" mini-band , dumbbell ") == {"mini-band", "dumbbell"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("kettlebell", "unknown 'kettlebell'; allowed: none, mini-band"),
        ("none,dumbbell", "cannot be combined"),
        (" , ", "give a comma list"),
    ],
)
def test_parse_equipment_refuses_bad_input_naming_the_field(
    catalog: Catalog, text: str, fragment: str
) -> None:
    with pytest.raises(InputError) as caught:
        catalog.parse_equipment(text)
    assert caught.value.field == "equipment"
    assert fragment in str(caught.value)


def test_merged_checks_have_unique_ids_per_variant(catalog: Catalog) -> None:
    """A variant's own checks add to its family's; an id used twice would make logged
    answers ambiguous."""
    for family in catalog.families:
        for variant in family.variants:
            ids = [c.id for c in family.checks_for(variant)]
            assert len(ids) == len(set(ids)), variant.id


def test_family_wide_cues_do_not_assume_one_variant_s_equipment(catalog: Catalog) -> None:
    """Family set-up and cues apply to every variant, so they must not name equipment that
    only some variants use (a slider cue shown for the Nordic curl, say)."""
    words = {"slider": "slider", "barbell": "barbell", "cable": "cable", "dip belt": "belt"}
    for family in catalog.families:
        text = " ".join([*family.setup, *family.cues]).lower()
        for word, equipment_id in words.items():
            if word in text:
                users = [v.id for v in family.variants if equipment_id in v.equipment]
                assert len(users) == len(family.variants), (family.family, word)
