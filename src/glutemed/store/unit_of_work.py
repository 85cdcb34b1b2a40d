"""The unit of work: one use case, one transaction, all or nothing.

::

    with SqlUnitOfWork(engine) as uow:
        set_id = uow.sets.add(person_id, performed)
        uow.decisions.add(...)
        uow.commit()          # both rows, or neither

Leaving the block without ``commit()`` -- or with an exception -- rolls back, so a failure
half-way through a use case never leaves half of it in the database. On SQLite a writing
unit of work takes the write lock at its start (``BEGIN IMMEDIATE``, see
:mod:`glutemed.store.engine`), so concurrent writers queue instead of failing half-way.
Database errors come out as :class:`~glutemed.errors.StorageError` with a readable message.
"""

from __future__ import annotations

from importlib import import_module
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar, cast, overload

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from glutemed.errors import StorageError
from glutemed.store.engine import READONLY

if TYPE_CHECKING:
    from glutemed.store.accounts import AccountsRepository
    from glutemed.store.attention import AttentionRepository
    from glutemed.store.decisions import DecisionsRepository
    from glutemed.store.devices import DevicesRepository
    from glutemed.store.login_failures import LoginFailuresRepository
    from glutemed.store.login_sessions import LoginSessionsRepository
    from glutemed.store.outcomes import OutcomesRepository
    from glutemed.store.pauses import PausesRepository
    from glutemed.store.people import PeopleRepository
    from glutemed.store.performed_sets import SetsRepository
    from glutemed.store.program_changes import ProgramChangesRepository
    from glutemed.store.program_templates import ProgramTemplatesRepository
    from glutemed.store.programs import ProgramsRepository
    from glutemed.store.progression_state import StateRepository

R = TypeVar("R")


class Repository(Generic[R]):
    """A repository of the unit of work, made on first use in each transaction.

    Its module is imported only then: a command that reads one person's sets does not import
    the clinic's attention list, the outcome measures or the devices (their models cost more
    to import than the command takes to run). Once made, the repository sits in the unit of
    work's ``__dict__``, so later reads of the attribute are plain lookups;
    :meth:`SqlUnitOfWork.__enter__` drops them, so each transaction gets its own.
    """

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.attribute = ""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    @overload
    def __get__(self, uow: None, owner: type) -> Repository[R]: ...

    @overload
    def __get__(self, uow: SqlUnitOfWork, owner: type) -> R: ...

    def __get__(self, uow: SqlUnitOfWork | None, owner: type) -> Repository[R] | R:
        if uow is None:
            return self
        session = uow._bound
        if session is None:
            raise AttributeError(
                f"'{self.attribute}': the unit of work was never opened; use it in a 'with' block"
            )
        made = getattr(import_module(self.module), self.name)(session)
        uow.__dict__[self.attribute] = made
        return cast(R, made)


class ConflictError(StorageError):
    """Another writer changed the same rows at the same moment; retrying may succeed."""


class DatabaseBusy(StorageError):
    """SQLite's write lock is held by another connection (another process, or another
    thread of this one) and the busy timeout ran out; the transaction was rolled back whole,
    so the same work may simply be run again."""


class SqlUnitOfWork:
    """A transaction with the repositories bound to it (each made on first use)."""

    people: Repository[PeopleRepository] = Repository("glutemed.store.people", "PeopleRepository")
    accounts: Repository[AccountsRepository] = Repository(
        "glutemed.store.accounts", "AccountsRepository"
    )
    programs: Repository[ProgramsRepository] = Repository(
        "glutemed.store.programs", "ProgramsRepository"
    )
    sets: Repository[SetsRepository] = Repository("glutemed.store.performed_sets", "SetsRepository")
    state: Repository[StateRepository] = Repository(
        "glutemed.store.progression_state", "StateRepository"
    )
    decisions: Repository[DecisionsRepository] = Repository(
        "glutemed.store.decisions", "DecisionsRepository"
    )
    pauses: Repository[PausesRepository] = Repository("glutemed.store.pauses", "PausesRepository")
    login_failures: Repository[LoginFailuresRepository] = Repository(
        "glutemed.store.login_failures", "LoginFailuresRepository"
    )
    login_sessions: Repository[LoginSessionsRepository] = Repository(
        "glutemed.store.login_sessions", "LoginSessionsRepository"
    )
    outcomes: Repository[OutcomesRepository] = Repository(
        "glutemed.store.outcomes", "OutcomesRepository"
    )
    devices: Repository[DevicesRepository] = Repository(
        "glutemed.store.devices", "DevicesRepository"
    )
    attention: Repository[AttentionRepository] = Repository(
        "glutemed.store.attention", "AttentionRepository"
    )
    program_changes: Repository[ProgramChangesRepository] = Repository(
        "glutemed.store.program_changes", "ProgramChangesRepository"
    )
    program_templates: Repository[ProgramTemplatesRepository] = Repository(
        "glutemed.store.program_templates", "ProgramTemplatesRepository"
    )

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self._session: Session | None = None
        self._bound: Session | None = None  # the latest transaction's, kept after it ends

    @property
    def session(self) -> Session:
        """The SQLAlchemy session of the open unit of work (for the web app's own reads)."""
        if self._session is None:
            raise StorageError("the unit of work is not open; use it in a 'with' block")
        return self._session

    def __enter__(self) -> SqlUnitOfWork:
        bind = self.engine.execution_options(**{READONLY: self.readonly})
        session = Session(bind=bind, expire_on_commit=False, autoflush=False)
        self._session = self._bound = session
        for name in self.repositories():
            self.__dict__.pop(name, None)  # the last transaction's, if this one is reused
        return self

    @classmethod
    def repositories(cls) -> list[str]:
        """The names of the repositories a unit of work offers (``uow.people``, ...)."""
        return [name for name, value in vars(cls).items() if isinstance(value, Repository)]

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()  # a no-op after commit(); discards anything uncommitted
        finally:
            session.close()
            self._session = None
        if isinstance(exc, DBAPIError):
            raise _storage_error(exc) from exc

    def commit(self) -> None:
        """Make every change of this unit of work permanent, at once."""
        if self.readonly:
            raise StorageError("a read-only unit of work cannot commit changes")
        try:
            self.session.commit()
        except DBAPIError as error:
            self.session.rollback()
            raise _storage_error(error) from error

    def rollback(self) -> None:
        """Discard every change since the last commit."""
        self.session.rollback()


RETRYABLE_SQLSTATES = {"40001", "40P01"}
"""PostgreSQL's serialization failure and deadlock: the transaction was rolled back whole
and may simply be run again."""
BUSY_SQLSTATES = {"55P03", "53300", "57P03"}
"""PostgreSQL busy: a lock not available in time, too many connections, or the server not
accepting connections yet (starting up). Nothing was saved; later may work."""


def _storage_error(error: DBAPIError) -> StorageError:
    detail = str(error.orig) if error.orig is not None else str(error)
    if isinstance(error, IntegrityError):
        return ConflictError(f"the database refused the change ({detail}); nothing was saved")
    if getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return ConflictError(f"another writer got in the way ({detail}); nothing was saved")
    if getattr(error.orig, "sqlstate", None) in BUSY_SQLSTATES:
        return DatabaseBusy(f"the database is busy ({detail}); nothing was saved, try again")
    if isinstance(error, OperationalError) and "locked" in detail:
        return DatabaseBusy(
            "the database is busy with another writer; nothing was saved, try again "
            "(or raise GLUTEMED_BUSY_TIMEOUT_MS)"
        )
    return StorageError(f"database error: {detail}; nothing was saved")
