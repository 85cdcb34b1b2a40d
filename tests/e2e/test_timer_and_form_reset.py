"""Browser checks for two today-page behaviours found in the UX review.

Stopping a hold during its "Get ready" countdown must not write 0 s into the set's form
(it used to, and the set was then logged as a 0-second hold), and after a set is logged in
place its technique checks, where-felt and warning signs are cleared for the next set.
Debian's /usr/bin/chromium only, against uvicorn on a free port with a temporary SQLite file.
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
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from glutemed.config import Settings
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    db = tmp_path_factory.mktemp("e2e-timer") / "timer.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}"), WebSettings())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
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
def today(server: str) -> Iterator[Any]:
    """A phone-sized page on today's session of a new rehab program (it starts with holds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(server + "/onboarding")
        page.fill("#name", "Robin")
        page.check("input[name=goal][value=rehab]")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto(page.url.rsplit("/", 1)[0] + "/today")
        yield page
        browser.close()


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
