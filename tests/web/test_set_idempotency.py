"""A set sent twice is stored once: the ``client_id`` a phone gives each set it logs.

A phone in a gym basement queues sets and sends them when the signal returns; when an answer
is lost on the way back, it sends the same set again. These tests send sets twice (one
after the other, and at the same instant from several threads) and count what is stored.
They run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from glutemed.store.tables import DecisionRow, PerformedSetRow


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL."""
    return db_url


def _h(client: Any, helpers: Any) -> dict[str, str]:
    return {"X-CSRF-Token": helpers.csrf(client)}


def _stored(client: Any) -> tuple[int, dict[int, int]]:
    """(sets stored, decisions per set id), read straight from the database."""
    with client.app.state.glutemed.uow(readonly=True) as uow:
        sets = uow.session.scalar(select(func.count()).select_from(PerformedSetRow))
        rows = uow.session.execute(
            select(DecisionRow.performed_set_id, func.count()).group_by(
                DecisionRow.performed_set_id
            )
        ).all()
    return int(sets or 0), {int(k): int(v) for k, v in rows if k is not None}


def test_the_same_client_id_twice_stores_one_set_and_answers_the_first_result(
    client: Any, helpers: Any
) -> None:
    person_id = helpers.start(client)
    body = {**helpers.first_set(client, person_id), "client_id": "3f2a-phone-0001"}
    url = f"/api/v1/people/{person_id}/sets"
    first = client.post(url, json=body, headers=_h(client, helpers))
    assert first.status_code == 201, first.text
    assert first.json()["replayed"] is False
    assert first.json()["set"]["client_id"] == "3f2a-phone-0001"
    again = client.post(url, json=body, headers=_h(client, helpers))
    assert again.status_code == 200, again.text
    assert again.json()["replayed"] is True
    assert again.json()["set"]["id"] == first.json()["set"]["id"]
    assert again.json()["decision"]["action"] == first.json()["decision"]["action"]
    assert again.json()["decision"]["explanation"] == first.json()["decision"]["explanation"]
    count, decisions = _stored(client)
    assert count == 1
    assert decisions == {first.json()["set"]["id"]: 1}


def test_sets_without_a_client_id_are_each_stored(client: Any, helpers: Any) -> None:
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    url = f"/api/v1/people/{person_id}/sets"
    for _ in range(2):
        assert client.post(url, json=body, headers=_h(client, helpers)).status_code == 201
    assert _stored(client)[0] == 2


def test_a_client_id_is_unique_per_person_not_across_people(client: Any, helpers: Any) -> None:
    ann = helpers.start(client, "Ann")
    bo = helpers.start(client, "Bo")
    for person_id in (ann, bo):
        body = {**helpers.first_set(client, person_id), "client_id": "same-id"}
        response = client.post(
            f"/api/v1/people/{person_id}/sets", json=body, headers=_h(client, helpers)
        )
        assert response.status_code == 201, response.text
    assert _stored(client)[0] == 2


def test_a_client_id_reused_for_another_set_is_refused_naming_the_field(
    client: Any, helpers: Any
) -> None:
    person_id = helpers.start(client)
    body = {**helpers.first_set(client, person_id), "client_id": "reused"}
    url = f"/api/v1/people/{person_id}/sets"
    assert client.post(url, json=body, headers=_h(client, helpers)).status_code == 201
    other_day = {**body, "date": "2026-01-06"}
    refused = client.post(url, json=other_day, headers=_h(client, helpers))
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith("client_id: ")
    assert "date" in refused.json()["detail"]
    assert _stored(client)[0] == 1


@pytest.mark.parametrize("bad", ["", "has space", "x" * 65, "semi;colon"])
def test_a_malformed_client_id_is_422_and_nothing_is_stored(
    client: Any, helpers: Any, bad: str
) -> None:
    person_id = helpers.start(client)
    body = {**helpers.first_set(client, person_id), "client_id": bad}
    response = client.post(
        f"/api/v1/people/{person_id}/sets", json=body, headers=_h(client, helpers)
    )
    assert response.status_code == 422
    assert "client_id" in response.text
    assert _stored(client)[0] == 0


def test_a_set_sent_against_a_target_no_longer_in_force_is_refused_and_not_stored(
    client: Any, helpers: Any
) -> None:
    """A queued set carries the target the phone showed. If the prescription has moved
    since (a clinician's edit, a set logged elsewhere), the set is refused with the field
    and the target now in force named, so the phone keeps it as "not stored" with that
    reason; it is never judged against a target it was not shown."""
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    shown = {"target_hold_s": [20, 25]} if "hold_s" in body else {"target_reps": [8, 9]}
    response = client.post(
        f"/api/v1/people/{person_id}/sets",
        json={**body, **shown, "client_id": "shown-target"},
        headers=_h(client, helpers),
    )
    assert response.status_code == 422, response.text
    (field, _), = shown.items()
    assert response.json()["field"] == field
    assert "target in force is now" in response.json()["detail"]
    assert client.get(f"/api/v1/people/{person_id}/sets").json() == []


def test_the_same_set_sent_at_the_same_instant_from_four_threads_is_stored_once(
    client: Any, helpers: Any
) -> None:
    """Four copies race; exactly one is stored, every answer names that one set."""
    from fastapi.testclient import TestClient

    person_id = helpers.start(client)
    body = {**helpers.first_set(client, person_id), "client_id": "race-1"}

    def send(_: int) -> tuple[int, int]:
        device = TestClient(client.app)
        response = device.post(
            f"/api/v1/people/{person_id}/sets", json=body, headers=_h(device, helpers)
        )
        assert response.status_code in (200, 201), response.text
        return response.status_code, int(response.json()["set"]["id"])

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(send, range(4)))
    assert sorted(status for status, _ in answers) == [200, 200, 200, 201]
    assert len({set_id for _, set_id in answers}) == 1
    count, decisions = _stored(client)
    assert count == 1 and list(decisions.values()) == [1]


def test_the_page_form_sent_twice_with_its_client_id_stores_one_set(
    client: Any, helpers: Any
) -> None:
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    token = helpers.token(client.get(f"/people/{person_id}/today").text)
    form = {**{k: str(v) for k, v in body.items() if k != "date"}, "csrf_token": token,
            "client_id": "form-0001"}
    first = client.post(f"/people/{person_id}/sets", data=form, headers={"HX-Request": "true"})
    assert first.status_code == 200 and "Set logged" in first.text
    again = client.post(f"/people/{person_id}/sets", data=form, headers={"HX-Request": "true"})
    assert again.status_code == 200
    assert "Already logged" in again.text
    assert _stored(client)[0] == 1
