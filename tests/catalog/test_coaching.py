"""The one merge of a variant's coaching with its family's, the fix behind every check, and
the catalogue wording issue 16 asked for.

Source for the article statements: the seed article "Gluteus Medius Training"; for the
studies, the entries of docs/evidence.md named in each test.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_catalog, load_default_catalog
from glutemed.catalog.models import LoadSite
from glutemed.errors import CatalogError
from glutemed.programming.models import Goal

CATALOG = load_default_catalog()
VARIANT_IDS = [v.id for v in CATALOG.variants]


@given(st.sampled_from(VARIANT_IDS))
def test_the_merge_puts_the_familys_items_first_then_the_variants(variant_id: str) -> None:
    coaching = CATALOG.coaching(variant_id)
    family, variant = CATALOG.family_of(variant_id), CATALOG.variant(variant_id)
    assert list(coaching.setup) == [*family.setup, *variant.setup]
    assert list(coaching.cues[: len(family.cues)]) == list(family.cues)
    assert set(variant.cues) <= set(coaching.cues)
    ids = coaching.check_ids
    assert ids[: len(family.checks)] == [c.id for c in family.checks]
    assert {c.id for c in variant.checks} <= set(ids)
    assert len(ids) == len(set(ids))  # never asked twice
    assert coaching.feel == (variant.feel or family.feel)


@given(st.sampled_from(VARIANT_IDS))
def test_every_check_a_variant_asks_has_a_fix(variant_id: str) -> None:
    """A failed check is answered with the catalogue's fix, never a generic one."""
    coaching = CATALOG.coaching(variant_id)
    for check in coaching.checks:
        faults = coaching.faults_for(check.id)
        assert faults and all(f.fix.strip() for f in faults), (variant_id, check.id)


def test_side_lying_variants_all_keep_make_the_leg_longer(catalog: Catalog) -> None:
    """Article: think of the leg getting longer so the trunk does not side-bend."""
    for variant in catalog.family("side-lying-abduction").variants:
        assert any("longer" in cue for cue in catalog.coaching(variant).cues), variant.id


def test_stance_variants_all_squeeze_and_keep_the_pelvis_level(catalog: Catalog) -> None:
    """Article: single-limb stance while squeezing the glutes and keeping the pelvis level."""
    for variant in catalog.family("single-limb-stance").variants:
        cues = " ".join(catalog.coaching(variant).cues).lower()
        assert "squeeze" in cues and "pelvis level" in cues, variant.id


def test_the_wall_press_asks_the_familys_checks_and_its_own(catalog: Catalog) -> None:
    """Article: the 'Captain Morgan' - the stance leg is working; the pelvis is still held
    level and the trunk upright."""
    ids = catalog.coaching("single-limb-stance.wall-press").check_ids
    assert ids == ["pelvis-level", "no-trunk-lean", "knee-over-foot", "standing-leg-felt"]


def test_failed_answers_carry_their_fixes(catalog: Catalog) -> None:
    coaching = catalog.coaching("banded-side-step.knees-light")
    failed = coaching.failed({"knees-lead": False, "feet-forward": True, "felt-in-glutes": False})
    assert [f.check_id for f in failed] == ["knees-lead", "felt-in-glutes"]
    assert "Push the knees out" in failed[0].faults[0].fix
    assert "do not move the band lower yet" in failed[1].faults[0].fix
    unknown = coaching.failed({"technique": False})
    assert unknown[0].question is None and unknown[0].faults == coaching.faults
    assert coaching.failed({"knees-lead": True}) == []


def _edit(data_dir: Path, name: str, old: str, new: str) -> Path:
    path = data_dir / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return data_dir


def test_a_check_without_a_fix_is_refused_with_its_line(data_dir: Path) -> None:
    _edit(data_dir, "side-plank.yaml", "    check: no-rolling\n", "")
    with pytest.raises(CatalogError) as info:
        load_catalog(data_dir)
    message = str(info.value)
    assert re.search(r"side-plank\.yaml:\d+: checks\[2\]\.id: no fault names check 'no-rolling'",
                     message), message


def test_a_fault_naming_an_unknown_check_is_refused(data_dir: Path) -> None:
    _edit(data_dir, "side-plank.yaml", "    check: no-rolling\n",
          "    check: no-rolling\n  - fault: x\n    fix: y\n    check: no-such-check\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(data_dir)
    assert "unknown check 'no-such-check'" in str(info.value)


def test_evidence_without_confidence_is_refused(data_dir: Path) -> None:
    """No default: an entry must say how sure we are, or the file is refused."""
    _edit(data_dir, "side-plank.yaml", "    confidence: verified-abstract\n", "")
    with pytest.raises(CatalogError) as info:
        load_catalog(data_dir)
    assert re.search(r"side-plank\.yaml:\d+: evidence\[0\]\.confidence: Field required",
                     str(info.value)), str(info.value)


# -- wording against the article --------------------------------------------------------


def test_the_isometric_hold_summary_and_cue_agree_on_the_height(catalog: Catalog) -> None:
    """The summary and the cue give the same range, and the cue's height at the ankle is a
    hand calculation: leg (hip to ankle) 0.491 x 1.75 m = 0.859 m (Drillis & Contini, as in
    Winter 2009); 0.859 x sin 10 deg = 0.149 m and x sin 20 deg = 0.294 m, i.e. 15-30 cm."""
    variant = catalog.variant("side-lying-abduction.isometric-hold")
    ranges = {m for text in (variant.summary, *variant.cues)
              for m in re.findall(r"(\d+)-(\d+) degrees", text)}
    assert ranges == {("10", "20")}
    leg = 0.491 * 1.75
    low, high = (leg * math.sin(math.radians(a)) for a in (10, 20))
    assert low == pytest.approx(0.149, abs=0.001)
    assert high == pytest.approx(0.294, abs=0.001)
    assert "15-30 cm" in " ".join(variant.cues)


def test_squats_work_the_calves_quite_a_bit(catalog: Catalog) -> None:
    """Article: squats probably activate the calves quite a bit too."""
    assert "quite a bit" in catalog.family("calf-raise").why
    assert any("quite a bit" in x for x in catalog.anatomy.why_train.examples)


def test_the_four_reasons_match_the_goals_and_the_article(catalog: Catalog) -> None:
    """Article: aesthetics; rehabilitation (gluteal tendinopathy shows abductor weakness,
    chicken or egg unknown); risk reduction (prospective evidence in healthy female runners,
    no study that a stronger muscle protects); performance (no study either)."""
    reasons = {r.goal: r for r in catalog.anatomy.why_train.reasons}
    assert set(reasons) == {g.value for g in Goal}
    rehab = reasons["rehab"].text
    assert "tendinopathy" in rehab and "weaker" in rehab and "comes first or follows" in rehab
    assert any("Allison" in s and "2016" in s for s in reasons["rehab"].sources)
    risk = reasons["risk-reduction"].text
    assert "prospective" in risk and "healthy female runners" in risk
    assert "No study shows that a stronger gluteus medius prevents injury" in risk
    assert any("Noehren" in s and "2013" in s for s in reasons["risk-reduction"].sources)
    assert "No study shows" in reasons["performance"].text


def test_movements_not_muscles_is_user_facing_data(catalog: Catalog) -> None:
    """Article: movements rather than muscles for the most part; yet sometimes specific
    exercises are needed (reverse Nordic, heel raises); you can't isolate a muscle."""
    why = catalog.anatomy.why_train
    assert "movements first" in why.movements_first.lower()
    examples = " ".join(why.examples)
    assert "rectus femoris" in examples and "reverse Nordic" in examples
    assert "isolates" in why.no_isolation


def test_the_band_rule_keeps_in_most_cases(catalog: Catalog) -> None:
    """Article: '... before moving it to the ankle or feet in most cases'."""
    rule = catalog.family("banded-side-step").band_rule
    assert rule is not None and "in most cases" in rule.rationale


# -- citations (docs/evidence.md) ---------------------------------------------------------


def _entries(catalog: Catalog) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [(f.family, e) for f in catalog.families for e in f.evidence]
    out += [(v.id, e) for v in catalog.variants for e in v.evidence]
    return out


def test_neumann_sits_only_on_variants_with_a_weight_in_the_opposite_hand(
    catalog: Catalog,
) -> None:
    """Neumann 1996: people with a hip prosthesis, walking with a load in one hand."""
    found = [(owner, e) for owner, e in _entries(catalog) if "Neumann" in e.study]  # type: ignore[attr-defined]
    assert found
    for owner, entry in found:
        variant = catalog.variant(owner)  # a variant, never a whole family
        assert any(load.at is LoadSite.OPPOSITE_HAND for load in variant.loads), owner
        assert "hip prosthesis" in entry.study and "walking" in entry.study  # type: ignore[attr-defined]


def test_the_reverse_lunge_figure_says_no_reverse_lunge_was_tested(catalog: Catalog) -> None:
    (entry,) = catalog.family("reverse-lunge").evidence
    assert "No reverse lunge was tested" in entry.limits


def test_the_band_walk_figures_are_youdas_not_macaskill(catalog: Catalog) -> None:
    """The moving-limb 35 +/- 16 % MVIC and stance-limb 52 +/- 18 % are Youdas et al. 2013
    (Physiother Theory Pract 29:113-123); MacAskill 2014 tested no band walk."""
    band = catalog.family("banded-side-step").evidence
    assert not any("MacAskill" in e.study for e in band)
    youdas = next(e for e in band if "Youdas" in e.study)
    assert "2013" in youdas.study and "52 ± 18" in youdas.value and "35 ± 16" in youdas.value


def test_baik_is_2021_and_says_the_whole_body_was_rolled(catalog: Catalog) -> None:
    """Baik et al., J Athl Train 56(9):945-951 is the 2021 volume (online 2020); the study
    log-rolled the whole body, which is not the same as turning the leg in."""
    baik = next(e for e in catalog.family("side-lying-abduction").evidence if "Baik" in e.study)
    assert "2021" in baik.study and "56(9):945-951" in baik.study
    assert "whole body" in baik.limits


def test_the_conference_abstract_says_what_is_known_of_its_source(catalog: Catalog) -> None:
    entries = [e for _, e in _entries(catalog) if "conference abstract" in e.study]  # type: ignore[attr-defined]
    assert entries
    for entry in entries:
        assert "Electromyographic analysis of left and right side gluteus medius" in entry.study  # type: ignore[attr-defined]
        assert "authors and year not verified" in entry.limits  # type: ignore[attr-defined]
