"""A clinician adds a client from the onboarding form: the client's login, person, program
and assignment are stored together or not at all (no login left without its person, no
person left without its login)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from glutemed.services import accounts
from glutemed.store.programs import ProgramsRepository
from glutemed.store.tables import AccountRow, ClinicianClientRow, PersonRow, ProgramRow

PASSWORD = "correct horse battery"
ONBOARD = {
    "name": "Bob", "username": "bob", "password": PASSWORD, "goal": "rehab",
    "days_per_week": "2", "weeks": "8", "equipment": ["mini-band"],
}


def _counts(app: Any) -> tuple[int, ...]:
    with app.state.glutemed.uow(readonly=True) as uow:
        return tuple(
            int(uow.session.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (AccountRow, PersonRow, ProgramRow, ClinicianClientRow)
        )


def _login(client: Any, username: str) -> str:
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text)
    assert token
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token.group(1)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get("/onboarding")
    match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert match
    return match.group(1)


@pytest.fixture
def clinician(make_app: Any) -> tuple[Any, Any, str]:
    """A clinic app with dr-lee logged in, and one client (Alice) already there."""
    from fastapi.testclient import TestClient

    app = make_app(clinic=True)
    client = TestClient(app)
    with app.state.glutemed.uow() as uow:
        accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        uow.commit()
    token = _login(client, "dr-lee")
    first = client.post("/onboarding", data={**ONBOARD, "name": "Alice", "username": "alice",
                                             "csrf_token": token}, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/clinic"
    return app, client, token


def test_the_new_client_can_log_in_and_sees_their_program(clinician: Any, make_app: Any) -> None:
    from fastapi.testclient import TestClient

    app, client, token = clinician
    before = _counts(app)
    response = client.post("/onboarding", data={**ONBOARD, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303
    assert _counts(app) == tuple(n + 1 for n in before)
    bob = TestClient(app)
    _login(bob, "bob")
    assert "Bob" in bob.get("/", follow_redirects=True).text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"username": "alice"}, "'alice' is taken"),
        ({"name": "Alice"}, "you already have a client called 'Alice'"),  # after the login
        ({"password": "short"}, "use at least 10 characters"),
        ({"username": ""}, "give a username"),
    ],
)
def test_a_refused_client_leaves_no_login_and_no_person(
    clinician: Any, change: dict[str, str], message: str
) -> None:
    app, client, token = clinician
    before = _counts(app)
    response = client.post("/onboarding", data={**ONBOARD, **change, "csrf_token": token})
    assert response.status_code == 422
    assert message in html.unescape(response.text)
    assert 'value="Bob"' in response.text or change.get("name") == "Alice"
    assert _counts(app) == before


def test_a_fault_after_the_person_insert_leaves_nothing_behind(
    clinician: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, client, token = clinician
    before = _counts(app)

    def broken(*_args: Any, **_kwargs: Any) -> int:
        from glutemed.errors import StorageError

        raise StorageError("database error: the connection dropped; nothing was saved")

    monkeypatch.setattr(ProgramsRepository, "add", broken)
    response = client.post("/onboarding", data={**ONBOARD, "csrf_token": token})
    assert response.status_code == 422
    assert "nothing was saved" in response.text
    monkeypatch.undo()
    assert _counts(app) == before
    with app.state.glutemed.uow(readonly=True) as uow:
        assert uow.accounts.by_username("bob") is None
