"""Browser-test plumbing: Debian's chromium through Playwright, the app on a free port, and
axe-core on every page a test loads.

Every test in this folder is marked ``e2e`` and skipped only when /usr/bin/chromium is
absent (``.ci/run`` installs it; on Debian: ``apt-get install chromium``). Playwright
drives that binary, never a downloaded browser; the app runs under uvicorn in a thread with
a temporary SQLite file. Screenshots go to ``test-artifacts/`` (ignored by git, kept by CI
as artefacts).

Accessibility: ``axe(page)`` runs axe-core (vendored from npm in ``vendor/``, a test asset
the app never serves) with the WCAG 2.1 A and AA rules and fails on any violation. Every
page a test loads must be checked before the next load: the ``browser`` fixture watches
each page's loads, and a test whose page loaded something it never checked fails at its
end, naming the address.
"""

from __future__ import annotations

import functools
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""axe-core's tags for the WCAG 2.0 and 2.1 level A and AA rules."""

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(
                    reason="Debian's chromium is not installed (apt-get install chromium)"
                ))


def free_port() -> int:
    """A port nobody listens on now (on 127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(app: Any, port: int | None = None) -> Iterator[str]:
    import uvicorn

    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def serve() -> Callable[..., AbstractContextManager[str]]:
    """``with serve(app) as base_url:`` runs the app on a free localhost port (or on
    ``port=``, one found with :func:`free_port` before the app was built)."""
    return _serving


@pytest.fixture(scope="module")
def server(
    make_web_app: Callable[..., Any], serve: Callable[[Any], AbstractContextManager[str]]
) -> Iterator[str]:
    """A single-person app served for this module, on its own temporary SQLite file."""
    with serve(make_web_app()) as base:
        yield base


def _onboard(
    audit: Audit, page: Any, base: str, *, name: str = "Robin", mass_kg: float | None = None,
    height_m: float | None = None, before_submit: Callable[[], object] | None = None,
) -> int:
    """Onboard a rehab self-trainer through the form; returns their person id, with the
    page on their first session (each page checked with axe-core). ``before_submit`` runs on
    the filled form (a screenshot)."""
    page.goto(base + "/onboarding")
    audit.axe(page)
    page.fill("#name", name)
    page.check("input[name=goal][value=rehab]")
    if mass_kg is not None and height_m is not None:
        page.fill("#mass_kg", f"{mass_kg:g}")
        page.fill("#height_m", f"{height_m:g}")
    if before_submit is not None:
        before_submit()
    page.click("text=Build my program")
    page.wait_for_url("**/today")
    audit.axe(page)
    found = re.search(r"/people/(\d+)/", page.url)
    assert found is not None, page.url
    return int(found.group(1))


@pytest.fixture(scope="module")
def onboard(audit: Audit) -> Callable[..., int]:
    """``onboard(page, base_url, mass_kg=70, height_m=1.75)`` -> the new person's id."""
    return functools.partial(_onboard, audit)


@pytest.fixture(scope="module")
def make_web_app(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """A fresh app on its own temporary SQLite file (``clinic=True`` for clinic mode)."""

    def make(*, clinic: bool = False) -> Any:
        from glutemed.config import Settings
        from glutemed.web.app import create_app
        from glutemed.web.settings import WebSettings

        db = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
        return create_app(Settings(database_url=f"sqlite:///{db}"), WebSettings(clinic=clinic))

    return make


class Audit:
    """Which page loads were checked with axe-core, and which were not (yet)."""

    def __init__(self) -> None:
        self.pending: dict[Any, str] = {}
        self.missed: list[str] = []
        self.checked = 0

    def watch(self, page: Any) -> None:
        page.on("load", lambda loaded: self._loaded(loaded))

    def _loaded(self, page: Any) -> None:
        if page in self.pending:  # the previous load of this page was never checked
            self.missed.append(self.pending[page])
        self.pending[page] = page.url

    def axe(self, page: Any) -> None:
        """Run axe-core's WCAG 2.1 A/AA rules on the page as it is now; fail on a violation."""
        if not page.evaluate("typeof window.axe === 'object'"):
            page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            WCAG_21_AA,
        )
        self.pending.pop(page, None)
        self.checked += 1
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not problems, f"axe-core on {page.url}:\n" + "\n".join(problems)

    def take_unchecked(self) -> list[str]:
        unchecked = [*self.missed, *self.pending.values()]
        self.missed.clear()
        self.pending.clear()
        return unchecked


class AuditedBrowser:
    """The Playwright browser, with every page of every new context watched by the audit."""

    def __init__(self, browser: Any, audit: Audit) -> None:
        self._browser = browser
        self._audit = audit

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.on("page", self._audit.watch)
        # axe-core comes in as an init script, which the page's Content-Security-Policy
        # (script-src 'self') does not govern; a script tag added later would be blocked.
        context.add_init_script(path=str(AXE_JS))
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def audit() -> Audit:
    """The axe-core audit shared by the whole browser suite."""
    return Audit()


@pytest.fixture
def axe(audit: Audit) -> Callable[[Any], None]:
    """``axe(page)``: axe-core's WCAG 2.1 A/AA rules on the page as it is; any violation
    fails the test."""
    return audit.axe


@pytest.fixture(autouse=True)
def every_loaded_page_is_audited(audit: Audit) -> Iterator[None]:
    """A test fails if a page it (or its fixtures) loaded was never checked with axe."""
    yield
    unchecked = audit.take_unchecked()
    assert not unchecked, f"pages loaded but never checked with axe-core: {unchecked}"


CLINIC_PASSWORD = "clinic password 1"
"""The password of the clinician ``dr-lee`` that :func:`clinic_server` creates."""


def log_in_clinician(page: Any, base: str, audit: Callable[[Any], None],
                     password: str = CLINIC_PASSWORD) -> None:
    """Log ``dr-lee`` in through the login page, onto the client list; both pages are
    checked with axe (``audit``)."""
    page.goto(base + "/login")
    audit(page)
    page.fill("#username", "dr-lee")
    page.fill("#password", password)
    page.click("button:has-text('Log in')")
    page.wait_for_url("**/clinic")
    audit(page)


@pytest.fixture(scope="module")
def clinic_server(make_web_app: Callable[..., Any]) -> Iterator[str]:
    """A clinic-mode app on a free port, with one clinician, ``dr-lee``."""
    from glutemed.services import accounts

    app = make_web_app(clinic=True)
    with app.state.glutemed.uow() as uow:
        accounts.create_account(uow, "dr-lee", CLINIC_PASSWORD, "clinician")
        uow.commit()
    with _serving(app) as base:
        yield base


@pytest.fixture(scope="module")
def browser(audit: Audit) -> Iterator[Any]:
    """Debian's chromium, headless, driven by Playwright (every page watched by the audit)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield AuditedBrowser(launched, audit)
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept."""
    path = HERE.parents[1] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="module")
def pick_port() -> Callable[[], int]:
    """:func:`free_port`, for a test that must know a server's port before building its app."""
    return free_port
