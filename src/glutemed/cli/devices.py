"""``glutemed devices list | revoke | pair`` and what ``glutemed serve --phone`` prints.

Phones reach single-person mode only once paired (see :mod:`glutemed.web.gate`). These
commands show and end pairings from the terminal, and make a pairing code for a server that
is already running for phones. The store, segno and the web package are imported inside
the commands so ``glutemed --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
from dataclasses import dataclass

import typer

from glutemed.cli.db import db_option, open_store
from glutemed.errors import InputError

devices_app = typer.Typer(
    name="devices",
    help="Phones paired with single-person mode: list, unpair, or make a pairing code.",
    no_args_is_help=True,
)

WILDCARDS = frozenset({"0.0.0.0", "::", ""})
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOST_NAME = re.compile(rf"{_LABEL}(\.{_LABEL})*")


def register(app: typer.Typer) -> None:
    """Add the ``devices`` group to the root app."""
    app.add_typer(devices_app, name="devices")


def lan_address() -> str | None:
    """This computer's address on the local network, or None when it cannot be told.

    A UDP socket is "connected" to a documentation address (192.0.2.1, RFC 5737): that
    sends no packet, it only makes the system choose the interface and source address it
    would use, which is the address phones on the same network can reach.
    """
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if _loopback(address) or address in WILDCARDS else address


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.lower() == "localhost"


@dataclass(frozen=True)
class PhoneServing:
    """Where ``serve`` listens and the address it gives phones."""

    bind: str
    phone_url: str | None


def phone_serving(
    host: str | None, port: int, *, phone: bool, address: str | None, https: bool, clinic: bool
) -> PhoneServing:
    """Where to listen, and the phone address, from ``serve``'s options.

    ``--phone`` listens on every interface and gives phones this computer's LAN address
    (``--address`` overrides it). ``--host`` with anything but loopback in single-person
    mode is the same thing: serving beyond this computer always means pairing.
    """
    if clinic:
        if phone or address:
            raise InputError(
                "--phone", "is for single-person mode; clinic mode has logins (use --host)"
            )
        return PhoneServing(bind=host or "127.0.0.1", phone_url=None)
    bind = host or ("0.0.0.0" if phone else "127.0.0.1")
    if not phone and not address and _loopback(bind):
        return PhoneServing(bind=bind, phone_url=None)
    reach = address or (None if bind in WILDCARDS or _loopback(bind) else bind) or lan_address()
    if reach is None:
        raise InputError(
            "--address",
            "could not find this computer's address on the local network; give it, e.g. "
            "--address 192.168.1.23 (see 'ip addr' or your network settings)",
        )
    try:
        ip = ipaddress.ip_address(reach)
        shown = f"[{ip}]" if ip.version == 6 else str(ip)
    except ValueError:
        if not HOST_NAME.fullmatch(reach):
            raise InputError("--address", f"'{reach}' is not an IP address or host name") from None
        shown = reach.lower()
    scheme = "https" if https else "http"
    return PhoneServing(bind=bind, phone_url=f"{scheme}://{shown}:{port}")


def print_pairing(phone_url: str, token: str, expires_at: dt.datetime, local_port: int) -> None:
    """The pairing code as a QR code in the terminal, with its link and how long it works."""
    from glutemed.web.qr import qr_terminal

    link = f"{phone_url}/pair/{token}"
    typer.echo("To pair a phone, scan this code with its camera (it works once, until "
               f"{expires_at.astimezone().strftime('%H:%M')}):")
    typer.echo(qr_terminal(link))
    typer.echo(f"  {link}")
    typer.echo(f"A new code any time: http://127.0.0.1:{local_port}/devices (Phones) or "
               "'glutemed devices pair'.")


@devices_app.command("list")
def list_devices(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    db: str | None = db_option(),
) -> None:
    """Every phone ever paired: name, when, last used, and whether it is still paired.

    Example:
        glutemed devices list
    """
    from glutemed.services import devices
    from glutemed.store.unit_of_work import SqlUnitOfWork

    found = devices.list_devices(SqlUnitOfWork(open_store(db)))
    if as_json:
        typer.echo(json.dumps([{
            "id": d.id, "name": d.name, "paired_at": d.created_at.isoformat(),
            "last_seen_at": d.last_seen_at.isoformat() if d.last_seen_at else None,
            "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
        } for d in found], indent=2))
        return
    if not found:
        typer.echo("No phone has been paired yet ('glutemed serve --phone' shows a code).")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "name", "paired", "last used", "status")
    for d in found:
        table.add_row(
            str(d.id), d.name, _when(d.created_at), _when(d.last_seen_at),
            "paired" if d.active else f"unpaired {_when(d.revoked_at)}",
        )
    Console().print(table)


def _when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


@devices_app.command("revoke")
def revoke_device(
    device_id: int = typer.Argument(..., min=1, help="The device's id (see 'devices list')."),
    db: str | None = db_option(),
) -> None:
    """Unpair a phone: from its next request on it sees nothing.

    Example:
        glutemed devices revoke 2
    """
    from glutemed.services import devices
    from glutemed.store.unit_of_work import SqlUnitOfWork

    device = devices.revoke(
        SqlUnitOfWork(open_store(db)), device_id, dt.datetime.now(dt.UTC)
    )
    typer.echo(f"Unpaired '{device.name}' (id {device.id}).")


@devices_app.command("pair")
def pair_code(
    port: int = typer.Option(8000, "--port", min=1, max=65535,
                             help="The port 'glutemed serve --phone' listens on."),
    address: str | None = typer.Option(
        None, "--address", help="This computer's LAN address (default: found automatically)."
    ),
    https: bool = typer.Option(False, "--https", help="The server runs with a certificate."),
    db: str | None = db_option(),
) -> None:
    """A one-time pairing code for a running 'glutemed serve --phone', as a QR code.

    Example:
        glutemed devices pair --port 8000
    """
    from glutemed.services import devices
    from glutemed.store.unit_of_work import SqlUnitOfWork

    phone_url = phone_serving(
        None, port, phone=True, address=address, https=https, clinic=False
    ).phone_url
    if phone_url is None:  # pragma: no cover - phone=True always gives an address or raises
        raise InputError("--address", "give this computer's LAN address")
    pairing = devices.new_pairing(SqlUnitOfWork(open_store(db)), dt.datetime.now(dt.UTC))
    print_pairing(phone_url, pairing.token, pairing.expires_at, port)
