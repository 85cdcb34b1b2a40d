"""The security defects of issue 14, each reproduced as it was found, and the fix that holds:
logout and password resets end sessions on the server, client names are unique per
clinician, the login throttle cannot be dodged by spelling, by spraying usernames or by a
forged X-Forwarded-For, and every answer carries the headers a clinic needs (CSP, HSTS over
HTTPS, no-store on personal pages), a body limit, and 503 + Retry-After when the database is
busy. SQLite always, PostgreSQL when a URL is given."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest

from glutemed.services import accounts

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
COOKIE = "glutemed_session"
PERSON = {
    "profile": {"goal": "rehab", "days_per_week": 2, "weeks": 8, "equipment": ["mini-band"]},
    "start_date": "2026-01-05",
}


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (the clinics' database)."""
    return db_url


def _token(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "every page carries the CSRF token"
    return match.group(1)


def _add_account(app: Any, username: str, role: str = "clinician") -> int:
    with app.state.glutemed.uow() as uow:
        account = accounts.create_account(uow, username, PASSWORD, role)
        uow.commit()
    return account.id


def _login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    token = _token(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token}, follow_redirects=False)


def _logged_in(app: Any, username: str) -> TestClient:
    client = TestClient(app)
    assert _login(client, username).status_code == 303
    return client


def _api_token(client: TestClient) -> str:
    return str(client.get("/api/v1/csrf").json()["csrf_token"])


def _new_person(client: TestClient, name: str) -> Any:
    return client.post("/api/v1/people", json={"name": name, **PERSON},
                       headers={"X-CSRF-Token": _api_token(client)})


def _copy(app: Any, client: TestClient) -> TestClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    copy = TestClient(app)
    copy.cookies.set(COOKIE, client.cookies[COOKIE])
    return copy


# -- defect 1: logout did not end a session ---------------------------------------------------


def test_logout_ends_the_session_even_for_a_copied_cookie(make_app: Any) -> None:
    """Before: a copy of the cookie taken before logout still read (200) and wrote (201)
    for the cookie's whole 12 h."""
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    client = _logged_in(app, "dr-lee")
    stolen = _copy(app, client)
    token = _api_token(stolen)
    assert stolen.get("/api/v1/people").status_code == 200
    page = client.get("/clinic").text
    assert client.post("/logout", data={"csrf_token": _token(page)},
                       follow_redirects=False).status_code == 303
    assert stolen.get("/api/v1/people").status_code == 401
    wrote = stolen.post("/api/v1/people", json={"name": "Mallory", **PERSON},
                        headers={"X-CSRF-Token": token})
    assert wrote.status_code in (401, 403)
    assert stolen.get("/clinic", follow_redirects=False).status_code == 303  # to /login


def test_a_second_app_on_the_same_database_sees_the_logout(make_app: Any) -> None:
    """Several workers share the sessions: a logout on one ends the login on all."""
    first, second = make_app(clinic=True), make_app(clinic=True)
    _add_account(first, "dr-lee")
    client = _logged_in(first, "dr-lee")
    elsewhere = TestClient(second)
    elsewhere.cookies.set(COOKIE, client.cookies[COOKIE])
    assert elsewhere.get("/api/v1/people").status_code == 200
    client.post("/logout", data={"csrf_token": _token(client.get("/clinic").text)})
    assert elsewhere.get("/api/v1/people").status_code == 401


# -- defect 3: client names were unique clinic-wide ---------------------------------------------


def test_client_names_are_unique_per_clinician_not_per_clinic(make_app: Any) -> None:
    """Before: dr-kim creating "Ann Client" was told it "already exists", learning that
    another clinician has a client of that name."""
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    _add_account(app, "dr-kim")
    lee, kim = _logged_in(app, "dr-lee"), _logged_in(app, "dr-kim")
    assert _new_person(lee, "Ann Client").status_code == 201
    created = _new_person(kim, "Ann Client")
    assert created.status_code == 201, created.text
    again = _new_person(kim, "Ann Client")
    assert again.status_code == 422 and "you already have a client called" in again.text
    assert [p["name"] for p in lee.get("/api/v1/people").json()] == ["Ann Client"]
    assert [p["id"] for p in kim.get("/api/v1/people").json()] == [created.json()["id"]]


# -- defect 6: the login throttle was dodged --------------------------------------------------


def test_every_spelling_that_could_reach_an_account_shares_its_limit(make_app: Any) -> None:
    """Before, on PostgreSQL: the database folded ``İrene`` to ``irene`` and logged it in,
    while the throttle (Python's folding) counted it under another name, so each spelling
    bought a fresh set of guesses. Now one folding decides both."""
    app = make_app(clinic=True, login_max_failures=3)
    _add_account(app, "irene", "client")
    client = TestClient(app)
    assert [_login(client, "irene", "wrong password!").status_code for _ in range(3)] == [
        401, 401, 401
    ]
    for spelling in ("irene", "IRENE", "İrene", "İRENE", "ｉｒｅｎｅ", " Irene "):
        answer = _login(client, spelling)
        assert answer.status_code in (401, 429), spelling  # never logged in (303)


def test_one_address_spraying_usernames_is_throttled(make_app: Any) -> None:
    """Before: one address could try any number of usernames; each had its own limit."""
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    client = TestClient(app)
    statuses = [_login(client, f"user-{n}", "wrong password!").status_code for n in range(22)]
    assert statuses[:20] == [401] * 20 and statuses[20:] == [429, 429]
    refused = _login(client, "dr-lee")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    other = TestClient(app, client=("203.0.113.9", 50000))  # another address is not affected
    assert _login(other, "dr-lee").status_code == 303


def test_forwarded_for_is_ignored_unless_the_proxy_is_configured(make_app: Any) -> None:
    app = make_app(clinic=True, login_max_failures=2)
    _add_account(app, "dr-lee")
    client = TestClient(app, client=("127.0.0.1", 50000))
    statuses = []
    for n in range(4):
        client.headers["X-Forwarded-For"] = f"198.51.100.{n}"
        statuses.append(_login(client, "dr-lee", "wrong password!").status_code)
    assert statuses == [401, 401, 429, 429]
    trusting = make_app(clinic=True, login_max_failures=2, trusted_proxies="127.0.0.1")
    proxied = TestClient(trusting, client=("127.0.0.1", 50000))
    statuses = []
    for n in range(4):
        proxied.headers["X-Forwarded-For"] = f"198.51.100.{n}"
        statuses.append(_login(proxied, "dr-lee", "wrong password!").status_code)
    assert statuses == [401, 401, 401, 401]  # four clients behind the proxy, one failure each
