"""The needs-attention flags (glutemed.clinic.attention), against hand calculations.

The thresholds are the shipped ones (clinic/data/attention.yaml): adherence below 80 % of
the sets due over 14 days (at least 4 due), pain trend over 14 days with a 2-point change
(Farrar et al. 2001, Pain 94(2):149-158: about two points on a 0-10 scale is the smallest
change patients rate as important), a stall at 2 sessions, a gap above 10 %, 7 days
without a set. Every expected figure below is worked out by hand in the test's comment.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from glutemed.clinic.attention import (
    Acknowledgement,
    ClientFacts,
    FlagKind,
    GapLine,
    PainDay,
    PainTrend,
    PauseFact,
    SessionDue,
    StallLine,
    adherence_of,
    assess,
    pain_trend_of,
    urgency,
    with_acknowledgements,
)
from glutemed.clinic.thresholds import default_thresholds
from glutemed.programming.models import Side

T = default_thresholds()
TODAY = dt.date(2026, 12, 3)


def day(n: int) -> dt.date:
    """``n`` days before TODAY."""
    return TODAY - dt.timedelta(days=n)


def kinds(facts: ClientFacts) -> list[FlagKind]:
    return [f.kind for f in assess(facts, T).flags]


def test_the_shipped_thresholds_are_the_documented_ones() -> None:
    assert (T.adherence.window_days, T.adherence.below_pct, T.adherence.min_sets_due) == (
        14, 80, 4)
    assert (T.pain_trend.window_days, T.pain_trend.change_points) == (14, 2)
    assert T.stall.sessions == 2 and T.gap.above_pct == 10 and T.not_training.days == 7
    assert "Farrar" in T.pain_trend.source
    for part in (T.adherence, T.stall, T.gap, T.not_training):
        assert "expert opinion" in part.certainty


def test_adherence_counts_sets_done_of_sets_due_in_the_last_14_days() -> None:
    facts = ClientFacts(today=TODAY, sessions=[
        SessionDue(day(15), 6, 0),  # outside the window (14 days: day 13 .. today)
        SessionDue(day(13), 6, 6),
        SessionDue(day(10), 6, 9),  # 9 logged, 6 asked: counts 6, makes up for nothing
        SessionDue(day(6), 6, 2),
        SessionDue(day(3), 6, 0),
        SessionDue(TODAY, 6, 0),    # today, nothing logged yet: the day is not over
    ])
    found = adherence_of(facts, T)
    # due 6 + 6 + 6 + 6 = 24; done 6 + 6 + 2 + 0 = 14; 14 / 24 = 58.3 %
    assert (found.done, found.due, found.pct) == (14, 24, 58.3)
    assert FlagKind.LOW_ADHERENCE in kinds(facts)


def test_todays_session_counts_once_a_set_of_it_is_logged() -> None:
    facts = ClientFacts(today=TODAY, sessions=[SessionDue(day(3), 4, 4),
                                               SessionDue(TODAY, 4, 1)])
    found = adherence_of(facts, T)
    assert (found.done, found.due, found.pct) == (5, 8, 62.5)


def test_adherence_at_the_threshold_or_with_too_little_due_raises_no_flag() -> None:
    exactly = ClientFacts(today=TODAY, sessions=[SessionDue(day(2), 10, 8)])  # 80 % is not below
    assert FlagKind.LOW_ADHERENCE not in kinds(exactly)
    little = ClientFacts(today=TODAY, sessions=[SessionDue(day(2), 3, 0)])  # 3 < 4 due
    assert adherence_of(little, T).pct == 0 and FlagKind.LOW_ADHERENCE not in kinds(little)


def test_pain_rising_by_two_points_between_the_two_weeks_is_flagged() -> None:
    # earlier week (days 13..7): 2 and 3 -> mean 2.5; later week (days 6..0): 4 and 5 -> 4.5
    facts = ClientFacts(today=TODAY, pain_days=[
        PainDay(day(20), 9),  # outside the window
        PainDay(day(12), 2), PainDay(day(8), 3), PainDay(day(5), 4), PainDay(day(1), 5),
    ])
    reading = pain_trend_of(facts, T)
    assert (reading.trend, reading.earlier, reading.later) == (PainTrend.RISING, 2.5, 4.5)
    flag = assess(facts, T).flags[0]
    assert flag.kind is FlagKind.PAIN_RISING and flag.key == f"pain:{day(1).isoformat()}"


def test_a_change_under_two_points_is_steady_and_a_fall_is_falling() -> None:
    steady = ClientFacts(today=TODAY, pain_days=[PainDay(day(9), 2), PainDay(day(2), 3)])
    assert pain_trend_of(steady, T).trend is PainTrend.STEADY  # +1 point
    falling = ClientFacts(today=TODAY, pain_days=[PainDay(day(9), 6), PainDay(day(2), 4)])
    assert pain_trend_of(falling, T).trend is PainTrend.FALLING  # -2 points
    assert FlagKind.PAIN_RISING not in kinds(falling)


def test_pain_trend_is_unknown_without_a_score_in_both_weeks() -> None:
    only_later = ClientFacts(today=TODAY, pain_days=[PainDay(day(2), 8)])
    reading = pain_trend_of(only_later, T)
    assert (reading.trend, reading.earlier, reading.later) == (PainTrend.UNKNOWN, None, 8.0)


@given(st.lists(st.tuples(st.integers(0, 13), st.integers(0, 10)), max_size=14,
                unique_by=lambda x: x[0]))
def test_reversing_pain_in_time_turns_rising_into_falling(days: list[tuple[int, int]]) -> None:
    """Mirror the window (day n -> day 13 - n): the two halves swap, so the trend flips."""
    forward = ClientFacts(today=TODAY, pain_days=[PainDay(day(n), p) for n, p in days])
    mirrored = ClientFacts(today=TODAY, pain_days=[PainDay(day(13 - n), p) for n, p in days])
    a, b = pain_trend_of(forward, T).trend, pain_trend_of(mirrored, T).trend
    flip = {PainTrend.RISING: PainTrend.FALLING, PainTrend.FALLING: PainTrend.RISING}
    assert b is flip.get(a, a)


def test_an_open_pause_is_a_warning_sign_and_comes_first() -> None:
    facts = ClientFacts(
        today=TODAY, pause=PauseFact(7, day(1), "numbness (Side plank, 2026-12-02)"),
        stalls=[StallLine("abduction:x", "Clam", Side.LEFT, 3, day(2))],
        sessions=[SessionDue(day(3), 10, 0)],
    )
    found = assess(facts, T).flags
    assert [f.kind for f in found] == [FlagKind.WARNING_SIGN, FlagKind.STALL,
                                       FlagKind.LOW_ADHERENCE]
    assert "numbness" in found[0].summary and found[0].since == day(1)


def test_a_stall_is_flagged_from_two_sessions() -> None:
    one = ClientFacts(today=TODAY, stalls=[StallLine("a:x", "Clam", Side.LEFT, 1)])
    two = ClientFacts(today=TODAY, stalls=[StallLine("a:x", "Clam", Side.LEFT, 2)])
    assert FlagKind.STALL not in kinds(one)
    flag = assess(two, T).flags[0]
    assert flag.kind is FlagKind.STALL and "Clam (left): 2 sessions" in flag.summary


def test_a_gap_is_flagged_only_above_ten_percent() -> None:
    at = ClientFacts(today=TODAY, gaps=[GapLine("v", "Side plank", 10.0, Side.LEFT)])
    above = ClientFacts(today=TODAY, gaps=[GapLine("v", "Side plank", 10.1, Side.LEFT)])
    assert FlagKind.GAP not in kinds(at)
    assert "Side plank 10.1 % weaker left" in assess(above, T).flags[0].summary


def test_seven_days_without_a_set_is_not_training() -> None:
    six = ClientFacts(today=TODAY, program_start=day(30), last_trained=day(6))
    seven = ClientFacts(today=TODAY, program_start=day(30), last_trained=day(7))
    never = ClientFacts(today=TODAY, program_start=day(8))
    future = ClientFacts(today=TODAY, program_start=TODAY + dt.timedelta(days=3))
    assert FlagKind.NOT_TRAINING not in kinds(six)
    assert assess(seven, T).flags[0].summary.endswith("(7 days)")
    assert "since the program started" in assess(never, T).flags[0].summary
    assert kinds(future) == []
    assert assess(seven, T).days_since_trained == 7


def _ack(kind: FlagKind, key: str, hour: int = 9) -> Acknowledgement:
    return Acknowledgement(kind, key, "dr-lee", dt.datetime(2026, 12, 3, hour, tzinfo=dt.UTC),
                           "phoned")


def test_an_acknowledged_flag_sinks_until_its_evidence_changes() -> None:
    pause = PauseFact(7, day(1), "numbness (Side plank, 2026-12-02)")
    facts = ClientFacts(today=TODAY, pause=pause,
                        stalls=[StallLine("a:x", "Clam", Side.LEFT, 2, day(1))])
    flags = assess(facts, T).flags
    seen = _ack(FlagKind.WARNING_SIGN, flags[0].key)
    views = with_acknowledgements(flags, [seen])
    assert [(v.flag.kind, v.open) for v in views] == [(FlagKind.STALL, True),
                                                      (FlagKind.WARNING_SIGN, False)]
    # a second warning sign is added to the same pause: its reason changes, so it rises again
    worse = ClientFacts(today=TODAY, pause=PauseFact(7, day(1), pause.reason + "; fever"))
    again = with_acknowledgements(assess(worse, T).flags, [seen])
    assert again[0].flag.kind is FlagKind.WARNING_SIGN and again[0].open


def test_only_the_newest_acknowledgement_of_a_kind_counts() -> None:
    flags = assess(ClientFacts(today=TODAY, stalls=[StallLine("a", "Clam", Side.LEFT, 2)]),
                   T).flags
    old = _ack(FlagKind.STALL, flags[0].key, hour=8)
    newer_other = _ack(FlagKind.STALL, "a:left:1:None", hour=10)
    assert with_acknowledgements(flags, [old])[0].open is False
    assert with_acknowledgements(flags, [old, newer_other])[0].open is True


def test_urgency_puts_open_warning_signs_first_then_acknowledged_then_quiet() -> None:
    warning = with_acknowledgements(
        assess(ClientFacts(today=TODAY, pause=PauseFact(1, day(1), "fever")), T).flags, [])
    stall_flags = assess(ClientFacts(today=TODAY, stalls=[StallLine("a", "C", Side.LEFT, 2)]),
                         T).flags
    stall = with_acknowledgements(stall_flags, [])
    acked = with_acknowledgements(stall_flags, [_ack(FlagKind.STALL, stall_flags[0].key)])
    quiet = with_acknowledgements([], [])
    order = sorted([quiet, acked, stall, warning], key=urgency)
    assert order == [warning, stall, acked, quiet]
