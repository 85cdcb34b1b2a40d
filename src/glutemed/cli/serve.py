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
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL (default: GLUTEMED_DATABASE_URL or the SQLite file)."
    ),
    clinic: bool = typer.Option(
        False, "--clinic", help="Clinic mode: password accounts for clinicians and clients."
    ),
) -> None:
    """Start the web app (today's session, timers, library, progress) in a browser.

    Single-person mode by default: no login, meant for your own machine on 127.0.0.1.
    With --clinic, people log in; create the first clinician with 'glutemed accounts add'.

    Example:
        glutemed serve
        glutemed serve --port 8080 --db sqlite:///./glutemed.sqlite3
        GLUTEMED_SECRET_KEY=... glutemed serve --clinic --host 0.0.0.0
    """
    import logging

    import uvicorn

    from glutemed.config import Settings
    from glutemed.web.app import create_app, prepare_to_serve
    from glutemed.web.settings import WebSettings

    listening = _bind(host, port)  # first: a port in use is one clean line, nothing started
    try:
        settings = Settings.from_env(database_url=db)
        web = WebSettings.from_env(clinic=True if clinic else None)
        # So the app's start-up warnings (clinic mode without GLUTEMED_SECRET_KEY) are seen.
        logging.basicConfig(format="glutemed: %(levelname)s: %(message)s")
        app = create_app(settings, web)
        prepare_to_serve(app)  # the database made current, long-lived objects out of the GC
        mode = "clinic mode (login required)" if web.clinic else "single-person mode"
        typer.echo(f"glutemed on http://{host}:{port}/ in {mode}; Ctrl+C stops it.")
        # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1
        # by default; the app believes it only from GLUTEMED_TRUSTED_PROXIES (web/app.py).
        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                               proxy_headers=False))
        server.run(sockets=[listening])
    finally:
        listening.close()


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
