"""The JSON API: exercises, load, people, programs, today, sets and decisions."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (the clinics' database)."""
    return db_url


def _h(client: Any) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/v1/csrf").json()["csrf_token"]}


def test_exercises_list_filters_by_family_and_names_ladder_neighbours(client: Any) -> None:
    rows = client.get("/api/v1/exercises", params={"family": "side-plank"}).json()
    assert rows and all(r["family"] == "side-plank" for r in rows)
    assert any(r["progressions"] for r in rows)
    cuff = client.get("/api/v1/exercises", params={"family": "side-lying-abduction"}).json()
    by_id = {r["id"]: r for r in cuff}
    assert by_id["side-lying-abduction.wall-slide"]["alternatives"] == [
        "side-lying-abduction.bodyweight"
    ]


def test_unknown_exercise_is_404_with_suggestions(client: Any, helpers: Any) -> None:
    response = client.get("/api/v1/exercises/side-lying-abduction.cuff-ankel")
    assert response.status_code == 404
    assert "did you mean" in response.json()["detail"]


def test_load_for_unknown_body_range_is_422_naming_the_field(client: Any, helpers: Any) -> None:
    response = client.get(
        "/api/v1/load/side-lying-abduction.cuff-ankle", params={"mass_kg": 70, "height_m": 175}
    )
    assert response.status_code == 422
    assert "height_m" in response.text


def test_person_program_today_log_edit_delete_restore_and_decisions(
    client: Any, helpers: Any
) -> None:
    person_id = helpers.start(client)
    program = client.get(f"/api/v1/people/{person_id}/program").json()
    assert program["program"]["weeks"]
    body = {**helpers.first_set(client, person_id), "pain_during": 1, "checks": {}}
    logged = client.post(f"/api/v1/people/{person_id}/sets", json=body, headers=_h(client))
    assert logged.status_code == 201, logged.text
    set_id = logged.json()["set"]["id"]
    assert logged.json()["decision"]["action"]
    listed = client.get(f"/api/v1/people/{person_id}/sets").json()
    assert [s["id"] for s in listed] == [set_id]
    edited = client.put(f"/api/v1/people/{person_id}/sets/{set_id}",
                        json={**body, "note": "felt fine"}, headers=_h(client))
    assert edited.status_code == 200, edited.text
    assert edited.json()["performed"]["note"] == "felt fine"
    deleted = client.delete(f"/api/v1/people/{person_id}/sets/{set_id}", headers=_h(client))
    assert deleted.status_code == 204
    assert client.get(f"/api/v1/people/{person_id}/sets").json() == []
    restored = client.post(f"/api/v1/people/{person_id}/sets/{set_id}/restore", headers=_h(client))
    assert restored.status_code == 200
    assert len(client.get(f"/api/v1/people/{person_id}/sets").json()) == 1
    decisions = client.get(f"/api/v1/people/{person_id}/decisions").json()
    assert decisions and decisions[0]["explanation"]


def test_pain_above_limit_is_never_a_load_increase(client: Any, helpers: Any) -> None:
    """Silbernagel et al. 2007 pain-monitoring model: > 5/10 during means no progression."""
    person_id = helpers.start(client)
    body = {**helpers.first_set(client, person_id), "pain_during": 8}
    logged = client.post(f"/api/v1/people/{person_id}/sets", json=body, headers=_h(client))
    action = logged.json()["decision"]["action"]
    assert action not in {"progress-load", "progress-reps", "progress-hold", "step-up"}


def test_bad_set_is_422_and_nothing_is_written(client: Any, helpers: Any) -> None:
    person_id = helpers.start(client)
    body = {"variant_id": "side-plank.side-plank", "side": "left", "date": "2026-01-05",
            "reps": 10, "hold_s": 30}
    response = client.post(f"/api/v1/people/{person_id}/sets", json=body, headers=_h(client))
    assert response.status_code == 422
    assert client.get(f"/api/v1/people/{person_id}/sets").json() == []


def test_openapi_document_lists_the_api(client: Any, helpers: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/exercises", "/api/v1/load/{variant_id}", "/api/v1/people",
                 "/api/v1/people/{person_id}/program", "/api/v1/people/{person_id}/today",
                 "/api/v1/people/{person_id}/sets", "/api/v1/people/{person_id}/decisions"):
        assert path in paths


def test_edit_a_prescription_through_the_api(client: Any, helpers: Any) -> None:
    person_id = helpers.start(client)
    before = client.get(f"/api/v1/people/{person_id}/program").json()["program"]
    url = f"/api/v1/people/{person_id}/program/weeks/1/sessions/1/items/0"
    response = client.put(url, json={"sets": 2, "rest_s": 45}, headers=_h(client))
    assert response.status_code == 200, response.text
    after = response.json()["program"]
    item = after["weeks"][0]["sessions"][0]["items"][0]
    assert (item["sets"], item["rest_s"]) == (2, 45)
    # One prescription changed (the same pure edit as the dose form): every other one,
    # in this week and the next, is as it was.
    item["sets"], item["rest_s"] = (before["weeks"][0]["sessions"][0]["items"][0][k]
                                    for k in ("sets", "rest_s"))
    assert after["weeks"] == before["weeks"]
    missing = client.put(f"/api/v1/people/{person_id}/program/weeks/40/sessions/1/items/0",
                         json={"sets": 2}, headers=_h(client))
    assert missing.status_code == 404


def test_every_set_of_a_session_is_answered_with_its_own_stored_row(
    client: Any, helpers: Any
) -> None:
    """The API used to find the stored set by matching the fields sent; the service numbers
    sets within the day, so from the second set on nothing matched and the answer was a 500
    although the set was stored. The answer now carries the id the service stored."""
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    answers = [
        client.post(f"/api/v1/people/{person_id}/sets", json=body, headers=_h(client))
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 201], answers[-1].text
    stored = [a.json()["set"] for a in answers]
    assert len({s["id"] for s in stored}) == 3
    assert [s["performed"]["set_index"] for s in stored] == [1, 2, 3]
    listed = {s["id"] for s in client.get(f"/api/v1/people/{person_id}/sets").json()}
    assert listed == {s["id"] for s in stored}
    # The answer is built from the write itself (no read-back): it must be the row as stored.
    for answer in stored:
        assert client.get(f"/api/v1/people/{person_id}/sets/{answer['id']}").json() == answer


def test_every_answer_says_how_long_the_app_took(client: Any) -> None:
    """``Server-Timing: app;dur=<ms>`` lets the benchmark tell the app's own time from the
    HTTP server, network and client (it is what bench_api.py reports beside p50/p99)."""
    response = client.get("/api/v1/csrf")
    name, _, duration = response.headers["server-timing"].partition(";dur=")
    assert name == "app"
    assert 0 <= float(duration) < 60_000


def test_ids_no_column_can_hold_are_422_on_every_route_not_a_database_error(
    client: Any, helpers: Any
) -> None:
    """Ids are INTEGER columns: PostgreSQL holds at most 2**31 - 1 and answered "database
    error: integer out of range" (400) for a larger id in a path. Such an id is now refused
    as input (422, naming the limit) on both databases, and the largest storable id that
    does not exist is a plain 404."""
    person_id = helpers.start(client)
    h = _h(client)
    body = {"variant_id": "side-plank.short", "side": "left", "date": "2026-01-05",
            "hold_s": 20}  # a valid body, so only the id can be what is refused
    for huge in (2**31, 2**53 + 1, 2**63, 2**64):
        requests = [
            ("GET", f"/api/v1/people/{huge}", None),
            ("GET", f"/api/v1/people/{huge}/sets", None),
            ("POST", f"/api/v1/people/{huge}/sets", body),
            ("GET", f"/api/v1/people/{person_id}/sets/{huge}", None),
            ("PUT", f"/api/v1/people/{person_id}/sets/{huge}", body),
            ("DELETE", f"/api/v1/people/{person_id}/sets/{huge}", None),
            ("POST", f"/api/v1/people/{person_id}/sets/{huge}/restore", None),
        ]
        for method, url, json_body in requests:
            response = client.request(method, url, json=json_body, headers=h)
            assert response.status_code == 422, (method, url, response.text)
            assert "2147483647" in response.text and "database error" not in response.text
    largest = 2**31 - 1
    assert client.get(f"/api/v1/people/{largest}").status_code == 404
    assert client.get(f"/api/v1/people/{person_id}/sets/{largest}").status_code == 404
    assert client.get(f"/api/v1/people/{person_id}/sets").json() == []


def test_sets_logged_at_once_are_all_stored_and_numbered_once(client: Any, helpers: Any) -> None:
    """Several devices logging the same exercise at once. On SQLite the app queues its
    writes on one lock (``database_work.write``); on PostgreSQL it takes no lock of its own
    and relies on the service's row locks, so this checks that the numbering of sets
    within the day (1, 2, 3, ...) holds there too: no number twice, none lost."""
    from concurrent.futures import ThreadPoolExecutor

    from fastapi.testclient import TestClient

    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)

    def log_two(_: int) -> list[int]:
        device = TestClient(client.app)
        headers = {"X-CSRF-Token": helpers.csrf(device)}
        url = f"/api/v1/people/{person_id}/sets"
        return [device.post(url, json=body, headers=headers).status_code for _ in range(2)]

    with ThreadPoolExecutor(4) as pool:
        statuses = [s for pair in pool.map(log_two, range(4)) for s in pair]
    assert statuses == [201] * 8
    stored = client.get(f"/api/v1/people/{person_id}/sets").json()
    assert sorted(s["performed"]["set_index"] for s in stored) == list(range(1, 9))
    assert len(client.get(f"/api/v1/people/{person_id}/decisions").json()) == 8


def test_text_a_database_cannot_store_is_422_naming_the_field_on_both_databases(
    client: Any, helpers: Any
) -> None:
    """PostgreSQL refuses the NUL character and text longer than its column (``felt_in``
    is 200 characters); SQLite stored both, PostgreSQL answered 400 "database error". Both
    now answer 422 naming the field, and nothing is written."""
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    url = f"/api/v1/people/{person_id}/sets"
    for field, value in (("note", "sore\x00"), ("felt_in", "side\x00"), ("felt_in", "x" * 201)):
        response = client.post(url, json={**body, field: value}, headers=_h(client))
        assert response.status_code == 422, (field, response.text)
        assert response.json()["detail"].startswith(f"{field}: "), response.text
    assert client.get(url).json() == []
    kept = client.post(url, json={**body, "felt_in": "x" * 200}, headers=_h(client))
    assert kept.status_code == 201, kept.text
    set_id = kept.json()["set"]["id"]
    edited = client.put(f"{url}/{set_id}", json={**body, "note": "a\x00b"}, headers=_h(client))
    assert edited.status_code == 422 and edited.json()["detail"].startswith("note: ")
    assert client.get(f"{url}/{set_id}").json()["performed"]["note"] is None
    person = {"name": "Bo\x00b", "profile": {"goal": "rehab"}, "start_date": "2026-01-05"}
    created = client.post("/api/v1/people", json=person, headers=_h(client))
    assert created.status_code == 422 and created.json()["detail"].startswith("name: ")
    assert [p["id"] for p in client.get("/api/v1/people").json()] == [person_id]


def test_list_limits_outside_their_bounds_are_422_naming_the_bound_crossed(
    client: Any, helpers: Any
) -> None:
    """``limit`` is bounded by the route's own Query declaration (1-5000 sets, 1-500
    decisions); nothing else clamps it, so an out-of-range value must be refused."""
    person_id = helpers.start(client)
    for path, top in (("sets", 5000), ("decisions", 500)):
        url = f"/api/v1/people/{person_id}/{path}"
        for bad, bound in ((0, 1), (top + 1, top)):
            response = client.get(url, params={"limit": bad})
            assert response.status_code == 422, (path, bad, response.text)
            [error] = response.json()["detail"]
            assert error["loc"] == ["query", "limit"] and str(bound) in error["msg"]
        assert client.get(url, params={"limit": top}).status_code == 200
