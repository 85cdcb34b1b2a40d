"""Browser journeys: onboard, get a program, log a session with the hold timer, see progress.

Playwright drives Debian's /usr/bin/chromium (never a downloaded browser) against uvicorn
on a free localhost port with a temporary SQLite file. Screenshots go to test-artifacts/.
"""

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

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from glutemed.config import Settings
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    db = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}"), WebSettings())
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        yield context.new_page()
        browser.close()


def test_onboard_log_with_hold_timer_and_see_progress(server: str, page: Any) -> None:
    page.goto(server + "/")
    assert page.url.endswith("/onboarding")
    page.fill("#name", "Robin")
    page.check("input[name=goal][value=rehab]")
    page.fill("#mass_kg", "70")
    page.fill("#height_m", "1.75")
    page.screenshot(path=str(ARTIFACTS / "01-onboarding.png"), full_page=True)
    page.click("text=Build my program")
    page.wait_for_url("**/program")
    assert page.locator("#w-1").count() == 1
    page.screenshot(path=str(ARTIFACTS / "02-program.png"))

    page.click("nav >> text=Today")
    page.wait_for_url("**/today")
    timer = page.locator("[data-timer=hold]").first
    assert timer.count() == 1, "a rehab program starts with isometric holds"
    page.evaluate(
        "document.querySelectorAll('[data-timer=hold]').forEach(function (el) {"
        " el.querySelectorAll('[data-start]').forEach(function (b) { b.dataset.holdS = '2'; });"
        " el.timer.readyS = 1; })"
    )
    timer.locator("button[data-start]").first.click()
    page.wait_for_timeout(600)
    page.screenshot(path=str(ARTIFACTS / "03-hold-get-ready.png"))
    page.wait_for_function("document.querySelector('[data-timer=hold]').classList.contains('done')")
    assert page.evaluate("window.glutemedBeeps || 0") >= 1, "the timer beeps"
    form_id = timer.get_attribute("data-form")
    form = page.locator(f"#{form_id}")
    assert form.locator("[name=hold_s]").input_value() == "2"
    form.locator("input[type=radio][value=yes]").first.check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Set logged")
    page.wait_for_selector("[data-timer=rest]")
    page.screenshot(path=str(ARTIFACTS / "04-logged-rest-timer.png"), full_page=True)

    page.click("nav >> text=Progress")
    page.wait_for_url("**/progress")
    assert page.locator("svg[role=img]").count() >= 1
    assert page.locator("text=Why it changed").count() == 1
    page.screenshot(path=str(ARTIFACTS / "05-progress.png"), full_page=True)

    page.click("nav >> text=Library")
    page.click("table a >> nth=0")
    page.screenshot(path=str(ARTIFACTS / "06-variant.png"), full_page=True)
    assert page.locator("h2", has_text="Modelled demand").count() == 1
