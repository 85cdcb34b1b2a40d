"""``glutemed devices list | revoke | pair`` and the options of ``glutemed serve --phone``."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutemed.cli import app
from glutemed.cli import devices as cli_devices
from glutemed.cli.devices import phone_serving
from glutemed.errors import InputError
from glutemed.services import devices
from glutemed.store.engine import make_engine
from glutemed.store.migrate import ensure_current
from glutemed.store.unit_of_work import SqlUnitOfWork
from glutemed.web.qr import qr_terminal


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _uow(db: str) -> SqlUnitOfWork:
    engine = make_engine(db)
    ensure_current(engine)
    return SqlUnitOfWork(engine)


def test_pair_prints_a_qr_code_holding_a_working_one_time_link(db: str) -> None:
    result = CliRunner().invoke(
        app, ["devices", "pair", "--address", "192.168.1.23", "--port", "8123", "--db", db]
    )
    assert result.exit_code == 0, result.output
    link = re.search(r"http://192\.168\.1\.23:8123/pair/([A-Za-z0-9_-]+)", result.output)
    assert link, result.output
    assert qr_terminal(link.group(0)) in result.output, "the QR code is the link's own"
    now = dt.datetime.now(dt.UTC)
    devices.check_pairing(_uow(db), link.group(1), now)  # usable: raises if not
    devices.pair(_uow(db), link.group(1), "Phone", now)
    with pytest.raises(devices.PairingRefused, match="used already"):
        devices.check_pairing(_uow(db), link.group(1), now)


def test_list_and_revoke(db: str) -> None:
    runner = CliRunner()
    empty = runner.invoke(app, ["devices", "list", "--db", db])
    assert empty.exit_code == 0 and "No phone has been paired" in empty.output
    now = dt.datetime.now(dt.UTC)
    pairing = devices.new_pairing(_uow(db), now)
    paired = devices.pair(_uow(db), pairing.token, "Gym phone", now)
    listed = runner.invoke(app, ["devices", "list", "--json", "--db", db])
    rows = json.loads(listed.output)
    assert [(r["id"], r["name"], r["revoked_at"]) for r in rows] == [
        (paired.device.id, "Gym phone", None)
    ]
    revoked = runner.invoke(app, ["devices", "revoke", str(paired.device.id), "--db", db])
    assert revoked.exit_code == 0 and "Unpaired 'Gym phone'" in revoked.output
    rows = json.loads(runner.invoke(app, ["devices", "list", "--json", "--db", db]).output)
    assert rows[0]["revoked_at"] is not None
    assert devices.device_for(_uow(db), paired.token).active is False  # type: ignore[union-attr]
    table = runner.invoke(app, ["devices", "list", "--db", db])
    assert "Gym phone" in table.output and "unpaired" in table.output


def test_revoking_an_unknown_device_names_it_and_exits_2(db: str) -> None:
    result = CliRunner().invoke(app, ["devices", "revoke", "99", "--db", db])
    assert result.exit_code == 2
    assert "unknown device '99'" in result.output


def test_serve_help_names_the_phone_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--phone", "--address", "--certfile", "--keyfile"):
        assert option in result.output


# -- where serve listens, and the address it gives phones ---------------------------------


def test_plain_serve_stays_on_this_computer() -> None:
    serving = phone_serving(None, 8000, phone=False, address=None, https=False, clinic=False)
    assert (serving.bind, serving.phone_url) == ("127.0.0.1", None)


def test_phone_listens_everywhere_and_gives_phones_the_lan_address() -> None:
    serving = phone_serving(
        None, 8000, phone=True, address="192.168.1.23", https=False, clinic=False
    )
    assert (serving.bind, serving.phone_url) == ("0.0.0.0", "http://192.168.1.23:8000")
    secure = phone_serving(None, 8443, phone=True, address="fd00::5", https=True, clinic=False)
    assert secure.phone_url == "https://[fd00::5]:8443"
    named = phone_serving(None, 8000, phone=True, address="Studio-PC.local", https=False,
                          clinic=False)
    assert named.phone_url == "http://studio-pc.local:8000"


def test_a_non_loopback_host_in_single_person_mode_means_pairing_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    specific = phone_serving("192.168.1.23", 8000, phone=False, address=None, https=False,
                             clinic=False)
    assert specific.phone_url == "http://192.168.1.23:8000"
    monkeypatch.setattr(cli_devices, "lan_address", lambda: "10.1.2.3")
    wildcard = phone_serving("0.0.0.0", 8000, phone=False, address=None, https=False,
                             clinic=False)
    assert (wildcard.bind, wildcard.phone_url) == ("0.0.0.0", "http://10.1.2.3:8000")


def test_no_lan_address_found_asks_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_devices, "lan_address", lambda: None)
    with pytest.raises(InputError, match="--address"):
        phone_serving(None, 8000, phone=True, address=None, https=False, clinic=False)


@pytest.mark.parametrize("bad", ["not an address", "a..b", "-x.lan"])
def test_a_malformed_address_is_refused_naming_the_option(bad: str) -> None:
    with pytest.raises(InputError, match="--address"):
        phone_serving(None, 8000, phone=True, address=bad, https=False, clinic=False)


def test_phone_is_refused_in_clinic_mode() -> None:
    with pytest.raises(InputError, match="clinic mode has logins"):
        phone_serving(None, 8000, phone=True, address=None, https=False, clinic=True)
    clinic = phone_serving("0.0.0.0", 8000, phone=False, address=None, https=False, clinic=True)
    assert (clinic.bind, clinic.phone_url) == ("0.0.0.0", None)


def test_lan_address_is_never_loopback() -> None:
    """Whatever this machine's network, the address given to phones is a real interface's
    (or none, and serve asks for --address); the probe sends no packet."""
    found = cli_devices.lan_address()
    assert found is None or not (found.startswith("127.") or found in ("::1", "0.0.0.0"))


def test_serve_refuses_a_certificate_without_its_key(db: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--certfile", "c.pem", "--db", db])
    assert result.exit_code == 2 and "--keyfile" in result.output
