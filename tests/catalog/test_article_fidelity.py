"""The seed article's requirements, pinned as facts about the catalogue data.

Source for every test here: the seed article "Gluteus Medius Training"
(``shared/seed/gluteus-medius-training.txt``). Each test names the passage it pins, so if a
data edit drops a cue, a check, an exercise or a ladder step the article asks for, the
test says which statement of the article went missing.
"""

from __future__ import annotations

import pytest

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Dimension, Family, LoadKind, LoadSite, Mode, Part

# Every exercise the article (and issue 2's list drawn from it) names, by stable id.
ARTICLE_VARIANTS = [
    # Non-weight-bearing: side-lying hip abduction and its progressions.
    "side-lying-abduction.bodyweight",
    "side-lying-abduction.wall-slide",
    "side-lying-abduction.cuff-knee",
    "side-lying-abduction.cuff-ankle",
    "side-lying-abduction.band-knees",
    "side-lying-abduction.weight-thigh",
    "side-lying-abduction.bench",
    "side-lying-abduction.isometric-hold",
    # Standing hip abduction with resistance (also challenges the standing limb).
    "standing-abduction.band-ankle",
    "standing-abduction.cable-ankle",
    # Side plank family, its regressions and its very-strong versions.
    "side-plank.short",
    "side-plank.short-abduction",
    "side-plank.short-abduction-band-knees",
    "side-plank.short-abduction-cuff-ankle",
    "side-plank.full",
    "side-plank.full-abduction",
    "side-plank.full-abduction-cuff-ankle",
    "side-plank.full-abduction-band-knees",
    # Banded side step: band at the knees, ankles and feet.
    "banded-side-step.knees-light",
    "banded-side-step.ankles-medium",
    "banded-side-step.feet-heavy",
    # Single-limb stance work.
    "single-leg-squat.bodyweight",
    "single-leg-deadlift.bodyweight",
    "reverse-lunge.opposite-hand",
    "single-limb-stance.opposite-hand-weight",
    "single-limb-stance.march-belt-weight",
    "single-limb-stance.wall-press",
    # The weekly template's bilateral lifts and optional isolation work.
    "squat.back-squat",
    "deadlift.conventional",
    "hamstring-curl.slider",
    "quadriceps-isolation.reverse-nordic",
    "calf-raise.single-leg-deficit",
]


def _text(items: list[str]) -> str:
    return " ".join(items).lower()


@pytest.fixture(scope="module")
def side_lying(catalog: Catalog) -> Family:
    return catalog.family("side-lying-abduction")


@pytest.mark.parametrize("variant_id", ARTICLE_VARIANTS)
def test_every_exercise_the_article_names_exists(catalog: Catalog, variant_id: str) -> None:
    catalog.variant(variant_id)


def test_at_least_thirty_variants(catalog: Catalog) -> None:
    assert len(catalog.variants) >= 30


def test_every_family_has_checks_faults_and_a_feel_with_alternatives(catalog: Catalog) -> None:
    for family in catalog.families:
        assert family.checks, family.family
        assert family.faults, family.family
        assert family.feel.elsewhere, family.family


# -- anatomy -------------------------------------------------------------------------------


def test_anatomy_parts_and_actions(catalog: Catalog) -> None:
    """Article: all three parts abduct; the anterior part also flexes and internally rotates,
    the posterior part also extends and externally rotates."""
    parts = {p.id: _text(p.actions) for p in catalog.anatomy.parts}
    assert all("abduction" in actions for actions in parts.values())
    assert "flexion" in parts[Part.ANTERIOR] and "internal rotation" in parts[Part.ANTERIOR]
    assert "extension" in parts[Part.POSTERIOR] and "external rotation" in parts[Part.POSTERIOR]


def test_anatomy_nerve_size_and_role(catalog: Catalog) -> None:
    """Article: superior gluteal nerve (L4-S1) shared with TFL and minimus; about 60 % of the
    abductors' cross-section; all parts rotate inwards at 90 degrees of hip flexion; the
    seesaw picture of frontal-plane stability in single-limb stance and gait."""
    anatomy = catalog.anatomy
    assert "superior gluteal nerve" in anatomy.innervation.lower()
    assert "L4-S1" in anatomy.innervation
    assert "minimus" in anatomy.innervation and "tensor fasciae latae" in anatomy.innervation
    assert anatomy.abductor_csa_share == pytest.approx(0.60)
    assert "internal rotation" in anatomy.hip_flexed_90 and "all three" in anatomy.hip_flexed_90
    stance = anatomy.single_limb_stance.lower()
    assert "seesaw" in stance and "pivot" in stance and "walking" in stance
    assert "greater trochanter" in anatomy.insertion.lower()


# -- side-lying hip abduction --------------------------------------------------------------


def test_side_lying_setup_covers_every_article_cue(side_lying: Family) -> None:
    """Article: bottom hip and knee bent for a wider base; ankle in line with the shoulder or
    behind it (hip extended); slight internal rotation; an object or a wall behind the
    pelvis; the heel sliding along the wall keeps the hip neutral or extended."""
    setup = _text(side_lying.setup)
    assert "bend the bottom hip and knee" in setup and "base" in setup
    assert "ankle" in setup and "shoulder" in setup and "behind" in setup
    assert "slight internal rotation" in setup
    assert "object" in setup and "behind your pelvis" in setup and "wall" in setup
    assert "heel" in setup and "slide" in setup and "neutral or slightly extended" in setup


def test_side_lying_cue_reach_the_leg_long(side_lying: Family) -> None:
    """Article: think of the leg getting longer / the sole reaching away, so the trunk does
    not side-bend."""
    cues = _text(side_lying.cues)
    assert "longer" in cues and "sole of the foot away" in cues
    assert "bending sideways" in cues or "side-bend" in cues


def test_side_lying_checks_cover_trunk_pelvis_and_hip_position(side_lying: Family) -> None:
    assert {c.id for c in side_lying.checks} >= {
        "no-trunk-side-bend",
        "pelvis-stayed-stacked",
        "hip-neutral-or-extended",
    }


def test_side_lying_progressions_match_the_article(catalog: Catalog) -> None:
    """Article: cuff at the knee, then at the ankle; band around the knees; weight held at the
    thigh; more range off a bench, box or bed."""
    ups = {s.to: s.changes for s in catalog.progressions("side-lying-abduction.bodyweight")}
    assert ups["side-lying-abduction.cuff-knee"] is Dimension.LOAD
    assert ups["side-lying-abduction.band-knees"] is Dimension.LOAD
    assert ups["side-lying-abduction.weight-thigh"] is Dimension.LOAD
    assert ups["side-lying-abduction.bench"] is Dimension.RANGE
    (cuff,) = catalog.progressions("side-lying-abduction.cuff-knee")
    assert cuff.to == "side-lying-abduction.cuff-ankle"
    assert catalog.variant("side-lying-abduction.cuff-knee").loads[0].at is LoadSite.KNEES
    assert catalog.variant("side-lying-abduction.cuff-ankle").loads[0].at is LoadSite.ANKLES
    assert "bed" in catalog.variant("side-lying-abduction.bench").summary


def test_side_lying_leads_on_to_standing_abduction_and_the_side_plank(side_lying: Family) -> None:
    """Article: standing abduction with resistance is offered as a progression (it also
    challenges the standing limb); the side plank is the weight-bearing progression."""
    links = {link.family for link in side_lying.leads_to}
    assert {"standing-abduction", "side-plank"} <= links


def test_side_lying_can_be_done_with_reps_or_holds(catalog: Catalog, side_lying: Family) -> None:
    """Article: each exercise can be done isotonically or isometrically."""
    modes = {m for v in side_lying.variants for m in v.modes}
    assert modes == {Mode.ISOTONIC, Mode.ISOMETRIC}
    assert Mode.ISOMETRIC in catalog.variant("side-lying-abduction.bodyweight").modes


def test_isometric_hold_is_near_neutral_where_torque_is_highest(catalog: Catalog) -> None:
    """Article: the abductors produce the most torque near a neutral hip position."""
    hold = catalog.variant("side-lying-abduction.isometric-hold")
    assert hold.modes == [Mode.ISOMETRIC]
    assert "neutral" in hold.summary and "torque near neutral" in _text(hold.cues)


def test_standing_abduction_loads_the_standing_leg(catalog: Catalog) -> None:
    family = catalog.family("standing-abduction")
    assert "standing leg" in family.why
    kinds = {load.kind for v in family.variants for load in v.loads}
    assert {LoadKind.BAND, LoadKind.CABLE} <= kinds
    assert all(v.weight_bearing for v in family.variants)


# -- side plank ----------------------------------------------------------------------------


def test_side_plank_checks_hips_up_and_straight_line(catalog: Catalog) -> None:
    """Article: for every side plank, keep the hips up and a straight line from the shoulders
    to the ankles."""
    family = catalog.family("side-plank")
    checks = {c.id: c.question.lower() for c in family.checks}
    assert "hips" in checks["hips-up"] and "sagging" in checks["hips-up"]
    assert "straight line" in checks["straight-line"] and "ankles" in checks["straight-line"]
    assert "straight line" in _text(family.cues)


def test_side_plank_ladder_matches_the_article(catalog: Catalog) -> None:
    """Article: side plank with abduction is harder than the side plank; ankle weight or band
    at the knees for the very strong; the short versions (with or without resistance) are
    the regressions."""
    ups = {s.to for s in catalog.progressions("side-plank.full-abduction")}
    assert ups == {"side-plank.full-abduction-cuff-ankle", "side-plank.full-abduction-band-knees"}
    assert "side-plank.full-abduction" in {s.to for s in catalog.progressions("side-plank.full")}
    short_ups = {s.to for s in catalog.progressions("side-plank.short-abduction")}
    assert {
        "side-plank.short-abduction-band-knees",
        "side-plank.short-abduction-cuff-ankle",
    } <= short_ups
    order = [v.id for v in catalog.ladder_order("side-plank")]
    assert order[0] == "side-plank.short"
    assert order.index("side-plank.short-abduction") < order.index("side-plank.full-abduction")


def test_side_plank_with_abduction_challenges_the_bottom_leg(catalog: Catalog) -> None:
    family = catalog.family("side-plank")
    full = catalog.variant("side-plank.full-abduction")
    assert "bottom leg" in _text(family.cues_for(full))


# -- banded side step ----------------------------------------------------------------------


def test_banded_side_step_has_the_four_article_checks_and_felt_in_glutes(
    catalog: Catalog,
) -> None:
    """Article: no lateral trunk lean; lead with the knees (no hip internal rotation); feet
    forward; head at the same height; and where it is felt."""
    checks = {c.id: c.question.lower() for c in catalog.family("banded-side-step").checks}
    assert "lean" in checks["no-trunk-lean"]
    assert "lead with your knees" in checks["knees-lead"]
    assert "forwards" in checks["feet-forward"]
    assert "same height" in checks["level-head"] and "bobbing" in checks["level-head"]
    assert "burn" in checks["felt-in-glutes"] and "buttocks" in checks["felt-in-glutes"]


def test_band_rule_prefers_resistance_before_position(catalog: Catalog) -> None:
    """Article: with good technique and a burn in the glutes, raise the band's resistance
    before moving it to the ankles or feet (in most cases)."""
    family = catalog.family("banded-side-step")
    rule = family.band_rule
    assert rule is not None
    assert rule.prefer is Dimension.BAND_RESISTANCE and rule.before is Dimension.BAND_POSITION
    assert set(rule.requires) >= {
        "no-trunk-lean",
        "knees-lead",
        "feet-forward",
        "level-head",
        "felt-in-glutes",
    }
    assert set(rule.requires) <= {c.id for c in family.checks}
    assert "technique" in rule.unless.lower()


def test_banded_side_step_ladder_obeys_its_band_rule(catalog: Catalog) -> None:
    """The data follow the rule: leaving the knees happens only from the heaviest knee band,
    after at least one band-resistance step."""
    family = catalog.family("banded-side-step")
    order = catalog.ladder_order(family.family)
    first_move = next(s for s in family.ladder if s.changes is Dimension.BAND_POSITION)
    knee_bands = [
        v.band.default_band.rank
        for v in family.variants
        if v.band and v.band.at is LoadSite.KNEES and v.band.default_band
    ]
    start = catalog.variant(first_move.from_).band
    assert start is not None and start.default_band is not None
    assert start.at is LoadSite.KNEES and start.default_band.rank == max(knee_bands)
    assert catalog.progressions(order[0].id)[0].changes is Dimension.BAND_RESISTANCE
    assert {v.band.at for v in family.variants if v.band} == {
        LoadSite.KNEES,
        LoadSite.ANKLES,
        LoadSite.FEET,
    }


def test_band_at_the_feet_is_backed_by_evidence_with_limits(catalog: Catalog) -> None:
    """Article: research shows the band around the feet gives the most activation; and the
    main limitation is that the research is EMG."""
    evidence = catalog.family("banded-side-step").evidence
    assert any("feet" in e.value for e in evidence)
    assert all(e.limits for e in evidence)


# -- single-limb stance --------------------------------------------------------------------


def test_single_limb_stance_cues_squeeze_level_pelvis_other_hip_flexed(catalog: Catalog) -> None:
    """Article: weight in the opposite hand while squeezing the glutes, keeping the pelvis
    level and the other hip flexed."""
    family = catalog.family("single-limb-stance")
    variant = catalog.variant("single-limb-stance.opposite-hand-weight")
    cues = _text(family.cues_for(variant))
    assert "squeeze the buttock" in cues
    assert "pelvis level" in cues
    assert "other hip flexed" in cues
    assert variant.loads[0].at is LoadSite.OPPOSITE_HAND


def test_marching_with_a_belt_weight(catalog: Catalog) -> None:
    march = catalog.variant("single-limb-stance.march-belt-weight")
    assert march.loads[0].kind is LoadKind.BELT_WEIGHT and "belt" in march.equipment


def test_wall_press_works_the_standing_leg(catalog: Catalog) -> None:
    """Article: standing on one leg, the other hip flexed, pushing that knee into the wall;
    the stance leg is the one working."""
    press = catalog.variant("single-limb-stance.wall-press")
    assert press.loads[0].kind is LoadKind.WALL_PRESS
    assert press.loads[0].at is LoadSite.FREE_KNEE
    assert press.weight_bearing and press.modes == [Mode.ISOMETRIC]
    assert "standing leg does the work" in press.summary
    assert any("standing hip" in c.question for c in press.checks)


def test_single_leg_squat_and_deadlift_are_the_single_leg_compounds(catalog: Catalog) -> None:
    """Article: one unilateral hinge or squat/lunge per session; day 1 back squat + single-leg
    deadlift, day 2 conventional deadlift + reverse lunge."""
    for variant_id in (
        "single-leg-squat.bodyweight",
        "single-leg-deadlift.bodyweight",
        "reverse-lunge.opposite-hand",
    ):
        assert catalog.variant(variant_id).pattern.is_single_leg_compound, variant_id
    for variant_id in ("squat.back-squat", "deadlift.conventional"):
        assert not catalog.variant(variant_id).pattern.is_single_leg_compound


def test_reverse_lunge_weight_is_in_the_opposite_hand(catalog: Catalog) -> None:
    variant = catalog.variant("reverse-lunge.opposite-hand")
    assert variant.loads[0].at is LoadSite.OPPOSITE_HAND


# -- evidence ------------------------------------------------------------------------------


def test_every_evidence_entry_states_its_limits(catalog: Catalog) -> None:
    """Article: the main limitation of the research is that it is EMG data."""
    entries = [e for f in catalog.families for e in f.evidence] + [
        e for v in catalog.variants for e in v.evidence
    ]
    assert entries
    for entry in entries:
        assert entry.limits.strip()
    emg = [e for e in entries if "EMG" in e.study or "EMG" in e.measure or "MVIC" in e.value]
    assert all("EMG" in e.limits or "activation" in e.limits.lower() for e in emg)


def test_every_abduction_family_has_evidence(catalog: Catalog) -> None:
    """Evidence sits where it applies: on the family, or only on the variants it fits (the
    carried-load study only on the variants that carry a load in the opposite hand)."""
    for family_id in (
        "side-lying-abduction",
        "standing-abduction",
        "side-plank",
        "banded-side-step",
        "single-limb-stance",
        "single-leg-squat",
        "single-leg-deadlift",
        "reverse-lunge",
    ):
        family = catalog.family(family_id)
        assert any(catalog.coaching(v).evidence for v in family.variants), family_id
