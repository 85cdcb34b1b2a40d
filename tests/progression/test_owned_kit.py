"""A heavier load is a weight the person owns (issue 13: loads come from their kit).

ACSM 2009 (Ratamess et al., Med Sci Sports Exerc 41:687-708) adds 2-10 % once the target is
beaten; 20 kg x 5 % = 1 kg. With the dumbbells a person listed, the next load is the next
weight they own (a bigger jump where that is all they have), and with nothing heavier the
load does not go up at all: the engine moves on to the next rule (more reps or sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from glutemed.catalog.models import LoadKind
from glutemed.programming.models import Side
from glutemed.progression.context import DecisionContext
from glutemed.progression.engine import decide
from glutemed.progression.rules import ActionKind

DAY = dt.date(2026, 1, 5)


def _owning(kind: LoadKind, *kg: float) -> DecisionContext:
    return DecisionContext(owned_kg=((kind, frozenset(kg)),))


def test_the_next_load_is_the_next_dumbbell_owned(catalog, rules, prescribe, session, passed
                                                  ) -> None:
    p = prescribe("reverse-lunge.opposite-hand", load_kg=20.0, reps=(8, 12))
    history = session(p, DAY, checks=passed(p.variant_id))
    anyone = decide(rules, history, p, catalog, DAY, side=Side.LEFT)
    assert anyone.prescription.load_kg == pytest.approx(21.0)  # the ACSM step, any kit
    owner = decide(rules, history, p, catalog, DAY, side=Side.LEFT,
                   context=_owning(LoadKind.HAND_WEIGHT, 16.0, 20.0, 24.0))
    assert owner.action is ActionKind.PROGRESS_LOAD
    assert owner.prescription.load_kg == pytest.approx(24.0)


def test_with_nothing_heavier_the_load_stays_and_another_rule_applies(
    catalog, rules, prescribe, session, passed
) -> None:
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=2.0)
    history = session(p, DAY, checks=passed(p.variant_id))
    decision = decide(rules, history, p, catalog, DAY, side=Side.LEFT,
                      context=_owning(LoadKind.CUFF_WEIGHT, 2.0))
    assert decision.action is not ActionKind.PROGRESS_LOAD  # no heavier cuff owned
    assert decision.prescription.load_kg == pytest.approx(2.0)


def test_a_longer_lever_takes_the_lighter_cuff_only_when_it_is_owned(
    catalog, rules, prescribe, session, passed
) -> None:
    """Knee -> ankle roughly doubles the lever, so the lever rule halves the cuff (2 kg ->
    1 kg) to keep the demand level; with a 1 kg cuff owned that is the step. With only 2 kg
    the lever rule does not apply (it would prescribe a cuff she lacks), and the general
    step-up gate moves her on with the cuff she has: never a weight she does not own."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=2.0)
    history = session(p, DAY, checks=passed(p.variant_id))
    both = decide(rules, history, p, catalog, DAY, side=Side.LEFT,
                  context=_owning(LoadKind.CUFF_WEIGHT, 1.0, 2.0))
    only_two = decide(rules, history, p, catalog, DAY, side=Side.LEFT,
                      context=_owning(LoadKind.CUFF_WEIGHT, 2.0))
    assert (both.prescription.variant_id, both.prescription.load_kg) == (
        "side-lying-abduction.cuff-ankle", 1.0)
    assert both.rule_id == "lever.cuff-weight" and only_two.rule_id != "lever.cuff-weight"
    assert only_two.prescription.load_kg == 2.0


def _bands(*bands) -> DecisionContext:
    return DecisionContext(owned_bands=frozenset(bands))


def test_a_stronger_band_is_the_next_stronger_band_the_person_owns(
        catalog, rules, prescribe, session, passed) -> None:
    """The ladder's next band at the knees is green; she owns yellow and red only: the step
    is to her red band, and the explanation says green is not hers."""
    from glutemed.catalog.models import BandLevel

    p = prescribe("banded-side-step.knees-light")
    history = session(p, DAY, checks=passed(p.variant_id))
    anyone = decide(rules, history, p, catalog, DAY, side=Side.LEFT)
    assert anyone.prescription.band is BandLevel.GREEN
    owner = decide(rules, history, p, catalog, DAY, side=Side.LEFT,
                   context=_bands(BandLevel.YELLOW, BandLevel.RED))
    assert owner.action is ActionKind.BAND_RESISTANCE
    assert owner.prescription.band is BandLevel.RED
    assert "green band is not one you own" in owner.explanation


def test_with_no_stronger_band_owned_the_band_does_not_change(
        catalog, rules, prescribe, session, passed) -> None:
    from glutemed.catalog.models import BandLevel

    p = prescribe("banded-side-step.knees-light", band=BandLevel.RED)
    history = session(p, DAY, checks=passed(p.variant_id))
    owner = decide(rules, history, p, catalog, DAY, side=Side.LEFT,
                   context=_bands(BandLevel.YELLOW, BandLevel.RED))
    anyone = decide(rules, history, p, catalog, DAY, side=Side.LEFT)
    assert anyone.prescription.band is BandLevel.GREEN  # the ladder's next band
    assert owner.prescription.band is BandLevel.RED  # hers: nothing stronger is owned
    assert owner.action is not ActionKind.BAND_RESISTANCE


def test_a_lighter_band_on_a_deload_is_one_the_person_owns(
        catalog, rules, prescribe, session) -> None:
    """Three sessions short of the target (deload after stalls): blue -> the person's
    lighter band (yellow), not green, which she does not own."""
    from glutemed.catalog.models import BandLevel

    p = prescribe("banded-side-step.knees-heavy")
    history = [s for i in range(3) for s in session(
        p, DAY + dt.timedelta(days=2 * i), amounts=[10, 10, 9])]
    owner = decide(rules, history, p, catalog, DAY + dt.timedelta(days=4), side=Side.LEFT,
                   context=_bands(BandLevel.YELLOW, BandLevel.BLUE))
    assert owner.action is ActionKind.DELOAD
    assert owner.prescription.band is BandLevel.YELLOW


def test_at_the_top_of_what_she_can_do_the_explanation_names_the_next_step_and_its_kit(
        catalog, rules, prescribe, session) -> None:
    """Lateral hip pain, bands and cuffs at home: the standing isometric's harder rungs need
    a long band or a cable she has not listed. The decision is to keep the dose, and it says
    what would come next and what kit that needs."""
    from glutemed.catalog.models import Mode

    p = prescribe("standing-abduction.isometric-wall", mode=Mode.ISOMETRIC, hold_s=(50, 60))
    mine = frozenset(v.id for v in catalog.variants
                     if v.id not in {"standing-abduction.band-ankle",
                                     "standing-abduction.cable-ankle"})
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT,
                      context=DecisionContext(allowed_variants=mine))
    assert decision.rule_id == "otherwise-repeat.top-of-ladder"
    assert "band at the ankle (needs a long" in decision.explanation
    assert "cable" in decision.explanation.split("rules out:")[1]
    everyone = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert "rules out" not in everyone.explanation
