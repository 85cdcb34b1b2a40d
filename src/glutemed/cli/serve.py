"""``glutemed serve``: the web app (the clinic's logins are ``glutemed accounts``, in
:mod:`glutemed.cli.accounts`).

uvicorn, FastAPI and the store are imported inside the command so ``glutemed --help``
stays fast.
"""

from __future__ import annotations

import logging
import socket
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from glutemed.config import Settings
    from glutemed.web.settings import WebSettings


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``accounts`` group to the root app."""
    from glutemed.cli import accounts

    app.command("serve")(serve)
    accounts.register(app)


def serve(
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default 127.0.0.1; with --phone, all)."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL (default: GLUTEMED_DATABASE_URL or the SQLite file)."
    ),
    clinic: bool = typer.Option(
        False, "--clinic", help="Clinic mode: password accounts for clinicians and clients."
    ),
    phone: bool = typer.Option(
        False, "--phone",
        help="Also serve phones on your local network: prints a QR code to pair one.",
    ),
    address: str | None = typer.Option(
        None, "--address",
        help="With --phone: this computer's LAN address for the code (default: found).",
    ),
    certfile: str | None = typer.Option(
        None, "--certfile", help="HTTPS certificate (PEM) the phone trusts; with --keyfile."
    ),
    keyfile: str | None = typer.Option(None, "--keyfile", help="The certificate's key (PEM)."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64,
        help="Server processes sharing the port (PostgreSQL only; SQLite takes one).",
    ),
) -> None:
    """Start the web app (today's session, timers, library, progress) in a browser.

    Single-person mode by default: no login, meant for your own machine on 127.0.0.1.
    With --phone, phones on your local network can use it too, once paired: scan the QR
    code it prints (each code works once). With --clinic, people log in; create the first
    clinician with 'glutemed accounts add'.

    Example:
        glutemed serve
        glutemed serve --phone
        glutemed serve --port 8080 --db sqlite:///./glutemed.sqlite3
        GLUTEMED_SECRET_KEY=... glutemed serve --clinic --host 0.0.0.0
        GLUTEMED_SECRET_KEY=... glutemed serve --clinic --workers 2 --db postgresql+psycopg://...
    """
    import uvicorn

    from glutemed.cli.devices import phone_serving
    from glutemed.config import Settings
    from glutemed.errors import InputError
    from glutemed.web.app import EVENT_LOOP, create_app, prepare_to_serve
    from glutemed.web.settings import WebSettings

    if (certfile is None) != (keyfile is None):
        raise InputError("--certfile", "give --certfile and --keyfile together")
    settings = Settings.from_env(database_url=db)
    web = WebSettings.from_env(clinic=True if clinic else None)
    if workers > 1:
        _check_workers(settings.database_url, phone)
    serving = phone_serving(
        host, port, phone=phone, address=address, https=certfile is not None, clinic=web.clinic
    )
    listening = _bind(serving.bind, port)  # a port in use is one clean line, nothing started
    try:
        if serving.phone_url:
            web = web.model_copy(update={"phone_url": serving.phone_url})
        # So the app's start-up warnings (clinic mode without GLUTEMED_SECRET_KEY) are seen.
        logging.basicConfig(format="glutemed: %(levelname)s: %(message)s")
        if workers > 1:
            _serve_workers(settings, web, workers, listening, certfile, keyfile)
            return
        app = create_app(settings, web)
        prepare_to_serve(app)  # the database made current, long-lived objects out of the GC
        mode = "clinic mode (login required)" if web.clinic else "single-person mode"
        scheme = "https" if certfile else "http"
        local = serving.bind if serving.bind not in ("0.0.0.0", "::") else "127.0.0.1"
        typer.echo(f"glutemed on {scheme}://{local}:{port}/ in {mode}; Ctrl+C stops it.")
        if serving.phone_url:
            _announce_phones(app, serving.phone_url, port)
        # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1
        # by default; the app believes it only from GLUTEMED_TRUSTED_PROXIES (web/app.py).
        server = uvicorn.Server(uvicorn.Config(
            app, host=serving.bind, port=port, log_level="warning", proxy_headers=False,
            ssl_certfile=certfile, ssl_keyfile=keyfile, loop=EVENT_LOOP,
        ))
        server.run(sockets=[listening])
    finally:
        listening.close()


def _check_workers(database_url: str, phone: bool) -> None:
    """Several processes only on PostgreSQL, and never for phones (single-person mode)."""
    from glutemed.errors import InputError
    from glutemed.store.engine import is_sqlite

    if is_sqlite(database_url):
        raise InputError(
            "--workers", "several server processes need PostgreSQL: SQLite lets one process "
            "write at a time, so workers would queue on its lock (and the app's own write "
            "queue is per process). Use one process on SQLite (leave out --workers), or "
            "set GLUTEMED_DATABASE_URL=postgresql+psycopg://... (docs/web.md, Running a clinic)"
        )
    if phone:
        raise InputError("--workers", "--phone serves one person from this computer: leave "
                         "out --workers")


def _serve_workers(settings: Settings, web: WebSettings, workers: int,
                   listening: socket.socket, certfile: str | None,
                   keyfile: str | None) -> None:
    """Run ``workers`` uvicorn processes on the bound socket, each building the app from
    the environment (:func:`glutemed.web.app.served_app`).

    The schema is made current here, once, before any worker starts. Sessions, the login
    throttle and every write live in the database, so the workers share them; the cookie
    key must be shared too: without ``GLUTEMED_SECRET_KEY`` one random key is made here
    and given to every worker (everyone is still logged out when the server restarts)."""
    import os

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from glutemed.store.engine import make_engine
    from glutemed.store.schema_check import ensure_current
    from glutemed.web.app import EVENT_LOOP, NO_SECRET_KEY

    engine = make_engine(settings.database_url, busy_timeout_ms=settings.busy_timeout_ms)
    ensure_current(engine, auto_upgrade=settings.auto_upgrade)
    engine.dispose()
    if web.clinic and web.secret_key_is_random:
        logging.getLogger("glutemed.web.app").warning(NO_SECRET_KEY)
    os.environ.update({
        "GLUTEMED_DATABASE_URL": settings.database_url,
        "GLUTEMED_CLINIC": "1" if web.clinic else "0",
        "GLUTEMED_SECRET_KEY": web.secret_key,
    })
    mode = "clinic mode (login required)" if web.clinic else "single-person mode"
    host, port = listening.getsockname()[:2]
    typer.echo(f"glutemed on {'https' if certfile else 'http'}://{host}:{port}/ in {mode}, "
               f"{workers} processes; Ctrl+C stops it.")
    config = uvicorn.Config(
        "glutemed.web.app:served_app", factory=True, workers=workers, log_level="warning",
        proxy_headers=False, ssl_certfile=certfile, ssl_keyfile=keyfile, loop=EVENT_LOOP,
    )
    Multiprocess(config, sockets=[listening]).run()


def _announce_phones(app: object, phone_url: str, port: int) -> None:
    """Say where phones reach the app, and print a first pairing code."""
    import datetime as dt

    from glutemed.cli.devices import print_pairing
    from glutemed.services import devices

    typer.echo(f"Phones on your network: {phone_url}/ -- each must be paired first.")
    ctx = app.state.glutemed  # type: ignore[attr-defined]
    pairing = devices.new_pairing(ctx.uow(), dt.datetime.now(dt.UTC))
    print_pairing(phone_url, pairing.token, pairing.expires_at, port)


def _bind(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything is printed or started (as uvicorn would
    bind it), so a port already in use is a one-line error with exit status 2 instead of a
    traceback after the "glutemed on http://..." line."""
    import errno

    from glutemed.errors import InputError

    # IPPROTO_TCP named, not left 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only
    # on sockets that say they are TCP, and with it on, each answer's last small write
    # waited for the client's delayed ACK -- 40 ms per request on one connection.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET,
                         socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError("--port", f"{port} is already in use on {host}; stop what uses it "
                             "or choose another port, e.g. --port 8080") from None
        raise InputError("--host", f"cannot listen on {host}:{port}: {exc.strerror or exc}"
                         ) from None
    except UnicodeError as exc:  # a host name the IDNA codec cannot encode
        sock.close()
        raise InputError("--host", f"'{host}' is not an address to listen on ({exc})") from None
    return sock
