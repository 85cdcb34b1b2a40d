"""``glutemed accounts ...``: the clinic's logins (clinicians and clients), from the server.

Passwords never come from the command line itself: a value in argv is visible to every user
of the machine (``ps``) and stays in the shell's history. They are typed at a hidden prompt
(twice), or read from standard input with ``--password-stdin`` (one line), for scripts and
secret managers. The old ``--password`` option is refused with the reason.

Everything that changes a password or disables an account ends the account's sessions
(:mod:`glutemed.services.logins`). Deleting an account says first what happens to the
people linked to it and asks for confirmation: a client's training history is kept (the
person simply has no login), and a clinician with clients cannot be deleted until another
clinician takes them over (``--transfer-to``).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli.db import db_option

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from glutemed.services.accounts import Account

accounts_app = typer.Typer(
    name="accounts",
    help="Manage web logins for clinic mode (clinicians and clients).",
    no_args_is_help=True,
)

ARGV_PASSWORD = (
    "a password on the command line is visible to every user of this machine (the process "
    "list) and stays in the shell history; leave it out to be asked for it, or pipe it in "
    "with --password-stdin"
)


def register(app: typer.Typer) -> None:
    """Add the ``accounts`` group to the root app."""
    app.add_typer(accounts_app, name="accounts")


def _password_argv_option() -> Any:
    return typer.Option(None, "--password", hidden=True, help="Refused: see --password-stdin.")


def _stdin_option() -> Any:
    return typer.Option(
        False, "--password-stdin",
        help="Read the password from standard input (one line) instead of asking for it.",
    )


def _read_password(argv_password: str | None, from_stdin: bool) -> str:
    """The new password: refused from argv, one line from stdin, or typed twice, hidden."""
    from glutemed.errors import InputError

    if argv_password is not None:
        raise InputError("--password", ARGV_PASSWORD)
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("--password-stdin", "standard input held no password")
        return line
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _find(engine: Engine, username: str) -> Account:
    from glutemed.services import accounts

    with cli_io.unit_of_work(engine, readonly=True) as uow:
        return accounts.find_account(uow, username)


def _ended(count: int) -> str:
    return f"{count} session{'' if count == 1 else 's'} ended"


@accounts_app.command("add")
def add_account(
    username: str = typer.Argument(..., help="Login name, 1 to 80 characters."),
    role: str = typer.Option("clinician", "--role", help="clinician or client."),
    password_stdin: bool = _stdin_option(),
    password: str | None = _password_argv_option(),
    db: str | None = db_option(),
) -> None:
    """Create a login for clinic mode (the password is stored as an argon2 hash).

    You are asked for the password twice (it is not shown); --password-stdin reads it from
    standard input instead. A client's login is usually made by their clinician on the web,
    together with the client; this adds a bare login.

    Example:
        glutemed accounts add dr-lee --role clinician
        pass show clinic/dr-kim | glutemed accounts add dr-kim --password-stdin
    """
    from glutemed.services import accounts

    secret = _read_password(password, password_stdin)
    engine = cli_io.open_store(db)
    with cli_io.unit_of_work(engine) as uow:
        account = accounts.create_account(uow, username, secret, role)
        uow.commit()
    typer.echo(f"Created {account.role} account '{account.username}' (id {account.id}).")


@accounts_app.command("list")
def list_accounts(
    as_json: bool = typer.Option(False, "--json", help="Print the accounts as JSON."),
    db: str | None = db_option(),
) -> None:
    """Every login: role, enabled or not, open sessions, and the people linked to it.

    Example:
        glutemed accounts list
        glutemed accounts list --json
    """
    from glutemed.services import accounts

    engine = cli_io.open_store(db)
    rows = accounts.list_accounts(cli_io.unit_of_work(engine, readonly=True), time.time())
    if as_json:
        cli_io.echo_json([
            {
                "id": a.id, "username": a.username, "role": a.role,
                "created_at": a.created_at.isoformat(),
                "disabled_at": a.disabled_at.isoformat() if a.disabled_at else None,
                "sessions": a.sessions, "people": a.people,
            }
            for a in rows
        ])
        return
    if not rows:
        typer.echo("No accounts yet. Add the first clinician with 'glutemed accounts add'.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "username", "role", "status", "sessions", "people")
    for a in rows:
        status = f"disabled {a.disabled_at:%Y-%m-%d}" if a.disabled_at else "enabled"
        table.add_row(str(a.id), a.username, a.role, status, str(a.sessions),
                      ", ".join(a.people) or "-")
    Console().print(table)


@accounts_app.command("reset-password")
def reset_password(
    username: str = typer.Argument(..., help="The login whose password is set anew."),
    password_stdin: bool = _stdin_option(),
    password: str | None = _password_argv_option(),
    db: str | None = db_option(),
) -> None:
    """Set a new password for a login; every session of that login ends.

    Example:
        glutemed accounts reset-password ana
        glutemed accounts reset-password ana --password-stdin < new-password.txt
    """
    from glutemed.services import accounts

    secret = _read_password(password, password_stdin)
    engine = cli_io.open_store(db)
    account = _find(engine, username)
    ended = accounts.reset_password(cli_io.unit_of_work(engine), account.id, secret)
    typer.echo(f"New password set for '{account.username}'; {_ended(ended)}.")


@accounts_app.command("disable")
def disable(
    username: str = typer.Argument(..., help="The login to disable."),
    db: str | None = db_option(),
) -> None:
    """Stop a login from being used (it is kept, with everything linked to it); every
    session of it ends at once. 'glutemed accounts enable' undoes it.

    Example:
        glutemed accounts disable ana
    """
    from glutemed.services import accounts

    engine = cli_io.open_store(db)
    account = _find(engine, username)
    ended = accounts.set_enabled(
        cli_io.unit_of_work(engine), account.id, False, dt.datetime.now(dt.UTC)
    )
    typer.echo(f"Disabled '{account.username}'; {_ended(ended)}.")


@accounts_app.command("enable")
def enable(
    username: str = typer.Argument(..., help="The login to enable again."),
    db: str | None = db_option(),
) -> None:
    """Let a disabled login log in again (with its old password).

    Example:
        glutemed accounts enable ana
    """
    from glutemed.services import accounts

    engine = cli_io.open_store(db)
    account = _find(engine, username)
    accounts.set_enabled(cli_io.unit_of_work(engine), account.id, True, dt.datetime.now(dt.UTC))
    typer.echo(f"Enabled '{account.username}'.")


@accounts_app.command("delete")
def delete(
    username: str = typer.Argument(..., help="The login to delete."),
    transfer_to: str | None = typer.Option(
        None, "--transfer-to",
        help="A clinician's clients move to this clinician (needed when there are any).",
    ),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    db: str | None = db_option(),
) -> None:
    """Delete a login, after saying what happens to the people linked to it.

    No training history is deleted: a client's person keeps every set, program and
    decision and simply has no login; a clinician's clients move, whole, to the clinician
    named by --transfer-to (required when there are any). To stop a login without deleting
    anything, use 'glutemed accounts disable'.

    Example:
        glutemed accounts delete ana
        glutemed accounts delete dr-lee --transfer-to dr-kim --yes
    """
    from glutemed.services import accounts

    engine = cli_io.open_store(db)
    account = _find(engine, username)
    target = _find(engine, transfer_to) if transfer_to else None
    plan = accounts.plan_deletion(cli_io.unit_of_work(engine, readonly=True), account, target)
    for line in plan.describe():
        typer.echo(line)
    if not yes and not typer.confirm(f"Delete the login '{account.username}'?", default=False):
        typer.echo("Nothing was deleted.")
        raise typer.Exit(1)
    accounts.delete_account(cli_io.unit_of_work(engine), plan)
    typer.echo(f"Deleted the login '{account.username}'.")


@accounts_app.command("sessions")
def sessions(
    username: str = typer.Argument(..., help="The login whose sessions are listed."),
    as_json: bool = typer.Option(False, "--json", help="Print the sessions as JSON."),
    db: str | None = db_option(),
) -> None:
    """Where a login is logged in: each open session, when it started, was last used and
    ends, from which address and browser.

    Example:
        glutemed accounts sessions dr-lee
    """
    from glutemed.services import logins

    engine = cli_io.open_store(db)
    account = _find(engine, username)
    found = logins.sessions_of(cli_io.unit_of_work(engine, readonly=True), account.id,
                               time.time())

    def when(epoch_s: float) -> str:
        return dt.datetime.fromtimestamp(epoch_s, dt.UTC).isoformat(timespec="seconds")

    if as_json:
        cli_io.echo_json([
            {"id": s.id, "created_at": when(s.created_at_s), "last_used_at":
             when(s.last_seen_at_s), "expires_at": when(s.expires_at_s), "ip": s.ip,
             "user_agent": s.user_agent}
            for s in found
        ])
        return
    if not found:
        typer.echo(f"'{account.username}' has no open session.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "logged in (UTC)", "last used", "ends", "address", "browser")
    for s in found:
        table.add_row(str(s.id), when(s.created_at_s), when(s.last_seen_at_s),
                      when(s.expires_at_s), s.ip, s.user_agent or "-")
    Console().print(table)


@accounts_app.command("end-sessions")
def end_sessions(
    username: str = typer.Argument(..., help="The login whose sessions end."),
    session: int | None = typer.Option(
        None, "--session", min=1, help="End only this session (an id from 'sessions')."
    ),
    db: str | None = db_option(),
) -> None:
    """Log a login out everywhere (or from one session): the browsers must log in again.

    Example:
        glutemed accounts end-sessions dr-lee
        glutemed accounts end-sessions dr-lee --session 12
    """
    from glutemed.errors import InputError
    from glutemed.services import logins

    engine = cli_io.open_store(db)
    account = _find(engine, username)
    if session is None:
        ended = logins.end_all(cli_io.unit_of_work(engine), account.id)
    elif logins.end_one(cli_io.unit_of_work(engine), account.id, session):
        ended = 1
    else:
        raise InputError("--session", f"'{account.username}' has no open session {session}")
    typer.echo(f"'{account.username}': {_ended(ended)}.")
