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

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from glutemed.errors import StorageError
from glutemed.store.accounts import AccountsRepository
from glutemed.store.attention import AttentionRepository
from glutemed.store.decisions import DecisionsRepository
from glutemed.store.devices import DevicesRepository
from glutemed.store.engine import READONLY
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


class ConflictError(StorageError):
    """Another writer changed the same rows at the same moment; retrying may succeed."""


class DatabaseBusy(StorageError):
    """SQLite's write lock is held by another connection (another process, or another
    thread of this one) and the busy timeout ran out; the transaction was rolled back whole,
    so the same work may simply be run again."""


class SqlUnitOfWork:
    """A transaction with the repositories bound to it."""

    people: PeopleRepository
    accounts: AccountsRepository
    programs: ProgramsRepository
    sets: SetsRepository
    state: StateRepository
    decisions: DecisionsRepository
    login_failures: LoginFailuresRepository
    login_sessions: LoginSessionsRepository
    outcomes: OutcomesRepository
    devices: DevicesRepository
    attention: AttentionRepository
    program_changes: ProgramChangesRepository
    program_templates: ProgramTemplatesRepository

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The SQLAlchemy session of the open unit of work (for the web app's own reads)."""
        if self._session is None:
            raise StorageError("the unit of work is not open; use it in a 'with' block")
        return self._session

    def __enter__(self) -> SqlUnitOfWork:
        bind = self.engine.execution_options(**{READONLY: self.readonly})
        session = Session(bind=bind, expire_on_commit=False, autoflush=False)
        self._session = session
        self.people = PeopleRepository(session)
        self.accounts = AccountsRepository(session)
        self.programs = ProgramsRepository(session)
        self.sets = SetsRepository(session)
        self.state = StateRepository(session)
        self.decisions = DecisionsRepository(session)
        self.pauses = PausesRepository(session)
        self.login_failures = LoginFailuresRepository(session)
        self.login_sessions = LoginSessionsRepository(session)
        self.outcomes = OutcomesRepository(session)
        self.devices = DevicesRepository(session)
        self.attention = AttentionRepository(session)
        self.program_changes = ProgramChangesRepository(session)
        self.program_templates = ProgramTemplatesRepository(session)
        return self

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
