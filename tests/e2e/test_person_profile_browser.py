"""Browser: a person with lateral hip pain on the right onboards and sees on `today` what
that changes (issue 13): the everyday advice, the painful leg's own item and which side to
lie on. Every page loaded is audited with axe."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def page(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}).new_page()


def test_lateral_hip_pain_onboarding_shows_the_advice_and_the_side_on_today(
    server: str, page: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    page.goto(server + "/onboarding")
    axe(page)
    page.fill("#name", "Lee")
    page.check("input[name=goal][value=rehab]")
    page.check("input[name=equipment][value=mini-band]")
    page.check("input[name=equipment][value=cuff-weight]")
    page.fill("#age", "54")
    page.select_option("#condition", "lateral-hip-pain")
    page.select_option("#affected_side", "right")
    page.select_option("#fell_last_year", "no")
    page.select_option("#one_leg_10s", "yes")
    page.check("input[name=bands][value=yellow]")
    page.check("input[name=bands][value=red]")
    page.fill("#cuff_kg", "2")
    page.screenshot(path=str(artifacts / "person-01-onboarding.png"), full_page=True)
    page.click("text=Build my program")
    page.wait_for_url("**/today")
    axe(page)
    advice = page.locator("section", has=page.locator("#h-education"))
    assert advice.count() == 1
    assert "legs crossed" in advice.inner_text()
    assert page.locator("text=Lie on your left side with your right leg on top").count() >= 1
    assert page.locator("text=right leg only").count() >= 1
    page.screenshot(path=str(artifacts / "person-02-today.png"), full_page=True)
