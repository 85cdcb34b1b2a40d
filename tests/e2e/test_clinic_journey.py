"""Clinic mode in a browser: a clinician adds a client, the client logs in and sees only
their own session; the login form and the clinic list are photographed."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PASSWORD = "clinic password 1"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def clinic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from glutemed.config import Settings
    from glutemed.services import accounts
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    db = tmp_path_factory.mktemp("clinic") / "clinic.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}"), WebSettings(clinic=True))
    with app.state.glutemed.uow() as uow:
        accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        uow.commit()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")


def test_clinician_adds_a_client_who_then_sees_only_their_own_session(clinic_server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        clinician = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
        clinician.goto(clinic_server + "/login")
        clinician.screenshot(path=str(ARTIFACTS / "10-login.png"))
        _login(clinician, clinic_server, "dr-lee")
        clinician.wait_for_url("**/clinic")
        clinician.click("text=Add a client")
        clinician.fill("#name", "Casey")
        clinician.fill("#username", "casey")
        clinician.fill("#password", PASSWORD)
        clinician.check("input[name=goal][value=risk-reduction]")
        clinician.click("button:has-text('Build my program')")
        clinician.wait_for_url("**/clinic")
        assert clinician.locator("td", has_text="Casey").count() == 1
        clinician.screenshot(path=str(ARTIFACTS / "11-clinic-clients.png"), full_page=True)

        client = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        _login(client, clinic_server, "casey")
        client.wait_for_url("**/today")
        assert client.locator("h1", has_text="Today").count() == 1
        assert client.locator("nav >> text=Clients").count() == 0
        client.screenshot(path=str(ARTIFACTS / "12-client-today.png"))
        other = client.goto(clinic_server + "/clinic")
        assert other is not None and other.status == 403
        browser.close()
