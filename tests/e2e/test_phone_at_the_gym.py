"""On the phone at the gym: pair, install, lose the signal, log, get it back.

Two uvicorn servers in threads share one app and one temporary SQLite file, both on
127.0.0.1: the *computer* (requests arrive from 127.0.0.1) and the *phone's way in*, an ASGI
wrapper that gives every request the client address 192.168.1.50, as a phone on the local
network would have. So the phone must pair exactly as a real one does, while no test traffic
leaves loopback, and its origin (127.0.0.1) is a secure context, where browsers allow a
service worker (on a real LAN, that needs HTTPS: see docs/web.md).

Playwright drives Debian's /usr/bin/chromium in a phone-sized, touch context.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PHONE_ADDRESS = "192.168.1.50"
NAME = "Robin Quarry"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def as_if_from(app: Any, address: str) -> Any:
    """The app, with every request arriving from ``address`` (a phone on the LAN)."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = {**scope, "client": (address, 50000)}
        await app(scope, receive, send)

    return wrapped


def until(page: Any, expression: str, timeout_s: float = 30.0) -> None:
    """Wait until ``expression`` is true in the page. Polled from Python:
    ``wait_for_function`` evaluates a string inside the page, which the app's
    Content-Security-Policy (no 'unsafe-eval') rightly forbids."""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)


@dataclass
class Setup:
    app: Any
    desk: str
    phone: str
    person_id: int


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory,
    serve: Callable[..., AbstractContextManager[str]],
    pick_port: Callable[[], int],
) -> Iterator[Setup]:
    from glutemed.config import Settings
    from glutemed.programming.models import Profile
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    phone_port = pick_port()
    db = tmp_path_factory.mktemp("phone") / "phone.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}"),
                     WebSettings(phone_url=f"http://127.0.0.1:{phone_port}"))
    ctx = app.state.glutemed
    from glutemed.services import people

    profile = Profile.model_validate({"goal": "rehab", "days_per_week": 2, "weeks": 8,
                                      "equipment": [], "mass_kg": 70, "height_m": 1.75})
    person_id = people.start_person(ctx.uow(), NAME, profile, ctx.catalog,
                                    dt.datetime.now(dt.UTC).date())
    with serve(app) as desk, serve(as_if_from(app, PHONE_ADDRESS), port=phone_port) as phone:
        yield Setup(app=app, desk=desk, phone=phone, person_id=person_id)
    ctx.close()


def _stored(app: Any) -> tuple[list[Any], dict[int, int]]:
    """Every stored set, and how many decisions each has (read from the database)."""
    from sqlalchemy import func, select

    from glutemed.store.tables import DecisionRow

    with app.state.glutemed.uow(readonly=True) as uow:
        sets = uow.sets.recent(1)
        rows = uow.session.execute(select(DecisionRow.performed_set_id, func.count())
                                   .group_by(DecisionRow.performed_set_id)).all()
    return sets, {int(k): int(v) for k, v in rows if k is not None}


def test_pair_install_go_offline_log_three_sets_and_sync_each_once(
    setup: Setup, browser: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    # The computer makes a one-time pairing code.
    desk = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    desk.goto(setup.desk + "/devices")
    axe(desk)
    desk.click("button:has-text('Pair a phone')")
    desk.wait_for_url("**/devices/pair")
    axe(desk)
    code = desk.locator("[data-pair-link]")
    link = code.get_attribute("data-pair-link")
    assert link and link.startswith(setup.phone + "/pair/")
    assert code.locator("svg.qr").count() == 1, "the code is on the computer's page"
    desk.screenshot(path=str(artifacts / "phone-01-pairing-code.png"))

    # Unpaired, the phone sees a page on how to pair, and no data.
    context = browser.new_context(**PHONE)
    page = context.new_page()
    refused = page.goto(setup.phone + f"/people/{setup.person_id}/today")
    assert refused is not None and refused.status == 403
    assert page.locator("h1").inner_text() == "Pair this device first"
    assert NAME not in page.content()
    axe(page)

    # Pairing through the one-time link.
    page.goto(link)
    axe(page)
    page.fill("#name", "Robin's phone")
    page.screenshot(path=str(artifacts / "phone-02-pair.png"))
    page.click("button:has-text('Pair this phone')")
    page.wait_for_url("**/today")
    assert NAME in page.content()
    axe(page)

    # The link is used up: another device is refused.
    other = browser.new_context(**PHONE).new_page()
    again = other.goto(link)
    assert again is not None and again.status == 410
    assert "used already" in other.content()
    axe(other)
    other.context.close()

    # Installable: the manifest, its icons and the service worker.
    manifest_url = page.eval_on_selector("link[rel=manifest]", "el => el.href")
    manifest = json.loads(page.evaluate("url => fetch(url).then(r => r.text())", manifest_url))
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["name"] == "glutemed" and manifest["scope"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        width = page.evaluate(
            "src => new Promise((ok, no) => { const i = new Image(); i.onload = () => "
            "ok(i.naturalWidth + 'x' + i.naturalHeight); i.onerror = no; i.src = src; })",
            icon["src"],
        )
        assert width == icon["sizes"], icon
    script = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)")
    assert script == setup.phone + "/sw.js"
    page.reload()
    until(page, "navigator.serviceWorker.controller !== null")
    axe(page)
    cdp = context.new_cdp_session(page)
    # Chromium's own installability check. Every Playwright context is an incognito
    # profile, where nothing installs; that one reason is about the test browser, not the
    # app, and any other reason fails the test.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    assert cdp.send("Page.getAppManifest")["errors"] == []

    # Made for a hand: every control at least 44 px high.
    small = page.evaluate("""() => {
        const out = [];
        const tall = el => el.getBoundingClientRect().height >= 43.5;
        document.querySelectorAll('button, select, textarea, summary, nav a, '
            + 'input[type=number], input[type=text]').forEach(el => {
            if (el.offsetParent !== null && !tall(el)) out.push(el.outerHTML.slice(0, 80));
        });
        document.querySelectorAll('input[type=radio], input[type=checkbox]').forEach(el => {
            const label = el.closest('label');
            if (el.offsetParent !== null && !(label && tall(label)))
                out.push(el.outerHTML.slice(0, 80));
        });
        return out;
    }""")
    assert small == []
    page.screenshot(path=str(artifacts / "phone-03-today.png"), full_page=True)

    # The signal goes: today's session still opens, from the phone's copy.
    context.set_offline(True)
    page.reload()
    assert NAME in page.content()
    axe(page)  # the phone's offline copy is the same accessible page
    assert page.locator(".figure svg").count() >= 1, "the figures are in the copy"
    assert page.locator("h3", has_text="Cues").count() >= 1
    quick = page.locator("button.quick")
    assert quick.count() >= 3
    labels = [quick.nth(i).inner_text() for i in range(3)]
    for i in range(3):
        quick.nth(i).click()  # one tap each: target met, no pain, checks passed
    waiting = page.locator("#outbox li.waiting")
    waiting.nth(2).wait_for()
    assert waiting.count() == 3
    assert "No connection" in page.locator("#outbox .connection").inner_text()
    assert all("Waiting to send" in waiting.nth(i).inner_text() for i in range(3))
    page.screenshot(path=str(artifacts / "phone-04-offline-queue.png"), full_page=True)
    assert _stored(setup.app)[0] == [], "nothing reached the server while offline"
    queue = page.evaluate("JSON.parse(localStorage.getItem('glutemed-outbox-v1'))")
    assert len({item["id"] for item in queue}) == 3
    for item in queue:
        fields = dict(item["fields"])
        assert fields.get("target_reps") or fields.get("target_hold_s"), "the shown target"

    # The first answer is lost on the way back: the server stores the set, the phone never
    # hears, and sends it again later.
    lost: list[str] = []

    def lose_first_answer(route: Any) -> None:
        if lost:
            route.continue_()
            return
        route.fetch()
        lost.append(route.request.post_data or "")
        route.abort("connectionreset")

    page.route(re.compile(r".*/people/\d+/sets$"), lose_first_answer)
    context.set_offline(False)
    until(page, "document.querySelectorAll('#outbox .sent-item').length === 3")
    # One set was stored with its answer lost; it stayed queued and went again, in order.
    assert lost, "the first send reached the server"
    sent = page.locator("#outbox .sent-item")
    texts = [sent.nth(i).inner_text() for i in range(3)]
    assert any("Already logged" in t for t in texts), texts
    assert all("Next:" in t or "See a clinician" in t for t in texts), texts
    assert page.locator("#outbox li").count() == 0
    page.screenshot(path=str(artifacts / "phone-05-synced.png"), full_page=True)

    sets, decisions = _stored(setup.app)
    assert len(sets) == 3, "each set stored exactly once"
    assert len({s.client_id for s in sets}) == 3 and None not in {s.client_id for s in sets}
    assert sorted(decisions.values()) == [1, 1, 1], "each with its one decision"
    assert {s.id for s in sets} == set(decisions)
    assert labels  # the buttons said what they logged
    page.unroute(re.compile(r".*/people/\d+/sets$"))
    context.close()
    desk.context.close()


def test_a_set_refused_on_sync_is_shown_with_its_reason_not_dropped(
    setup: Setup, browser: Any, artifacts: Path, axe: Callable[[Any], None]
) -> None:
    """The program changes on the computer while the phone is offline: a set of an exercise
    that is no longer in it is refused, and the phone says so and keeps it."""
    from glutemed.programming.generator import generate_program
    from glutemed.programming.models import Profile
    from glutemed.services import people

    context = browser.new_context(**PHONE)
    page = context.new_page()
    desk = browser.new_context().new_page()
    desk.goto(setup.desk + "/devices")
    axe(desk)
    desk.click("button:has-text('Pair a phone')")
    desk.wait_for_url("**/devices/pair")
    axe(desk)
    link = desk.locator("[data-pair-link]").get_attribute("data-pair-link")
    page.goto(link)
    axe(page)
    page.click("button:has-text('Pair this phone')")
    page.wait_for_url("**/today")
    axe(page)
    page.evaluate("navigator.serviceWorker.ready")
    last = page.locator("button.quick").last
    context.set_offline(True)
    last.click()
    page.locator("#outbox li.waiting").first.wait_for()

    ctx = setup.app.state.glutemed
    changed = Profile.model_validate({"goal": "hypertrophy", "days_per_week": 2, "weeks": 8,
                                      "equipment": ["barbell", "dumbbell", "cuff-weight"],
                                      "mass_kg": 70, "height_m": 1.75})
    people.save_program(ctx.uow(), setup.person_id, generate_program(changed, ctx.catalog),
                        dt.datetime.now(dt.UTC).date(), keep_completed=False)

    context.set_offline(False)
    refused = page.locator("#outbox li.refused")
    refused.first.wait_for(timeout=30000)
    text = refused.first.inner_text()
    # The reason is the server's own words (the exercise left the program, or its target
    # moved), never a bare status code.
    assert "Not stored" in text and "refused (" not in text, text
    assert "is not in Robin Quarry's program" in text, text
    assert "--person" not in text, "no command-line advice on the phone"
    page.screenshot(path=str(artifacts / "phone-06-refused.png"), full_page=True)
    page.reload()  # kept across a reload, until dismissed
    page.locator("#outbox li.refused").first.wait_for()
    axe(page)  # the refused set and its reason are announced accessibly
    page.click("#outbox li.refused >> text=Dismiss")
    assert page.locator("#outbox li").count() == 0
    context.close()
    desk.context.close()


def test_a_hold_keeps_the_screen_awake_and_ends_with_a_vibration_and_a_beep(
    setup: Setup, browser: Any, axe: Callable[[Any], None]
) -> None:
    """Wake Lock and vibration stubbed, so the test sees what the page asks of them. Its
    own person, on a rehab program (which starts with isometric holds)."""
    from glutemed.programming.models import Profile
    from glutemed.services import people

    ctx = setup.app.state.glutemed
    profile = Profile.model_validate({"goal": "rehab", "days_per_week": 2, "weeks": 8,
                                      "equipment": [], "mass_kg": 60, "height_m": 1.65})
    person_id = people.start_person(ctx.uow(), "Hold Tester", profile, ctx.catalog,
                                    dt.datetime.now(dt.UTC).date())
    context = browser.new_context(**PHONE)
    context.add_init_script("""
        window.calls = {wake: 0, released: 0, vibrate: []};
        Object.defineProperty(navigator, 'wakeLock', {value: {request: () => {
            window.calls.wake += 1;
            const s = new EventTarget();
            s.release = () => { window.calls.released += 1; return Promise.resolve(); };
            return Promise.resolve(s);
        }}});
        navigator.vibrate = p => { window.calls.vibrate.push(p); return true; };
    """)
    page = context.new_page()
    page.goto(setup.desk + f"/people/{person_id}/today")
    axe(page)
    hold = page.locator("[data-timer=hold]").first
    assert hold.count() == 1, "a rehab program starts with an isometric hold"
    page.evaluate("""document.querySelectorAll('[data-timer=hold]').forEach(el => {
        el.querySelectorAll('[data-start]').forEach(b => { b.dataset.holdS = '1'; });
        el.timer.readyS = 1; })""")
    hold.locator("button[data-start]").first.click()
    until(page, "window.calls.wake === 1")
    assert page.evaluate("window.glutemedWake.running") == 1
    until(page, "document.querySelector('[data-timer=hold]').classList.contains('done')")
    until(page, "window.calls.released === 1")
    assert page.evaluate("window.calls.vibrate") == [[400, 150, 400]]
    assert page.evaluate("window.glutemedBeeps") >= 1
    assert page.evaluate("window.glutemedWake.running") == 0
    context.close()
