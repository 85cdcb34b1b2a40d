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
from tests.web.conftest import TEST_CLIENT_IS_LOCAL

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


# -- sessions: listed, ended one by one, by a password change, a reset, a disable, expiry ---


def test_the_account_page_lists_sessions_and_ends_one(make_app: Any) -> None:
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    laptop = _logged_in(app, "dr-lee")
    phone = TestClient(app, headers={"User-Agent": "PhoneBrowser/1.0"})
    assert _login(phone, "dr-lee").status_code == 303
    page = laptop.get("/account")
    assert page.status_code == 200
    assert "PhoneBrowser/1.0" in page.text and "(this one)" in page.text
    ends = re.findall(r'action="/account/sessions/(\d+)/end"', page.text)
    assert len(ends) == 2
    phone_id = next(i for i in ends if f'/account/sessions/{i}/end' in page.text.split(
        "PhoneBrowser/1.0", 1)[1][:600])
    laptop.post(f"/account/sessions/{phone_id}/end", data={"csrf_token": _token(page.text)})
    assert phone.get("/api/v1/people").status_code == 401
    assert laptop.get("/api/v1/people").status_code == 200
    # another account's session id is not one's own to end
    _add_account(app, "dr-kim")
    kim = _logged_in(app, "dr-kim")
    kim_page = kim.get("/account").text
    kim_id = re.findall(r'action="/account/sessions/(\d+)/end"', kim_page)[0]
    refused = laptop.post(f"/account/sessions/{kim_id}/end",
                          data={"csrf_token": _token(laptop.get("/account").text)})
    assert refused.status_code == 404
    assert kim.get("/api/v1/people").status_code == 200


def test_a_password_change_ends_every_other_session_and_keeps_this_one(make_app: Any) -> None:
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    here, elsewhere = _logged_in(app, "dr-lee"), _logged_in(app, "dr-lee")
    page = here.get("/account").text
    wrong = here.post("/account/password", data={
        "current_password": "not it at all", "new_password": "a new long secret",
        "new_password_again": "a new long secret", "csrf_token": _token(page)})
    assert wrong.status_code == 422 and "current_password" in wrong.text
    assert elsewhere.get("/api/v1/people").status_code == 200
    changed = here.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a new long secret",
        "new_password_again": "a new long secret", "csrf_token": _token(page)})
    assert changed.status_code == 200 and "1 other session ended" in changed.text
    assert elsewhere.get("/api/v1/people").status_code == 401
    assert here.get("/api/v1/people").status_code == 200
    assert _login(TestClient(app), "dr-lee").status_code == 401
    assert _login(TestClient(app), "dr-lee", "a new long secret").status_code == 303


def test_a_reset_or_a_disable_ends_every_session(make_app: Any) -> None:
    app = make_app(clinic=True)
    lee = _add_account(app, "dr-lee")
    client = _logged_in(app, "dr-lee")
    assert accounts.reset_password(app.state.glutemed.uow(), lee, "another long secret") == 1
    assert client.get("/api/v1/people").status_code == 401
    client = TestClient(app)
    assert _login(client, "dr-lee", "another long secret").status_code == 303
    import datetime as dt

    accounts.set_enabled(app.state.glutemed.uow(), lee, False, dt.datetime.now(dt.UTC))
    assert client.get("/api/v1/people").status_code == 401
    refused = _login(TestClient(app), "dr-lee", "another long secret")
    assert refused.status_code == 403 and "disabled" in refused.text
    wrong = _login(TestClient(app), "dr-lee", "a wrong password")
    assert wrong.status_code == 401 and "disabled" not in wrong.text  # no hint without it


def test_an_expired_session_is_refused_by_the_server(make_app: Any) -> None:
    """The cookie's own age is not trusted: the server's expiry decides."""
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    client = _logged_in(app, "dr-lee")
    from sqlalchemy import update

    from glutemed.store.tables import LoginSessionRow

    with app.state.glutemed.uow() as uow:
        uow.session.execute(update(LoginSessionRow).values(expires_at_s=1.0))
        uow.commit()
    assert client.get("/api/v1/people").status_code == 401


def test_the_database_holds_only_a_hash_of_the_token(make_app: Any) -> None:
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    client = _logged_in(app, "dr-lee")
    cookie = client.cookies[COOKIE]
    token = app.state.glutemed.codec.loads(cookie).login_token
    from sqlalchemy import select

    from glutemed.store.tables import LoginSessionRow

    with app.state.glutemed.uow(readonly=True) as uow:
        stored = list(uow.session.scalars(select(LoginSessionRow.token_hash)))
    import hashlib

    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored and token not in cookie  # signed, but the token is inside


def test_a_cookie_from_before_server_sessions_is_not_a_login(make_app: Any) -> None:
    """0.1's cookie named the account id; signed with the same key it must not log in."""
    app = make_app(clinic=True)
    lee = _add_account(app, "dr-lee")
    from itsdangerous import URLSafeTimedSerializer

    old = URLSafeTimedSerializer("k" * 32, salt="glutemed-session").dumps({"c": "x", "a": lee})
    client = TestClient(app)
    client.cookies.set(COOKIE, old)
    assert client.get("/api/v1/people").status_code == 401


# -- defect 7: headers, body size, a busy database --------------------------------------------


def test_every_page_has_a_csp_and_personal_answers_are_not_stored(
    make_app: Any, helpers: Any
) -> None:
    client = TestClient(make_app())
    person_id = helpers.start(client)
    for url in ("/library", f"/people/{person_id}/today", f"/api/v1/people/{person_id}",
                f"/people/{person_id}/export.csv", f"/people/{person_id}/export.json",
                "/api/docs"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert answer.headers["cache-control"] == "no-store", url
        assert "strict-transport-security" not in answer.headers  # plain HTTP
    static = client.get("/static/app.css")
    assert "no-store" not in static.headers.get("cache-control", "")


def test_https_answers_carry_hsts(make_app: Any) -> None:
    over_https = TestClient(make_app(), base_url="https://testserver").get("/library")
    assert over_https.headers["strict-transport-security"].startswith("max-age=31536000")
    behind_proxy = TestClient(make_app(https=True)).get("/library")
    assert "strict-transport-security" in behind_proxy.headers


def test_templates_and_scripts_need_nothing_the_csp_forbids() -> None:
    """No inline script, inline handler, style attribute or javascript: URL in any
    template (the CSP would block it, silently breaking the page)."""
    from pathlib import Path

    import glutemed.web

    templates = Path(glutemed.web.__file__).parent / "templates"
    offending = []
    for path in templates.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)", r"\son[a-z]+\s*=", r"\sstyle\s*=",
                        r"javascript:", r"<style"):
            if re.search(pattern, html, re.IGNORECASE):
                offending.append((path.name, pattern))
    assert offending == []


def test_api_docs_load_nothing_from_another_origin(make_app: Any) -> None:
    client = TestClient(make_app(clinic=True))
    page = client.get("/api/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith(("/", "data:")) for s in sources), sources
    assert "<script>" not in page
    for source in sources:
        if source.startswith("/static/"):
            assert client.get(source).status_code == 200, source
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_a_body_over_the_limit_is_refused_before_it_is_read(make_app: Any, helpers: Any) -> None:
    client = TestClient(make_app(max_body_kb=64))
    token = helpers.csrf(client)
    big = {"name": "Ann", "profile": {"goal": "rehab"}, "note": "x" * 70_000}
    answer = client.post("/api/v1/people", json=big, headers={"X-CSRF-Token": token})
    assert answer.status_code == 413 and "64 KB" in answer.json()["detail"]

    def chunks() -> Any:  # no Content-Length: counted as it arrives
        for _ in range(70):
            yield b"x" * 1024

    streamed = client.post("/api/v1/people", content=chunks(),
                           headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
    assert streamed.status_code == 413
    form = client.post("/onboarding", data={"csrf_token": token, "name": "y" * 70_000})
    assert form.status_code == 413 and "64 KB" in form.text
    assert client.get("/api/v1/people").json() == []


def test_the_default_body_limit_refuses_fifty_megabytes(make_app: Any, helpers: Any) -> None:
    client = TestClient(make_app())
    answer = client.post("/api/v1/people", content=b"[" + b"0," * (25 << 20) + b"0]",
                         headers={"X-CSRF-Token": helpers.csrf(client),
                                  "Content-Type": "application/json"})
    assert answer.status_code == 413


def test_a_busy_database_answers_503_with_retry_after(tmp_path: Any, helpers: Any) -> None:
    """Before: 400, as if the request were wrong. Another process (the command line
    importing, a second server) holds SQLite's write lock past the busy timeout."""
    import sqlite3

    from glutemed.config import Settings
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    path = tmp_path / "busy.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{path}", busy_timeout_ms=50),
                     WebSettings(**TEST_CLIENT_IS_LOCAL, secret_key="k" * 32))
    client = TestClient(app)
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    page = client.get(f"/people/{person_id}/today").text
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        api = client.post(f"/api/v1/people/{person_id}/sets", json=body,
                          headers={"X-CSRF-Token": helpers.csrf(client)})
        form = client.post(f"/people/{person_id}/sets", data={
            "csrf_token": _token(page), **{k: str(v) for k, v in body.items()}})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert api.status_code == 503 and api.headers["retry-after"] == "2"
    assert "busy" in api.json()["detail"]
    assert form.status_code == 503 and form.headers["retry-after"] == "2"
    assert client.get(f"/api/v1/people/{person_id}/sets").json() == []  # nothing half-saved
    app.state.glutemed.close()


# -- a clinician manages their own clients' logins ---------------------------------------------

ONBOARD = {"goal": "rehab", "days_per_week": "2", "weeks": "8", "equipment": ["mini-band"]}


def _add_client(clinician: TestClient, name: str, username: str) -> int:
    token = _token(clinician.get("/onboarding").text)
    made = clinician.post("/onboarding", data={**ONBOARD, "name": name, "username": username,
                                               "password": PASSWORD, "csrf_token": token},
                          follow_redirects=False)
    assert made.status_code == 303, made.text
    people = clinician.get("/api/v1/people").json()
    return int(next(p["id"] for p in people if p["name"] == name))


def test_a_clinician_resets_disables_and_enables_their_clients_login(make_app: Any) -> None:
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    lee = _logged_in(app, "dr-lee")
    ana_id = _add_client(lee, "Ana", "ana")
    assert f'href="/clinic/clients/{ana_id}/login"' in lee.get("/clinic").text
    ana = _logged_in(app, "ana")
    page = lee.get(f"/clinic/clients/{ana_id}/login")
    assert page.status_code == 200 and "ana" in page.text and "1 browser" in page.text
    differ = lee.post(f"/clinic/clients/{ana_id}/login/password", data={
        "new_password": "a fresh secret 1", "new_password_again": "a fresh secret 2",
        "csrf_token": _token(page.text)})
    assert differ.status_code == 422 and "differ" in differ.text
    assert ana.get("/api/v1/people").status_code == 200
    reset = lee.post(f"/clinic/clients/{ana_id}/login/password", data={
        "new_password": "a fresh secret 1", "new_password_again": "a fresh secret 1",
        "csrf_token": _token(page.text)})
    assert reset.status_code == 200 and "1 session ended" in reset.text
    assert ana.get("/api/v1/people").status_code == 401
    ana = TestClient(app)
    assert _login(ana, "ana", "a fresh secret 1").status_code == 303
    lee.post(f"/clinic/clients/{ana_id}/login/disable", data={"csrf_token": _token(page.text)})
    assert ana.get("/api/v1/people").status_code == 401
    assert _login(TestClient(app), "ana", "a fresh secret 1").status_code == 403
    assert "Disabled" in lee.get(f"/clinic/clients/{ana_id}/login").text
    assert lee.get(f"/api/v1/people/{ana_id}/sets").status_code == 200  # history kept
    lee.post(f"/clinic/clients/{ana_id}/login/enable", data={"csrf_token": _token(page.text)})
    assert _login(TestClient(app), "ana", "a fresh secret 1").status_code == 303


def test_no_one_else_can_touch_a_clients_login(make_app: Any) -> None:
    app = make_app(clinic=True)
    _add_account(app, "dr-lee")
    _add_account(app, "dr-kim")
    lee, kim = _logged_in(app, "dr-lee"), _logged_in(app, "dr-kim")
    ana_id = _add_client(lee, "Ana", "ana")
    ana = _logged_in(app, "ana")
    kim_token = _token(kim.get("/clinic").text)
    ana_token = _token(ana.get("/account").text)
    for who, token in ((kim, kim_token), (ana, ana_token)):
        assert who.get(f"/clinic/clients/{ana_id}/login").status_code in (403, 404)
        for action in ("disable", "enable"):
            answer = who.post(f"/clinic/clients/{ana_id}/login/{action}",
                              data={"csrf_token": token})
            assert answer.status_code in (403, 404)
        answer = who.post(f"/clinic/clients/{ana_id}/login/password", data={
            "new_password": "stolen secret!!", "new_password_again": "stolen secret!!",
            "csrf_token": token})
        assert answer.status_code in (403, 404)
    assert ana.get("/api/v1/people").status_code == 200  # nothing ended
    assert _login(TestClient(app), "ana").status_code == 303  # password unchanged
    # a person the clinician added without a login has no login page
    bo = _new_person(lee, "Bo").json()["id"]
    assert lee.get(f"/clinic/clients/{bo}/login").status_code == 404
    assert f'/clinic/clients/{bo}/login' not in lee.get("/clinic").text


def test_the_clinicians_pages_warn_when_the_secret_key_is_random(make_app: Any) -> None:
    from glutemed.config import Settings
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    keyed = make_app(clinic=True)
    _add_account(keyed, "dr-lee")
    assert "GLUTEMED_SECRET_KEY" not in _logged_in(keyed, "dr-lee").get("/clinic").text
    settings = keyed.state.glutemed.settings
    random_key = create_app(Settings(database_url=settings.database_url),
                            WebSettings.from_env({}, clinic=True))
    try:
        lee = _logged_in(random_key, "dr-lee")
        assert "runs without <code>GLUTEMED_SECRET_KEY</code>" in lee.get("/clinic").text
        ana_id = _add_client(lee, "Ana", "ana")
        ana = _logged_in(random_key, "ana")
        assert "GLUTEMED_SECRET_KEY" not in ana.get(f"/people/{ana_id}/today").text
    finally:
        random_key.state.glutemed.close()
