"""``glutemed serve --workers N``: several processes on PostgreSQL, refused on SQLite.

The workers share one port; whichever answers, a login made through one is a login on all
(sessions are rows), a logout through one ends it on all, and the login throttle counts
failures across all of them (rows too). The cookie key is shared: without
``GLUTEMED_SECRET_KEY`` the parent makes one key for every worker.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import postgres_schema_url
from typer.testing import CliRunner

from glutemed.cli import app

PASSWORD = "correct horse battery"
GLUTEMED = str(Path(sys.executable).with_name("glutemed"))


def test_several_workers_on_sqlite_are_refused_before_anything_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("nothing is built before the options are checked")

    monkeypatch.setattr("glutemed.web.app.create_app", never)
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--db",
                                      f"sqlite:///{tmp_path / 'one.sqlite3'}"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --workers: several server processes need "
                                    "PostgreSQL")
    assert "Traceback" not in result.output
    assert not (tmp_path / "one.sqlite3").exists()


def test_workers_with_phones_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--phone", "--db",
                                      "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 2
    assert "--workers" in result.stderr and "--phone" in result.stderr


@pytest.fixture
def schema_url(postgres_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema for the workers, dropped afterwards (as the suite's own)."""
    yield from postgres_schema_url(postgres_url)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def two_workers(schema_url: str) -> Iterator[str]:
    added = subprocess.run([GLUTEMED, "accounts", "add", "dr-lee", "--password-stdin",
                            "--db", schema_url], input=PASSWORD + "\n", capture_output=True,
                           text=True, check=False)
    assert added.returncode == 0, added.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUTEMED_")}
    env.update(GLUTEMED_LOGIN_MAX_FAILURES="2")  # and no GLUTEMED_SECRET_KEY: one is made
    process = subprocess.Popen(
        [GLUTEMED, "serve", "--clinic", "--workers", "2", "--port", str(port), "--db",
         schema_url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        for _ in range(100):  # both workers up (uvicorn starts them one after the other)
            if len(_children(process.pid)) >= 2:
                break
            time.sleep(0.1)
        assert len(_children(process.pid)) >= 2
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own group, started above
            process.wait()


def _fresh(base: str, cookies: httpx.Cookies | None = None) -> httpx.Client:
    """A client on a new connection: the kernel hands it to either worker."""
    return httpx.Client(base_url=base, cookies=cookies, follow_redirects=False)


def _token(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found
    return found.group(1)


def test_two_workers_share_logins_logouts_and_the_throttle(two_workers: str) -> None:
    with _fresh(two_workers) as web:
        token = _token(web.get("/login").text)
        logged_in = web.post("/login", data={"username": "dr-lee", "password": PASSWORD,
                                             "csrf_token": token})
        assert logged_in.status_code == 303
        cookies = web.cookies
    for _ in range(12):  # new connections, spread over both workers by the kernel
        with _fresh(two_workers, cookies) as other:
            assert other.get("/clinic").status_code == 200
    with _fresh(two_workers, cookies) as web:
        token = _token(web.get("/clinic").text)
        assert web.post("/logout", data={"csrf_token": token}).status_code == 303
    for _ in range(12):
        with _fresh(two_workers, cookies) as other:
            assert other.get("/clinic").status_code == 303  # to the login, on every worker
    statuses = []
    for _ in range(4):
        with _fresh(two_workers) as web:
            token = _token(web.get("/login").text)
            statuses.append(web.post("/login", data={
                "username": "dr-lee", "password": "wrong password!", "csrf_token": token,
            }).status_code)
    assert statuses == [401, 401, 429, 429]
