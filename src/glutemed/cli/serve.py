"""``glutemed serve`` (the web app) and ``glutemed accounts add`` (clinic-mode logins).

uvicorn, FastAPI and the store are imported inside the commands so ``glutemed --help``
stays fast.
"""

from __future__ import annotations

import typer

accounts_app = typer.Typer(
    name="accounts",
    help="Manage web logins for clinic mode (clinicians and clients).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``accounts`` group to the root app."""
    app.command("serve")(serve)
    app.add_typer(accounts_app, name="accounts")


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
    if serving.phone_url:
        web = web.model_copy(update={"phone_url": serving.phone_url})
    app = create_app(settings, web)
    prepare_to_serve(app)  # the database made current, long-lived objects out of the GC
    mode = "clinic mode (login required)" if web.clinic else "single-person mode"
    scheme = "https" if certfile else "http"
    local = serving.bind if serving.bind not in ("0.0.0.0", "::") else "127.0.0.1"
    typer.echo(f"glutemed on {scheme}://{local}:{port}/ in {mode}; Ctrl+C stops it.")
    if serving.phone_url:
        _announce_phones(app, serving.phone_url, port)
    uvicorn.run(app, host=serving.bind, port=port, log_level="warning",
                ssl_certfile=certfile, ssl_keyfile=keyfile)


def _announce_phones(app: object, phone_url: str, port: int) -> None:
    """Say where phones reach the app, and print a first pairing code."""
    import datetime as dt

    from glutemed.cli.devices import print_pairing
    from glutemed.services import devices

    typer.echo(f"Phones on your network: {phone_url}/ -- each must be paired first.")
    ctx = app.state.glutemed  # type: ignore[attr-defined]
    pairing = devices.new_pairing(ctx.uow(), dt.datetime.now(dt.UTC))
    print_pairing(phone_url, pairing.token, pairing.expires_at, port)


@accounts_app.command("add")
def add_account(
    username: str = typer.Argument(..., help="Login name, 1 to 80 characters."),
    role: str = typer.Option("clinician", "--role", help="clinician or client."),
    password: str = typer.Option(
        ...,
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="At least 10 characters (asked for when not given).",
    ),
    db: str | None = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """Create a login for clinic mode (the password is stored as an argon2 hash).

    Example:
        glutemed accounts add dr-lee --role clinician
    """
    from glutemed.config import Settings
    from glutemed.services import accounts
    from glutemed.store.engine import make_engine
    from glutemed.store.migrate import ensure_current
    from glutemed.store.unit_of_work import SqlUnitOfWork

    settings = Settings.from_env(database_url=db)
    engine = make_engine(settings.database_url, busy_timeout_ms=settings.busy_timeout_ms)
    ensure_current(engine, auto_upgrade=settings.auto_upgrade)
    with SqlUnitOfWork(engine) as uow:
        account = accounts.create_account(uow, username, password, role)
        uow.commit()
    typer.echo(f"Created {account.role} account '{account.username}' (id {account.id}).")
