"""Issue 16 in a real browser, at phone (390 px) and desktop size: the web friction fixes and
the errors, timers and names a screen reader depends on. axe-core (WCAG 2.1 A/AA) checks
every page and every in-place answer these journeys reach (see ``conftest.py``).

Debian's /usr/bin/chromium through Playwright, each test on its own app and temporary
SQLite file (so tests hold no state between them and can run in any order or worker).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ZOOMED_PHONE = {"width": 195, "height": 422}
"""A 390 x 844 px phone at 200 % zoom: the page lays out in half as many CSS pixels."""

LIVE = "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]"
NESTED_LIVE = f"""() => Array.from(document.querySelectorAll("{LIVE}"))
    .filter(el => el.parentElement && el.parentElement.closest("{LIVE}"))
    .map(el => el.outerHTML.slice(0, 80))"""
"""Live regions inside other live regions: each change there is announced twice."""


@pytest.fixture(params=sorted(SIZES))
def size(request: pytest.FixtureRequest) -> dict[str, int]:
    return SIZES[str(request.param)]


@pytest.fixture
def site(
    make_web_app: Callable[..., Any],
    serve: Callable[[Any], AbstractContextManager[str]],
    browser: Any,
    size: dict[str, int],
) -> Iterator[tuple[str, Any]]:
    """A fresh app and a page at the test's size."""
    with serve(make_web_app()) as base:
        context = browser.new_context(viewport=size)
        yield base, context.new_page()
        context.close()


def _onboard(base: str, page: Any, axe: Callable[[Any], None]) -> str:
    """A rehab program (its first session starts with a side-lying hold, left and right);
    returns the person's path, e.g. ``/people/1``."""
    page.goto(base + "/onboarding")
    axe(page)
    page.fill("#name", "Robin")
    page.check("input[name=goal][value=rehab]")
    page.fill("#mass_kg", "70")
    page.fill("#height_m", "1.75")
    page.click("button:has-text('Build my program')")
    page.wait_for_url("**/today")
    axe(page)
    return "/" + "/".join(page.url.split("/")[3:5])


def _submit(page: Any, index: int) -> None:
    with page.expect_response(lambda r: r.request.method == "POST" and "/sets" in r.url):
        page.locator(f"#log-{index} button[type=submit]").click()
    page.wait_for_timeout(150)  # htmx settles the swap


def test_onboarding_errors_take_the_focus_and_point_at_their_fields(
    site: tuple[str, Any], axe: Callable[[Any], None]
) -> None:
    base, page = site
    page.goto(base + "/onboarding")
    axe(page)
    # A browser that lets the form through without a goal (the radios say "required").
    page.evaluate("document.querySelectorAll('[required]').forEach(e => e.required = false)")
    page.fill("#name", "Robin")
    page.click("button:has-text('Build my program')")
    page.wait_for_selector("#form-error")
    axe(page)
    assert page.evaluate("document.activeElement.id") == "form-error"
    goal = page.locator("fieldset#goal")
    assert goal.get_attribute("aria-invalid") == "true"
    assert "goal-error" in (goal.get_attribute("aria-describedby") or "")
    assert page.locator("#goal-error").is_visible()
    page.click("#form-error a[href='#goal']")
    assert page.url.endswith("#goal")

    page.evaluate("document.querySelectorAll('[required]').forEach(e => e.required = false)")
    page.fill("#name", "")
    page.check("input[name=goal][value=rehab]")
    page.click("button:has-text('Build my program')")
    page.wait_for_selector("#name-error")
    axe(page)
    assert page.get_attribute("#name", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "form-error"

    page.fill("#name", "Robin")
    page.click("button:has-text('Build my program')")
    page.wait_for_url("**/today")  # straight to the first session, not the whole program
    axe(page)
    assert page.locator("h1", has_text="Today").count() == 1

    page.click("nav >> text=Library")
    page.wait_for_url("**/library*")
    axe(page)
    assert page.locator("nav >> text=Today").count() == 1, "the library keeps the menu"


def test_logging_per_side_with_one_tap_checks_and_errors_that_speak(
    site: tuple[str, Any], axe: Callable[[Any], None], artifacts: Path, size: dict[str, int]
) -> None:
    base, page = site
    person = _onboard(base, page, axe)
    form = page.locator("#log-0")
    legend = page.locator("#legend-0")
    assert legend.inner_text() == "Log set 1 of 3, left side"
    page.check("#log-0 input[name=side][value=right]")
    assert legend.inner_text() == "Log set 1 of 3, right side"
    page.check("#log-0 input[name=side][value=left]")

    # One tap answers every check yes.
    yes = form.locator("input[name^='check:'][value=yes]")
    assert yes.count() >= 3
    form.locator("input[name=checks_all]").check()
    assert all(box.is_checked() for box in yes.all())
    _submit(page, 0)
    assert "Set logged: left side, set 1" in page.inner_text("#result-0")
    assert legend.inner_text() == "Log set 1 of 3, right side"
    assert form.locator("input[name=side][value=right]").is_checked()
    assert page.inner_text("#done-0") == "left: 1 of 3 · right: 0 of 3"
    assert page.locator("#rest-0 [data-timer=rest]").count() == 1
    assert page.evaluate(NESTED_LIVE) == []
    axe(page)
    page.screenshot(path=str(artifacts / f"20-per-side-{size['width']}.png"), full_page=True)

    # The right side, checks left blank: stored as unanswered, said so in the history.
    assert form.locator("input[name^='check:']:checked").count() == 0
    _submit(page, 0)
    assert "Set logged: right side, set 1" in page.inner_text("#result-0")
    assert page.inner_text("#done-0") == "left: 1 of 3 · right: 1 of 3"
    assert legend.inner_text() == "Log set 2 of 3, left side"
    stored = page.request.get(f"{base}/api/v1{person}/sets").json()
    checks = {s["performed"]["side"]: s["performed"]["checks"] for s in stored}
    assert checks["right"] == {} and checks["left"] and all(checks["left"].values())

    # Reps 501 on a page whose field limit was lost: shown, announced, field marked.
    page.evaluate("document.querySelector('#reps-1').removeAttribute('max')")
    page.fill("#reps-1", "501")
    _submit(page, 1)
    alert = page.locator("#alert-1")
    assert alert.get_attribute("role") == "alert"
    assert "Reps: 501 is out of range; allowed 0 to 500" in alert.inner_text()
    assert page.get_attribute("#reps-1", "aria-invalid") == "true"
    assert page.get_attribute("#reps-1", "aria-describedby") == "alert-1"
    assert page.input_value("#reps-1") == "501", "the answer is kept to be corrected"
    axe(page)
    page.screenshot(path=str(artifacts / f"21-refused-set-{size['width']}.png"), full_page=True)
    page.fill("#reps-1", "10")
    _submit(page, 1)
    assert alert.inner_text() == ""
    assert page.get_attribute("#reps-1", "aria-invalid") is None
    assert "Set logged: left side, set 1: 10 reps" in page.inner_text("#result-1")
    axe(page)

    # A page left open past a new session: its token is stale (403), and it says so.
    page.evaluate("document.querySelector('meta[name=csrf-token]').content = 'stale'")
    _submit(page, 1)
    assert "reload the page" in alert.inner_text()
    assert "Set logged" in page.inner_text("#result-1")  # the last good answer stays
    axe(page)
    page.reload()
    axe(page)
    assert page.inner_text("#done-1") == "left: 1 of 3 · right: 0 of 3"


def test_timers_announce_each_phase_once_and_start_stops_a_running_hold(
    site: tuple[str, Any], axe: Callable[[Any], None]
) -> None:
    base, page = site
    _onboard(base, page, axe)
    timer = page.locator("#timer-0")
    phase = timer.locator(".phase")
    assert phase.get_attribute("role") == "status"
    assert timer.locator("[role=status], [aria-live]").count() == 1, "one live region"
    clock = timer.locator(".clock")
    assert clock.get_attribute("role") == "timer"
    assert clock.get_attribute("aria-hidden") is None
    # Record every text the phase region takes, to count announcements.
    page.evaluate("""() => {
        window.said = [];
        const phase = document.querySelector('#timer-0 .phase');
        new MutationObserver(() => window.said.push(phase.textContent))
            .observe(phase, {childList: true, characterData: true, subtree: true});
        const el = document.querySelector('#timer-0');
        el.timer.readyS = 1;
        el.querySelectorAll('[data-start]').forEach(b => { b.dataset.holdS = '3'; });
    }""")
    start_left = timer.locator("button[data-start=left]")
    start_left.click()
    for _ in range(100):  # (wait_for_function would eval a string, which the CSP forbids)
        if phase.inner_text().startswith("Hold"):
            break
        page.wait_for_timeout(50)
    assert start_left.inner_text() == "Stop hold (left)"
    assert "left" in (clock.get_attribute("aria-label") or "")
    page.wait_for_timeout(700)
    start_left.click()  # Start during a running hold stops it
    assert phase.inner_text().startswith("Stopped: held")
    held = int(page.input_value("#hold-0"))
    assert 0 <= held <= 3
    page.wait_for_timeout(400)
    assert phase.inner_text().startswith("Stopped: held"), "not restarted from zero"
    assert start_left.inner_text() == "Start hold (left)"
    said = page.evaluate("window.said")
    assert said == ["Get ready (left)", "Hold (left)", said[-1]], said
    assert "Held" in (clock.get_attribute("aria-label") or "")
    axe(page)

    # The rest timer after a logged set sits outside the result's live region.
    _submit(page, 0)
    rest = page.locator("#rest-0 [data-timer=rest]")
    assert rest.count() == 1
    assert page.evaluate(NESTED_LIVE) == []
    assert rest.locator(".phase").inner_text() == "Resting"
    assert "left" in (rest.locator(".clock").get_attribute("aria-label") or "")
    axe(page)


def test_history_edit_and_progress_speak(
    site: tuple[str, Any], axe: Callable[[Any], None]
) -> None:
    base, page = site
    person = _onboard(base, page, axe)
    name = page.locator("#ex-0 a").inner_text()
    # Each figure's name is its title alone; the long description is its description.
    figure = page.get_by_role("img", name=name, exact=True)
    assert figure.count() == 1
    assert "Front view" not in (figure.get_attribute("aria-labelledby") or "")
    for side in ("left", "right"):
        page.check(f"#log-0 input[name=side][value={side}]")
        _submit(page, 0)
    axe(page)

    page.goto(f"{base}{person}/history")
    axe(page)
    edit = page.get_by_role("link", name=f"Edit {name}, right side, set 1 of", exact=False)
    assert edit.count() == 1
    assert page.get_by_role("button", name=f"Delete {name}, left side, set 1 of",
                            exact=False).count() == 1
    edit.click()
    page.wait_for_url("**/edit")
    axe(page)
    page.evaluate("document.querySelector('#hold_s').removeAttribute('max')")
    page.fill("#hold_s", "4000")
    page.fill("#note", "my note stays")
    page.click("button:has-text('Save')")
    page.wait_for_selector("#form-error")
    axe(page)
    assert page.evaluate("document.activeElement.id") == "form-error"
    assert page.get_attribute("#hold_s", "aria-invalid") == "true"
    assert page.input_value("#note") == "my note stays"
    assert page.locator("nav >> text=History").count() == 1
    page.click("#form-error a[href='#hold_s']")
    page.fill("#hold_s", "35")
    page.click("button:has-text('Save')")
    page.wait_for_url("**/history?saved=*")
    axe(page)
    assert re.search(r"Saved your changes to .+, right side, set 1", page.inner_text("#saved"))

    page.goto(f"{base}{person}/progress")
    axe(page)
    dashes = page.evaluate("""Array.from(document.querySelectorAll('.chart polyline'))
        .map(l => [Array.from(l.classList).find(c => c.startsWith('line-')),
                   l.getAttribute('stroke-dasharray') || ''])""")
    assert dict(dashes)["line-left"] != dict(dashes)["line-right"]
    assert page.locator(".chart .marker-left").count() >= 1
    assert page.locator(".chart .marker-right").count() >= 1


def test_at_200_percent_zoom_on_a_phone_nothing_scrolls_sideways(
    make_web_app: Callable[..., Any],
    serve: Callable[[Any], AbstractContextManager[str]],
    browser: Any,
    axe: Callable[[Any], None],
    artifacts: Path,
) -> None:
    overflow = """sel => ({page: document.documentElement.scrollWidth - window.innerWidth,
        boxes: Array.from(document.querySelectorAll(sel)).map(
            e => Math.round(e.getBoundingClientRect().right - window.innerWidth))})"""
    with serve(make_web_app()) as base:
        context = browser.new_context(viewport=ZOOMED_PHONE, device_scale_factor=2)
        page = context.new_page()
        page.goto(base + "/onboarding")
        axe(page)
        grid = page.evaluate(overflow, ".inline.choices, .inline.choices label")
        assert grid["page"] <= 0 and max(grid["boxes"]) <= 0, grid
        page.screenshot(path=str(artifacts / "22-zoomed-onboarding.png"), full_page=True)
        _onboard(base, page, axe)
        stepper = page.evaluate(overflow, ".stepper, .stepper input, .stepper button")
        assert stepper["page"] <= 0 and max(stepper["boxes"]) <= 0, stepper
        page.screenshot(path=str(artifacts / "23-zoomed-today.png"), full_page=True)
        context.close()


def test_every_other_page_passes_axe(
    site: tuple[str, Any], axe: Callable[[Any], None]
) -> None:
    """The pages the journeys above do not reach, each checked as a person would see it."""
    import datetime as dt

    base, page = site
    person = _onboard(base, page, axe)
    _submit(page, 0)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    for path in (f"{person}/history", f"{person}/export", f"{person}/program",
                 f"{person}/program/edit?week=1&session=1&item=0", f"{person}/program/new",
                 f"{person}/today?date={tomorrow}", "/library?family=side-plank",
                 "/library/banded-side-step.knees-light", "/no-such-page"):
        page.goto(base + path)
        axe(page)
    assert page.locator("h1", has_text="Not found").count() == 1
    page.goto(f"{base}{person}/today?date={tomorrow}")
    assert page.locator("#h-morning").count() == 1, "the next-morning question is shown"
    axe(page)
