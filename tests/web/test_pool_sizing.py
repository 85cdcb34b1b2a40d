"""The web server's worker threads and database connections are sized together.

``GLUTEMED_THREADS`` threads per process run the routes that wait on the database; the
waiting engine keeps one connection per thread plus the event loop's share, so no thread
waits for a connection and no connection is opened per request (docs/web.md). How that
behaves under load is measured by ``benchmarks/bench_load.py``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from anyio import to_thread
from pydantic import ValidationError

from glutemed.config import Settings
from glutemed.store.engine import POOL_OVERFLOW
from glutemed.web.app import create_app
from glutemed.web.context import LOOP_CONNECTIONS
from glutemed.web.settings import WebSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


async def _threads_of_this_loop() -> int:
    return int(to_thread.current_default_thread_limiter().total_tokens)


def test_threads_and_connections_are_sized_together(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'pool.sqlite3'}"),
                     WebSettings(threads=3, secret_key="k" * 32))
    ctx = app.state.glutemed
    assert ctx.engine.pool.size() == 3 + LOOP_CONNECTIONS
    assert ctx.engine.pool._max_overflow == POOL_OVERFLOW  # a burst, not a churn
    with TestClient(app) as client:  # runs the app's lifespan, as a server does
        assert client.portal is not None
        assert client.portal.call(_threads_of_this_loop) == 3
    ctx.close()


def test_the_thread_count_is_a_setting_with_bounds() -> None:
    assert WebSettings.from_env({"GLUTEMED_THREADS": "12"}).threads == 12
    assert WebSettings.from_env({}).threads == 8
    with pytest.raises(ValidationError, match="threads"):
        WebSettings.from_env({"GLUTEMED_THREADS": "0"})
