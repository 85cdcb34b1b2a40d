"""decide(): worked examples of each default rule, the safety nets and the explicit state.

Sources named per test: the seed article (progressions and regressions), ACSM 2009 position
stand (Ratamess et al., Med Sci Sports Exerc 41(3):687-708: +2-10 % load once 1-2 reps over
target), Silbernagel et al. 2007 (Am J Sports Med 35(6):897-906: pain during > 5/10 is too
high; next-morning pain worse than before -> reduce the load).
"""

from __future__ import annotations

import datetime as dt

import pytest

from glutemed.catalog.models import BandLevel, Mode
from glutemed.programming.models import Side
from glutemed.progression.engine import (
    GUARD_PAIN,
    GUARD_TECHNIQUE,
    GUARD_WARNING,
    NO_RULE,
    ProgressionState,
    advance_state,
    decide,
)
from glutemed.progression.models import RedFlag
from glutemed.progression.rules import Action, ActionKind, Comparison, Rule
from glutemed.progression.safety import RedFlags

DAY = dt.date(2026, 1, 5)


def _days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def test_every_set_at_the_top_adds_load_by_the_acsm_rule(
    catalog, rules, prescribe, session, passed
):
    """ACSM 2009: +2-10 % when the target is beaten; 20 kg x 5 % = 1 kg (a dumbbell step)."""
    p = prescribe("reverse-lunge.opposite-hand", load_kg=20.0, reps=(8, 12))
    history = session(p, DAY, checks=passed(p.variant_id))
    decision = decide(rules, history, p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.PROGRESS_LOAD
    assert decision.prescription.load_kg == pytest.approx(21.0)
    assert decision.prescription.reps == (8, 12)
    assert decision.rule_id == "double-progression.hand-weight"
    assert "start again at 8 reps" in decision.explanation


def test_a_cuff_never_grows_by_less_than_half_a_kilo(catalog, rules, prescribe, session):
    """5 % of 1 kg is 50 g, less than any cuff step: the equipment's 0.5 kg wins."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert decision.prescription.load_kg == pytest.approx(1.5)


def test_a_missed_rep_repeats_the_prescription(catalog, rules, prescribe, session):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(rules, session(p, DAY, amounts=[15, 15, 13]), p, catalog, DAY,
                      side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.rule_id == "otherwise-repeat"
    assert decision.prescription.model_dump() == p.model_dump()


def test_pain_above_five_steps_down_the_ladder(catalog, rules, prescribe, session):
    """Silbernagel 2007: pain during above 5/10 is too high -> an easier variant."""
    p = prescribe("side-lying-abduction.cuff-ankle", load_kg=1.0)
    decision = decide(rules, session(p, DAY, pain=6), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.STEP_DOWN
    assert decision.prescription.variant_id == "side-lying-abduction.cuff-knee"
    assert decision.prescription.load_kg == pytest.approx(1.0)
    fired = decision.fired[0]
    assert fired.rule_id == "pain-monitoring.during-too-high"
    assert fired.facts == {"max_pain_during": 6}


def test_pain_of_five_carries_on_at_the_same_dose_but_does_not_step_up(
    catalog, rules, prescribe, session
):
    """Silbernagel 2007: up to 5/10 is acceptable for carrying on at the same dose; a step up
    needs the model's "safe" zone (0-3/10 as summarised), the step-up gate."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    for pain in (4, 5):
        decision = decide(rules, session(p, DAY, pain=pain), p, catalog, DAY, side=Side.LEFT)
        assert decision.action is ActionKind.REPEAT
        assert decision.rule_id == "gate.pain-during"
        assert decision.prescription == p.model_copy(update={"side": Side.LEFT})


def test_pain_at_three_is_low_enough_to_step_up(catalog, rules, prescribe, session):
    """The step-up gate's threshold is 3/10 (the pain-monitoring model's safe zone)."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(rules, session(p, DAY, pain=3), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.PROGRESS_LOAD


def test_worse_next_morning_pain_reduces_the_load(catalog, rules, prescribe, session):
    """Silbernagel 2007: pain the next morning worse than before -> reduce the load."""
    p = prescribe("reverse-lunge.opposite-hand", load_kg=20.0)
    history = [*session(p, DAY, morning=1), *session(p, _days(3), morning=3)]
    decision = decide(rules, history, p, catalog, _days(3), side=Side.LEFT)
    assert decision.action is ActionKind.DELOAD
    assert decision.facts["next_morning_pain_rise"] == 2
    assert decision.prescription.load_kg == pytest.approx(18.0)


def test_a_failed_check_holds_and_two_sessions_of_them_step_down(
    catalog, rules, prescribe, session, passed
):
    """The article: easier variants when technique fails."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.5)
    bad = passed(p.variant_id, failed=("pelvis-stayed-stacked",))
    first = session(p, DAY, checks=bad)
    once = decide(rules, first, p, catalog, DAY, side=Side.LEFT)
    assert once.action is ActionKind.REPEAT
    assert once.rule_id == "technique.repeat"
    twice = decide(rules, [*first, *session(p, _days(3), checks=bad)], p, catalog, _days(3),
                   side=Side.LEFT)
    assert twice.action is ActionKind.STEP_DOWN
    assert twice.prescription.variant_id == "side-lying-abduction.bodyweight"
    assert twice.prescription.load_kg is None


def test_three_stalled_sessions_deload(catalog, rules, prescribe, session):
    p = prescribe("reverse-lunge.opposite-hand", load_kg=20.0)
    history = [s for d in (0, 3, 7) for s in session(p, _days(d), amounts=[12, 11, 10])]
    two = decide(rules, history[:6], p, catalog, _days(3), side=Side.LEFT)
    assert two.action is ActionKind.REPEAT and two.facts["stalled_sessions"] == 2
    three = decide(rules, history, p, catalog, _days(7), side=Side.LEFT)
    assert three.action is ActionKind.DELOAD
    assert three.prescription.load_kg == pytest.approx(18.0)


def test_a_session_in_progress_is_not_a_stall(catalog, rules, prescribe, session):
    """Asked after each set: one set of three logged is 'carry on', not a missed target."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(rules, session(p, DAY, amounts=[12]), p, catalog, DAY, side=Side.LEFT)
    assert decision.rule_id == "otherwise-repeat.in-progress"
    assert decision.facts["stalled_sessions"] == 0


def test_the_band_rule_waits_for_the_burn_in_the_glutes(
    catalog, rules, prescribe, session, passed
):
    """Seed article: a stronger band only with technique kept and the burn felt in the glutes."""
    p = prescribe("banded-side-step.knees-light")
    not_felt = passed(p.variant_id, failed=("felt-in-glutes",))
    held = decide(rules, session(p, DAY, checks=not_felt), p, catalog, DAY, side=Side.LEFT)
    assert held.action is ActionKind.REPEAT
    assert held.prescription.variant_id == p.variant_id
    good = decide(rules, session(p, DAY, checks=passed(p.variant_id)), p, catalog, DAY,
                  side=Side.LEFT)
    assert good.action is ActionKind.BAND_RESISTANCE
    assert good.prescription.variant_id == "banded-side-step.knees-medium"
    assert good.prescription.band is BandLevel.GREEN
    assert "move it down the leg only after" in good.explanation


def test_unanswered_band_rule_checks_do_not_count_as_passed(
    catalog, rules, prescribe, session
):
    p = prescribe("banded-side-step.knees-heavy")
    decision = decide(rules, session(p, DAY, checks={}), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.rule_id == "band-rule.fix-first"


def test_the_strongest_band_at_the_knees_moves_down_the_leg(
    catalog, rules, prescribe, session, passed
):
    p = prescribe("banded-side-step.knees-heavy")
    decision = decide(rules, session(p, DAY, checks=passed(p.variant_id)), p, catalog, DAY,
                      side=Side.LEFT)
    assert decision.action is ActionKind.BAND_POSITION
    assert decision.prescription.variant_id == "banded-side-step.ankles-heavy"
    assert decision.prescription.band_at is not None
    assert decision.prescription.band_at.value == "ankles"


def test_a_cuff_at_two_kilos_moves_to_the_ankle_at_half_the_weight(
    catalog, rules, prescribe, session
):
    """Seed article: cuff at the knee, then at the ankle as you get stronger. The ankle is
    about twice as far from the hip (thigh 0.245 H vs 0.491 H, Drillis & Contini via Winter
    2009), so 2 kg at the knee becomes 1 kg at the ankle."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=2.0)
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.LEVER
    assert decision.prescription.variant_id == "side-lying-abduction.cuff-ankle"
    assert decision.prescription.load_kg == pytest.approx(1.0)


def test_holds_grow_towards_sixty_seconds_then_the_next_variant(
    catalog, rules, prescribe, session
):
    """Seed article: 30-60 s holds."""
    p = prescribe("side-plank.short", hold_s=(40, 50))
    longer = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert longer.action is ActionKind.PROGRESS_HOLD
    assert longer.prescription.hold_s == (50, 60)
    at_cap = longer.prescription
    nxt = decide(rules, session(at_cap, _days(3)), at_cap, catalog, _days(3), side=Side.LEFT)
    assert nxt.action is ActionKind.STEP_UP
    assert nxt.prescription.variant_id == "side-plank.short-abduction"
    assert nxt.prescription.mode is Mode.ISOMETRIC
    assert nxt.prescription.hold_s == (30, 40)


def test_a_bodyweight_variant_steps_up_to_the_loaded_one(catalog, rules, prescribe, session):
    p = prescribe("side-lying-abduction.bodyweight", mode=Mode.ISOTONIC)
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.STEP_UP
    assert decision.prescription.variant_id == "side-lying-abduction.cuff-knee"
    assert decision.prescription.load_kg == pytest.approx(1.0)


def test_the_top_of_a_ladder_adds_reps_then_sets(catalog, rules, prescribe, session):
    """Seed article: progress by more sets or reps when nothing else changes (10-20 reps,
    3-4 sets)."""
    p = prescribe("hamstring-curl.nordic", mode=Mode.ISOTONIC, reps=(16, 20))
    more_sets = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert more_sets.action is ActionKind.PROGRESS_REPS
    assert more_sets.prescription.sets == 4
    q = prescribe("hamstring-curl.nordic", mode=Mode.ISOTONIC)
    more_reps = decide(rules, session(q, DAY), q, catalog, DAY, side=Side.LEFT)
    assert more_reps.prescription.reps == (12, 17)


def test_a_warning_sign_means_see_a_clinician_even_with_no_rules(
    catalog, prescribe, session
):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    history = session(p, DAY, red_flags=frozenset({RedFlag.NUMBNESS_TINGLING}))
    decision = decide([], history, p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.SEE_CLINICIAN
    assert decision.fired[0].rule_id == GUARD_WARNING
    assert "numbness-tingling" in decision.explanation
    assert decision.prescription.load_kg == pytest.approx(1.0)


def test_reported_red_flags_apply_to_either_side(catalog, rules, prescribe, session):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT,
                      red_flags=RedFlags(fever=True))
    assert decision.action is ActionKind.SEE_CLINICIAN
    assert decision.rule_id == "warning-signs"


def _reckless() -> list[Rule]:
    """A rules file that would always add load: the safety nets must still win."""
    always = Comparison(fact="has_history", value=True)
    return [Rule(id="always-more", description="always more",
                 when=always, then=Action(action=ActionKind.PROGRESS_LOAD), priority=999)]


def test_rules_cannot_load_through_pain(catalog, prescribe, session):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(_reckless(), session(p, DAY, pain=7), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.fired[0].rule_id == GUARD_PAIN
    assert decision.fired[1].rule_id == "always-more" and not decision.fired[1].applied


def test_rules_cannot_load_through_failed_technique(catalog, prescribe, session, passed):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    bad = passed(p.variant_id, failed=("no-trunk-side-bend",))
    decision = decide(_reckless(), session(p, DAY, checks=bad), p, catalog, DAY,
                      side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.fired[0].rule_id == GUARD_TECHNIQUE


def test_checks_left_unanswered_hold_the_dose_and_say_why(catalog, rules, prescribe, session):
    """Every set at the top of 10-15 reps with a 1 kg cuff would add load (ACSM 2009), but
    with no check answered nothing says the technique was sound: 3 sets x 4 checks of the
    family are missing, and the answer is a hold that asks for the checks."""
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(rules, session(p, DAY, checks={}), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.rule_id == "technique.unanswered"
    assert decision.facts["checks_unanswered"] == 3 * 4
    assert decision.facts["checks_failed"] == 0
    assert decision.facts["checks_all_passed"] is False
    assert decision.facts["technique_failed_sessions"] == 0  # unanswered is not a fault
    assert "not every technique check was answered" in decision.explanation


def test_one_check_unanswered_in_one_set_is_enough_to_hold(
    catalog, rules, prescribe, session, passed
):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    sets = session(p, DAY, checks=passed(p.variant_id))
    partial = {k: v for k, v in sets[1].checks.items() if k != "pelvis-stayed-stacked"}
    sets[1] = sets[1].model_copy(update={"checks": partial})
    decision = decide(rules, sets, p, catalog, DAY, side=Side.LEFT)
    assert decision.facts["checks_unanswered"] == 1
    assert decision.action is ActionKind.REPEAT
    assert decision.prescription.load_kg == pytest.approx(1.0)


def test_rules_cannot_load_through_unanswered_checks(catalog, prescribe, session):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(_reckless(), session(p, DAY, checks={}), p, catalog, DAY,
                      side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.fired[0].rule_id == GUARD_TECHNIQUE
    assert "unanswered check is not a pass" in decision.fired[0].description


def test_a_variants_own_check_counts_beside_its_familys(catalog, rules, prescribe, session):
    """The wall slide asks its family's checks and its own heel-on-the-wall check: answering
    only the family's leaves one per set unanswered."""
    p = prescribe("side-lying-abduction.wall-slide")
    family_only = {c.id: True for c in catalog.family_of(catalog.variant(p.variant_id)).checks}
    decision = decide(rules, session(p, DAY, checks=family_only), p, catalog, DAY,
                      side=Side.LEFT)
    assert decision.facts["checks_unanswered"] == p.sets
    assert not decision.progresses


def test_no_matching_rule_holds(catalog, prescribe, session):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide([], session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.rule_id == NO_RULE


def test_left_and_right_progress_separately(catalog, rules, prescribe, session):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    left = session(p, DAY, side=Side.LEFT)
    right = session(p, DAY, side=Side.RIGHT, amounts=[15, 12, 11])
    history = [*left, *right]
    on_left = decide(rules, history, p, catalog, DAY, side=Side.LEFT)
    on_right = decide(rules, history, p.model_copy(update={"side": Side.RIGHT}), catalog, DAY,
                      side=Side.RIGHT)
    assert on_left.action is ActionKind.PROGRESS_LOAD
    assert on_right.action is ActionKind.REPEAT
    assert on_right.prescription.side is Side.RIGHT


def test_sets_after_today_are_ignored(catalog, rules, prescribe, session):
    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    decision = decide(rules, session(p, _days(1)), p, catalog, DAY, side=Side.LEFT)
    assert decision.facts["has_history"] is False
    assert decision.rule_id == "otherwise-repeat.no-history"


def test_state_counts_successes_stalls_and_deloads(catalog, rules, prescribe, session):
    p = prescribe("reverse-lunge.opposite-hand", load_kg=20.0)
    state = ProgressionState()
    up = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    state = advance_state(state, up)
    counters = state.get(p.variant_id, Side.LEFT)
    assert (counters.successes, counters.stalls, counters.last_action) == (
        1, 0, ActionKind.PROGRESS_LOAD)
    history = [s for d in (3, 7) for s in session(p, _days(d), amounts=[10, 9, 9])]
    stall = decide(rules, history, p, catalog, _days(7), side=Side.LEFT)
    state = advance_state(state, stall)
    assert state.get(p.variant_id, Side.LEFT).stalls == 2
    assert state.get(p.variant_id, Side.RIGHT).successes == 0
    again = ProgressionState.model_validate_json(state.model_dump_json())
    assert again == state


def test_a_loaded_hold_at_sixty_seconds_adds_load_and_restarts_the_hold(
    catalog, rules, prescribe, session
):
    """Seed article: 30-60 s holds; single-limb stance with a weight in the opposite hand has
    no harder variant, so the weight grows (8 kg + 5 % rounds to one 1 kg dumbbell step)."""
    p = prescribe("single-limb-stance.opposite-hand-weight", hold_s=(50, 60), load_kg=8.0)
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert decision.rule_id == "hold-progression.more-load"
    assert decision.prescription.load_kg == pytest.approx(9.0)
    assert decision.prescription.hold_s == (30, 40)


def test_the_top_of_a_ladder_says_so_and_names_the_next_family(
    catalog, rules, prescribe, session
):
    p = prescribe("side-plank.full-abduction-band-knees", mode=Mode.ISOMETRIC, hold_s=(50, 60),
                  band=BandLevel.BLACK)
    decision = decide(rules, session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    assert decision.action is ActionKind.REPEAT
    assert decision.rule_id == "otherwise-repeat.top-of-ladder"
    assert "banded-side-step" in decision.explanation


def test_facts_names_every_fact_the_rules_may_use(catalog, prescribe, session):
    from glutemed.catalog.models import Dimension
    from glutemed.progression.engine import facts
    from glutemed.progression.rules import FACTS, fact_key

    p = prescribe("side-lying-abduction.cuff-knee", load_kg=1.0)
    seen = facts(session(p, DAY), p, catalog, DAY, side=Side.LEFT)
    expected = {
        fact_key(name, d) if spec.takes_dimension else name
        for name, spec in FACTS.items()
        for d in (list(Dimension) if spec.takes_dimension else [None])
    }
    assert set(seen) == expected
    assert seen["variant_has_progression[lever]"] is True
    assert seen["variant_has_progression[band-position]"] is False
    assert seen["load_kind"] == "cuff-weight" and seen["load_kg"] == 1.0
