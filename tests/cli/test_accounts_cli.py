"""``glutemed accounts ...``: list, add, reset-password, disable, enable, delete, sessions,
end-sessions. Passwords come from a hidden prompt or standard input, never argv; anything
that changes a password or disables a login ends its sessions; deleting says what happens
to the people linked to it and asks first."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from glutemed.cli import app
from glutemed.programming.models import Profile
from glutemed.services import accounts, logins
from glutemed.services.people import start_person
from glutemed.store.engine import make_engine
from glutemed.store.unit_of_work import SqlUnitOfWork

PASSWORD = "correct horse battery"
PROFILE = Profile(goal="rehab", days_per_week=2, weeks=4, equipment=frozenset({"mini-band"}))


def _run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=stdin)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'accounts.sqlite3'}"


def _add(db: str, username: str, role: str = "clinician") -> None:
    done = _run("accounts", "add", username, "--role", role, "--password-stdin", "--db", db,
                stdin=PASSWORD + "\n")
    assert done.exit_code == 0, done.output


def _session(db: str, username: str) -> str:
    """Log ``username`` in (as the web app does) and return the session's token."""
    engine = make_engine(db)
    token = logins.new_token()
    with SqlUnitOfWork(engine) as uow:
        account = accounts.authenticate(uow, username, PASSWORD)
        assert account is not None
        logins.start(uow, account.id, token, now_s=time.time(), max_age_s=3600,
                     ip="192.0.2.7", user_agent="TestBrowser/2")
        uow.commit()
    engine.dispose()
    return token


def _live(db: str, token: str) -> bool:
    engine = make_engine(db)
    with SqlUnitOfWork(engine, readonly=True) as uow:
        found = logins.resolve(uow, token, time.time())
    engine.dispose()
    return found is not None


def test_a_password_on_the_command_line_is_refused_with_the_reason(db: str) -> None:
    refused = _run("accounts", "add", "dr-lee", "--password", "long enough secret", "--db", db)
    assert refused.exit_code == 2
    assert "process list" in refused.output and "--password-stdin" in refused.output
    listed = _run("accounts", "list", "--json", "--db", db)
    assert json.loads(listed.stdout) == []


def test_add_asks_twice_hidden_or_reads_standard_input(db: str) -> None:
    typed = _run("accounts", "add", "dr-lee", "--db", db,
                 stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert typed.exit_code == 0, typed.output
    assert PASSWORD not in typed.output  # hidden as it is typed
    mismatch = _run("accounts", "add", "dr-kim", "--db", db,
                    stdin=f"{PASSWORD}\nsomething else!\n{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0 and "do not match" in mismatch.output.lower()
    piped = _run("accounts", "add", "ana", "--role", "client", "--password-stdin", "--db", db,
                 stdin=PASSWORD + "\n")
    assert piped.exit_code == 0 and "client account 'ana'" in piped.output
    empty = _run("accounts", "add", "bo", "--password-stdin", "--db", db, stdin="")
    assert empty.exit_code == 2 and "--password-stdin" in empty.output
    short = _run("accounts", "add", "eve", "--password-stdin", "--db", db, stdin="short\n")
    assert short.exit_code == 2 and "password" in short.output
    taken = _run("accounts", "add", "DR-LEE", "--password-stdin", "--db", db,
                 stdin=PASSWORD + "\n")
    assert taken.exit_code == 2 and "taken" in taken.output
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        assert accounts.authenticate(uow, "dr-kim", PASSWORD) is not None
    engine.dispose()


def test_list_shows_role_status_sessions_and_linked_people(db: str, catalog: Any) -> None:
    _add(db, "dr-lee")
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        lee = accounts.find_account(uow, "dr-lee")
    accounts.start_client(SqlUnitOfWork(engine), lee.id, "ana", PASSWORD, "Ana", PROFILE,
                          catalog, dt.date(2026, 3, 2))
    engine.dispose()
    _session(db, "dr-lee")
    listed = json.loads(_run("accounts", "list", "--json", "--db", db).stdout)
    assert [(a["username"], a["role"], a["disabled_at"], a["sessions"], a["people"])
            for a in listed] == [("dr-lee", "clinician", None, 1, ["Ana"]),
                                 ("ana", "client", None, 0, ["Ana"])]
    table = _run("accounts", "list", "--db", db).stdout
    assert "dr-lee" in table and "enabled" in table and "Ana" in table


def test_reset_password_ends_every_session_and_the_new_one_works(db: str) -> None:
    _add(db, "dr-lee")
    token = _session(db, "dr-lee")
    done = _run("accounts", "reset-password", "Dr-Lee", "--password-stdin", "--db", db,
                stdin="a brand new secret\n")
    assert done.exit_code == 0 and "1 session ended" in done.output
    assert not _live(db, token)
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        assert accounts.authenticate(uow, "dr-lee", PASSWORD) is None
        assert accounts.authenticate(uow, "dr-lee", "a brand new secret") is not None
    engine.dispose()
    unknown = _run("accounts", "reset-password", "dr-lea", "--password-stdin", "--db", db,
                   stdin="a brand new secret\n")
    assert unknown.exit_code == 2 and "unknown account 'dr-lea'" in unknown.output
    assert "dr-lee" in unknown.output  # the closest one is suggested


def test_disable_ends_sessions_and_enable_lets_the_old_password_in(db: str) -> None:
    _add(db, "dr-lee")
    token = _session(db, "dr-lee")
    done = _run("accounts", "disable", "dr-lee", "--db", db)
    assert done.exit_code == 0 and "1 session ended" in done.output
    assert not _live(db, token)
    listed = json.loads(_run("accounts", "list", "--json", "--db", db).stdout)
    assert listed[0]["disabled_at"] is not None
    assert _run("accounts", "enable", "dr-lee", "--db", db).exit_code == 0
    assert _live(db, _session(db, "dr-lee"))


def test_sessions_are_listed_and_ended_from_the_command_line(db: str) -> None:
    _add(db, "dr-lee")
    first, second = _session(db, "dr-lee"), _session(db, "dr-lee")
    listed = json.loads(_run("accounts", "sessions", "dr-lee", "--json", "--db", db).stdout)
    assert len(listed) == 2 and {s["ip"] for s in listed} == {"192.0.2.7"}
    assert {s["user_agent"] for s in listed} == {"TestBrowser/2"}
    assert all(first not in json.dumps(s) for s in listed)  # never the token
    one = _run("accounts", "end-sessions", "dr-lee", "--session", str(listed[0]["id"]),
               "--db", db)
    assert one.exit_code == 0 and "1 session ended" in one.output
    assert [_live(db, t) for t in (first, second)].count(True) == 1
    again = _run("accounts", "end-sessions", "dr-lee", "--session", str(listed[0]["id"]),
                 "--db", db)
    assert again.exit_code == 2 and "--session" in again.output
    assert _run("accounts", "end-sessions", "dr-lee", "--db", db).exit_code == 0
    assert not _live(db, first) and not _live(db, second)
    assert "no open session" in _run("accounts", "sessions", "dr-lee", "--db", db).stdout


def test_deleting_a_client_keeps_their_history_and_says_so(db: str, catalog: Any) -> None:
    _add(db, "dr-lee")
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        lee = accounts.find_account(uow, "dr-lee")
    made = accounts.start_client(SqlUnitOfWork(engine), lee.id, "ana", PASSWORD, "Ana",
                                 PROFILE, catalog, dt.date(2026, 3, 2))
    asked = _run("accounts", "delete", "ana", "--db", db, stdin="n\n")
    assert asked.exit_code == 1 and "Nothing was deleted" in asked.output
    assert "Ana's training history is kept" in asked.output
    done = _run("accounts", "delete", "ana", "--db", db, stdin="y\n")
    assert done.exit_code == 0, done.output
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert uow.accounts.by_username("ana") is None
        person = uow.people.get(made.person_id)
        assert person.account_id is None
        assert uow.programs.active(made.person_id) is not None
        assert made.person_id in accounts.list_clients(uow, lee)  # still the clinician's
    engine.dispose()


def test_a_clinician_with_clients_is_deleted_only_by_handing_them_over(
    db: str, catalog: Any
) -> None:
    _add(db, "dr-lee")
    _add(db, "dr-kim")
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        lee, kim = accounts.find_account(uow, "dr-lee"), accounts.find_account(uow, "dr-kim")
    for name in ("Ann", "Bo"):
        start_person(SqlUnitOfWork(engine), name, PROFILE, catalog, dt.date(2026, 3, 2),
                     clinician_account_id=lee.id)
    start_person(SqlUnitOfWork(engine), "Bo", PROFILE, catalog, dt.date(2026, 3, 2),
                 clinician_account_id=kim.id)
    _add(db, "dr-sam")
    refused = _run("accounts", "delete", "dr-lee", "--yes", "--db", db)
    assert refused.exit_code == 2 and "--transfer-to" in refused.output
    assert "Ann, Bo" in refused.output
    clash = _run("accounts", "delete", "dr-lee", "--transfer-to", "dr-kim", "--yes", "--db", db)
    assert clash.exit_code == 2 and "already has a client called 'Bo'" in clash.output
    moved = _run("accounts", "delete", "dr-lee", "--transfer-to", "dr-sam", "--yes", "--db", db)
    assert moved.exit_code == 0, moved.output
    assert "2 client(s) move to dr-sam" in moved.output
    with SqlUnitOfWork(engine, readonly=True) as uow:
        sam = accounts.find_account(uow, "dr-sam")
        assert sorted(uow.people.get(p).name for p in accounts.list_clients(uow, sam)) == [
            "Ann", "Bo"]
        assert uow.accounts.by_username("dr-lee") is None
        assert len(uow.people.all()) == 3  # nobody deleted
    engine.dispose()
