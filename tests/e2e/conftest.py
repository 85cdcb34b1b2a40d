"""Browser-test plumbing: Debian's chromium through Playwright, and the app on a free port.

Every test in this folder is marked ``e2e`` and skipped only when /usr/bin/chromium is
absent (``.ci/run`` installs it). Playwright drives that binary, never a downloaded browser;
the app runs under uvicorn in a thread with a temporary SQLite file. Screenshots go to
``test-artifacts/`` (ignored by git, kept by CI as artefacts).
"""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def pick_port() -> Callable[[], int]:
    """:func:`free_port`, for a test that must know a server's port before building its app."""
    return free_port
