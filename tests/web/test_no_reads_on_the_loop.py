"""No async route reads the database on the event loop where a read is a network round trip.

Every statement the app sends is watched: one sent from the thread running the event loop
is recorded. The app is told it is on a networked database (``WebContext.sqlite`` false, as
on PostgreSQL), so every read and write of an ``async`` route must go through a worker thread
(``database_work.read`` / the write helpers); on PostgreSQL itself the module runs once more.
A route that read on the loop again would show up here with the statement it sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from glutemed.services import accounts
from glutemed.web.context import WebContext

PASSWORD = "correct horse battery"


@pytest.fixture
def web_db_url(db_url: str) -> str:
    return db_url


@pytest.fixture
def on_the_loop(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Statements sent from a thread that runs an event loop, while the app believes it is
    on a networked database."""
    monkeypatch.setattr(WebContext, "sqlite", property(lambda self: False))
    seen: list[str] = []

    def watch(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        seen.append(statement.split("\n", 1)[0][:120])

    event.listen(Engine, "before_cursor_execute", watch)
    yield seen
    event.remove(Engine, "before_cursor_execute", watch)


def _clinician_logged_in(make_app: Any) -> tuple[Any, str]:
    """A clinic app with the clinician "lee" logged in: the client and its API CSRF token."""
    from fastapi.testclient import TestClient
    from tests.web.conftest import log_in

    app = make_app(clinic=True)
    app.state.glutemed.engine  # noqa: B018 -- opened (and migrated) before, not in a route
    with app.state.glutemed.uow() as uow:
        accounts.create_account(uow, "lee", PASSWORD, "clinician")
        uow.commit()
    client = TestClient(app)
    return client, log_in(client, "lee", PASSWORD)


def _set_body(client: Any, helpers: Any, pid: int) -> dict[str, Any]:
    return helpers.first_set(client, pid, dt.date.today().isoformat())


def test_single_person_async_routes_read_in_a_worker_thread(
    make_app: Any, helpers: Any, on_the_loop: list[str]
) -> None:
    from fastapi.testclient import TestClient

    app = make_app()
    app.state.glutemed.engine  # noqa: B018 -- opened (and migrated) before, not in a route
    client = TestClient(app)
    pid = helpers.start(client)
    csrf = {"X-CSRF-Token": helpers.csrf(client)}
    body = _set_body(client, helpers, pid)
    logged = client.post(f"/api/v1/people/{pid}/sets", json=body, headers=csrf)
    assert logged.status_code == 201, logged.text
    set_id = logged.json()["set"]["id"]
    assert client.put(f"/api/v1/people/{pid}/sets/{set_id}", json=body,
                      headers=csrf).status_code == 200
    assert client.delete(f"/api/v1/people/{pid}/sets/{set_id}", headers=csrf).status_code == 204
    assert client.post(f"/api/v1/people/{pid}/sets/{set_id}/restore",
                       headers=csrf).status_code == 200
    assert client.post(f"/api/v1/people/{pid}/safety/clear", json={"note": "ok", "confirm": True},
                       headers=csrf).status_code in (200, 422)
    assert client.put(f"/api/v1/people/{pid}/outcome-schedule", json={"weeks": [0, 4]},
                      headers=csrf).status_code in (200, 422)
    assert on_the_loop == [], "\n".join(on_the_loop[:40])


def test_clinic_login_is_resolved_in_a_worker_thread(
    make_app: Any, helpers: Any, on_the_loop: list[str]
) -> None:
    client, token = _clinician_logged_in(make_app)
    on_the_loop.clear()  # the login page itself is not the subject here
    pid = helpers.start(client)
    csrf = {"X-CSRF-Token": token}
    logged = client.post(f"/api/v1/people/{pid}/sets", json=_set_body(client, helpers, pid),
                         headers=csrf)
    assert logged.status_code == 201, logged.text
    assert on_the_loop == [], "\n".join(on_the_loop[:40])


def test_program_editor_templates_and_attention_refusals_read_in_a_worker_thread(
    make_app: Any, helpers: Any, on_the_loop: list[str]
) -> None:
    """The clinic's program editor (JSON and page, a refusal too), its templates, and the
    refusals of an acknowledgement (the needs-attention page redrawn, and the API)."""
    client, token = _clinician_logged_in(make_app)
    pid = helpers.start(client)
    headers = {"X-CSRF-Token": token}
    on_the_loop.clear()  # the login and the new client are not the subject here
    api = f"/api/v1/people/{pid}"
    edited = client.post(f"{api}/program/edits", json={"op": "weekdays", "weekdays": [2, 5]},
                         headers=headers)
    assert edited.status_code == 200, edited.text
    locked = client.put(f"{api}/program/access", json={"access": "locked"}, headers=headers)
    assert locked.status_code == 200, locked.text
    saved = client.post("/api/v1/clinic/templates", json={"person_id": pid, "name": "Mine"},
                        headers=headers)
    assert saved.status_code == 201, saved.text
    started = client.post(f"{api}/program/template", json={"template_id": saved.json()["id"]},
                          headers=headers)
    assert started.status_code == 200, started.text
    page = f"/people/{pid}/program/editor"
    done = client.post(page, data={"csrf_token": token, "op": "weekdays",
                                   "weekdays": ["1", "4"]}, follow_redirects=False)
    assert done.status_code == 303, done.text
    refused = client.post(page, data={"csrf_token": token, "op": "add", "day": "1",
                                      "variant_id": "side-plank.short", "sets": "2"})
    assert refused.status_code == 422 and "reps: give reps" in refused.text
    ack = client.post(f"/clinic/clients/{pid}/attention/grumpy",
                      data={"csrf_token": token, "note": "seen"})
    assert ack.status_code == 422 and "warning-sign" in ack.text
    api_ack = client.post(f"{api}/attention/acknowledgements",
                          json={"kind": "stall", "note": "seen"}, headers=headers)
    assert api_ack.status_code == 422 and api_ack.json()["field"] == "kind"
    assert on_the_loop == [], "\n".join(on_the_loop[:40])


def test_the_person_pages_forms_read_in_a_worker_thread(
    make_app: Any, helpers: Any, on_the_loop: list[str]
) -> None:
    """The forms a person sends from the pages, each answered and refused: onboarding, a
    set logged in place (today's card read back) and refused, a set corrected and refused,
    a prescription changed, a new program, and a pause cleared."""
    from fastapi.testclient import TestClient
    from tests.web.test_page_journey import ONBOARD, _first_log_form, _hidden

    app = make_app()
    app.state.glutemed.engine  # noqa: B018 -- opened (and migrated) before, not in a route
    client = TestClient(app)
    token = helpers.token(client.get("/onboarding").text)
    on_the_loop.clear()  # the GET routes are plain ``def``: a worker thread each
    refused = client.post("/onboarding", data={**ONBOARD, "goal": "fly", "csrf_token": token})
    assert refused.status_code == 422
    created = client.post("/onboarding", data={**ONBOARD, "csrf_token": token},
                          follow_redirects=False)
    assert created.status_code == 303, created.text
    pid = int(created.headers["location"].split("/")[2])
    fields = _first_log_form(client.get(f"/people/{pid}/today").text)
    in_place = client.post(f"/people/{pid}/sets", data={**fields, "csrf_token": token},
                           headers={"HX-Request": "true"})
    assert in_place.status_code == 200, in_place.text
    bad = client.post(f"/people/{pid}/sets",
                      data={**fields, "pain_during": "11", "csrf_token": token})
    assert bad.status_code == 422
    set_id = client.get(f"/api/v1/people/{pid}/sets").json()[0]["id"]
    edit = client.get(f"/people/{pid}/sets/{set_id}/edit").text
    date = edit.split('name="date" type="date" value="', 1)[1].split('"', 1)[0]
    sent = {**_hidden(edit), **{k: v for k, v in fields.items() if k in ("reps", "hold_s")},
            "side": fields["side"], "date": date}
    saved = client.post(f"/people/{pid}/sets/{set_id}/edit", data=sent, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    refused_edit = client.post(f"/people/{pid}/sets/{set_id}/edit",
                               data={**sent, "pain_during": "11"})
    assert refused_edit.status_code == 422
    form = client.get(f"/people/{pid}/program/edit?week=1&session=1&item=0").text
    kind = "reps" if 'name="reps_low"' in form else "hold_s"
    edited = client.post(f"/people/{pid}/program/edit", data={
        **_hidden(form), "sets": "3", f"{kind}_low": "5", f"{kind}_high": "9", "rest_s": "60",
        "load_kg": ""}, follow_redirects=False)
    assert edited.status_code == 303, edited.text
    renewed = client.post(f"/people/{pid}/program/new", data={**ONBOARD, "csrf_token": token},
                          follow_redirects=False)
    assert renewed.status_code == 303, renewed.text
    cleared = client.post(f"/people/{pid}/safety/clear",
                          data={"csrf_token": token, "note": "seen", "confirm": "yes"},
                          follow_redirects=False)
    assert cleared.status_code in (303, 422), cleared.text
    assert on_the_loop == [], "\n".join(on_the_loop[:40])
