"""Outcome measures in a browser: today reminds that the baseline is due, the Outcomes page
takes pain and a dynamometer reading (lever arm estimated from height), shows what was
stored and the chart; the reminder goes once the baseline is recorded; the progress page
shows the same chart.

Playwright drives Debian's /usr/bin/chromium (never a downloaded browser) against uvicorn
on a free localhost port with a temporary SQLite file. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def _chart_loaded(page: Any) -> bool:
    """The outcomes chart image is on the page and the browser could draw it."""
    return bool(page.evaluate(
        "(() => { const img = document.querySelector('img[src$=\"/outcomes/chart.svg\"]');"
        " return img !== null && img.complete && img.naturalWidth > 0; })()"
    ))


def _image_complete(page: Any) -> None:
    """Wait for the chart image (no string eval: the CSP forbids it)."""
    for _ in range(100):
        if page.evaluate("document.querySelector('img[src$=\"/outcomes/chart.svg\"]')"
                         ".complete"):
            return
        page.wait_for_timeout(50)


def test_record_outcomes_see_them_charted_and_the_reminder_go(
    server: str, browser: Any, artifacts: Path, onboard: Callable[..., int],
    axe: Callable[[Any], None],
) -> None:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    person = onboard(page, server, mass_kg=70, height_m=1.75)

    reminder = page.locator("#outcomes-due")
    assert reminder.count() == 1, "the baseline is due on the program's first day"
    assert "Outcome measures are due: baseline" in reminder.inner_text()
    page.screenshot(path=str(artifacts / "20-outcomes-due-today.png"))
    reminder.locator("text=Record them").click()
    page.wait_for_url(f"**/people/{person}/outcomes")
    axe(page)
    assert _chart_loaded(page)  # an empty chart says nothing is recorded yet

    page.fill("#pain-average_0_10", "5")
    page.fill("#pain-worst_0_10", "7")
    page.click("button:has-text('Save pain')")
    page.wait_for_url("**/outcomes#recorded")
    axe(page)
    recorded = page.locator("#recorded table")
    assert "Pain (average): 5" in recorded.inner_text()
    assert "Pain (worst): 7" in recorded.inner_text()

    page.select_option("#hip-abduction-strength-force_unit", "kg")
    page.fill("#hip-abduction-strength-left_force", "18")
    page.fill("#hip-abduction-strength-right_force", "22")
    page.select_option("#hip-abduction-strength-pad_at", "knee")
    page.click("button:has-text('Save strength')")
    page.wait_for_url("**/outcomes#recorded")
    axe(page)
    text = page.locator("#recorded table").inner_text()
    # Hand calculation (docs/outcomes.md): lever 0.245 x 1.75 m = 0.42875 m (Drillis &
    # Contini's fractions); 18 kgf x 9.80665 N x 0.42875 = 75.7 N·m, 22 kgf -> 92.5 N·m;
    # symmetry 18 / 22 = 81.8 %.
    assert "Abduction torque left: 75.7" in text and "Abduction torque right: 92.5" in text
    assert "Symmetry index: 81.8" in text
    assert page.locator("#outcomes-due").count() == 0
    _image_complete(page)
    assert _chart_loaded(page)
    chart = page.request.get(f"{server}/people/{person}/outcomes/chart.svg").text()
    assert "Pain (average)" in chart and "Abduction torque" in chart
    assert "smallest change worth noticing (Farrar 2001)" in chart
    page.screenshot(path=str(artifacts / "21-outcomes-recorded.png"), full_page=True)

    page.click("nav >> text=Today")
    page.wait_for_url("**/today")
    axe(page)
    assert page.locator("#outcomes-due").count() == 0, "the baseline is recorded"

    page.click("nav >> text=Progress")
    page.wait_for_url("**/progress")
    axe(page)
    _image_complete(page)
    assert _chart_loaded(page)
    page.screenshot(path=str(artifacts / "22-progress-with-outcomes.png"), full_page=True)
