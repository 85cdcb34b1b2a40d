"""On SQLite a write runs on the event loop only when nothing holds the write lock; when
something does, the loop hands the write to a worker thread and goes on serving others.

A write that waited on the loop would freeze every request of the server for as long as
the other writer holds the lock (up to the busy timeout, 5 s by default), and the command
line importing a history is exactly such a writer. These tests hold the lock, start a
logged set, and check that another request is answered while the set is still waiting;
then they let go and check that the set is stored exactly once.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from glutemed.store.unit_of_work import DatabaseBusy


@contextmanager
def _another_process_writing(app: Any) -> Iterator[None]:
    """SQLite's write lock, held by a connection that is not the app's (as the command line
    or a second server would hold it)."""
    path = app.state.glutemed.settings.database_url.removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def _another_write_of_this_app(app: Any) -> Iterator[None]:
    """The app's own write lock, held by a worker thread as a page's write holds it. The
    thread lets go when the test is done, or after 3 s, so that a loop that did wait for
    the lock makes the test fail instead of hanging it."""
    lock = app.state.glutemed.write_lock
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            taken.set()
            done.wait(timeout=3)

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait()
    try:
        yield
    finally:
        done.set()
        holder.join()


HOLDERS: dict[str, Callable[[Any], Any]] = {
    "another process": _another_process_writing,
    "another write of this app": _another_write_of_this_app,
}


@pytest.mark.parametrize("holder", list(HOLDERS))
def test_a_set_logged_while_the_database_is_busy_waits_without_stopping_the_server(
    client: Any, helpers: Any, holder: str
) -> None:
    person_id = helpers.start(client)
    body = helpers.first_set(client, person_id)
    app = client.app

    async def scenario() -> tuple[int, bool, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as web:
            token = (await web.get("/api/v1/csrf")).json()["csrf_token"]
            with HOLDERS[holder](app):
                logging = asyncio.create_task(web.post(
                    f"/api/v1/people/{person_id}/sets", json=body,
                    headers={"X-CSRF-Token": token},
                ))
                await asyncio.sleep(0.3)
                other = await web.get(f"/api/v1/people/{person_id}")
                still_waiting = not logging.done()
            logged = await logging
        return other.status_code, still_waiting, logged.status_code

    other_status, still_waiting, logged_status = asyncio.run(scenario())
    assert other_status == 200
    assert still_waiting, "the logged set should wait for the lock, in a thread"
    assert logged_status == 201
    stored = client.get(f"/api/v1/people/{person_id}/sets").json()
    assert [s["performed"]["set_index"] for s in stored] == [1]
    assert len(client.get(f"/api/v1/people/{person_id}/decisions").json()) == 1


def test_the_loops_unit_of_work_refuses_at_once_when_sqlite_is_locked(client: Any) -> None:
    """The first attempt on the loop fails at ``BEGIN IMMEDIATE`` without sleeping, with the
    error that sends the work to a thread; a waiting unit of work would sleep instead."""
    ctx = client.app.state.glutemed
    assert client.get("/api/v1/people").json() == []  # the database made, in WAL mode
    with _another_process_writing(client.app):
        with pytest.raises(DatabaseBusy), ctx.uow(wait=False) as uow:
            uow.people.all()
    with ctx.uow(wait=False) as uow:
        assert uow.people.all() == []


def test_an_in_memory_database_keeps_one_engine(tmp_path: Path) -> None:
    """``sqlite://`` is a new empty database per engine: the loop's unit of work must use
    the same one as every other."""
    from glutemed.config import Settings
    from glutemed.web.app import create_app
    from glutemed.web.settings import WebSettings

    app = create_app(Settings(database_url="sqlite://"), WebSettings(secret_key="k" * 32))
    ctx = app.state.glutemed
    assert ctx.uow(wait=False).engine is ctx.uow().engine
    ctx.close()
