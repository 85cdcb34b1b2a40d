"""``glutemed serve``: the web app (the clinic's logins are ``glutemed accounts``, in
:mod:`glutemed.cli.accounts`).

uvicorn, FastAPI and the store are imported inside the command so ``glutemed --help``
stays fast.
"""

from __future__ import annotations

import socket

import typer


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
    """
    import logging

    import uvicorn

    from glutemed.cli.devices import phone_serving
    from glutemed.config import Settings
    from glutemed.errors import InputError
    from glutemed.web.app import create_app, prepare_to_serve
    from glutemed.web.settings import WebSettings

    if (certfile is None) != (keyfile is None):
        raise InputError("--certfile", "give --certfile and --keyfile together")
    settings = Settings.from_env(database_url=db)
    web = WebSettings.from_env(clinic=True if clinic else None)
    serving = phone_serving(
        host, port, phone=phone, address=address, https=certfile is not None, clinic=web.clinic
    )
    listening = _bind(serving.bind, port)  # a port in use is one clean line, nothing started
    try:
        if serving.phone_url:
            web = web.model_copy(update={"phone_url": serving.phone_url})
        # So the app's start-up warnings (clinic mode without GLUTEMED_SECRET_KEY) are seen.
        logging.basicConfig(format="glutemed: %(levelname)s: %(message)s")
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
            ssl_certfile=certfile, ssl_keyfile=keyfile,
        ))
        server.run(sockets=[listening])
    finally:
        listening.close()


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

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
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
