"""The login throttle's table: rows per failure, newest first, cleared, pruned. SQLite always,
PostgreSQL when a URL is given."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from glutemed.store.tables import LoginFailureRow
from glutemed.store.unit_of_work import SqlUnitOfWork


def _rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(LoginFailureRow)).scalar_one())


def test_newest_failures_of_one_key_come_newest_first_and_limited(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        for at_s in (100.0, 300.0, 200.0):
            uow.login_failures.add("eve", "1.2.3.4", at_s)
        uow.login_failures.add("eve", "5.6.7.8", 250.0)
        uow.login_failures.add("bob", "1.2.3.4", 250.0)
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert uow.login_failures.newest("eve", "1.2.3.4", 0.0, 10) == [300.0, 200.0, 100.0]
        assert uow.login_failures.newest("eve", "1.2.3.4", 0.0, 2) == [300.0, 200.0]
        assert uow.login_failures.newest("eve", "1.2.3.4", 200.0, 10) == [300.0]


def test_clear_forgets_one_key_and_prune_forgets_everything_old(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        for at_s in (100.0, 200.0):
            uow.login_failures.add("eve", "1.2.3.4", at_s)
            uow.login_failures.add("bob", "1.2.3.4", at_s)
        uow.login_failures.add("ann", "9.9.9.9", 50.0)
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        uow.login_failures.clear("eve", "1.2.3.4")
        assert uow.login_failures.prune(100.0) == 2  # bob's and ann's old ones, not bob's new
        uow.commit()
    with SqlUnitOfWork(engine, readonly=True) as uow:
        assert uow.login_failures.newest("eve", "1.2.3.4", 0.0, 10) == []
        assert uow.login_failures.newest("bob", "1.2.3.4", 0.0, 10) == [200.0]
    assert _rows(engine) == 1


def test_an_uncommitted_failure_is_not_kept(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.login_failures.add("eve", "1.2.3.4", 1.0)
    assert _rows(engine) == 0
