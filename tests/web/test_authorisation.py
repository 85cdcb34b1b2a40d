"""Clinic mode: a client can neither read nor change another person's data, on any route.

The routes are enumerated from the app itself, so a new route is checked without anyone
remembering to add it here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from tests.web.conftest import log_in

from glutemed.programming.models import Profile
from glutemed.progression.models import PerformedSet
from glutemed.services import accounts
from glutemed.web import usecases


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (the clinics' database)."""
    return db_url

PASSWORD = "correct horse battery"


def _setup(app: Any) -> dict[str, Any]:
    ctx = app.state.glutemed
    with ctx.uow() as uow:
        clinician = accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        alice = accounts.create_account(uow, "alice", PASSWORD, "client")
        bob = accounts.create_account(uow, "bob", PASSWORD, "client")
        uow.commit()
    profile = Profile(goal="rehab", equipment=frozenset({"mini-band"}))
    today = dt.date(2026, 1, 5)
    ids = {}
    for account, name in ((alice, "Alice Visible"), (bob, "Bob Secret")):
        ids[name] = asyncio.run(usecases.start_person(
            ctx, name, profile, today, account_id=account.id, clinician_account_id=clinician.id
        ))
    with ctx.uow() as uow:
        performed = PerformedSet(
            variant_id="side-plank.short", side="left", date=today, hold_s=20,
            note="bob-private-note",
        )
        bob_set = uow.sets.add(ids["Bob Secret"], performed, None)
        uow.commit()
    return {"alice": ids["Alice Visible"], "bob": ids["Bob Secret"], "bob_set": bob_set}


def _login(client: Any, username: str) -> str:
    return log_in(client, username, PASSWORD)


@pytest.fixture
def clinic(make_app: Any) -> tuple[Any, dict[str, Any]]:
    from fastapi.testclient import TestClient

    app = make_app(clinic=True)
    ids = _setup(app)
    return TestClient(app), ids | {"app": app}


def _fill(path: str, ids: dict[str, Any]) -> str:
    return (
        path.replace("{person_id}", str(ids["bob"]))
        .replace("{set_id}", str(ids["bob_set"]))
        .replace("{variant_id}", "side-plank.short")
        .replace("{fmt}", "csv")
    )


def test_a_client_reaches_none_of_another_persons_routes(clinic: Any, helpers: Any) -> None:
    client, ids = clinic
    token = _login(client, "alice")
    body = {"variant_id": "side-plank.short", "side": "left",
            "date": "2026-01-05", "hold_s": 30}
    checked = 0
    for route in helpers.routes(ids["app"]):
        if "{person_id}" not in route.path:
            continue
        url = _fill(route.path, ids)
        for method in route.methods:
            response = client.request(
                method, url, json=body if method in {"POST", "PUT"} else None,
                headers={"X-CSRF-Token": token}, follow_redirects=False,
            )
            checked += 1
            assert response.status_code in (403, 404), (method, url, response.status_code)
            assert "Bob Secret" not in response.text and "bob-private-note" not in response.text
    assert checked >= 15
    with ids["app"].state.glutemed.uow() as uow:
        stored = uow.sets.get(ids["bob"], ids["bob_set"])
    assert not stored.deleted and stored.performed.note == "bob-private-note"


def test_a_client_sees_only_themself_in_lists_and_cannot_manage(clinic: Any) -> None:
    client, ids = clinic
    token = _login(client, "alice")
    people = client.get("/api/v1/people").json()
    assert [p["id"] for p in people] == [ids["alice"]]
    assert client.get("/clinic").status_code == 403
    assert client.get("/onboarding").status_code == 403
    new = {"name": "Mallory", "profile": {"goal": "rehab"}}
    created = client.post("/api/v1/people", json=new, headers={"X-CSRF-Token": token})
    assert created.status_code == 403
    assert client.get(f"/people/{ids['alice']}/today").status_code == 200
    assert "Bob Secret" not in client.get(f"/library?person={ids['bob']}").text


def test_a_clinician_sees_their_clients_adherence_and_logs(clinic: Any) -> None:
    client, ids = clinic
    _login(client, "dr-lee")
    page = client.get("/clinic")
    assert page.status_code == 200
    assert "Alice Visible" in page.text and "Bob Secret" in page.text
    assert "bob-private-note" not in page.text
    assert client.get(f"/people/{ids['bob']}/history").status_code == 200


def test_anonymous_visitors_are_sent_to_login_and_the_api_says_401(clinic: Any) -> None:
    client, ids = clinic
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get(f"/api/v1/people/{ids['bob']}").status_code == 401


def _visa_g(app: Any, person_id: int, total: int) -> None:
    from glutemed.outcomes.entries import VisaGEntry
    from glutemed.services.outcomes import record_outcome

    entry = VisaGEntry(date=dt.date(2026, 1, 5), total_0_100=total, entered_by="dr-lee",
                       entered_role="clinician")
    record_outcome(app.state.glutemed.uow(), person_id, entry)


def _visa_totals(bundle: dict[str, Any]) -> list[int]:
    return [e["resource"]["valueInteger"] for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Observation"
            and e["resource"]["code"]["text"].startswith("VISA-G")]


def test_the_fhir_bundle_goes_to_a_persons_own_clinician_only(clinic: Any) -> None:
    """A client gets no FHIR bundle (another person's: 404, so ids stay hidden; their own:
    403, it is the clinician's export); a clinician gets their own clients' and no one
    else's, and each bundle holds only that person's observations."""
    client, ids = clinic
    app = ids["app"]
    with app.state.glutemed.uow() as uow:
        other = accounts.create_account(uow, "dr-kim", PASSWORD, "clinician")
        uow.commit()
    profile = Profile(goal="rehab", equipment=frozenset({"mini-band"}))
    carol = asyncio.run(usecases.start_person(
        app.state.glutemed, "Carol Elsewhere", profile, dt.date(2026, 1, 5),
        clinician_account_id=other.id))
    for person, total in ((ids["alice"], 41), (ids["bob"], 52), (carol, 63)):
        _visa_g(app, person, total)

    def bundle_urls(person: int) -> tuple[str, str]:
        return f"/api/v1/people/{person}/fhir", f"/people/{person}/fhir.json"

    _login(client, "alice")
    for url in bundle_urls(ids["bob"]) + bundle_urls(carol):
        refused = client.get(url, params={"identify": "true"})
        assert refused.status_code == 404, url
        assert "Secret" not in refused.text and "Elsewhere" not in refused.text
    for url in bundle_urls(ids["alice"]):
        assert client.get(url).status_code == 403, url
    client.cookies.clear()

    _login(client, "dr-lee")
    for url in bundle_urls(carol):
        assert client.get(url, params={"identify": "true"}).status_code == 404, url
    for person, name, total in ((ids["alice"], "Alice Visible", 41),
                                (ids["bob"], "Bob Secret", 52)):
        api, page = bundle_urls(person)
        named = client.get(api, params={"identify": "true"})
        assert named.status_code == 200, named.text
        bundle = named.json()
        patients = [e["resource"] for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "Patient"]
        assert [p["name"][0]["text"] for p in patients] == [name]
        assert _visa_totals(bundle) == [total]
        assert "Elsewhere" not in named.text
        pseudonymous = client.get(page)
        assert pseudonymous.status_code == 200 and name not in pseudonymous.text
        assert _visa_totals(pseudonymous.json()) == [total]
    client.cookies.clear()

    _login(client, "dr-kim")
    assert _visa_totals(client.get(f"/api/v1/people/{carol}/fhir").json()) == [63]
    for url in bundle_urls(ids["alice"]) + bundle_urls(ids["bob"]):
        assert client.get(url).status_code == 404, url
