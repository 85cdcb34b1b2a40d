"""An in-memory unit of work for service tests: the training path without a database.

:class:`FakeUnitOfWork` implements :class:`glutemed.services.ports.UnitOfWork` with plain
dicts and lists, so the real use cases (start a person, log sets, today, why, history,
progress) run on it in microseconds, with no engine and no SQLite file. It is held to the
SQL store by ``tests/services/test_store_contract.py``, which runs the same assertions on
both; a behaviour added to a SQL repository that the services rely on belongs here too,
with a contract test.

Faithful where the services can tell the difference:

* values cross the boundary the way the SQL store sends them: a profile, program or
  prescription goes out as JSON and comes back validated (through the same upgrade rules),
  so a test never passes because an object was handed back by reference;
* the same errors for the same inputs: an unknown person or set is an
  :class:`~glutemed.errors.UnknownIdError`, free text a database could not store and a
  duplicate name are :class:`~glutemed.errors.InputError`, a resent ``client_id`` is a
  :class:`~glutemed.store.unit_of_work.ConflictError`;
* the same orders (newest set first by date then id, pauses and decisions by id, ...);
* all or nothing: leaving the ``with`` block without :meth:`FakeUnitOfWork.commit` puts
  every table back as it was when the block was entered.

The tables are :mod:`tests.fakes.tables`; the repositories :mod:`tests.fakes.people_programs`,
:mod:`tests.fakes.sets`, :mod:`tests.fakes.progression` and :mod:`tests.fakes.accounts`
(accounts, login sessions and the login throttle's failures), one per aggregate like the
store's.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from tests.fakes.accounts import FakeAccounts, FakeLoginFailures, FakeLoginSessions
from tests.fakes.people_programs import FakePeople, FakePrograms
from tests.fakes.progression import FakeDecisions, FakePauses, FakeStates
from tests.fakes.sets import FakeSets
from tests.fakes.tables import Tables

from glutemed.errors import StorageError
from glutemed.services.account_ports import AccountsUnitOfWork, FailuresUnitOfWork
from glutemed.services.ports import UnitOfWork


class FakeUnitOfWork:
    """:class:`glutemed.services.ports.UnitOfWork` over :class:`Tables` in memory, with
    the accounts, login sessions and failures of
    :class:`glutemed.services.account_ports.AccountsUnitOfWork`.

    Share one :class:`Tables` between several units of work to see one "database" from
    each (``FakeUnitOfWork(tables)``); a new one starts empty. Like the SQL unit of work
    it can be used for many ``with`` blocks, one after another.
    """

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables if tables is not None else Tables()
        self._snapshot: Tables | None = None
        self.commits = 0
        """How many times :meth:`commit` ran (a test can check a use case committed)."""
        self.people = FakePeople(self.tables)
        self.accounts = FakeAccounts(self.tables)
        self.programs = FakePrograms(self.tables)
        self.sets = FakeSets(self.tables)
        self.state = FakeStates(self.tables)
        self.pauses = FakePauses(self.tables)
        self.decisions = FakeDecisions(self.tables)
        self.login_sessions = FakeLoginSessions(self.tables)
        self.login_failures = FakeLoginFailures(self.tables)

    def __enter__(self) -> Self:
        if self._snapshot is not None:
            raise StorageError("this unit of work is already open")
        self._snapshot = self.tables.copy()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is not None:  # roll back whatever was not committed
            self._restore(snapshot)

    def _restore(self, snapshot: Tables) -> None:
        for name in vars(snapshot):
            setattr(self.tables, name, getattr(snapshot, name))

    def commit(self) -> None:
        if self._snapshot is None:
            raise StorageError("the unit of work is not open; use it in a 'with' block")
        self._snapshot = self.tables.copy()
        self.commits += 1


def as_unit_of_work(uow: FakeUnitOfWork) -> UnitOfWork:
    """The fake, typed as the protocol the services take: mypy proves here that it has
    every repository and method of :class:`~glutemed.services.ports.UnitOfWork` with
    compatible signatures (``tests/test_quality.py`` runs mypy strict on this package)."""
    return uow


def as_accounts_unit_of_work(uow: FakeUnitOfWork) -> AccountsUnitOfWork:
    """The fake as the account and login services' protocol (proved by mypy, as above)."""
    return uow


def as_failures_unit_of_work(uow: FakeUnitOfWork) -> FailuresUnitOfWork:
    """The fake as the login throttle's store's protocol (proved by mypy, as above)."""
    return uow
