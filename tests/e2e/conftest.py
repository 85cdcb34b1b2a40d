"""Browser-test plumbing: Debian's chromium through Playwright, and the app on a free port.

Every test in this folder is marked ``e2e`` and skipped only when /usr/bin/chromium is
absent (``.ci/run`` installs it). Playwright drives that binary, never a downloaded browser;
the app runs under uvicorn in a thread with a temporary SQLite file. Screenshots go to
``test-artifacts/`` (ignored by git, kept by CI as artefacts).
"""

from __future__ import annotations

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
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
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
def serve() -> Callable[[Any], AbstractContextManager[str]]:
    """``with serve(app) as base_url:`` runs the app on a free localhost port."""
    return _serving


@pytest.fixture(scope="module")
def server(
    make_web_app: Callable[..., Any], serve: Callable[[Any], AbstractContextManager[str]]
) -> Iterator[str]:
    """A single-person app served for this module, on its own temporary SQLite file."""
    with serve(make_web_app()) as base:
        yield base


def _onboard(
    page: Any, base: str, *, name: str = "Robin", mass_kg: float | None = None,
    height_m: float | None = None, before_submit: Callable[[], object] | None = None,
) -> int:
    """Onboard a rehab self-trainer through the form; returns their person id, with the
    page on their new program. ``before_submit`` runs on the filled form (a screenshot)."""
    page.goto(base + "/onboarding")
    page.fill("#name", name)
    page.check("input[name=goal][value=rehab]")
    if mass_kg is not None and height_m is not None:
        page.fill("#mass_kg", f"{mass_kg:g}")
        page.fill("#height_m", f"{height_m:g}")
    if before_submit is not None:
        before_submit()
    page.click("text=Build my program")
    page.wait_for_url("**/program")
    found = re.search(r"/people/(\d+)/", page.url)
    assert found is not None, page.url
    return int(found.group(1))


@pytest.fixture(scope="module")
def onboard() -> Callable[..., int]:
    """``onboard(page, base_url, mass_kg=70, height_m=1.75)`` -> the new person's id."""
    return _onboard


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept."""
    path = HERE.parents[1] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
