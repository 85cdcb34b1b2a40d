"""In a real browser: the Content-Security-Policy breaks nothing (no violation on any page,
htmx logging and the timers still work, the vendored API docs render), and in clinic mode
a logout ends the session for a copy of the cookie held by another browser, and the
account page ends a session elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.conftest import log_in_clinician

PASSWORD = "clinic password 1"  # the clinic_server fixture's (conftest)
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _watched(context: Any) -> tuple[Any, list[str]]:
    """A page that records CSP violations (events and console reports)."""
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy"
            in m.text else None)
    return page, console


def _violations(page: Any, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__csp || []"), *console]


@pytest.fixture(scope="module")
def single_server(
    make_web_app: Callable[..., Any], serve: Callable[[Any], AbstractContextManager[str]]
) -> Iterator[str]:
    with serve(make_web_app()) as base:
        yield base


def test_no_page_breaks_the_content_security_policy(
    single_server: str, browser: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    page, console = _watched(browser.new_context(viewport={"width": 1024, "height": 900}))
    page.goto(single_server + "/onboarding")
    axe(page)
    page.fill("#name", "Robin")
    page.check("input[name=goal][value=rehab]")
    page.click("button:has-text('Build my program')")
    page.wait_for_url("**/today")
    axe(page)
    page.click("nav >> text=Program")
    page.wait_for_url("**/program")
    axe(page)
    page.click("nav >> text=Today")
    page.wait_for_url("**/today")
    axe(page)
    form = page.locator("form.log-form").first
    form.locator("input[name=checks_all]").check()
    form.locator("button[type=submit]").click()  # logged through htmx: the rest timer starts
    page.wait_for_selector("[data-timer=rest]")
    for path in ("progress", "history", "export"):
        page.click(f"nav >> text={path.capitalize()}")
        page.wait_for_load_state("load")
        axe(page)
    page.click("nav >> text=Library")
    page.wait_for_load_state("load")
    axe(page)
    page.goto(single_server + "/people/999/today")  # the error page and its Go back link
    axe(page)
    assert _violations(page, console) == []
    page.screenshot(path=str(artifacts / "20-csp-error-page.png"))


def test_the_api_docs_render_from_the_apps_own_origin(
    single_server: str, browser: Any, artifacts: Path, audit: Any
) -> None:
    """(Swagger UI's own page is a third-party tool's, not glutemed's: it is loaded for the
    CSP and origin checks only, and left out of the axe-core audit of the app's pages.)"""
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page, console = _watched(context)
    page.goto(single_server + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "glutemed" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() >= 10
    assert all(url.startswith((single_server, "data:")) for url in requested), requested
    assert _violations(page, console) == []
    page.screenshot(path=str(artifacts / "21-api-docs.png"))
    audit.pending.pop(page, None)


def _login(page: Any, base: str, axe: Callable[[Any], None]) -> None:
    log_in_clinician(page, base, axe, PASSWORD)


def test_logout_ends_the_session_in_every_browser_holding_the_cookie(
    clinic_server: str, browser: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    laptop_context = browser.new_context()
    laptop, console = _watched(laptop_context)
    _login(laptop, clinic_server, axe)
    copied = browser.new_context()
    copied.add_cookies(laptop_context.cookies())
    thief = copied.new_page()
    thief.goto(clinic_server + "/clinic")
    axe(thief)
    assert thief.url.endswith("/clinic")
    laptop.click("button:has-text('Log out')")
    laptop.wait_for_url("**/login")
    axe(laptop)
    thief.goto(clinic_server + "/clinic")
    axe(thief)
    assert "/login" in thief.url  # the copy of the cookie no longer logs in
    assert _violations(laptop, console) == []


def test_the_account_page_ends_a_session_elsewhere(
    clinic_server: str, browser: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    phone = browser.new_context(user_agent="PhoneBrowser/1.0").new_page()
    _login(phone, clinic_server, axe)
    laptop, console = _watched(browser.new_context(viewport={"width": 1024, "height": 800}))
    _login(laptop, clinic_server, axe)
    laptop.click("header >> text=dr-lee")
    laptop.wait_for_url("**/account")
    axe(laptop)
    row = laptop.locator("tr", has_text="PhoneBrowser/1.0")
    assert row.count() == 1
    laptop.screenshot(path=str(artifacts / "22-account-sessions.png"), full_page=True)
    row.locator("button:has-text('End')").click()
    laptop.wait_for_url("**/account")
    laptop.wait_for_load_state("load")
    axe(laptop)
    assert laptop.locator("tr", has_text="PhoneBrowser/1.0").count() == 0
    phone.goto(clinic_server + "/clinic")
    axe(phone)
    assert "/login" in phone.url
    assert _violations(laptop, console) == []
