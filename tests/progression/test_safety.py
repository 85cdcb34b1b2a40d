"""Warning signs: severe or night pain, a fall or injury, numbness or tingling, fever, and
pain that keeps rising all mean "see a clinician" (the brief's safety rules; the rising-pain
rule follows the week-to-week rule of Silbernagel et al. 2007's pain-monitoring model)."""

from __future__ import annotations

import datetime as dt

import pytest

from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet, RedFlag
from glutemed.progression.safety import (
    RISING_PAIN,
    RedFlags,
    consecutive_rises,
    note_flags,
    session_pain_series,
    warning_signs,
)

DAY = dt.date(2026, 2, 2)


def _set(day: int = 0, **fields: object) -> PerformedSet:
    base: dict[str, object] = {"variant_id": "side-plank.short", "side": Side.LEFT,
                               "date": DAY + dt.timedelta(days=day), "hold_s": 30.0}
    return PerformedSet.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("note", "flags"),
    [
        ("Woke up twice with the hip aching", {RedFlag.NIGHT_PAIN}),
        ("hip hurts at night when I lie on it", {RedFlag.NIGHT_PAIN}),
        ("Fell on the stairs yesterday", {RedFlag.FALL_OR_INJURY}),
        ("some tingling down the outer thigh", {RedFlag.NUMBNESS_TINGLING}),
        ("pins and needles in the foot", {RedFlag.NUMBNESS_TINGLING}),
        ("had a fever over the weekend", {RedFlag.FEVER}),
        ("no numbness, no tingling, felt good", set()),
        ("without any pain at night now", set()),
        ("trained at night after work", set()),
        ("easy session, felt it in the glutes", set()),
        (None, set()),
    ],
)
def test_notes_are_read_for_warning_signs(note, flags):
    assert note_flags(note) == flags


def test_severe_pain_is_a_warning_sign_at_eight():
    """Our threshold: 8/10 or more during or the next morning."""
    assert warning_signs([_set(pain_during=7)]) == []
    (sign,) = warning_signs([_set(pain_next_morning=8)])
    assert sign.sign == RedFlag.SEVERE_PAIN.value
    assert "8/10 next morning" in sign.evidence


def test_a_reported_flag_is_a_warning_sign():
    (sign,) = warning_signs([_set(red_flags=frozenset({RedFlag.FALL_OR_INJURY}))])
    assert sign.sign == "fall-or-injury"


def test_only_the_latest_session_flags_count():
    """A fall logged weeks ago, with sessions since, is not raised again on every set."""
    history = [_set(0, note="fell on the ice"), _set(14, pain_during=1)]
    assert warning_signs(history) == []


def test_red_flags_answered_outside_a_set_count():
    signs = warning_signs([], RedFlags(night_pain=True, fever=True))
    assert [s.sign for s in signs] == ["fever", "night-pain"]


def test_pain_rising_over_consecutive_sessions_is_a_warning_sign():
    history = [_set(0, pain_during=2), _set(3, pain_during=3), _set(7, pain_during=4)]
    assert session_pain_series(history) == [2, 3, 4]
    (sign,) = warning_signs(history)
    assert sign.sign == RISING_PAIN
    assert "2 -> 3 -> 4" in sign.evidence


def test_a_small_drift_or_a_single_rise_is_not():
    assert warning_signs([_set(0, pain_during=0), _set(3, pain_during=1),
                          _set(7, pain_during=2)]) == []
    assert warning_signs([_set(0, pain_during=4), _set(3, pain_during=2),
                          _set(7, pain_during=4)]) == []


def test_consecutive_rises_counts_back_from_the_end():
    assert consecutive_rises([5, 1, 2, 3]) == 2
    assert consecutive_rises([1, 2, 2]) == 0
    assert consecutive_rises([]) == 0
    assert consecutive_rises([3]) == 0


def test_red_flags_default_to_none_and_round_trip_through_json():
    plain = _set()
    assert plain.red_flags == frozenset()
    flagged = _set(red_flags=["fever"])
    assert PerformedSet.model_validate_json(flagged.model_dump_json()) == flagged


def test_an_unknown_red_flag_is_refused_with_the_allowed_values():
    with pytest.raises(ValueError, match="night-pain"):
        _set(red_flags=["dizzy"])
