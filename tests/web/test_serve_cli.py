"""``glutemed serve`` from the command line: its options, the warning when clinic mode runs
without a secret key, and what a real server believes about a client's address."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from glutemed.cli import app

PASSWORD = "correct horse battery"
GLUTEMED = str(Path(sys.executable).with_name("glutemed"))
"""The console script installed beside this Python (pip install -e .)."""


def test_serve_help_names_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--clinic"):
        assert option in result.output


def test_serve_on_a_port_in_use_is_one_clean_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("nothing is built or announced before the port is ours")

    monkeypatch.setattr("glutemed.web.app.create_app", never)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port), "--db",
                                          f"sqlite:///{tmp_path / 'serve.sqlite3'}"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: --port: {port} is already in use on 127.0.0.1; stop what uses it or choose "
        "another port, e.g. --port 8080\n"
    )
def test_clinic_mode_without_a_secret_key_warns_at_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from glutemed.config import Settings
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with caplog.at_level(logging.WARNING, logger="glutemed.web"):
        create_app(settings, WebSettings.from_env({}, clinic=True)).state.glutemed.close()
    assert "GLUTEMED_SECRET_KEY" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="glutemed.web"):
        keyed = WebSettings.from_env({"GLUTEMED_SECRET_KEY": "s" * 32}, clinic=True)
        create_app(settings, keyed).state.glutemed.close()
        create_app(settings, WebSettings.from_env({})).state.glutemed.close()  # single mode
    assert caplog.text == ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Any:
    """``glutemed serve --clinic`` as a real process on a free port of 127.0.0.1, with one
    clinician and a login limit of 2; stopped at the end (its own process group only)."""
    db = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    added = subprocess.run(
        [GLUTEMED, "accounts", "add", "dr-lee",
         "--password-stdin", "--db", db],
        input=PASSWORD + "\n", capture_output=True, text=True, check=False,
    )
    assert added.returncode == 0, added.stderr
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUTEMED_")}
    env.update(GLUTEMED_LOGIN_MAX_FAILURES="2", GLUTEMED_SECRET_KEY="s" * 32)
    process = subprocess.Popen(
        [GLUTEMED, "serve", "--clinic", "--port", str(port),
         "--db", db],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_real_server_ignores_a_forged_forwarded_for(server: str) -> None:
    """Issue 14, defect 6: uvicorn believes X-Forwarded-For from 127.0.0.1 by default, so a
    client on the same machine (or behind a proxy that passes the header on) could rotate
    it and get a fresh login limit on every request."""
    with httpx.Client(base_url=server) as web:
        page = web.get("/login").text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert token
        statuses = [
            web.post("/login", data={"username": "dr-lee", "password": "wrong password!",
                                     "csrf_token": token.group(1)},
                     headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
            for n in range(4)
        ]
    assert statuses == [401, 401, 429, 429]


def test_the_served_socket_sends_each_answer_at_once() -> None:
    """The listening socket says it is TCP, so the standard event loop turns Nagle's
    algorithm off on every connection it accepts; left at protocol 0 it did not, and each
    answer's last small write waited for the client's delayed ACK (40 ms a request)."""
    import asyncio

    from glutemed.cli.serve import _bind
    from glutemed.web.app import EVENT_LOOP

    assert EVENT_LOOP == "asyncio"  # the loop whose rule this is (uvloop sets it always)
    listening = _bind("127.0.0.1", 0)
    accepted: list[int] = []

    async def main() -> None:
        def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            accepted.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connection, sock=listening)
        _, writer = await asyncio.open_connection(*listening.getsockname()[:2])
        for _ in range(100):
            if accepted:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    asyncio.run(main())
    assert accepted and accepted[0] != 0
