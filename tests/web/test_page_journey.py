"""One person's whole journey through the HTML pages, on SQLite and on PostgreSQL.

The other page tests (wording, layout, forms) run on SQLite only, to keep the suite quick;
this journey makes sure every query the pages themselves make -- onboarding, today, logging
through the form, history with edit, delete and undo, next-morning pain, progress, program
edits and the exports -- also works on PostgreSQL, the database clinics run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

ONBOARD = {
    "name": "Ann", "goal": "rehab", "days_per_week": "2", "weeks": "8",
    "mass_kg": "70", "height_m": "1.75", "equipment": ["mini-band", "cuff-weight"],
}


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (the clinics' database)."""
    return db_url


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def _first_log_form(html: str) -> dict[str, str]:
    """The first log form of the today page as a browser submits it (hidden fields, the
    first side, the number inputs' values)."""
    form = html[html.index('class="log-form"'):]
    form = form[: form.index("</form>")]
    fields = _hidden(form)
    fields.update(re.findall(r'name="(reps|hold_s)" type="number"[^>]*value="([^"]*)"', form))
    side = re.search(r'name="side" value="([^"]+)"', form)
    assert side, "every log form offers a side"
    return {**fields, "side": side.group(1), "pain_during": "1"}


def _api_sets(client: Any, person_id: int) -> list[dict[str, Any]]:
    return list(client.get(f"/api/v1/people/{person_id}/sets").json())


def test_onboarding_today_log_history_progress_and_exports_through_the_pages(
    client: Any, helpers: Any
) -> None:
    # Onboarding form -> the first session (today).
    token = helpers.token(client.get("/onboarding").text)
    created = client.post("/onboarding", data={**ONBOARD, "csrf_token": token},
                          follow_redirects=False)
    assert created.status_code == 303, created.text
    match = re.fullmatch(r"/people/(\d+)/today", created.headers["location"])
    assert match, created.headers["location"]
    person_id = int(match.group(1))
    assert "Week 1" in client.get(f"/people/{person_id}/program").text
    assert client.get("/", follow_redirects=False).headers["location"] == (
        f"/people/{person_id}/today")

    # Today -> log two sets through the form (the second gets the next set number).
    today = client.get(f"/people/{person_id}/today")
    assert today.status_code == 200
    fields = _first_log_form(today.text)
    for _ in range(2):
        logged = client.post(f"/people/{person_id}/sets",
                             data={**fields, "csrf_token": helpers.token(today.text)})
        assert logged.status_code == 200 and "Set logged" in logged.text, logged.text
    stored = _api_sets(client, person_id)
    assert sorted(s["performed"]["set_index"] for s in stored) == [1, 2]

    # History: newest first, then edit, delete and undo the newest set.
    history = client.get(f"/people/{person_id}/history").text
    listed = [int(i) for i in re.findall(r"/sets/(\d+)/edit", history)]
    assert listed == [s["id"] for s in stored] and len(set(listed)) == 2
    set_id = listed[0]
    edit = client.get(f"/people/{person_id}/sets/{set_id}/edit").text
    date = re.search(r'name="date" type="date" value="([^"]+)"', edit)
    assert date
    dose = {"reps": "7"} if 'name="reps"' in edit else {"hold_s": "17"}
    saved = client.post(f"/people/{person_id}/sets/{set_id}/edit", data={
        **_hidden(edit), **dose, "side": fields["side"], "date": date.group(1),
        "note": "corrected on the form"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    performed = client.get(f"/api/v1/people/{person_id}/sets/{set_id}").json()["performed"]
    assert performed["note"] == "corrected on the form"
    assert performed[next(iter(dose))] == int(next(iter(dose.values())))
    deleted = client.post(f"/people/{person_id}/sets/{set_id}/delete",
                          data={"csrf_token": token}, follow_redirects=True)
    assert deleted.status_code == 200 and "Undo" in deleted.text
    assert [s["id"] for s in _api_sets(client, person_id)] == listed[1:]
    undone = client.post(f"/people/{person_id}/sets/{set_id}/undo",
                         data={"csrf_token": token}, follow_redirects=False)
    assert undone.status_code == 303
    assert {s["id"] for s in _api_sets(client, person_id)} == set(listed)

    # The morning after: the today page asks, and the answer is stored on both sets.
    tomorrow = (dt.date.fromisoformat(date.group(1)) + dt.timedelta(days=1)).isoformat()
    page = client.get(f"/people/{person_id}/today", params={"date": tomorrow}).text
    assert "the morning after" in page
    answered = client.post(f"/people/{person_id}/morning-pain", data={
        "csrf_token": token, "set_id": [str(i) for i in listed], "pain_next_morning": "2"},
        follow_redirects=False)
    assert answered.status_code == 303, answered.text
    assert [s["performed"]["pain_next_morning"] for s in _api_sets(client, person_id)] == [2, 2]

    # Progress renders its chart and the reasons for the decisions.
    progress = client.get(f"/people/{person_id}/progress")
    assert progress.status_code == 200
    assert '<svg viewBox="0 0 320 150" role="img"' in progress.text
    assert "Why it changed" in progress.text

    # A program edit is stored as a new version; the exports read everything back.
    form = client.get(f"/people/{person_id}/program/edit?week=1&session=1&item=0").text
    kind = "reps" if 'name="reps_low"' in form else "hold_s"
    edited = client.post(f"/people/{person_id}/program/edit", data={
        **_hidden(form), "sets": "3", f"{kind}_low": "5", f"{kind}_high": "9",
        "rest_s": "60", "load_kg": ""}, follow_redirects=False)
    assert edited.status_code == 303, edited.text
    assert client.get(f"/api/v1/people/{person_id}/program").json()["version"] == 2
    exported = json.loads(client.get(f"/people/{person_id}/export.json").content)
    assert exported["person"]["name"] == "Ann"
    assert client.get(f"/people/{person_id}/export.csv").status_code == 200


# Ids that no INTEGER column can hold on PostgreSQL (above 2**31 - 1), up to ids beyond
# SQLite's own 64-bit limit: each must be refused as input, never reach the database.
HUGE_IDS = [2**31, 2**53 + 1, 2**63, 2**64]


def test_pages_refuse_ids_no_column_can_hold_and_keep_the_data(
    client: Any, helpers: Any
) -> None:
    """PostgreSQL answered "integer out of range" (a 400 saying "database error") for
    ids above 2**31 - 1, and SQLite a 500 for ids above 2**63 - 1 in ``?person=`` and
    the morning-pain form. An id that cannot exist is now refused before any query."""
    person_id = helpers.start(client)
    token = helpers.csrf(client)
    for huge in HUGE_IDS:
        for url in (f"/people/{huge}/today", f"/people/{person_id}/sets/{huge}/edit",
                    f"/library?person={huge}", f"/library/side-plank.short?person={huge}"):
            response = client.get(url)
            assert response.status_code == 422, (url, response.status_code)
            assert "database error" not in response.text
            assert "less than or equal to 2147483647" in response.text, url
    body = helpers.first_set(client, person_id)
    logged = client.post(f"/api/v1/people/{person_id}/sets", json=body,
                         headers={"X-CSRF-Token": token})
    assert logged.status_code == 201, logged.text
    set_id = logged.json()["set"]["id"]
    for huge in HUGE_IDS:
        answered = client.post(f"/people/{person_id}/morning-pain", data={
            "csrf_token": token, "set_id": [str(set_id), str(huge)], "pain_next_morning": "2"})
        assert answered.status_code == 404, answered.text
        assert f"unknown performed set &#39;{huge}&#39;" in answered.text
    stored = client.get(f"/api/v1/people/{person_id}/sets/{set_id}").json()["performed"]
    assert stored["pain_next_morning"] is None, "one unknown id changes nothing"
