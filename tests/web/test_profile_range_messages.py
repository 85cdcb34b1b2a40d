"""Range messages on the web: beside the onboarding field, in the JSON API, in edits.

The message is the model's own (``glutemed.ranges``), so the page says exactly what the
command line says; the JSON API keeps FastAPI's standard 422 body, with a better ``msg``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

ONBOARD = {
    "name": "Ann", "goal": "rehab", "days_per_week": "2", "weeks": "8",
    "mass_kg": "70", "height_m": "1.75", "equipment": ["mini-band", "cuff-weight"],
}
PROFILE = {"goal": "rehab", "days_per_week": 2, "weeks": 8, "mass_kg": 70, "height_m": 1.75}


def _field_error(html: str, name: str) -> str | None:
    """The message shown right after the field's control, or None."""
    match = re.search(
        rf'id="{name}"[^>]*aria-invalid="true"[^>]*>(?:.*?</select>)?'
        rf'<p class="field-error" id="{name}-error">([^<]*)</p>',
        html, re.S,
    )
    return None if match is None else match.group(1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("days_per_week", "6", "6 is out of range; allowed 1 to 4 (days per week)"),
        ("days_per_week", "0", "0 is out of range; allowed 1 to 4 (days per week)"),
        ("weeks", "20", "20 is out of range; allowed 4 to 16 (weeks)"),
        ("minutes_per_session", "5",
         "5 is out of range; allowed 15 to 180 (minutes per session)"),
        ("mass_kg", "25", "25 is out of range; allowed 30 to 300 kg (the load model&#39;s "
                          "body-segment tables are adult data)"),
        ("height_m", "175", "175 is out of range; allowed 1 to 2.5 m"),
        ("sex", "other", "unknown &#39;other&#39;; allowed: female or male"),
        ("single_leg_squat_quality", "7", "7 is out of range; allowed 0 to 3"),
    ],
)
def test_onboarding_shows_the_whole_range_beside_the_field(
    client: Any, helpers: Any, field: str, value: str, message: str
) -> None:
    token = helpers.token(client.get("/onboarding").text)
    response = client.post("/onboarding", data={**ONBOARD, field: value, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 422
    shown = _field_error(response.text, field)
    assert shown is not None, response.text
    assert shown.startswith(message)
    assert 'value="Ann"' in response.text  # the answers are kept
    assert client.get("/api/v1/people").json() == []  # nothing was written


def test_onboarding_limits_are_the_models(client: Any) -> None:
    page = client.get("/onboarding").text
    for name, low, high in [("days_per_week", "1", "4"), ("weeks", "4", "16"),
                            ("minutes_per_session", "15", "180"), ("mass_kg", "30", "300"),
                            ("height_m", "1", "2.5"), ("side_plank_hold_s", "0", "600")]:
        tag = re.search(rf'<input id="{name}"[^>]*>', page)
        assert tag, name
        assert f'min="{low}"' in tag.group(0) and f'max="{high}"' in tag.group(0), tag.group(0)
    assert "Body mass, kg (30–300)" in page


def test_api_422_keeps_fastapis_shape_with_the_whole_range(client: Any, helpers: Any) -> None:
    body = {"name": "Ann", "profile": {**PROFILE, "days_per_week": 6},
            "start_date": "2026-01-05"}
    response = client.post("/api/v1/people", json=body,
                           headers={"X-CSRF-Token": helpers.csrf(client)})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert set(error) == {"loc", "msg", "type"}
    assert error["loc"] == ["body", "profile", "days_per_week"]
    assert error["type"] == "less_than_equal"
    assert error["msg"] == "6 is out of range; allowed 1 to 4 (days per week)"


def test_api_set_with_pain_out_of_range_names_both_ends(client: Any, helpers: Any) -> None:
    person_id = helpers.start(client)
    body = {"variant_id": "side-plank.full", "side": "left", "date": "2026-01-05",
            "hold_s": 30, "pain_during": 12}
    response = client.post(f"/api/v1/people/{person_id}/sets", json=body,
                           headers={"X-CSRF-Token": helpers.csrf(client)})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "pain_during"
    assert error["msg"] == "12 is out of range; allowed 0 to 10 (0 = no pain)"


def test_load_api_uses_the_load_models_mass_bound(client: Any) -> None:
    response = client.get("/api/v1/load/side-lying-abduction.cuff-ankle",
                          params={"mass_kg": 25, "height_m": 1.6})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "mass_kg"] and error["type"] == "greater_than_equal"


def test_prescription_edit_names_the_models_range(client: Any, helpers: Any) -> None:
    token = helpers.token(client.get("/onboarding").text)
    created = client.post("/onboarding", data={**ONBOARD, "csrf_token": token},
                          follow_redirects=False)
    person_id = int(re.findall(r"\d+", created.headers["location"])[0])
    token = helpers.token(client.get(f"/people/{person_id}/program").text)
    response = client.post(f"/people/{person_id}/program/edit", data={
        "csrf_token": token, "week": "1", "session": "1", "item": "0", "sets": "40",
        "rest_s": "60"})
    assert response.status_code == 422
    assert "sets: 40 is out of range; allowed 1 to 10" in response.text
