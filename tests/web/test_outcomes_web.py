"""Outcomes on the web: bad input is refused (API 422, the form's message beside the field)
and stores nothing; who entered a value is the signed-in account; today reminds; the
progress page shows the chart; the report PDF downloads."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.conftest import csrf_of, form_token, start


def _web(client: Any) -> int:
    return start(client, weeks=12)


def test_the_api_refuses_bad_input_with_422_and_stores_nothing(client: Any) -> None:
    person = _web(client)
    headers = {"X-CSRF-Token": csrf_of(client)}
    bad = client.post(f"/api/v1/people/{person}/outcomes", headers=headers, json={
        "measure": "pain", "date": "2026-01-05", "average_0_10": 3, "worst_0_10": 11})
    assert bad.status_code == 422
    detail = bad.json()["detail"][0]
    assert detail["loc"][-1] == "worst_0_10" and "allowed 0 to 10" in detail["msg"]
    assert client.get(f"/api/v1/people/{person}/outcomes").json() == []
    good = client.post(f"/api/v1/people/{person}/outcomes", headers=headers, json={
        "measure": "visa-g", "date": "2026-01-05", "total_0_100": 60,
        "entered_by": "someone else", "entered_role": "clinician"})
    assert good.status_code == 201, good.text
    assert good.json()["entry"]["entered_by"] == "Ann"  # who is signed in, not the body
    assert good.json()["entry"]["entered_role"] == "self"
    schedule = client.put(f"/api/v1/people/{person}/outcome-schedule", headers=headers,
                          json={"weeks": [0, 6, 300]})
    assert schedule.status_code == 422 and "allowed 0 to 104" in schedule.text
    fhir = client.get(f"/api/v1/people/{person}/fhir")
    assert fhir.status_code == 200 and fhir.json()["resourceType"] == "Bundle"


def test_the_api_estimates_the_lever_arm_from_height_like_the_command_line(client: Any):
    """Drillis & Contini's segment fractions (docs/outcomes.md): hip to knee joint line
    0.245 x height, hip to ankle 0.491 x height; with 1.75 m and 70 kg by hand:
    knee 0.42875 m; 20 kgf x 9.80665 = 196.133 N x 0.42875 = 84.09 N·m, / 70 = 1.2013 N·m/kg;
    ankle 0.85925 m."""
    person = _web(client)
    headers = {"X-CSRF-Token": csrf_of(client)}
    url = f"/api/v1/people/{person}/outcomes"
    reading = {"measure": "hip-abduction-strength", "date": "2026-01-05", "force_unit": "kg",
               "left_force": 20, "right_force": 24}
    knee = client.post(url, headers=headers, json={**reading, "pad_at": "knee"})
    assert knee.status_code == 201, knee.text
    entry = knee.json()["entry"]
    assert entry["lever_arm_m"] == pytest.approx(0.245 * 1.75)
    assert entry["lever_estimated_from"] == "knee" and entry["body_mass_kg"] == 70
    assert "pad_at" not in entry  # stored as the lever arm used, never re-estimated
    ankle = client.post(url, headers=headers, json={**reading, "pad_at": "ankle",
                                                     "body_mass_kg": 80})
    assert ankle.json()["entry"]["lever_arm_m"] == pytest.approx(0.491 * 1.75)
    assert ankle.json()["entry"]["body_mass_kg"] == 80
    measured = client.post(url, headers=headers, json={**reading, "lever_arm_m": 0.4,
                                                        "pad_at": "knee"})
    assert measured.json()["entry"]["lever_arm_m"] == 0.4  # a measured lever arm wins
    assert measured.json()["entry"]["lever_estimated_from"] is None
    neither = client.post(url, headers=headers, json=reading)
    assert neither.status_code == 422 and "lever_arm_m" in neither.text
    assert "pad_at: knee or ankle" in neither.text
    unknown = client.post(url, headers=headers, json={**reading, "pad_at": "hip"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "pad_at"
    stored = client.get(url).json()
    assert len(stored) == 3
    from glutemed.outcomes.entries import parse_entry, readings_of

    torque = {r.side: r.value for r in readings_of(parse_entry(stored[0]["entry"]))
              if r.measure_id == "hip-abduction-torque-per-kg"}
    assert torque["left"] == pytest.approx(20 * 9.80665 * 0.245 * 1.75 / 70)


def test_the_api_needs_height_in_the_profile_to_estimate(client: Any) -> None:
    person = start(client, name="Bea", height_m=None, mass_kg=None)
    response = client.post(f"/api/v1/people/{person}/outcomes",
                           headers={"X-CSRF-Token": csrf_of(client)}, json={
        "measure": "hip-abduction-strength", "date": "2026-01-05", "left_force": 150,
        "right_force": 190, "pad_at": "knee"})
    assert response.status_code == 422
    assert "lever_arm_m: the estimate needs body mass and height" in response.json()["detail"]
    assert client.get(f"/api/v1/people/{person}/outcomes").json() == []


def test_the_form_shows_the_refused_value_beside_its_field(client: Any) -> None:
    person = _web(client)
    page = client.get(f"/people/{person}/outcomes")
    assert page.status_code == 200 and "VISA-G total" in page.text
    # Where the numbers come from, with what rests on memory said where a user sees it.
    assert "Where the numbers come from" in page.text and "Farrar JT" in page.text
    assert "authors&#39; names from memory" in page.text and "Wright AA" in page.text
    token = form_token(page.text)
    refused = client.post(f"/people/{person}/outcomes/groc", data={
        "csrf_token": token, "date": "2026-01-05", "scale_points": "7", "rating": "6"})
    assert refused.status_code == 422
    assert 'id="groc-rating-error"' in refused.text
    assert "6 is out of range; allowed -3 to 3" in refused.text
    assert 'aria-invalid="true" aria-describedby="groc-rating-error"' in refused.text
    assert client.get(f"/api/v1/people/{person}/outcomes").json() == []
    psfs = client.post(f"/people/{person}/outcomes/psfs", data={
        "csrf_token": token, "date": "2026-01-05", "activity_0": "stairs", "rating_0": "4",
        "activity_1": "walk", "rating_1": "12", "activity_2": "sleep", "rating_2": "3"})
    assert psfs.status_code == 422 and 'id="psfs-rating_1-error"' in psfs.text
    saved = client.post(f"/people/{person}/outcomes/hip-abduction-strength", data={
        "csrf_token": token, "date": "2026-01-05", "force_unit": "N", "left_force": "150",
        "right_force": "190", "pad_at": "knee"}, follow_redirects=False)
    assert saved.status_code == 303
    stored = client.get(f"/api/v1/people/{person}/outcomes").json()
    assert stored[0]["entry"]["lever_arm_m"] == pytest.approx(0.42875)
    assert stored[0]["entry"]["lever_estimated_from"] == "knee"


def test_today_reminds_and_progress_shows_the_chart(client: Any) -> None:
    person = _web(client)
    today = client.get(f"/people/{person}/today", params={"date": "2026-01-05"})
    assert "Outcome measures are due" in today.text or "outcomes-due" in today.text
    progress = client.get(f"/people/{person}/progress")
    assert f"/people/{person}/outcomes/chart.svg" in progress.text
    chart = client.get(f"/people/{person}/outcomes/chart.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg")
    report = client.get(f"/people/{person}/report.pdf", params={"audience": "client"})
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
