"""Clinic mode in a browser: a clinician adds a client, the client logs in and sees only
their own session; the login form and the clinic list are photographed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

PASSWORD = "clinic password 1"  # the clinic_server fixture's (conftest)


def _login(page: Any, base: str, username: str, axe: Callable[[Any], None]) -> None:
    page.goto(base + "/")
    assert "/login" in page.url
    axe(page)
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")


def test_clinician_adds_a_client_who_then_sees_only_their_own_session(
    clinic_server: str, browser: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    clinician = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
    clinician.goto(clinic_server + "/login")
    axe(clinician)
    clinician.screenshot(path=str(artifacts / "10-login.png"))
    # A wrong password: the message is tied to both fields, which are marked invalid.
    clinician.fill("#username", "dr-lee")
    clinician.fill("#password", "not the password")
    clinician.click("button:has-text('Log in')")
    clinician.wait_for_selector("#login-error")
    axe(clinician)
    for field in ("#username", "#password"):
        assert clinician.get_attribute(field, "aria-invalid") == "true"
        assert clinician.get_attribute(field, "aria-describedby") == "login-error"
    assert "Wrong username or password" in clinician.inner_text("#login-error")
    _login(clinician, clinic_server, "dr-lee", axe)
    clinician.wait_for_url("**/clinic")
    axe(clinician)
    clinician.click("text=Add a client")
    clinician.wait_for_url("**/onboarding")
    axe(clinician)
    clinician.fill("#name", "Casey")
    clinician.fill("#username", "casey")
    clinician.fill("#password", PASSWORD)
    clinician.check("input[name=goal][value=risk-reduction]")
    clinician.click("button:has-text('Build my program')")
    clinician.wait_for_url("**/clinic")
    axe(clinician)
    assert clinician.locator("td", has_text="Casey").count() == 1
    clinician.screenshot(path=str(artifacts / "11-clinic-clients.png"), full_page=True)

    client = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    _login(client, clinic_server, "casey", axe)
    client.wait_for_url("**/today")
    axe(client)
    assert client.locator("h1", has_text="Today").count() == 1
    assert client.locator("nav >> text=Clients").count() == 0
    client.screenshot(path=str(artifacts / "12-client-today.png"))
    other = client.goto(clinic_server + "/clinic")
    assert other is not None and other.status == 403
    axe(client)
