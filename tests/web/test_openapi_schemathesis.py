"""A property-based run against the OpenAPI document: no input gives a server error.

Schemathesis generates requests from ``/api/v1/openapi.json`` (few examples per operation,
to stay quick) and checks each answer is not a 5xx.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from glutemed.config import Settings
from glutemed.web.app import create_app
from glutemed.web.settings import WebSettings

_DIR = Path(tempfile.mkdtemp(prefix="glutemed-schemathesis-"))
APP = create_app(
    Settings(database_url=f"sqlite:///{_DIR / 'st.sqlite3'}"),
    # schemathesis' ASGI client is Starlette's TestClient: Host "testserver", address
    # "testclient", counted as this computer (see tests/web/conftest.py).
    WebSettings(secret_key="s" * 32, allowed_hosts="testserver", local_clients="testclient"),
)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


def _client() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(APP)


_CLIENT = _client()
_TOKEN = _CLIENT.get("/api/v1/csrf").json()["csrf_token"]
_COOKIES = dict(_CLIENT.cookies)
_CLIENT.post(
    "/api/v1/people",
    json={"name": "Sam", "profile": {"goal": "rehab"}, "start_date": "2026-01-05"},
    headers={"X-CSRF-Token": _TOKEN},
)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gives_a_server_error(case: Any) -> None:
    response = case.call(headers={"X-CSRF-Token": _TOKEN}, cookies=_COOKIES)
    case.validate_response(response, checks=[not_a_server_error])
