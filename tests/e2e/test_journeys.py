"""Browser journeys: onboard, get a program, log a session with the hold timer, see progress.

Playwright drives Debian's /usr/bin/chromium (never a downloaded browser) against uvicorn
on a free localhost port with a temporary SQLite file. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def page(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}).new_page()


def test_onboard_log_with_hold_timer_and_see_progress(
    server: str, page: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    page.goto(server + "/")
    assert page.url.endswith("/onboarding")
    axe(page)
    page.fill("#name", "Robin")
    page.check("input[name=goal][value=rehab]")
    page.fill("#mass_kg", "70")
    page.fill("#height_m", "1.75")
    page.screenshot(path=str(artifacts / "01-onboarding.png"), full_page=True)
    page.click("text=Build my program")
    page.wait_for_url("**/today")  # onboarding lands on the first session
    axe(page)
    page.click("nav >> text=Program")
    page.wait_for_url("**/program")
    assert page.locator("#w-1").count() == 1
    axe(page)
    page.screenshot(path=str(artifacts / "02-program.png"))

    page.click("nav >> text=Today")
    page.wait_for_url("**/today")
    axe(page)
    timer = page.locator("[data-timer=hold]").first
    assert timer.count() == 1, "a rehab program starts with isometric holds"
    page.evaluate(
        "document.querySelectorAll('[data-timer=hold]').forEach(function (el) {"
        " el.querySelectorAll('[data-start]').forEach(function (b) { b.dataset.holdS = '2'; });"
        " el.timer.readyS = 1; })"
    )
    timer.locator("button[data-start]").first.click()
    page.wait_for_timeout(600)
    page.screenshot(path=str(artifacts / "03-hold-get-ready.png"))
    page.wait_for_selector("[data-timer=hold].done")  # no eval: the page's CSP forbids it
    assert page.evaluate("window.glutemedBeeps || 0") >= 1, "the timer beeps"
    form_id = timer.get_attribute("data-form")
    form = page.locator(f"#{form_id}")
    assert form.locator("[name=hold_s]").input_value() == "2"
    form.locator("input[type=radio][value=yes]").first.check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Set logged")
    page.wait_for_selector("[data-timer=rest]")
    axe(page)
    page.screenshot(path=str(artifacts / "04-logged-rest-timer.png"), full_page=True)

    page.click("nav >> text=Progress")
    page.wait_for_url("**/progress")
    axe(page)
    assert page.locator("svg[role=img]").count() >= 1
    assert page.locator("text=Why it changed").count() == 1
    page.screenshot(path=str(artifacts / "05-progress.png"), full_page=True)

    page.click("nav >> text=Library")
    page.wait_for_url("**/library*")
    axe(page)
    page.click("table a >> nth=0")
    page.wait_for_load_state()
    axe(page)
    page.screenshot(path=str(artifacts / "06-variant.png"), full_page=True)
    assert page.locator("h2", has_text="Modelled demand").count() == 1
