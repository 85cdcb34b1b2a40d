"""start_client: a clinician's new client (login, person, program, assignment) is one unit of
work. Every failure, wherever it happens, leaves no trace: no account, no person, no program,
no planned session and no assignment. Runs on SQLite, and on PostgreSQL when a URL is given."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from glutemed.errors import GlutemedError, InputError
from glutemed.programming.models import Profile
from glutemed.services import accounts
from glutemed.services.people import start_person
from glutemed.store.accounts import AccountsRepository
from glutemed.store.people import PeopleRepository
from glutemed.store.programs import ProgramsRepository
from glutemed.store.tables import (
    AccountRow,
    ClinicianClientRow,
    PersonRow,
    PlannedSessionRow,
    ProgramRow,
)
from glutemed.store.unit_of_work import SqlUnitOfWork

PASSWORD = "correct horse battery"
PROFILE = Profile(goal="rehab", days_per_week=2, weeks=4, equipment=frozenset({"mini-band"}))
DAY0 = dt.date(2026, 3, 2)
TABLES = (AccountRow, PersonRow, ProgramRow, PlannedSessionRow, ClinicianClientRow)


class InjectedFault(Exception):
    """A failure no validation could foresee (a crash, a dropped connection)."""


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.__tablename__: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in TABLES
        }


@pytest.fixture
def clinic(engine: Engine, catalog: Any) -> dict[str, Any]:
    """A clinician with one client already, so "nothing changed" is checked against rows."""
    with SqlUnitOfWork(engine) as uow:
        clinician = accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        uow.commit()
    accounts.start_client(
        SqlUnitOfWork(engine), clinician.id, "alice", PASSWORD, "Alice", PROFILE, catalog, DAY0
    )
    return {"clinician": clinician, "before": _counts(engine)}


def _start(engine: Engine, catalog: Any, clinician_id: int, **over: Any) -> Any:
    args: dict[str, Any] = {"username": "bob", "password": PASSWORD, "name": "Bob",
                            "profile": PROFILE}
    args.update(over)
    return accounts.start_client(
        SqlUnitOfWork(engine), clinician_id, args["username"], args["password"], args["name"],
        args["profile"], catalog, DAY0, units=over.get("units", "kg"),
        timezone=over.get("timezone", "UTC"),
    )


def test_a_new_client_gets_login_person_program_and_clinician_at_once(
    engine: Engine, catalog: Any, clinic: dict[str, Any]
) -> None:
    created = _start(engine, catalog, clinic["clinician"].id, username="  bob ")
    assert created.account.username == "bob" and created.account.role == "client"
    with SqlUnitOfWork(engine) as uow:
        assert accounts.authenticate(uow, "bob", PASSWORD) == created.account
        assert accounts.people_visible_to(uow, created.account.id) == [created.person_id]
        assert created.person_id in accounts.people_visible_to(uow, clinic["clinician"].id)
        program = uow.programs.active(created.person_id)
        assert program is not None and program.start_date == DAY0
    after = _counts(engine)
    assert {k: after[k] - clinic["before"][k] for k in ("accounts", "people", "programs",
                                                        "clinician_clients")} == {
        "accounts": 1, "people": 1, "programs": 1, "clinician_clients": 1}


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"username": "alice"}, "username"),  # taken: found after nothing else was written
        ({"username": "   "}, "username"),
        ({"password": "short"}, "password"),
        ({"name": "Alice"}, "name"),  # this clinician has an Alice: found after the login
        ({"name": ""}, "name"),
        ({"profile": Profile(goal="rehab", equipment=frozenset({"rowing-machine"}))},
         "equipment"),
        ({"units": "stone"}, "units"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_input_at_any_step_names_the_field_and_stores_nothing(
    engine: Engine, catalog: Any, clinic: dict[str, Any], over: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as caught:
        _start(engine, catalog, clinic["clinician"].id, **over)
    assert caught.value.field == field
    assert _counts(engine) == clinic["before"]
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert uow.accounts.by_username("bob") is None


@pytest.mark.parametrize(
    ("repository", "method"),
    [
        (AccountsRepository, "add"),  # before anything else
        (PeopleRepository, "add"),  # after the login was inserted
        (ProgramsRepository, "add"),  # after the person was inserted
        (AccountsRepository, "assign_client"),  # after the program and its calendar
    ],
)
def test_a_fault_after_any_insert_rolls_every_row_back(
    engine: Engine,
    catalog: Any,
    clinic: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    repository: type,
    method: str,
) -> None:
    original = getattr(repository, method)

    def fail_after(self: Any, *args: Any, **kwargs: Any) -> Any:
        original(self, *args, **kwargs)  # the row really is inserted (flushed) first
        raise InjectedFault(method)

    monkeypatch.setattr(repository, method, fail_after)
    with pytest.raises(InjectedFault):
        _start(engine, catalog, clinic["clinician"].id)
    monkeypatch.undo()
    assert _counts(engine) == clinic["before"]
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert uow.accounts.by_username("bob") is None
        assert [p.name for p in uow.people.all()] == ["Alice"]


def test_only_a_clinician_can_add_a_client(
    engine: Engine, catalog: Any, clinic: dict[str, Any]
) -> None:
    with SqlUnitOfWork(engine, readonly=True) as uow:
        alice = uow.accounts.by_username("alice")
        assert alice is not None
        alice_id = alice.id
    for not_a_clinician in (alice_id, 999_999):
        with pytest.raises(InputError, match="only a clinician"):
            _start(engine, catalog, not_a_clinician)
    assert _counts(engine) == clinic["before"]


def test_a_clinicians_new_person_and_its_assignment_are_one_transaction(
    engine: Engine, catalog: Any, clinic: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API's "create a person" as a clinician: no person is left that nobody can see."""
    original = AccountsRepository.assign_client

    def fail_after(self: Any, *args: Any) -> None:
        original(self, *args)
        raise InjectedFault("assign_client")

    monkeypatch.setattr(AccountsRepository, "assign_client", fail_after)
    with pytest.raises(InjectedFault):
        start_person(SqlUnitOfWork(engine), "Carl", PROFILE, catalog, DAY0,
                     clinician_account_id=clinic["clinician"].id)
    monkeypatch.undo()
    assert _counts(engine) == clinic["before"]
    pid = start_person(SqlUnitOfWork(engine), "Carl", PROFILE, catalog, DAY0,
                       clinician_account_id=clinic["clinician"].id)
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert pid in accounts.list_clients(uow, clinic["clinician"])


def test_a_storage_error_half_way_is_a_clear_message_not_a_traceback(
    engine: Engine, catalog: Any, clinic: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clinicians taking the same username at the same moment: the database's unique
    constraint refuses the second; it comes out as a GlutemedError and nothing is kept."""
    original_add = AccountsRepository.add

    def add_without_precheck(self: Any, username: str, password_hash: str, role: str) -> int:
        row = AccountRow(username=username, username_key=username, password_hash=password_hash,
                         role=role)
        self._s.add(row)
        self._s.flush()
        return int(row.id)

    monkeypatch.setattr(AccountsRepository, "add", add_without_precheck)
    with pytest.raises(GlutemedError, match="nothing was saved"):
        _start(engine, catalog, clinic["clinician"].id, username="alice", name="Other")
    monkeypatch.setattr(AccountsRepository, "add", original_add)
    assert _counts(engine) == clinic["before"]


def test_usernames_differ_by_more_than_case(
    engine: Engine, catalog: Any, clinic: dict[str, Any]
) -> None:
    """``Alice`` and ``alice`` are one user to the people typing them (and to the login
    throttle): a second account spelled with other capitals is refused, and a login in any
    capitals finds the one account."""
    with pytest.raises(InputError) as taken:
        _start(engine, catalog, clinic["clinician"].id, username="ALICE", name="Alice Two")
    assert taken.value.field == "username" and "(as 'alice')" in str(taken.value)
    with SqlUnitOfWork(engine) as uow:
        found = accounts.authenticate(uow, "Alice", PASSWORD)
    assert found is not None and found.username == "alice"


def test_accounts_differing_only_in_case_from_before_are_kept_apart(engine: Engine) -> None:
    """Stored before usernames were case-insensitive: the exact spelling finds its own
    account, and another spelling finds neither rather than guessing."""
    with engine.begin() as conn:
        for name in ("Eve", "eve"):
            conn.execute(AccountRow.__table__.insert().values(
                username=name, username_key=name.lower(), password_hash="x", role="client",
                created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    with SqlUnitOfWork(engine) as uow:
        assert [uow.accounts.by_username(n).username for n in ("Eve", "eve")] == ["Eve", "eve"]
        assert uow.accounts.by_username("EVE") is None
