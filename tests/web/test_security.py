"""CSRF rejection, login throttling, cookie flags and password hashing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from glutemed.services import accounts
from glutemed.store.unit_of_work import SqlUnitOfWork
from glutemed.web.throttle import DatabaseFailures, LoginThrottle


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (the clinics' database)."""
    return db_url


def test_every_unsafe_route_rejects_a_request_without_the_csrf_token(
    client: Any, helpers: Any
) -> None:
    app = client.app
    checked = 0
    for route in helpers.routes(app):
        for method in route.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            url = (route.path.replace("{person_id}", "1").replace("{set_id}", "1")
                   .replace("{variant_id}", "x.y").replace("{fmt}", "csv"))
            response = client.request(method, url, data={"csrf_token": "forged"})
            checked += 1
            assert response.status_code == 403, (method, url, response.status_code)
    assert checked >= 8


def test_a_form_with_the_right_token_passes_csrf(client: Any, helpers: Any) -> None:
    token = helpers.token(client.get("/onboarding").text)
    response = client.post("/onboarding", data={"csrf_token": token, "name": "Ann"},
                           follow_redirects=False)
    assert response.status_code == 422  # past CSRF; the form itself is incomplete
    assert "goal" in response.text


def test_login_is_throttled_per_username_and_ip(make_app: Any) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(make_app(clinic=True, login_max_failures=3, login_window_s=600))
    token = re.search(r'csrf-token" content="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    statuses = [
        client.post("/login", data={"username": "eve", "password": "wrong-password",
                                    "csrf_token": token}).status_code
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
    other = client.post("/login", data={"username": "someone-else", "password": "x" * 12,
                                        "csrf_token": token})
    assert other.status_code == 401


def test_throttle_window_slides(engine: Any) -> None:
    now = [0.0]
    throttle = LoginThrottle(
        2, 60, DatabaseFailures(lambda **kw: SqlUnitOfWork(engine, **kw)), clock=lambda: now[0]
    )
    assert throttle.begin_attempt("Eve", "1.2.3.4") == 0
    assert throttle.begin_attempt("eve", "1.2.3.4") == 0
    assert throttle.retry_after_s("eve", "1.2.3.4") > 0
    assert throttle.retry_after_s("eve", "5.6.7.8") == 0
    now[0] = 61.0
    assert throttle.retry_after_s("eve", "1.2.3.4") == 0


def test_session_cookie_is_httponly_lax_and_secure_over_https(make_app: Any) -> None:
    from fastapi.testclient import TestClient

    plain = TestClient(make_app()).get("/library")
    cookie = plain.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    https = TestClient(make_app(), base_url="https://testserver").get("/library")
    assert "secure" in https.headers["set-cookie"].lower()


def test_passwords_are_argon2_hashed_and_verified() -> None:
    hashed = accounts.hash_password("a long enough password")
    assert hashed.startswith("$argon2id$")
    assert accounts.verify_password(hashed, "a long enough password")
    assert not accounts.verify_password(hashed, "a long enough passworD")


def test_a_failed_login_keeps_the_username_and_never_echoes_the_password(make_app: Any) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(make_app(clinic=True))
    token = re.search(r'csrf-token" content="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    page = client.post("/login", data={"username": "dr-lee", "password": "not-the-password-1",
                                       "csrf_token": token})
    assert page.status_code == 401
    assert 'value="dr-lee"' in page.text
    assert "not-the-password-1" not in page.text
