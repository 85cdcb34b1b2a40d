"""The outcomes core: measures as data, entries' ranges, dynamometer torque, the schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from glutemed.errors import InputError
from glutemed.outcomes import entries as E
from glutemed.outcomes.loader import default_measures
from glutemed.outcomes.schedule import OutcomeSchedule, due_point, schedule_points
from glutemed.outcomes.strength import (
    estimated_lever_arm_m,
    resolve_lever_arm,
    side_strength,
    symmetry_index_pct,
)

DAY = dt.date(2026, 1, 5)


def test_every_smallest_change_has_a_source_and_the_rest_say_why_not() -> None:
    book = default_measures()
    with_figure = {m.id for m in book.measures if m.smallest_change is not None}
    # Farrar et al. 2001 (Pain 94:149) for pain; JOSPT 2014 44(8):560 for the PSFS (authors
    # from memory, and the source says so); Wright et al. 2011 (JOSPT) for the sit-to-stand.
    assert with_figure == {"pain-average", "pain-worst", "psfs", "sit-to-stand-30s"}
    assert book.get("pain-average").smallest_change.value == 2  # type: ignore[union-attr]
    psfs = book.get("psfs").smallest_change
    assert psfs is not None and psfs.value == 1.3
    assert "from memory" in psfs.source and "10.2519/jospt.2014.5248" in psfs.source
    sts = book.get("sit-to-stand-30s").smallest_change
    assert sts is not None and sts.value == 2.0  # the lowest of 2.0, 2.6 and 2.1 stands
    assert sts.source.startswith("Wright AA") and "2011" in sts.source
    assert "major" in sts.kind  # a major improvement, said so wherever it is shown
    for m in book.measures:
        assert (m.smallest_change is None) != (m.no_smallest_change is None), m.id
    assert book.get("pain-average").loinc.code == "72514-3"  # type: ignore[union-attr]


def test_lever_arm_estimate_matches_the_segment_table_by_hand() -> None:
    """Drillis & Contini via Winter 2009: hip 0.530 H, knee 0.285 H, ankle 0.039 H.
    For 1.75 m: hip-knee 0.245 x 1.75 = 0.42875 m; hip-ankle 0.491 x 1.75 = 0.85925 m."""
    assert estimated_lever_arm_m("knee", 70, 1.75) == pytest.approx(0.42875)
    assert estimated_lever_arm_m("ankle", 70, 1.75) == pytest.approx(0.85925)


def test_dynamometer_torque_by_hand() -> None:
    """20 kgf x 9.80665 = 196.133 N; x 0.42875 m = 84.092 N·m; / 70 kg = 1.2013 N·m/kg."""
    side = side_strength(20, "kg", 0.42875, 70)
    assert side.force_n == pytest.approx(196.133)
    assert side.torque_nm == pytest.approx(84.092, abs=1e-3)
    assert side.torque_nm_per_kg == pytest.approx(1.2013, abs=1e-4)
    assert symmetry_index_pct(84.092, 100.91) == pytest.approx(83.33, abs=0.01)


def test_a_lever_arm_is_needed_measured_or_estimated() -> None:
    with pytest.raises(InputError, match="lever_arm_m"):
        resolve_lever_arm(None, None, 70, 1.75)
    with pytest.raises(InputError, match="mass and height"):
        resolve_lever_arm(None, "knee", None, None)
    assert resolve_lever_arm(0.4, "knee", 70, 1.75) == (0.4, None)


@given(st.floats(0.1, 500), st.floats(0.1, 500))
def test_symmetry_is_at_most_100_and_the_same_either_way_round(a: float, b: float) -> None:
    index = symmetry_index_pct(a, b)
    assert index is not None and 0 < index <= 100
    assert index == pytest.approx(symmetry_index_pct(b, a))


@pytest.mark.parametrize(("model", "values", "field", "allowed"), [
    (E.PainEntry, {"average_0_10": 11, "worst_0_10": 11}, "average_0_10", "allowed 0 to 10"),
    (E.PainEntry, {"average_0_10": 6, "worst_0_10": 4}, "worst_0_10", "allowed 6 to 10"),
    (E.GrocEntry, {"scale_points": 7, "rating": 4}, "rating", "allowed -3 to 3"),
    (E.GrocEntry, {"scale_points": 15, "rating": -8}, "rating", "allowed -7 to 7"),
    (E.VisaGEntry, {"total_0_100": 101}, "total_0_100", "allowed 0 to 100"),
    (E.StanceEntry, {"ceiling_s": 30, "left_s": 31, "right_s": 5}, "left_s", "allowed 0 to 30 s"),
    (E.SitToStandEntry, {"stands": -1}, "stands", "allowed 0 to 50"),
    (E.StrengthEntry, {"force_unit": "kg", "left_force": 150, "right_force": 20,
                       "lever_arm_m": 0.4}, "left_force", "100 kg"),
    (E.StrengthEntry, {"left_force": 200, "right_force": 200, "lever_arm_m": 2},
     "lever_arm_m", "allowed 0.1 to 1.2 m"),
])
def test_bad_input_names_the_field_and_its_whole_range(
    model: type, values: dict, field: str, allowed: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate({"date": DAY, "entered_by": "x", **values})
    err = caught.value.errors()[0]
    assert err["loc"][-1] == field
    assert allowed in err["msg"]


def test_psfs_needs_three_to_five_activities_and_its_score_is_the_mean() -> None:
    rows = [{"activity": a, "rating_0_10": r} for a, r in (("stairs", 4), ("walk", 5),
                                                            ("sleep", 3))]
    entry = E.PsfsEntry.model_validate({"date": DAY, "activities": rows})
    assert entry.score == pytest.approx(4.0)
    with pytest.raises(ValidationError, match="at least 3"):
        E.PsfsEntry.model_validate({"date": DAY, "activities": rows[:2]})


def test_the_schedule_marks_done_due_missed_and_upcoming() -> None:
    schedule = OutcomeSchedule()  # baseline, 4, 8, 12 (LEAP protocol's first points)
    points = schedule_points(schedule, DAY, DAY + dt.timedelta(weeks=8), [DAY])
    assert [p.status for p in points] == ["done", "missed", "due", "upcoming"]
    assert due_point(points).week == 8  # type: ignore[union-attr]
    early = schedule_points(schedule, DAY, DAY + dt.timedelta(days=26), [DAY])
    assert due_point(early).week == 4  # type: ignore[union-attr]  # opens 3 days early
    with pytest.raises(ValidationError, match="allowed 0 to 104"):
        OutcomeSchedule(weeks=(0, 200))
