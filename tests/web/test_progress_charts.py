"""The progress page's charts, the left-right table and the decision list (issue 16): dates on
the x-axis shared by both sides, whole reps, no flag for equal values, one chart per program
exercise across its rungs with each change marked, one decision per session."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from glutemed.catalog.models import Mode, Role
from glutemed.programming.models import Prescription, Side
from glutemed.progression.rules import ActionKind
from glutemed.store.decision_records import StoredDecision
from glutemed.web.progress import (
    X0,
    X1,
    Y_BOTTOM,
    Y_TOP,
    Series,
    decisions_by_session,
    shown,
    slot_charts,
)

CUFF_KNEE = "side-lying-abduction.cuff-knee"
CUFF_ANKLE = "side-lying-abduction.cuff-ankle"
NAMES = {CUFF_KNEE: "Cuff at the knee", CUFF_ANKLE: "Cuff at the ankle"}


def _series() -> dict[str, list[Series]]:
    """Left trained on 1, 3 and 8 March, right on 1 and 8 March; then the slot moved from
    the cuff at the knee (kg) to the cuff at the ankle on 10 March."""
    return {
        CUFF_KNEE: [
            Series(CUFF_KNEE, "left", [("2026-03-01", 1.0), ("2026-03-03", 1.5),
                                       ("2026-03-08", 2.0)], "kg"),
            Series(CUFF_KNEE, "right", [("2026-03-01", 1.0), ("2026-03-08", 2.0)], "kg"),
        ],
        CUFF_ANKLE: [
            Series(CUFF_ANKLE, "left", [("2026-03-10", 1.0), ("2026-03-11", 1.0)], "kg"),
        ],
    }


def test_one_chart_per_slot_across_its_rungs_with_the_change_marked() -> None:
    (chart,) = slot_charts(_series(), {CUFF_ANKLE: CUFF_KNEE}, NAMES)
    assert chart.slot == CUFF_KNEE and chart.name == "Cuff at the knee"
    assert {line.variant_id for line in chart.lines} == {CUFF_KNEE, CUFF_ANKLE}
    (mark,) = chart.marks
    assert (mark.variant_id, mark.day, mark.name) == (CUFF_ANKLE, "2026-03-10", "Cuff at the ankle")
    # no line joins two rungs: every line holds one variant's points only
    assert all(len({p.day for p in line.points}) == len(line.points) for line in chart.lines)


def test_the_x_axis_is_the_calendar_shared_by_both_sides() -> None:
    """1 March sits at the left edge and 11 March at the right; 8 March is 7/10 across for
    both sides, although the left side had one more session before it."""
    (chart,) = slot_charts(_series(), {CUFF_ANKLE: CUFF_KNEE}, NAMES)
    x = {(line.side, p.day): p.x for line in chart.lines for p in line.points}
    assert x[("left", "2026-03-01")] == X0 and x[("left", "2026-03-11")] == X1
    expected = round(X0 + (X1 - X0) * 7 / 10, 1)
    assert x[("left", "2026-03-08")] == x[("right", "2026-03-08")] == expected
    assert chart.marks[0].x == round(X0 + (X1 - X0) * 9 / 10, 1)
    assert [label for _, label in chart.x_ticks] == ["01 Mar", "11 Mar"]


def test_each_unit_has_its_own_scale() -> None:
    """A rung in reps is not drawn against a scale in kilograms."""
    series = {
        "side-lying-abduction.bodyweight": [
            Series("side-lying-abduction.bodyweight", "left", [("2026-03-01", 15.0)], "reps")
        ],
        CUFF_KNEE: [Series(CUFF_KNEE, "left", [("2026-03-05", 1.0), ("2026-03-06", 2.0)], "kg")],
    }
    (chart,) = slot_charts(
        series, {CUFF_KNEE: "side-lying-abduction.bodyweight"}, NAMES
    )
    assert chart.scales == [("reps", "15 reps"), ("kg", "2.0 kg")]
    tops = {p.day: p.y for line in chart.lines for p in line.points}
    assert tops["2026-03-01"] == Y_TOP and tops["2026-03-06"] == Y_TOP
    assert tops["2026-03-05"] == pytest.approx((Y_TOP + Y_BOTTOM) / 2)


@pytest.mark.parametrize("value, unit, text", [(12.0, "reps", "12 reps"), (11.67, "reps",
                         "12 reps"), (30.0, "s", "30 s"), (2.25, "kg", "2.2 kg")])
def test_reps_and_seconds_are_whole(value: float, unit: str, text: str) -> None:
    assert shown(value, unit) == text


def _decision(i: int, day: int, side: Side, slot: str = CUFF_KNEE) -> StoredDecision:
    rx = Prescription(variant_id=slot, role=Role.ABDUCTION, mode=Mode.ISOTONIC, side=side,
                      sets=3, reps=(8, 12), rest_s=60, rir=(1, 3), rationale="t")
    return StoredDecision(
        id=i, person_id=1, performed_set_id=i, slot=slot, variant_id=slot, side=side,
        date=dt.date(2026, 3, day), action=ActionKind.REPEAT, rule_ids=[], facts={},
        explanation=f"decision {i}", prescription_before=rx, prescription_after=rx,
    )


def test_decisions_are_listed_once_per_session() -> None:
    newest_first = [
        _decision(6, 3, Side.LEFT), _decision(5, 3, Side.LEFT), _decision(4, 3, Side.RIGHT),
        _decision(3, 1, Side.LEFT), _decision(2, 1, Side.LEFT), _decision(1, 1, Side.LEFT),
    ]
    grouped = decisions_by_session(newest_first)
    assert [(d.id, n) for d, n in grouped] == [(6, 2), (4, 1), (3, 3)]


@pytest.fixture
def web_db_url(article_person: tuple[str, int]) -> str:
    return article_person[0]


def _log(client: Any, helpers: Any, person_id: int, side: str, day: str, hold: int) -> None:
    body = {"variant_id": "side-lying-abduction.isometric-hold", "side": side, "date": day,
            "hold_s": hold, "pain_during": 0,
            "checks": {"no-trunk-side-bend": True, "pelvis-stayed-stacked": True,
                       "hip-neutral-or-extended": True, "felt-in-side-of-hip": True}}
    response = client.post(f"/api/v1/people/{person_id}/sets", json=body,
                           headers={"X-CSRF-Token": helpers.csrf(client)})
    assert response.status_code in (200, 201), response.text


def test_the_page_draws_dates_whole_seconds_and_no_flag_for_equal_sides(
    client: Any, helpers: Any, article_person: tuple[str, int]
) -> None:
    person_id = article_person[1]
    for day in ("2026-03-02", "2026-03-05", "2026-03-09"):
        _log(client, helpers, person_id, "left", day, 40)
    for day in ("2026-03-02", "2026-03-09"):
        for _ in range(2):
            _log(client, helpers, person_id, "right", day, 40)
    page = client.get(f"/people/{person_id}/progress").text
    table = page[page.index('id="h-asym"'):page.index('id="h-trend"')]
    assert "40 s" in table and "40.0" not in table
    assert "0 %" in table and "large gap" not in table
    chart = page[page.index('id="h-trend"'):page.index('id="h-dec"')]
    assert "02 Mar" in chart and "09 Mar" in chart
    lines = re.findall(r'<polyline class="line-\w+ side-(\w+)"[^>]*points="([^"]+)"', chart)
    xs = {side: [float(p.split(",")[0]) for p in pts.split()] for side, pts in lines}
    assert xs["left"][0] == xs["right"][0] and xs["left"][-1] == xs["right"][-1]
    assert xs["left"][1] == pytest.approx(X0 + (X1 - X0) * 3 / 7, abs=0.1)
    assert 'stroke-dasharray="6 3"' in chart  # right differs by more than colour
    decisions = page[page.index('id="h-dec"'):]
    assert decisions.count('<li class="decision') == 5  # 3 left days + 2 right days
    assert "After 2 sets" in decisions
