"""Browser checks for two today-page behaviours found in the UX review.

Stopping a hold during its "Get ready" countdown must not write 0 s into the set's form
(it used to, and the set was then logged as a 0-second hold), and after a set is logged in
place its technique checks, where-felt and warning signs are cleared for the next set.
Debian's /usr/bin/chromium only, against uvicorn on a free port with a temporary SQLite file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(scope="module")
def today(server: str, browser: Any, onboard: Callable[..., int]) -> Any:
    """A phone-sized page on today's session of a new rehab program (it starts with holds)."""
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    person = onboard(page, server)
    page.goto(f"{server}/people/{person}/today")
    return page


def test_stopping_during_get_ready_leaves_the_seconds_held_alone(today: Any) -> None:
    timer = today.locator("[data-timer=hold]").first
    form_id = timer.get_attribute("data-form")
    hold = today.locator(f"#{form_id} [name=hold_s]")
    before = hold.input_value()
    timer.locator("button[data-start]").first.click()
    today.wait_for_timeout(600)  # still inside the 5-second "Get ready"
    timer.locator("button[data-stop]").click()
    assert hold.input_value() == before and before != "0"
    assert "before the hold began" in timer.locator(".phase").inner_text()


def test_a_logged_set_clears_its_answers_for_the_next_set(today: Any) -> None:
    form = today.locator("form.log-form").first
    for yes in form.locator("input[type=radio][value=yes]").all():
        yes.check()
    form.locator("input[name=felt_in]").first.check()
    form.locator("button[type=submit]").click()
    today.locator(".notice.ok", has_text="Set logged").first.wait_for()
    answered = form.locator("input[name^='check:']:checked, input[name=felt_in]:checked")
    assert answered.count() == 0
