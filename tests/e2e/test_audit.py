"""The accessibility audit itself: axe-core finds a real violation, and a page that was
loaded but never checked fails the test that loaded it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def test_axe_core_reports_a_violation_with_its_rule_and_place(
    browser: Any, axe: Callable[[Any], None]
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<h1>Probe</h1><input id="unlabelled" type="text"></main></body></html>')
    with pytest.raises(AssertionError, match=r"label \(critical\).*#unlabelled"):
        axe(page)
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<h1>Probe</h1><label for="f">Name</label><input id="f" type="text">'
                     '</main></body></html>')
    axe(page)
    context.close()


class _FakePage:
    """Just enough of a Playwright page for the audit's bookkeeping."""

    def __init__(self) -> None:
        self.url = "about:blank"
        self.handlers: list[Callable[[Any], None]] = []

    def on(self, event: str, handler: Callable[[Any], None]) -> None:
        assert event == "load"
        self.handlers.append(handler)

    def load(self, url: str) -> None:
        self.url = url
        for handler in self.handlers:
            handler(self)


def test_a_page_loaded_but_never_checked_is_reported() -> None:
    from tests.e2e.conftest import Audit

    audit = Audit()
    page = _FakePage()
    audit.watch(page)
    page.load("http://x/today")
    page.load("http://x/history")  # /today was never checked before the next load
    assert audit.take_unchecked() == ["http://x/today", "http://x/history"]
    assert audit.take_unchecked() == []
