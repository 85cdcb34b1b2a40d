"""A clinician with several clients, in Debian's chromium: builds a client's program from a
template, swaps an exercise, locks the program, sees a client's warning sign rise to the
top of the list and acknowledges it. Every page is audited with axe-core."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.conftest import log_in_clinician

from glutemed.programming.models import Profile
from glutemed.progression.models import PerformedSet
from glutemed.services import accounts
from glutemed.services.set_logging import log_set
from glutemed.web import usecases
from glutemed.web.context import today_for

PASSWORD = "clinic password 1"


@pytest.fixture(scope="module")
def clinic(make_web_app: Callable[..., Any],
           serve: Callable[[Any], AbstractContextManager[str]]) -> Iterator[dict[str, Any]]:
    """A clinic with dr-lee and three clients: Ann and Cat start today, Ben ten days ago
    and has not trained since."""
    app = make_web_app(clinic=True)
    ctx = app.state.glutemed
    with ctx.uow() as uow:
        lee = accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        uow.commit()
    today = today_for("UTC")
    profile = Profile(goal="rehab", equipment=frozenset({"mini-band"}), days_per_week=2)
    ids = {name: asyncio.run(usecases.start_person(ctx, name, profile, start,
                                                   clinician_account_id=lee.id))
           for name, start in (("Ann", today), ("Ben", today - dt.timedelta(days=10)),
                               ("Cat", today))}
    with serve(app) as base:
        yield {"app": app, "base": base, "ids": ids, "today": today}


def _first_row(page: Any) -> str:
    return str(page.locator("#clients tbody tr").first.locator("td").first.inner_text())


def test_a_clinicians_day(clinic: dict[str, Any], browser: Any, artifacts: Path,
                          axe: Callable[[Any], None]) -> None:
    base, ids = clinic["base"], clinic["ids"]
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    log_in_clinician(page, base, axe, PASSWORD)
    assert _first_row(page) == "Ben"  # never trained in ten days: flagged, on top

    # Ann's program becomes the template "Band rehab" ...
    page.goto(f"{base}/people/{ids['Ann']}/program/editor")
    axe(page)
    page.fill("#template-name", "Band rehab")
    page.click("button:has-text('Save as a template')")
    page.wait_for_url("**/program/editor#changes")
    axe(page)
    # ... and Ben's program is built from it
    page.goto(f"{base}/people/{ids['Ben']}/program/editor")
    axe(page)
    page.select_option("#template-id", label="Band rehab")
    page.click("button:has-text('Start from the template')")
    page.wait_for_url("**/program/editor#changes")
    axe(page)
    assert page.locator("#changes li", has_text="new program from the template 'Band rehab'"
                        ).count() == 1

    # swap day 1's first exercise for the first choice offered
    before = page.locator("#h-day-1 + ol li strong").first.inner_text()
    choice = page.locator("#swap-1-0 option").first.inner_text()
    page.click("#swap-1-0 + button")
    page.wait_for_url("**/program/editor#changes")
    axe(page)
    assert page.locator("#h-day-1 + ol li strong").first.inner_text() == choice != before
    assert page.locator("#changes li", has_text=f"{before} swapped for {choice}").count() == 1

    # lock it: Ben may not change it any more
    page.check("input[name=access][value=locked]")
    page.click("form:has(input[name=access]) button:has-text('Save')")
    page.wait_for_url("**/program/editor#changes")
    axe(page)
    assert page.locator("input[name=access][value=locked]").is_checked()
    page.screenshot(path=str(artifacts / "20-program-editor.png"), full_page=True)

    # Cat reports numbness with her first set: a warning sign
    ctx = clinic["app"].state.glutemed
    with ctx.uow(readonly=True) as uow:
        item = uow.programs.active(ids["Cat"]).program.weeks[0].sessions[0].items[0]
    dose = {"reps": item.reps[1]} if item.reps else {"hold_s": item.hold_s[1]}
    log_set(ctx.uow(), ids["Cat"], PerformedSet(
        variant_id=item.variant_id, side="left", date=clinic["today"],
        red_flags=frozenset({"numbness-tingling"}), **dose), ctx.catalog, clinic["today"])

    page.goto(base + "/clinic")
    axe(page)
    assert _first_row(page) == "Cat"
    row = page.locator("#clients tbody tr").first
    assert row.locator(".flag", has_text="Warning sign").count() == 1
    page.screenshot(path=str(artifacts / "21-clinic-attention.png"), full_page=True)
    row.locator("summary", has_text="Acknowledge").first.click()
    row.locator(f"#ack-{ids['Cat']}-warning-sign").fill("Phoned Cat: GP today")
    row.locator(f"form:has(#ack-{ids['Cat']}-warning-sign) button").click()
    page.wait_for_url("**/clinic")
    axe(page)
    assert _first_row(page) == "Ben"  # Cat's warning sign is acknowledged: it drops down
    cat = page.locator("#clients tbody tr", has_text="Cat")
    assert cat.locator("text=Warning sign (acknowledged)").count() == 1
    assert cat.locator("text=Phoned Cat: GP today").count() == 1

    # sort by name with the column heading (a plain link), aria-sort follows
    page.click("th >> a:has-text('Client')")
    page.wait_for_url("**/clinic?sort=name*")
    axe(page)
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "ascending"
    assert _first_row(page) == "Ann"
