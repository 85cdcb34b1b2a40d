"""The onboarding form asks who the person is, and `today` and the API show what it changed.

Lateral hip pain on the right (gluteal tendinopathy): the everyday advice is on the today
page (Mellor et al. 2018 LEAP education, expert opinion), the right leg's side-lying work
says which side to lie on, and the answers travel through the JSON API. A bad answer names
its field and keeps what was typed.
"""

from __future__ import annotations

import html
import re
from typing import Any

ONBOARD = {
    "name": "Lee", "goal": "rehab", "days_per_week": "2", "weeks": "8",
    "equipment": ["mini-band", "cuff-weight"], "age": "54", "condition": "lateral-hip-pain",
    "affected_side": "right", "bands": ["yellow", "red"], "cuff_kg": "2",
    "fell_last_year": "no", "one_leg_10s": "yes",
}


def _start(client: Any, helpers: Any, **change: Any) -> Any:
    token = helpers.token(client.get("/onboarding").text)
    return client.post("/onboarding", data={**ONBOARD, **change, "csrf_token": token},
                       follow_redirects=False)


def test_lateral_hip_pain_from_the_form_shows_its_advice_on_today(
    client: Any, helpers: Any
) -> None:
    response = _start(client, helpers)
    assert response.status_code == 303, response.text
    match = re.match(r"/people/(\d+)/today", response.headers["location"])
    assert match
    today = client.get(response.headers["location"]).text
    assert "Every day, for your condition" in today
    assert "legs crossed" in today and "do not lie on the painful side" in today
    assert "Lie on your left side with your right leg on top" in today
    assert "right leg only" in today
    person = client.get(f"/api/v1/people/{match.group(1)}").json()
    profile = person["profile"]
    assert (profile["condition"], profile["affected_side"], profile["age"]) == (
        "lateral-hip-pain", "right", 54)
    assert sorted(profile["bands"]) == ["red", "yellow"] and profile["cuff_kg"] == [2.0]


def test_the_onboarding_form_asks_the_questions_plainly(client: Any) -> None:
    page = client.get("/onboarding").text
    assert "Have you had a fall in the last year?" in page
    assert "Can you stand on one leg for 10 seconds without holding on?" in page
    assert "after surgery (clinician-cleared only)" in page


def test_after_surgery_without_clearance_names_the_field_and_keeps_the_answers(
    client: Any, helpers: Any
) -> None:
    response = _start(client, helpers, condition="after-surgery")
    assert response.status_code == 422
    assert "surgery_cleared" in response.text and "cleared you to exercise" in response.text
    assert 'value="Lee"' in response.text and 'value="54"' in response.text


def test_a_bad_weight_list_names_its_field(client: Any, helpers: Any) -> None:
    response = _start(client, helpers, cuff_kg="2, heavy")
    assert response.status_code == 422
    text = html.unescape(response.text)
    assert "cuff_kg" in text and "'heavy' is not a number" in text


def test_a_new_program_form_opens_with_the_person_answers_and_keeps_them(
    client: Any, helpers: Any
) -> None:
    response = _start(client, helpers, fell_last_year="yes", dumbbell_kg="")
    person_id = re.match(r"/people/(\d+)/today", response.headers["location"]).group(1)
    form = client.get(f"/people/{person_id}/program/new").text
    assert re.search(r'<option value="lateral-hip-pain" selected', form)
    assert re.search(r'<option value="right" selected', form)
    assert re.search(r'id="fell_last_year".*?<option value="yes" selected', form, re.S)
    assert 'name="bands" value="red" checked' in form
    assert 'id="cuff_kg" name="cuff_kg" type="text" inputmode="decimal" value="2"' in form
    assert 'id="age" name="age" type="number"' in form and 'value="54"' in form


def _headers(client: Any) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/v1/csrf").json()["csrf_token"]}


def test_the_api_creates_a_person_with_the_new_fields_and_names_a_bad_one(client: Any) -> None:
    profile = {"goal": "risk-reduction", "age": 72, "fell_last_year": True,
               "one_leg_10s": False}
    made = client.post("/api/v1/people", headers=_headers(client), json={
        "name": "Mae", "profile": profile, "start_date": "2026-01-05"})
    assert made.status_code in (200, 201), made.text
    person_id = made.json()["id"]
    program = client.get(f"/api/v1/people/{person_id}/program").json()
    items = [i for w in program["program"]["weeks"] for s in w["sessions"] for i in s["items"]]
    standing = [i for i in items if i["variant_id"].startswith(("single-limb-stance",
                                                                "reverse-lunge"))]
    assert standing and all("counter" in (i["setup_note"] or "") for i in standing)
    refused = client.post("/api/v1/people", headers=_headers(client), json={
        "name": "Sam", "profile": {"goal": "rehab", "condition": "after-surgery"},
        "start_date": "2026-01-05"})
    assert refused.status_code == 422
    assert "surgery_cleared" in refused.text
