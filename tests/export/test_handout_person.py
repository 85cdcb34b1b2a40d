"""The handout speaks to the person it was made for (issue 13): the goal line names their
condition and side (never "for example a runner"), the everyday advice for lateral hip pain
is on the first page, and each exercise's own set-up step (a hand on a counter for a
balance risk, the side to lie on) is printed first under "Set up"."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from glutemed.catalog.catalog import Catalog
from glutemed.export.handout_text import goal_label
from glutemed.export.to_pdf import render_pdf
from glutemed.programming.generator import generate_program
from glutemed.programming.models import Goal, Profile


def _text(profile: Profile, catalog: Catalog) -> list[str]:
    program = generate_program(profile, catalog)
    data = render_pdf(program, person="Lee", catalog=catalog, start=dt.date(2026, 1, 5),
                      weekdays=[0, 3])
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_no_goal_is_called_for_example_a_runner() -> None:
    for goal in Goal:
        assert "runner" not in goal_label(Profile(goal=goal))
    balance = Profile(goal=Goal.RISK_REDUCTION, age=72, fell_last_year=True)
    assert goal_label(balance) == (
        "Injury-risk reduction; balance: standing exercises with a hand on a support")


def test_lateral_hip_pain_handout_has_the_advice_and_the_side_to_lie_on(
    catalog: Catalog
) -> None:
    profile = Profile.model_validate({
        "goal": "rehab", "condition": "lateral-hip-pain", "affected_side": "right",
        "equipment": {"mini-band", "cuff-weight"}, "weeks": 4})
    pages = _text(profile, catalog)
    assert "Goal: Rehabilitation; lateral hip pain (gluteal tendinopathy), right side" in pages[0]
    assert "Every day, for your condition" in pages[0] and "legs crossed" in pages[0]
    assert "expert opinion" in pages[0]
    exercises = " ".join(pages[1:])
    assert "Lie on your left side with your right leg on top" in exercises


def test_balance_risk_handout_says_hold_on(catalog: Catalog) -> None:
    profile = Profile(goal=Goal.RISK_REDUCTION, weeks=4, fell_last_year=True)
    exercises = " ".join(_text(profile, catalog)[1:])
    assert "keep one hand on it throughout" in exercises
