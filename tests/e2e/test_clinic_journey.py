"""Clinic mode in a browser: a clinician adds a client, the client logs in and sees only
their own session; the login form and the clinic list are photographed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PASSWORD = "clinic password 1"  # the clinic_server fixture's (conftest)


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")


def test_clinician_adds_a_client_who_then_sees_only_their_own_session(
    clinic_server: str, browser: Any, artifacts: Path
) -> None:
    clinician = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
    clinician.goto(clinic_server + "/login")
    clinician.screenshot(path=str(artifacts / "10-login.png"))
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
    clinician.screenshot(path=str(artifacts / "11-clinic-clients.png"), full_page=True)

    client = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    _login(client, clinic_server, "casey")
    client.wait_for_url("**/today")
    assert client.locator("h1", has_text="Today").count() == 1
    assert client.locator("nav >> text=Clients").count() == 0
    client.screenshot(path=str(artifacts / "12-client-today.png"))
    other = client.goto(clinic_server + "/clinic")
    assert other is not None and other.status == 403
