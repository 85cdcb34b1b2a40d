"""``glutemed serve`` and ``glutemed accounts add`` from the command line."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutemed.cli import app


def test_accounts_add_stores_an_argon2_hash_and_refuses_short_passwords(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    ok = runner.invoke(app, ["accounts", "add", "dr-lee", "--role", "clinician",
                             "--password", "long enough secret", "--db", db])
    assert ok.exit_code == 0, ok.output
    assert "clinician account 'dr-lee'" in ok.output
    short = runner.invoke(app, ["accounts", "add", "eve", "--password", "short", "--db", db])
    assert short.exit_code == 2
    assert "password" in short.output
    taken = runner.invoke(app, ["accounts", "add", "dr-lee", "--password", "x" * 12, "--db", db])
    assert taken.exit_code == 2 and "taken" in taken.output


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
