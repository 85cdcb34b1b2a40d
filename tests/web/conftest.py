"""Fixtures for the web tests: an app on a fresh database, and CSRF-aware clients.

Every web test builds its app on a fresh SQLite file by default. A test module that must
also run on PostgreSQL (the API, authorisation and security tests, and the page journey)
overrides ``web_db_url`` with the root ``db_url`` fixture::

    @pytest.fixture
    def web_db_url(db_url: str) -> str:
        return db_url

Its app-using tests then run twice, ``[sqlite]`` and ``[postgres]`` (the PostgreSQL run gets
its own schema and is skipped when no PostgreSQL URL is given). The other page tests stay on
SQLite only, so the suite does not double its time for wording and layout.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from glutemed.config import Settings
from glutemed.web.app import create_app
from glutemed.web.settings import WebSettings

with warnings.catch_warnings():
    # starlette's TestClient warns that it wants httpx2; the project pins httpx.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TEST_CLIENT_IS_LOCAL: dict[str, str] = {"allowed_hosts": "testserver",
                                         "local_clients": "testclient"}
"""Starlette's TestClient sends ``Host: testserver`` from the address ``testclient``: the
apps built here count it as this computer, as a browser on 127.0.0.1 would be (single-person
mode refuses other hosts and unpaired addresses; ``tests/web/test_phone_gate.py`` tests
that with these settings left out)."""

PROFILE: dict[str, Any] = {
    "goal": "rehab",
    "days_per_week": 2,
    "weeks": 8,
    "equipment": ["mini-band", "cuff-weight"],
    "mass_kg": 70,
    "height_m": 1.75,
}


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token (fetched once, cached on the client)."""
    token = getattr(client, "_csrf", None)
    if token is None:
        token = client.get("/api/v1/csrf").json()["csrf_token"]
        client._csrf = token  # type: ignore[attr-defined]
    return str(token)


def form_token(html: str) -> str:
    """The CSRF token embedded in a page."""
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "every page carries the CSRF token"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str) -> str:
    """Log ``username`` in through the login form (CSRF token from the page); the new
    session's API CSRF token."""
    response = client.post(
        "/login",
        data={"username": username, "password": password,
              "csrf_token": form_token(client.get("/login").text), "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return str(client.get("/api/v1/csrf").json()["csrf_token"])


@pytest.fixture
def web_db_url(tmp_path: Path) -> str:
    """The database the app under test uses: a fresh SQLite file, unless a module overrides
    this fixture to run on both databases (see the module docstring)."""
    return f"sqlite:///{tmp_path / 'web.sqlite3'}"


@pytest.fixture
def make_app(web_db_url: str) -> Iterator[Callable[..., Any]]:
    """Build an app on the test's database; ``clinic=True`` for clinic mode.

    Every app built is closed at the end of the test, before its PostgreSQL schema is
    dropped, so pooled connections never pile up on the server across tests.
    """
    built: list[Any] = []

    def build(clinic: bool = False, **web: Any) -> Any:
        settings = Settings(database_url=web_db_url)
        app = create_app(settings, WebSettings(**{**TEST_CLIENT_IS_LOCAL, **web},
                                               clinic=clinic, secret_key="k" * 32))
        built.append(app)
        return app

    yield build
    for app in built:
        app.state.glutemed.close()


@pytest.fixture
def client(make_app: Callable[..., Any]) -> TestClient:
    """A single-person-mode client."""
    return TestClient(make_app())


def start(client: TestClient, name: str = "Ann", **profile: Any) -> int:
    """Create a person through the API and return their id."""
    body = {"name": name, "profile": {**PROFILE, **profile}, "start_date": "2026-01-05"}
    response = client.post("/api/v1/people", json=body, headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def first_set(client: TestClient, person_id: int, date: str = "2026-01-05") -> dict[str, Any]:
    """The API body of the first set due on ``date``: the first item of that day's session,
    its side, and the top of its rep or hold range."""
    due = client.get(f"/api/v1/people/{person_id}/today", params={"date": date})
    assert due.status_code == 200, due.text
    first = due.json()["items"][0]
    target = first["target"]
    dose = {"reps": target["reps"][1]} if target["reps"] else {"hold_s": target["hold_s"][1]}
    return {"variant_id": target["variant_id"], "side": first["side"], "date": date, **dose}


def api_routes(app: Any) -> list[Any]:
    """Every APIRoute of the app, also inside included routers (FastAPI >= 0.16x includes
    routers lazily, so ``app.routes`` alone does not list them)."""
    from fastapi.routing import APIRoute

    found: list[Any] = []
    stack = list(app.routes)
    while stack:
        route = stack.pop(0)
        if isinstance(route, APIRoute):
            found.append(route)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            stack.extend(inner.routes)
    return found


@pytest.fixture
def helpers() -> Any:
    """The helper functions above, for test modules (importlib mode cannot import conftest)."""

    class Helpers:
        csrf = staticmethod(csrf_of)
        token = staticmethod(form_token)
        start = staticmethod(start)
        first_set = staticmethod(first_set)
        routes = staticmethod(api_routes)

    return Helpers
