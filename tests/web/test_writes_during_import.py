"""Writes that arrive while a long import holds SQLite's write lock: 503 and when to retry.

An import (``glutemed import``) is one transaction, so on SQLite it holds the write lock
from its first set to its commit. Every web write in that time -- a logged set, a login,
a failed login counted by the throttle -- must say "busy, try again in N seconds" (503 with
``Retry-After``), never blame the request (400), and store nothing half-way. Reads keep
working (WAL: readers never wait for the writer). The import here is a real
``import_sets`` stopped half-way, inside its transaction, while the requests are sent.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import warnings
from pathlib import Path
from typing import Any

from glutemed.config import Settings
from glutemed.programming.models import Profile
from glutemed.progression.models import PerformedSet
from glutemed.services import accounts
from glutemed.services.people import start_person
from glutemed.services.portability import import_sets
from glutemed.store.engine import make_engine
from glutemed.store.unit_of_work import SqlUnitOfWork
from glutemed.web.app import create_app
from glutemed.web.settings import WebSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
TEST_CLIENT_IS_LOCAL = {"allowed_hosts": "testserver", "local_clients": "testclient"}
"""As in ``tests/web/conftest.py``: the TestClient counts as this computer."""


def _token(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match
    return match.group(1)


class ImportHalfWay:
    """``import_sets`` run in a thread and held after its first stored sets, lock taken."""

    def __init__(self, url: str, person_id: int, sets: list[PerformedSet]) -> None:
        self.holding = threading.Event()
        self.release = threading.Event()
        self.engine = make_engine(url)

        self.failed: BaseException | None = None

        def progress(_: int) -> None:  # called inside the transaction, every 500 sets
            self.holding.set()
            assert self.release.wait(30)

        def run() -> None:
            try:
                import_sets(SqlUnitOfWork(self.engine), person_id, sets, progress=progress)
            except BaseException as exc:  # shown by the test, not lost in the thread
                self.failed = exc
                self.holding.set()

        self.thread = threading.Thread(target=run)

    def __enter__(self) -> ImportHalfWay:
        self.thread.start()
        assert self.holding.wait(30), "the import never got going"
        assert self.failed is None, self.failed
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.thread.join(30)
        self.engine.dispose()
        assert self.failed is None, self.failed


def test_web_writes_during_an_import_answer_503_and_store_nothing(
    tmp_path: Path, helpers: Any
) -> None:
    url = f"sqlite:///{tmp_path / 'import.sqlite3'}"
    app = create_app(Settings(database_url=url, busy_timeout_ms=50),
                     WebSettings(**TEST_CLIENT_IS_LOCAL, secret_key="k" * 32))
    client = TestClient(app)
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    one = PerformedSet.model_validate({k: v for k, v in body.items()
                                       if k not in {"target_reps", "target_hold_s",
                                                    "target_load_kg", "client_id"}})
    history = [one.model_copy(update={"pain_during": n % 3}) for n in range(600)]
    with ImportHalfWay(url, person_id, history):
        logged = client.post(f"/api/v1/people/{person_id}/sets", json=body,
                             headers={"X-CSRF-Token": helpers.csrf(client)})
        read = client.get(f"/api/v1/people/{person_id}/sets")
    assert logged.status_code == 503, logged.text
    assert logged.headers["retry-after"].isdigit()
    assert read.status_code == 200 and read.json() == []  # the import is not visible yet
    stored = client.get(f"/api/v1/people/{person_id}/sets?limit=1000").json()
    distinct = {s.model_dump_json() for s in history}  # the import skips repeats of a set
    assert len(stored) == len(distinct)  # the import committed; the refused set is not there
    app.state.glutemed.close()


def test_logins_during_an_import_answer_503_not_400(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'login.sqlite3'}"
    app = create_app(Settings(database_url=url, busy_timeout_ms=50),
                     WebSettings(**TEST_CLIENT_IS_LOCAL, clinic=True, secret_key="k" * 32))
    with app.state.glutemed.uow() as uow:
        accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        uow.commit()
    person_id = start_person(app.state.glutemed.uow(), "Held", Profile(goal="rehab"),
                             app.state.glutemed.catalog, dt.date(2026, 1, 5))
    history = [PerformedSet(variant_id="side-lying-abduction.isometric-hold", side="left",
                            date=dt.date(2026, 1, 5), hold_s=20 + n % 200, pain_during=n % 3)
               for n in range(600)]
    client = TestClient(app)
    token = _token(client.get("/login").text)
    with ImportHalfWay(url, person_id, history):
        right = client.post("/login", data={"username": "dr-lee", "password": PASSWORD,
                                            "csrf_token": token}, follow_redirects=False)
        wrong = client.post("/login", data={"username": "dr-lee", "password": "nope" * 4,
                                            "csrf_token": token}, follow_redirects=False)
    for answer in (right, wrong):
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"].isdigit()
    after = client.post("/login", data={"username": "dr-lee", "password": PASSWORD,
                                        "csrf_token": token}, follow_redirects=False)
    assert after.status_code == 303  # the lock is gone: the same login goes through
    app.state.glutemed.close()
