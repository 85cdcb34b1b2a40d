"""Single-person mode off this computer: allowed hosts, pairing a phone, unpairing it.

Everything here runs in-process: Starlette's TestClient is given a simulated client address
(``192.168.1.50``, a phone on the LAN) and a ``Host`` header, so no test traffic leaves the
machine. Issue 14's defect 4 (single-person mode answered any ``Host:``, which is what DNS
rebinding needs) is reproduced first. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from glutemed.store.tables import DevicePairingRow, DeviceRow
from glutemed.web.gate import host_name, is_loopback

PHONE_URL = "http://192.168.1.23:8000"
PHONE_ADDRESS = ("192.168.1.50", 50123)
NAME = "Zed Quillfeather"
"""A name that appears nowhere in the app's own text: found in a body, it is leaked data."""


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL."""
    return db_url


def _testclient(app: Any, base_url: str, client: tuple[str, int]) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(app, base_url=base_url, client=client, follow_redirects=False)


@pytest.fixture
def app(make_app: Any) -> Any:
    """Single-person mode served for phones, with no test-client exceptions."""
    return make_app(phone_url=PHONE_URL, allowed_hosts="", local_clients="")


@pytest.fixture
def desk(app: Any) -> Any:
    """The computer itself: a browser on 127.0.0.1."""
    return _testclient(app, "http://127.0.0.1:8000", ("127.0.0.1", 40000))


@pytest.fixture
def phone(app: Any) -> Any:
    """A phone on the local network, not paired yet."""
    return _testclient(app, PHONE_URL, PHONE_ADDRESS)


@pytest.fixture
def person(desk: Any, helpers: Any) -> int:
    return int(helpers.start(desk, NAME))


def _pair(desk: Any, phone: Any, helpers: Any, name: str = "Gym phone") -> Any:
    """Make a code on the computer and use it on the phone; the pairing answer."""
    page = desk.post("/devices/pair", data={"csrf_token": helpers.csrf(desk)})
    assert page.status_code == 200, page.text
    link = re.search(r'data-pair-link="([^"]+)"', page.text)
    assert link, "the computer's page carries the one-time link"
    path = link.group(1).removeprefix(PHONE_URL)
    form = phone.get(path)
    assert form.status_code == 200 and "Pair this phone" in form.text
    return phone.post(path, data={"csrf_token": helpers.token(form.text), "name": name})


def _link(desk: Any, helpers: Any) -> str:
    page = desk.post("/devices/pair", data={"csrf_token": helpers.csrf(desk)})
    found = re.search(r'data-pair-link="([^"]+)"', page.text)
    assert found
    return found.group(1).removeprefix(PHONE_URL)


# -- allowed hosts (issue 14, defect 4) ----------------------------------------------------


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example",
    "192.168.1.24:8000", "",
])
def test_a_host_that_is_not_this_computer_is_refused_with_no_data(
    app: Any, person: int, host: str
) -> None:
    """DNS rebinding: a page on evil.example re-points its name at 127.0.0.1 and reads the
    answer. The browser still sends its own name as Host, so the request is refused even
    though it comes from 127.0.0.1."""
    local = _testclient(app, "http://127.0.0.1:8000", ("127.0.0.1", 40001))
    for path in ("/", f"/people/{person}/today", f"/api/v1/people/{person}",
                 f"/people/{person}/export.json"):
        response = local.get(path, headers={"host": host})
        assert response.status_code == 400, (host, path)
        assert NAME not in response.text
        assert "content-disposition" not in response.headers
    api = local.get("/api/v1/people", headers={"host": host})
    assert api.json()["detail"].startswith("This glutemed answers only")


@pytest.mark.parametrize("base", [
    "http://127.0.0.1:8000", "http://localhost:8000", "http://LOCALHOST", "http://[::1]:8000",
    PHONE_URL,
])
def test_this_computers_names_and_the_phone_address_are_allowed(
    app: Any, person: int, base: str
) -> None:
    local = _testclient(app, base, ("127.0.0.1", 40002))
    response = local.get(f"/api/v1/people/{person}")
    assert response.status_code == 200, response.text
    assert response.json()["name"] == NAME


def test_without_phone_serving_the_lan_address_is_not_an_allowed_host(
    make_app: Any, helpers: Any
) -> None:
    app = make_app(allowed_hosts="", local_clients="")
    phone = _testclient(app, PHONE_URL, PHONE_ADDRESS)
    response = phone.get("/")
    assert response.status_code == 400
    assert "glutemed serve --phone" in response.text


def test_allowed_hosts_setting_adds_a_name(make_app: Any, helpers: Any) -> None:
    app = make_app(allowed_hosts="studio-pc.local, other.lan", local_clients="")
    local = _testclient(app, "http://studio-pc.local:8000", ("127.0.0.1", 40003))
    assert local.get("/api/v1/people").status_code == 200
    assert local.get("/api/v1/people", headers={"host": "third.lan"}).status_code == 400


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}(\.[a-z0-9-]{1,12}){0,3}", fullmatch=True),
    st.integers(1, 65535),
)
def test_host_name_ignores_the_port_and_case(name: str, port: int) -> None:
    """``Host: name:port`` is judged by its name alone, whatever its case and port."""
    assert host_name(f"{name.upper()}:{port}") == name
    assert host_name(f"{name}.") == name


def test_loopback_addresses() -> None:
    for address in ("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"):
        assert is_loopback(address), address
    for address in ("192.168.1.50", "10.0.0.2", "::ffff:192.168.1.5", "testclient", ""):
        assert not is_loopback(address), address


# -- an unpaired device sees no data -------------------------------------------------------


def _get_paths(app: Any, person: int) -> list[str]:
    """Every GET route of the app with its path filled in (the API's and the pages')."""
    from fastapi.routing import APIRoute

    values = {"person_id": str(person), "set_id": "1", "variant_id": "side-plank.short",
              "fmt": "json", "family": "side-plank", "week": "1", "session": "1",
              "item": "0", "token": "x", "device_id": "1"}
    paths = []
    stack = list(app.routes)
    while stack:
        route = stack.pop(0)
        stack.extend(getattr(getattr(route, "original_router", None), "routes", []))
        if isinstance(route, APIRoute) and "GET" in route.methods:
            paths.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values[m.group(1)], route.path))
    return sorted(set(paths))


def test_an_unpaired_phone_gets_the_pairing_page_on_every_route_and_never_data(
    app: Any, phone: Any, person: int, desk: Any, helpers: Any
) -> None:
    desk.post(f"/api/v1/people/{person}/sets", json=helpers.first_set(desk, person),
              headers={"X-CSRF-Token": helpers.csrf(desk)})
    paths = _get_paths(app, person)
    assert f"/people/{person}/today" in paths and "/api/v1/people" in paths
    assert len(paths) > 20
    for path in paths:
        response = phone.get(path)
        if path.startswith("/pair/"):
            assert response.status_code == 410, path  # an unknown link, refused
        elif path == "/sw.js":
            assert response.status_code == 200  # the service worker's script: no data
        else:
            assert response.status_code == 403, (path, response.status_code)
        assert NAME not in response.text, path
        assert "content-disposition" not in response.headers, path
        if response.status_code == 403 and not path.startswith("/api/"):
            assert "Pair this device first" in response.text, path
    refused = phone.post(f"/api/v1/people/{person}/sets", json=helpers.first_set(desk, person))
    assert refused.status_code == 403
    assert len(desk.get(f"/api/v1/people/{person}/sets").json()) == 1


def test_static_files_are_open_to_an_unpaired_phone(phone: Any) -> None:
    """The style and the icons hold no personal data; the pairing page needs them."""
    assert phone.get("/static/app.css").status_code == 200


# -- pairing -------------------------------------------------------------------------------


def test_pairing_through_the_one_time_link_then_the_phone_sees_today(
    app: Any, desk: Any, phone: Any, person: int, helpers: Any
) -> None:
    paired = _pair(desk, phone, helpers)
    assert paired.status_code == 303 and paired.headers["location"] == "/"
    cookie = paired.headers["set-cookie"]
    assert cookie.startswith("glutemed_device=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert f"Max-Age={400 * 24 * 3600}" in cookie
    today = phone.get(f"/people/{person}/today")
    assert today.status_code == 200 and NAME in today.text
    assert phone.get(f"/api/v1/people/{person}").json()["name"] == NAME
    listed = desk.get("/devices")
    assert "Gym phone" in listed.text


def test_a_used_link_is_refused_and_pairs_nothing_more(
    app: Any, desk: Any, phone: Any, person: int, helpers: Any
) -> None:
    path = _link(desk, helpers)
    form = phone.get(path)
    assert phone.post(path, data={"csrf_token": helpers.token(form.text),
                                  "name": "First"}).status_code == 303
    second = _testclient(app, PHONE_URL, ("192.168.1.51", 50124))
    again = second.get(path)
    assert again.status_code == 410
    assert "used already" in again.text
    csrf = second.get("/pair/unknown").text
    refused = second.post(path, data={"csrf_token": helpers.token(csrf), "name": "Second"})
    assert refused.status_code == 410
    assert "set-cookie" not in refused.headers or "glutemed_device" not in refused.headers.get(
        "set-cookie", "")
    assert second.get(f"/people/{person}/today").status_code == 403
    with app.state.glutemed.uow(readonly=True) as uow:
        assert [d.name for d in uow.devices.all()] == ["First"]


def test_opening_the_link_uses_nothing_up(
    app: Any, desk: Any, phone: Any, helpers: Any
) -> None:
    """A chat app's link preview fetches the link; only the button pairs."""
    path = _link(desk, helpers)
    for _ in range(3):
        assert phone.get(path).status_code == 200
    with app.state.glutemed.uow(readonly=True) as uow:
        assert uow.devices.all() == []


def test_an_expired_link_is_refused(app: Any, phone: Any) -> None:
    import datetime as dt

    from glutemed.services import devices

    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    pairing = devices.new_pairing(app.state.glutemed.uow(), long_ago)
    response = phone.get(f"/pair/{pairing.token}")
    assert response.status_code == 410 and "expired" in response.text


def test_a_blank_device_name_is_422_and_the_link_still_works(
    app: Any, desk: Any, phone: Any, helpers: Any
) -> None:
    path = _link(desk, helpers)
    token = helpers.token(phone.get(path).text)
    blank = phone.post(path, data={"csrf_token": token, "name": "   "})
    assert blank.status_code == 422 and "name: " in blank.text
    assert phone.post(path, data={"csrf_token": token, "name": "Phone"}).status_code == 303


def test_only_the_token_hashes_are_stored(
    app: Any, desk: Any, phone: Any, helpers: Any
) -> None:
    path = _link(desk, helpers)
    paired = _pair_with(phone, path, helpers)
    device_token = paired.cookies.get("glutemed_device") or re.search(
        r"glutemed_device=([^;]+)", paired.headers["set-cookie"]).group(1)
    with app.state.glutemed.uow(readonly=True) as uow:
        stored = [*uow.session.scalars(select(DeviceRow.token_hash)),
                  *uow.session.scalars(select(DevicePairingRow.token_hash))]
    link_token = path.rsplit("/", 1)[1]
    assert len(stored) == 2 and all(len(h) == 64 for h in stored)
    assert device_token not in stored and link_token not in stored


def _pair_with(phone: Any, path: str, helpers: Any) -> Any:
    token = helpers.token(phone.get(path).text)
    response = phone.post(path, data={"csrf_token": token, "name": "Phone"})
    assert response.status_code == 303
    return response


def test_two_phones_racing_for_one_link_pair_one_device(
    app: Any, desk: Any, helpers: Any
) -> None:
    path = _link(desk, helpers)

    def use(n: int) -> int:
        device = _testclient(app, PHONE_URL, (f"192.168.1.{60 + n}", 50000 + n))
        token = helpers.token(device.get(path).text)
        return int(device.post(path, data={"csrf_token": token, "name": f"P{n}"}).status_code)

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(use, range(4)))
    assert statuses.count(303) == 1, statuses
    with app.state.glutemed.uow(readonly=True) as uow:
        assert len(uow.devices.all()) == 1


def test_a_phone_cannot_make_pairing_codes(
    desk: Any, phone: Any, helpers: Any
) -> None:
    _pair(desk, phone, helpers)
    page = phone.get("/devices")
    assert page.status_code == 200 and "(this phone)" in page.text
    assert "Pair a phone" not in page.text
    refused = phone.post("/devices/pair", data={"csrf_token": helpers.token(page.text)})
    assert refused.status_code == 403


# -- unpairing -----------------------------------------------------------------------------


def test_an_unpaired_phone_sees_nothing_from_its_next_request(
    app: Any, desk: Any, phone: Any, person: int, helpers: Any
) -> None:
    _pair(desk, phone, helpers)
    assert phone.get(f"/people/{person}/today").status_code == 200
    with app.state.glutemed.uow(readonly=True) as uow:
        (device,) = uow.devices.all()
    revoked = desk.post(f"/devices/{device.id}/revoke", data={"csrf_token": helpers.csrf(desk)})
    assert revoked.status_code == 303
    after = phone.get(f"/people/{person}/today")
    assert after.status_code == 403
    assert "This device was unpaired" in after.text and NAME not in after.text
    assert "unpaired" in desk.get("/devices").text


def test_a_phone_can_unpair_itself(
    app: Any, desk: Any, phone: Any, person: int, helpers: Any
) -> None:
    _pair(desk, phone, helpers)
    with app.state.glutemed.uow(readonly=True) as uow:
        (device,) = uow.devices.all()
    token = helpers.token(phone.get("/devices").text)
    assert phone.post(f"/devices/{device.id}/revoke",
                      data={"csrf_token": token}).status_code == 303
    assert phone.get(f"/people/{person}/today").status_code == 403


def test_a_forged_device_cookie_opens_nothing(phone: Any, person: int) -> None:
    phone.cookies.set("glutemed_device", "forged-token-value")
    response = phone.get(f"/api/v1/people/{person}")
    assert response.status_code == 403 and NAME not in response.text


# -- clinic mode keeps its logins ----------------------------------------------------------


def test_clinic_mode_keeps_its_login_for_a_lan_client(make_app: Any) -> None:
    app = make_app(clinic=True, allowed_hosts="", local_clients="")
    lan = _testclient(app, PHONE_URL, PHONE_ADDRESS)
    response = lan.get("/")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert lan.get("/devices").status_code == 404
