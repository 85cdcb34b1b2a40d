"""The clinic's needs-attention list on the web and the JSON API (SQLite and PostgreSQL).

A clinician with three clients: Ann (started today, nothing to flag), Ben (started ten
days ago, never trained: low adherence and not training) and Cat (started today, reports
numbness with her first set: a warning sign). The warning sign rises to the top; an
acknowledgement with a note sinks it below Ben; a further warning sign raises it again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Any

import pytest
from tests.web.conftest import log_in

from glutemed.programming.models import Profile
from glutemed.services import accounts
from glutemed.web import usecases
from glutemed.web.context import today_for

PASSWORD = "correct horse battery"


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (the clinics' database)."""
    return db_url


def _login(client: Any, username: str) -> str:
    return log_in(client, username, PASSWORD)


@pytest.fixture
def clinic(make_app: Any) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    app = make_app(clinic=True)
    ctx = app.state.glutemed
    with ctx.uow() as uow:
        lee = accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        accounts.create_account(uow, "dr-kim", PASSWORD, "clinician")
        cat_login = accounts.create_account(uow, "cat", PASSWORD, "client")
        uow.commit()
    today = today_for("UTC")
    profile = Profile(goal="rehab", equipment=frozenset({"mini-band"}), days_per_week=3)
    ids = {}
    for name, start, login in (("Ann", today, None), ("Ben", today - dt.timedelta(days=10), None),
                               ("Cat", today, cat_login.id)):
        ids[name] = asyncio.run(usecases.start_person(
            ctx, name, profile, start, account_id=login, clinician_account_id=lee.id))
    client = TestClient(app)
    token = _login(client, "dr-lee")
    return {"app": app, "client": client, "token": token, "ids": ids, "today": today}


def _log_sign(c: dict[str, Any], sign: str) -> None:
    """Cat logs the first set due today with a warning sign."""
    client, pid = c["client"], c["ids"]["Cat"]
    due = client.get(f"/api/v1/people/{pid}/today").json()["items"][0]
    target = due["target"]
    dose = {"reps": target["reps"][1]} if target["reps"] else {"hold_s": target["hold_s"][1]}
    body = {"variant_id": target["variant_id"], "side": due["side"],
            "date": c["today"].isoformat(), "red_flags": [sign], **dose}
    logged = client.post(f"/api/v1/people/{pid}/sets", json=body,
                         headers={"X-CSRF-Token": c["token"]})
    assert logged.status_code == 201, logged.text


def _names(c: dict[str, Any], **params: str) -> list[str]:
    found = c["client"].get("/api/v1/clinic/attention", params=params)
    assert found.status_code == 200, found.text
    return [row["name"] for row in found.json()]


def _row(c: dict[str, Any], name: str) -> dict[str, Any]:
    rows = c["client"].get("/api/v1/clinic/attention").json()
    return next(r for r in rows if r["name"] == name)


def test_a_warning_sign_rises_to_the_top_and_an_acknowledgement_sinks_it(
        clinic: dict[str, Any]) -> None:
    c = clinic
    assert _names(c) == ["Ben", "Ann", "Cat"]  # Ben flagged; the quiet ones by name
    ben = _row(c, "Ben")
    assert {f["kind"] for f in ben["flags"]} >= {"low-adherence", "not-training"}
    assert ben["last_trained"] is None and ben["adherence_done"] == 0

    _log_sign(c, "numbness-tingling")
    assert _names(c)[0] == "Cat"
    cat = _row(c, "Cat")
    assert cat["flags"][0]["kind"] == "warning-sign" and cat["flags"][0]["open"]
    assert "numbness" in cat["flags"][0]["summary"]
    assert cat["last_trained"] == c["today"].isoformat()

    # the page lists Cat first too, with a form to acknowledge the warning sign
    page = c["client"].get("/clinic").text
    assert page.index("Cat</strong>") < page.index("Ben</strong>") < page.index("Ann</strong>")
    action = f'action="/clinic/clients/{c["ids"]["Cat"]}/attention/warning-sign"'
    assert action in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    done = c["client"].post(f"/clinic/clients/{c['ids']['Cat']}/attention/warning-sign",
                            data={"csrf_token": token, "note": "Phoned: GP tomorrow",
                                  "back": "clinic"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/clinic"

    cat = _row(c, "Cat")
    warning = next(f for f in cat["flags"] if f["kind"] == "warning-sign")
    assert not warning["open"]
    assert warning["acknowledged"]["by"] == "dr-lee"
    assert warning["acknowledged"]["note"] == "Phoned: GP tomorrow"
    assert _names(c).index("Ben") < _names(c).index("Cat")  # Cat has dropped down
    assert "Acknowledged by dr-lee" in c["client"].get("/clinic").text

    # something new happens: a further warning sign, and Cat is back on top, open
    _log_sign(c, "fever")
    assert _names(c)[0] == "Cat"
    assert next(f for f in _row(c, "Cat")["flags"] if f["kind"] == "warning-sign")["open"]


def test_the_list_sorts_and_filters_with_plain_query_parameters(clinic: dict[str, Any]) -> None:
    c = clinic
    _log_sign(c, "numbness-tingling")
    assert _names(c, sort="name") == ["Ann", "Ben", "Cat"]
    assert _names(c, sort="name", order="desc") == ["Cat", "Ben", "Ann"]
    # never trained comes last whichever the order; Cat trained today
    assert _names(c, sort="last-trained")[0] == "Cat"
    assert _names(c, sort="last-trained", order="desc")[0] == "Cat"
    assert _names(c, flag="warning-sign") == ["Cat"]
    assert set(_names(c, flag="not-training")) == {"Ben"}
    assert "Ann" not in _names(c, flag="any")

    page = c["client"].get("/clinic", params={"sort": "name", "order": "asc"}).text
    assert '<th scope="col" aria-sort="ascending"><a href="/clinic?sort=name&amp;order=desc">' \
        'Client' in page
    assert page.count("aria-sort=") == 1
    assert page.index("Ann</strong>") < page.index("Ben</strong>") < page.index("Cat</strong>")
    filtered = c["client"].get("/clinic", params={"flag": "warning-sign"}).text
    assert "Cat</strong>" in filtered and "Ann</strong>" not in filtered


def test_a_bad_parameter_is_refused_naming_the_field_and_the_allowed_values(
        clinic: dict[str, Any]) -> None:
    c = clinic
    api = c["client"].get("/api/v1/clinic/attention", params={"sort": "height"})
    assert api.status_code == 422 and api.json()["field"] == "sort"
    assert "last-trained" in api.json()["detail"]
    page = c["client"].get("/clinic", params={"flag": "sad"})
    assert page.status_code == 422
    assert "flag: &#39;sad&#39; is not a flag; use one of any, warning-sign" in page.text
    bad_order = c["client"].get("/api/v1/clinic/attention", params={"order": "up"})
    assert bad_order.status_code == 422 and bad_order.json()["field"] == "order"


def test_an_acknowledgement_needs_a_note_and_a_flag_the_client_has(
        clinic: dict[str, Any]) -> None:
    c = clinic
    url = f"/api/v1/people/{c['ids']['Ann']}/attention/acknowledgements"
    headers = {"X-CSRF-Token": c["token"]}
    none_now = c["client"].post(url, json={"kind": "stall", "note": "ok"}, headers=headers)
    assert none_now.status_code == 422 and none_now.json()["field"] == "kind"
    assert "no 'stall' flag now" in none_now.json()["detail"]
    unknown = c["client"].post(url, json={"kind": "grumpy", "note": "ok"}, headers=headers)
    assert unknown.status_code == 422 and "warning-sign" in unknown.json()["detail"]
    ben = f"/api/v1/people/{c['ids']['Ben']}/attention/acknowledgements"
    empty = c["client"].post(ben, json={"kind": "not-training", "note": "   "}, headers=headers)
    assert empty.status_code == 422 and empty.json()["field"] == "note"
    ok = c["client"].post(ben, json={"kind": "not-training", "note": "On holiday"},
                          headers=headers)
    assert ok.status_code == 201 and ok.json()["by"] == "dr-lee"
    with c["app"].state.glutemed.uow() as uow:
        stored = uow.attention.all(c["ids"]["Ben"])
    assert [(a.kind.value, a.note, a.by) for a in stored] == [
        ("not-training", "On holiday", "dr-lee")]
    assert stored[0].key.startswith("last:")


def test_only_the_clients_clinician_sees_and_acknowledges(clinic: dict[str, Any]) -> None:
    from fastapi.testclient import TestClient

    c = clinic
    kim = TestClient(c["app"])
    kim_token = _login(kim, "dr-kim")
    assert kim.get("/api/v1/clinic/attention").json() == []
    ben = c["ids"]["Ben"]
    assert kim.get(f"/api/v1/people/{ben}/attention").status_code == 404
    refused = kim.post(f"/api/v1/people/{ben}/attention/acknowledgements",
                       json={"kind": "not-training", "note": "x"},
                       headers={"X-CSRF-Token": kim_token})
    assert refused.status_code == 404
    cat = TestClient(c["app"])
    cat_token = _login(cat, "cat")
    assert cat.get("/api/v1/clinic/attention").status_code == 403
    own = cat.post(f"/api/v1/people/{c['ids']['Cat']}/attention/acknowledgements",
                   json={"kind": "warning-sign", "note": "x"},
                   headers={"X-CSRF-Token": cat_token})
    assert own.status_code == 403
    with c["app"].state.glutemed.uow() as uow:
        assert uow.attention.all(ben) == [] and uow.attention.all(c["ids"]["Cat"]) == []


def test_a_clients_page_shows_the_same_flags_at_the_top(clinic: dict[str, Any]) -> None:
    c = clinic
    page = c["client"].get(f"/people/{c['ids']['Ben']}/today").text
    assert page.index('id="attention"') < page.index('id="ex-1"')  # above the exercises
    assert "Not training" in page and "Low adherence" in page
    assert 'name="back" value="today"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    done = c["client"].post(f"/clinic/clients/{c['ids']['Ben']}/attention/low-adherence",
                            data={"csrf_token": token, "note": "Texted", "back": "today"},
                            follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"/people/{c['ids']['Ben']}/today#attention"
    again = c["client"].get(f"/people/{c['ids']['Ben']}/today").text
    assert "Low adherence (acknowledged)" in again and "Texted" in again
