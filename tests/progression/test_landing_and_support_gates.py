"""Two gates that count clean sessions in a row (issue 13), both glutemed's choices (expert
opinion, said in the rules file's ``source:`` and in every explanation):

* **Landings** (``landing-gate``): a hop or bound moves to a harder landing (further, or
  stuck -> continuous) only after every technique check passed, with pain at or below 3/10,
  in 2 sessions in a row; power work never gets more reps or sets than the plan gives.
* **Balance support** (``support-release``): the hand on the counter comes off one step at
  a time (fingertips, then hands free beside it), each after 2 such sessions in a row, the
  dose unchanged; never by date.

Pain 3/10 is the step-up gate's bound (Silbernagel et al. 2007's "safe" zone as secondary
summaries give it).
"""

from __future__ import annotations

import datetime as dt

from glutemed.catalog.models import Role
from glutemed.programming.conditions import support_steps
from glutemed.programming.models import Side
from glutemed.progression.engine import decide
from glutemed.progression.rules import ActionKind

DAY = dt.date(2026, 1, 5)
HAND, FINGERTIPS, HANDS_FREE = support_steps()


def _day(n: int):
    return DAY + dt.timedelta(days=n)


def _hop(prescribe, variant="lateral-hop.stick-short", **changes):
    return prescribe(variant, role=Role.COMPOUND, reps=(5, 8), sets=3, **changes)


def test_one_clean_session_of_hops_does_not_make_the_landing_harder(
        catalog, rules, prescribe, session):
    p = _hop(prescribe)
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.rule_id == "landing.not-yet"
    assert decision.prescription.variant_id == "lateral-hop.stick-short"
    assert "expert opinion" in decision.explanation


def test_two_clean_sessions_in_a_row_open_the_harder_landing(
        catalog, rules, prescribe, session):
    p = _hop(prescribe)
    history = session(p, DAY) + session(p, _day(3))
    decision = decide(rules, history, p, catalog, _day(3), side=Side.LEFT)
    assert decision.action is ActionKind.STEP_UP
    assert decision.prescription.variant_id != "lateral-hop.stick-short"
    assert decision.facts["clean_sessions"] == 2


def test_the_last_landing_session_alone_is_not_enough_after_a_painful_one(
        catalog, rules, prescribe, session):
    """Pain 4/10 (above the gate) in the session before: the count starts again."""
    p = _hop(prescribe)
    history = session(p, DAY, pain=4) + session(p, _day(3))
    decision = decide(rules, history, p, catalog, _day(3), side=Side.LEFT)
    assert decision.rule_id == "landing.not-yet"
    assert decision.facts["clean_sessions"] == 1


def test_a_failed_check_in_the_session_before_restarts_the_landing_count(
        catalog, rules, prescribe, session, passed):
    p = _hop(prescribe)
    failed = next(iter(passed(p.variant_id)))
    history = (session(p, DAY, checks=passed(p.variant_id, failed=(failed,)))
               + session(p, _day(3)))
    decision = decide(rules, history, p, catalog, _day(3), side=Side.LEFT)
    assert decision.rule_id == "landing.not-yet"


def test_power_work_at_the_top_of_its_ladder_gets_no_more_reps(
        catalog, rules, prescribe, session):
    """Before the gate, ``more-reps.compound`` pushed a 5-8 power range to 7-10."""
    p = _hop(prescribe, "lateral-hop.continuous-long")
    history = session(p, DAY) + session(p, _day(3))
    decision = decide(rules, history, p, catalog, _day(3), side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.rule_id == "power.no-more-reps"
    assert decision.prescription.reps == (5, 8)
    assert decision.prescription.sets == 3


def _supported(prescribe):
    return prescribe("single-limb-stance.march", setup_note=HAND, sets=3)


def test_the_support_stays_after_one_clean_session(catalog, rules, prescribe, session):
    p = _supported(prescribe)
    decision = decide(rules, session(p, DAY, pain=0), p, catalog, DAY, side=Side.BOTH)
    assert decision.rule_id == "support.not-yet"
    assert decision.prescription.setup_note == HAND
    assert decision.prescription.variant_id == p.variant_id


def test_the_support_comes_off_one_step_after_two_clean_sessions_dose_unchanged(
        catalog, rules, prescribe, session):
    p = _supported(prescribe)
    history = session(p, DAY, pain=0) + session(p, _day(3), pain=0)
    decision = decide(rules, history, p, catalog, _day(3), side=Side.BOTH)
    assert decision.action is ActionKind.LESS_SUPPORT
    assert decision.rule_id == "support.less"
    assert decision.prescription.setup_note == FINGERTIPS
    assert (decision.prescription.variant_id, decision.prescription.reps,
            decision.prescription.sets) == (p.variant_id, p.reps, p.sets)
    assert "fingertips" in decision.explanation and "expert opinion" in decision.explanation


def test_each_support_step_needs_two_new_clean_sessions(catalog, rules, prescribe, session):
    """After the hand -> fingertips step, a third clean session does not release the next
    step; the fourth does (hands free beside the counter), and then nothing is left to
    release, so the exercise itself may get harder."""
    p = _supported(prescribe)
    lighter = p.model_copy(update={"setup_note": FINGERTIPS})
    two = session(p, DAY, pain=0) + session(p, _day(3), pain=0)
    third = two + session(lighter, _day(7), pain=0)
    assert decide(rules, third, lighter, catalog, _day(7),
                  side=Side.BOTH).rule_id == "support.not-yet"
    fourth = third + session(lighter, _day(10), pain=0)
    decision = decide(rules, fourth, lighter, catalog, _day(10), side=Side.BOTH)
    assert decision.action is ActionKind.LESS_SUPPORT
    assert decision.prescription.setup_note == HANDS_FREE
    free = lighter.model_copy(update={"setup_note": HANDS_FREE})
    fifth = fourth + session(free, _day(14), pain=0)
    after = decide(rules, fifth, free, catalog, _day(14), side=Side.BOTH)
    assert after.action.progresses and after.action is not ActionKind.LESS_SUPPORT
    assert after.prescription.setup_note == HANDS_FREE


def test_pain_above_the_gate_keeps_the_support(catalog, rules, prescribe, session):
    p = _supported(prescribe)
    history = session(p, DAY, pain=4) + session(p, _day(3), pain=0)
    decision = decide(rules, history, p, catalog, _day(3), side=Side.BOTH)
    assert decision.rule_id == "support.not-yet"
    assert decision.prescription.setup_note == HAND


def test_without_a_support_note_the_support_gate_is_silent(catalog, rules, prescribe, session):
    p = prescribe("single-limb-stance.march", sets=3)
    decision = decide(rules, session(p, DAY, pain=0), p, catalog, DAY, side=Side.BOTH)
    assert not decision.rule_id.startswith("support.")
    assert decision.facts["support_step"] == -1
