"""The login throttle kept in the database: shared by every worker (two app instances on one
database stand for two uvicorn workers, or one app before and after a restart), safe under
concurrent failures, pruned, and off in single-person mode. Time is moved by hand through
the throttle's clock, never by sleeping. SQLite always, PostgreSQL when a URL is given."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from glutemed.config import Settings
from glutemed.services import accounts
from glutemed.store.tables import LoginFailureRow
from glutemed.store.unit_of_work import SqlUnitOfWork
from glutemed.web.app import create_app
from glutemed.web.settings import WebSettings
from glutemed.web.throttle import DatabaseFailures, LoginThrottle

PASSWORD = "correct horse battery"
START_S = 1_800_000_000.0  # an arbitrary wall-clock instant (2027-01-15)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START_S

    def __call__(self) -> float:
        return self.now


def _db_throttle(engine: Engine, clock: Clock, max_failures: int = 3) -> LoginThrottle:
    def uow(*, readonly: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, readonly=readonly)

    return LoginThrottle(max_failures, 600, DatabaseFailures(uow), clock=clock)


def _rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(LoginFailureRow)).scalar_one())


# -- the policy, the same on either store ---------------------------------------------------


@pytest.fixture
def make_throttle(sqlite_url: str) -> Iterator[Callable[[Clock, int], LoginThrottle]]:
    from glutemed.store.engine import make_engine
    from glutemed.store.migrate import upgrade

    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield lambda clock, n: _db_throttle(engine, clock, n)
    engine.dispose()


def test_the_wait_runs_until_enough_failures_leave_the_window(make_throttle: Any) -> None:
    clock = Clock()
    throttle = make_throttle(clock, 2)
    assert throttle.begin_attempt("Eve", "1.2.3.4") == 0  # counts until a success resets it
    clock.now += 100
    # the same user: case and spaces ignored
    assert throttle.begin_attempt(" eve ", "1.2.3.4") == 0
    assert throttle.retry_after_s("EVE", "1.2.3.4") == 501  # the first leaves at +600
    assert throttle.retry_after_s("eve", "5.6.7.8") == 0  # another IP
    clock.now += 499.5
    assert throttle.retry_after_s("eve", "1.2.3.4") == 1
    clock.now += 0.5
    assert throttle.retry_after_s("eve", "1.2.3.4") == 0


def test_a_refused_attempt_neither_counts_nor_extends_the_wait(make_throttle: Any) -> None:
    clock = Clock()
    throttle = make_throttle(clock, 2)
    assert [throttle.begin_attempt("eve", "ip") for _ in range(2)] == [0, 0]
    clock.now += 300
    assert throttle.begin_attempt("eve", "ip") == 301
    clock.now += 300
    assert throttle.begin_attempt("eve", "ip") == 0  # still the first two that expired


def test_success_clears_the_record(make_throttle: Any) -> None:
    clock = Clock()
    throttle = make_throttle(clock, 2)
    assert throttle.begin_attempt("eve", "ip") == 0
    assert throttle.begin_attempt("eve", "ip") == 0
    throttle.reset("Eve", "ip")
    assert [throttle.begin_attempt("eve", "ip") for _ in range(3)][:2] == [0, 0]


def _burst(throttles: list[LoginThrottle], attempts: int = 8) -> tuple[int, int]:
    """``attempts`` logins for one user at the same moment, spread over the throttles;
    returns (how many were let through, how many failures are on record)."""
    start = threading.Barrier(attempts)

    def attempt(i: int) -> int:
        start.wait()
        return int(throttles[i % len(throttles)].begin_attempt("eve", "1.2.3.4"))

    with ThreadPoolExecutor(attempts) as pool:
        waits = list(pool.map(attempt, range(attempts)))
    return waits.count(0), len(throttles[0].store.newest(("eve", "1.2.3.4"), 0.0, 100))


def test_a_burst_of_attempts_at_the_same_moment_gets_at_most_the_limit(
    make_throttle: Any,
) -> None:
    """Claim-then-count: parallel guesses cannot all slip past one check. Every attempt let
    through is on record (a failure until it succeeds); refused ones are not."""
    let_through, on_record = _burst([make_throttle(Clock(), 3)])
    assert let_through <= 3
    assert on_record == let_through


# -- shared by workers, on SQLite and PostgreSQL ---------------------------------------------


def test_two_failures_at_the_same_moment_from_two_workers_both_count(engine: Engine) -> None:
    clock = Clock()
    workers = [_db_throttle(engine, clock, max_failures=2) for _ in range(2)]
    together = threading.Barrier(2)

    def fail(worker: LoginThrottle) -> int:
        together.wait()
        return worker.begin_attempt("eve", "1.2.3.4")  # counted until a success resets it

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(fail, workers)) == [0, 0]
    assert _rows(engine) == 2
    assert workers[0].retry_after_s("eve", "1.2.3.4") == 601
    assert workers[1].retry_after_s("eve", "1.2.3.4") == 601


def test_a_burst_spread_over_two_workers_gets_at_most_the_limit(engine: Engine) -> None:
    clock = Clock()
    let_through, on_record = _burst([_db_throttle(engine, clock) for _ in range(2)])
    assert let_through <= 3
    assert on_record == let_through == _rows(engine)


def test_old_failures_are_pruned_so_the_table_stays_small(engine: Engine) -> None:
    clock = Clock()
    throttle = _db_throttle(engine, clock)
    for i in range(20):
        assert throttle.begin_attempt(f"user-{i}", "1.2.3.4") == 0
    assert _rows(engine) == 20
    clock.now += 600
    assert throttle.begin_attempt("eve", "1.2.3.4") == 0  # any write prunes what left the window
    assert _rows(engine) == 1


@pytest.fixture
def two_workers(db_url: str) -> Iterator[tuple[Any, Any, Clock]]:
    """Two clinic apps on one database with one clock, as two uvicorn workers would be."""
    clock = Clock()
    apps = []
    for _ in range(2):
        app = create_app(
            Settings(database_url=db_url),
            WebSettings(clinic=True, secret_key="k" * 32, login_max_failures=3,
                        login_window_s=600),
        )
        app.state.glutemed.throttle.clock = clock
        apps.append(app)
    with apps[0].state.glutemed.uow() as uow:
        accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        uow.commit()
    yield apps[0], apps[1], clock
    for app in apps:
        app.state.glutemed.engine.dispose()


def _login(app: Any, username: str, password: str) -> Any:
    from fastapi.testclient import TestClient

    client = TestClient(app)
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text)
    assert token
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token.group(1)}, follow_redirects=False)


def test_two_app_instances_on_one_database_share_the_failure_count(two_workers: Any) -> None:
    first, second, clock = two_workers
    statuses = [_login(app, "Dr-Lee", "wrong password!").status_code
                for app in (first, second, first)]
    assert statuses == [401, 401, 401]
    refused = _login(second, "dr-lee", PASSWORD)  # even the right password waits now
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "601"
    assert "try again in 601 s" in refused.text
    clock.now += 600
    assert _login(first, "dr-lee", PASSWORD).status_code == 303


def test_a_success_on_one_worker_resets_the_count_for_the_other(two_workers: Any) -> None:
    first, second, _clock = two_workers
    assert [_login(first, "dr-lee", "wrong password!").status_code for _ in range(2)] == [
        401, 401]
    assert _login(second, "dr-lee", PASSWORD).status_code == 303
    statuses = [_login(first, "dr-lee", "wrong password!").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_the_web_app_keeps_failures_in_the_database(two_workers: Any) -> None:
    first, _second, _clock = two_workers
    assert isinstance(first.state.glutemed.throttle.store, DatabaseFailures)
    _login(first, "dr-lee", "wrong password!")
    assert _rows(first.state.glutemed.engine) == 1


def test_single_person_mode_has_no_login_and_writes_no_failures(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'one.sqlite3'}"),
                     WebSettings(secret_key="k" * 32, allowed_hosts="testserver",
                                 local_clients="testclient"))
    client = TestClient(app)
    assert client.get("/login", follow_redirects=False).headers["location"] == "/"
    token = client.get("/api/v1/csrf").json()["csrf_token"]
    response = client.post("/login", data={"username": "eve", "password": "x" * 12,
                                           "csrf_token": token}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert _rows(app.state.glutemed.engine) == 0
