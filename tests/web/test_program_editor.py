"""The program editor through the JSON API, on SQLite and PostgreSQL: a clinician swaps,
adds, moves and removes exercises, changes dose, start date and weekdays; the edit is put in
force through the progression state; every change is recorded; the lock holds for the
client, whose own change shows on the clinician's needs-attention list."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Any

import pytest
from tests.web.conftest import log_in

from glutemed.programming.models import Profile, slot_of
from glutemed.services import accounts
from glutemed.web import usecases
from glutemed.web.context import today_for

PASSWORD = "correct horse battery"


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (the clinics' database)."""
    return db_url


def _login(client: Any, username: str) -> str:
    return log_in(client, username, PASSWORD)


@pytest.fixture
def clinic(make_app: Any) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    app = make_app(clinic=True)
    ctx = app.state.glutemed
    with ctx.uow() as uow:
        lee = accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        ana = accounts.create_account(uow, "ana", PASSWORD, "client")
        uow.commit()
    today = today_for("UTC")
    profile = Profile(goal="rehab", equipment=frozenset({"mini-band"}), days_per_week=2)
    pid = asyncio.run(usecases.start_person(ctx, "Ana", profile, today, account_id=ana.id,
                                            clinician_account_id=lee.id))
    lee_client, ana_client = TestClient(app), TestClient(app)
    return {"app": app, "pid": pid, "today": today,
            "lee": (lee_client, _login(lee_client, "dr-lee")),
            "ana": (ana_client, _login(ana_client, "ana"))}


def _edit(c: dict[str, Any], who: str, body: dict[str, Any]) -> Any:
    client, token = c[who]
    return client.post(f"/api/v1/people/{c['pid']}/program/edits", json=body,
                       headers={"X-CSRF-Token": token})


def _program(c: dict[str, Any]) -> Any:
    with c["app"].state.glutemed.uow() as uow:
        return uow.programs.active(c["pid"])


def _day1(c: dict[str, Any], week: int = 0) -> list[Any]:
    return list(_program(c).program.weeks[week].sessions[0].items)


def test_a_swap_changes_the_slot_in_every_week_and_is_put_in_force(
        clinic: dict[str, Any]) -> None:
    c = clinic
    client, token = c["lee"]
    first = _day1(c)[0]
    # Ana trains the first exercise, so its slot has a progression state
    body = {"variant_id": first.variant_id, "side": "left", "date": c["today"].isoformat(),
            **({"reps": first.reps[1]} if first.reps else {"hold_s": first.hold_s[1]})}
    logged = client.post(f"/api/v1/people/{c['pid']}/sets", json=body,
                         headers={"X-CSRF-Token": token})
    assert logged.status_code == 201, logged.text

    found = client.get(f"/api/v1/people/{c['pid']}/program/choices",
                       params={"day": 1, "item": 0})
    assert found.status_code == 200
    choices = found.json()
    assert choices and all(set(v["equipment"]) <= {"mini-band"} for v in choices)
    assert first.variant_id not in [v["id"] for v in choices]
    new = choices[0]["id"]

    swapped = _edit(c, "lee", {"op": "swap", "day": 1, "item": 0, "variant_id": new})
    assert swapped.status_code == 200, swapped.text
    slot = slot_of(first)
    for week in _program(c).program.weeks:
        for item in week.sessions[0].items:
            if slot_of(item) == slot:
                assert item.variant_id == new  # every week, each keeping its dose
    with c["app"].state.glutemed.uow() as uow:
        states = [s for s in uow.state.all(c["pid"]) if s.slot == slot]
    assert states and all(s.prescription.variant_id == new for s in states)

    changes = client.get(f"/api/v1/people/{c['pid']}/program/changes").json()
    last = changes["changes"][-1]
    assert (last["by"], last["role"], last["edit"]["op"]) == ("dr-lee", "clinician", "swap")
    assert "swapped for" in last["what"]


def test_a_swap_needs_equipment_the_client_has_and_the_same_kind_of_place(
        clinic: dict[str, Any]) -> None:
    c = clinic
    version = _program(c).id
    refused = _edit(c, "lee", {"op": "swap", "day": 1, "item": 0,
                               "variant_id": "standing-abduction.cable-ankle"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "variant_id" and "needs" in refused.json()["detail"]
    unknown = _edit(c, "lee", {"op": "swap", "day": 1, "item": 0, "variant_id": "nope.x"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "variant_id"
    no_day = _edit(c, "lee", {"op": "swap", "day": 7, "item": 0, "variant_id": "nope.x"})
    assert no_day.status_code == 422 and no_day.json()["field"] == "day"
    assert _program(c).id == version  # nothing was stored


def test_add_move_and_remove_an_exercise_of_a_template_day(clinic: dict[str, Any]) -> None:
    c = clinic
    before = [slot_of(i) for i in _day1(c)]
    added = _edit(c, "lee", {"op": "add", "day": 1, "variant_id": "side-plank.short",
                             "sets": 2, "hold_s": [15, 25]})
    assert added.status_code == 200, added.text
    after = _day1(c)
    assert [slot_of(i) for i in after[:-1]] == before
    new = after[-1]
    assert (new.variant_id, new.sets, new.hold_s) == ("side-plank.short", 2, (15, 25))
    weeks = _program(c).program.weeks
    assert all(w.sessions[0].items[-1].variant_id == "side-plank.short" for w in weeks)

    moved = _edit(c, "lee", {"op": "move", "day": 1, "item": len(after) - 1, "to": 0})
    assert moved.status_code == 200
    assert slot_of(_day1(c)[0]) == slot_of(new)
    removed = _edit(c, "lee", {"op": "remove", "day": 1, "item": 0})
    assert removed.status_code == 200
    assert [slot_of(i) for i in _day1(c)] == before
    whats = [ch["what"] for ch in c["lee"][0].get(
        f"/api/v1/people/{c['pid']}/program/changes").json()["changes"]]
    assert any("added" in w for w in whats) and any("moved to place 1" in w for w in whats)
    assert any("removed" in w for w in whats)


def test_dose_start_date_and_weekdays(clinic: dict[str, Any]) -> None:
    c = clinic
    dosed = _edit(c, "lee", {"op": "dose", "day": 1, "item": 0, "sets": 4, "rest_s": 90})
    assert dosed.status_code == 200, dosed.text
    assert (_day1(c)[0].sets, _day1(c)[0].rest_s) == (4, 90)
    monday = c["today"] - dt.timedelta(days=c["today"].weekday())
    assert _edit(c, "lee", {"op": "start", "start_date": monday.isoformat()}).status_code == 200
    days = _edit(c, "lee", {"op": "weekdays", "weekdays": [4, 1]})
    assert days.status_code == 200, days.text
    record = _program(c)
    assert record.start_date == monday and record.program.weekdays == (1, 4)
    with c["app"].state.glutemed.uow() as uow:
        sessions = uow.programs.sessions(record.id)
    assert {s.planned_date.isoweekday() for s in sessions} == {1, 4}
    thursday = monday + dt.timedelta(days=3)
    assert (sessions[0].planned_date, sessions[1].planned_date) == (monday, thursday)
    wrong = _edit(c, "lee", {"op": "weekdays", "weekdays": [1, 3, 5]})
    assert wrong.status_code == 422 and "2 sessions a week" in wrong.json()["detail"]


def test_the_lock_holds_for_the_client_and_a_clients_change_is_flagged(
        clinic: dict[str, Any]) -> None:
    c = clinic
    ana, ana_token = c["ana"]
    lee, lee_token = c["lee"]
    access = f"/api/v1/people/{c['pid']}/program/access"
    assert ana.put(access, json={"access": "locked"},
                   headers={"X-CSRF-Token": ana_token}).status_code == 403
    # by default a client may change the dose, and nothing else
    swap = _edit(c, "ana", {"op": "swap", "day": 1, "item": 0,
                            "variant_id": "side-plank.short"})
    assert swap.status_code == 422 and swap.json()["field"] == "op"
    put = ana.put(f"/api/v1/people/{c['pid']}/program/weeks/1/sessions/1/items/0",
                  json={"sets": 10}, headers={"X-CSRF-Token": ana_token})
    assert put.status_code == 200, put.text
    rows = lee.get("/api/v1/clinic/attention").json()
    flag = next(f for f in rows[0]["flags"] if f["kind"] == "client-change")
    assert flag["open"] and "sets 10" in flag["summary"]

    locked = lee.put(access, json={"access": "locked"}, headers={"X-CSRF-Token": lee_token})
    assert locked.status_code == 200 and locked.json()["access"] == "locked"
    version = _program(c).id
    again = ana.put(f"/api/v1/people/{c['pid']}/program/weeks/1/sessions/1/items/0",
                    json={"sets": 2}, headers={"X-CSRF-Token": ana_token})
    assert again.status_code == 422 and again.json()["field"] == "program"
    dose = _edit(c, "ana", {"op": "dose", "day": 1, "item": 0, "sets": 2})
    assert dose.status_code == 422 and "locked" in dose.json()["detail"]
    assert _program(c).id == version  # nothing stored
    bad = lee.put(access, json={"access": "open"}, headers={"X-CSRF-Token": lee_token})
    assert bad.status_code == 422 and bad.json()["field"] == "access"
    # the clinician may still change it
    assert _edit(c, "lee", {"op": "dose", "day": 1, "item": 0, "sets": 3}).status_code == 200


def _day_items(ctx: Any, person_id: int) -> list[Any]:
    with ctx.uow() as uow:
        return list(uow.programs.active(person_id).program.weeks[0].sessions[0].items)


def _form_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_the_editor_page_works_with_plain_forms(clinic: dict[str, Any]) -> None:
    c = clinic
    lee = c["lee"][0]
    url = f"/people/{c['pid']}/program/editor"
    page = lee.get(url)
    assert page.status_code == 200
    assert "What Ana may change" in page.text and 'name="weekdays"' in page.text
    token = _form_token(page.text)
    first = _day1(c)[0]
    choice = re.search(r'id="swap-1-0" name="variant_id"><option value="([^"]+)"', page.text)
    assert choice is not None
    done = lee.post(url, data={"csrf_token": token, "op": "swap", "day": "1", "item": "0",
                               "variant_id": choice.group(1)}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert _day1(c)[0].variant_id == choice.group(1) != first.variant_id
    days = lee.post(url, data={"csrf_token": token, "op": "weekdays",
                               "weekdays": ["2", "5"]}, follow_redirects=False)
    assert days.status_code == 303 and _program(c).program.weekdays == (2, 5)
    lock = lee.post(url, data={"csrf_token": token, "op": "access", "access": "locked"},
                    follow_redirects=False)
    assert lock.status_code == 303
    after = lee.get(url).text
    assert "program locked" in after and "dr-lee (clinician)" in after
    bad = lee.post(url, data={"csrf_token": token, "op": "add", "day": "1",
                              "variant_id": "side-plank.short", "sets": "2"})
    assert bad.status_code == 422 and "reps: give reps" in bad.text
    assert c["ana"][0].get(url).status_code == 403


def test_a_template_saved_from_one_client_starts_another(clinic: dict[str, Any]) -> None:
    c = clinic
    lee, token = c["lee"]
    headers = {"X-CSRF-Token": token}
    ctx = c["app"].state.glutemed
    # Ana's program, edited: a hold added to day 1, so it differs from any generated one
    assert _edit(c, "lee", {"op": "add", "day": 1, "variant_id": "side-plank.short",
                            "sets": 3, "hold_s": [10, 20]}).status_code == 200
    saved = lee.post("/api/v1/clinic/templates", json={"person_id": c["pid"],
                                                       "name": "Band rehab"}, headers=headers)
    assert saved.status_code == 201, saved.text
    template_id = saved.json()["id"]
    again = lee.post("/api/v1/clinic/templates", json={"person_id": c["pid"],
                                                       "name": " Band  rehab "}, headers=headers)
    assert again.status_code == 422 and again.json()["field"] == "name"
    assert [t["name"] for t in lee.get("/api/v1/clinic/templates").json()] == ["Band rehab"]

    with ctx.uow() as uow:
        lee_id = uow.accounts.by_username("dr-lee").id
    bo = asyncio.run(usecases.start_person(
        ctx, "Bo", Profile(goal="rehab", equipment=frozenset({"mini-band"}), days_per_week=2),
        c["today"], clinician_account_id=lee_id))
    started = lee.post(f"/api/v1/people/{bo}/program/template",
                       json={"template_id": template_id}, headers=headers)
    assert started.status_code == 200, started.text
    with ctx.uow() as uow:
        bo_program = uow.programs.active(bo).program
        ana_program = uow.programs.active(c["pid"]).program
    assert bo_program.weeks == ana_program.weeks
    assert bo_program.rationale[0] == "Started from the clinician's template 'Band rehab'."
    changes = lee.get(f"/api/v1/people/{bo}/program/changes").json()["changes"]
    assert changes[-1]["edit"]["op"] == "template" and changes[-1]["by"] == "dr-lee"

    # another clinician sees none of it and cannot use it
    from fastapi.testclient import TestClient

    with ctx.uow() as uow:
        accounts.create_account(uow, "dr-kim", PASSWORD, "clinician")
        uow.commit()
    kim = TestClient(c["app"])
    kim_token = _login(kim, "dr-kim")
    assert kim.get("/api/v1/clinic/templates").json() == []
    stolen = kim.post("/api/v1/clinic/templates", json={"person_id": c["pid"], "name": "x"},
                      headers={"X-CSRF-Token": kim_token})
    assert stolen.status_code == 404
    ana_client = c["ana"]
    assert ana_client[0].get("/api/v1/clinic/templates").status_code == 403


def test_a_template_needing_equipment_the_client_lacks_is_refused(
        clinic: dict[str, Any]) -> None:
    c = clinic
    lee, token = c["lee"]
    headers = {"X-CSRF-Token": token}
    ctx = c["app"].state.glutemed
    with ctx.uow() as uow:
        lee_id = uow.accounts.by_username("dr-lee").id
    cuff = asyncio.run(usecases.start_person(
        ctx, "Cy", Profile(goal="rehab", equipment=frozenset({"cuff-weight"}), days_per_week=2),
        c["today"], clinician_account_id=lee_id))
    # Cy's day 1 gets an exercise that needs the cuff weight she owns and Ana lacks
    places = enumerate(_day_items(ctx, cuff))
    day, choice = next(
        (i, v["id"]) for i, _ in places
        for v in lee.get(f"/api/v1/people/{cuff}/program/choices",
                         params={"day": 1, "item": i}).json()
        if "cuff-weight" in v["equipment"])
    swapped = lee.post(f"/api/v1/people/{cuff}/program/edits", json={
        "op": "swap", "day": 1, "item": day, "variant_id": choice}, headers=headers)
    assert swapped.status_code == 200, swapped.text
    template = lee.post("/api/v1/clinic/templates", json={"person_id": cuff, "name": "Cuff"},
                        headers=headers).json()["id"]
    with ctx.uow() as uow:
        before = uow.programs.active(c["pid"]).id
    refused = lee.post(f"/api/v1/people/{c['pid']}/program/template",
                       json={"template_id": template}, headers=headers)
    assert refused.status_code == 422 and refused.json()["field"] == "template"
    assert "needs cuff-weight" in refused.json()["detail"]
    with ctx.uow() as uow:
        assert uow.programs.active(c["pid"]).id == before


def test_a_new_client_starts_from_a_template_on_the_onboarding_form(
        clinic: dict[str, Any]) -> None:
    c = clinic
    lee, token = c["lee"]
    assert _edit(c, "lee", {"op": "add", "day": 1, "variant_id": "side-plank.short",
                            "sets": 3, "hold_s": [10, 20]}).status_code == 200
    template_id = lee.post("/api/v1/clinic/templates", json={"person_id": c["pid"],
                                                             "name": "Band rehab"},
                           headers={"X-CSRF-Token": token}).json()["id"]
    page = lee.get("/onboarding").text
    assert f'<option value="{template_id}">From my template: Band rehab</option>' in page
    form = {"csrf_token": _form_token(page), "name": "Dee", "username": "dee",
            "password": "dee password 1", "goal": "rehab", "days_per_week": "2",
            "weeks": "8", "equipment": "mini-band", "units": "kg"}
    wrong = lee.post("/onboarding", data={**form, "template_id": "999999"})
    assert wrong.status_code == 422, wrong.text
    assert "choose one of your templates" in wrong.text
    with c["app"].state.glutemed.uow() as uow:
        assert uow.accounts.by_username("dee") is None  # nothing was stored
    done = lee.post("/onboarding", data={**form, "template_id": str(template_id)},
                    follow_redirects=False)
    assert done.status_code == 303, done.text
    with c["app"].state.glutemed.uow() as uow:
        dee = next(p for p in uow.people.all() if p.name == "Dee")
        dee_program = uow.programs.active(dee.id).program
        ana_program = uow.programs.active(c["pid"]).program
        assert uow.accounts.by_username("dee") is not None
    assert dee_program.weeks == ana_program.weeks
    assert dee_program.rationale[0] == "Started from the clinician's template 'Band rehab'."
    assert dee_program.profile.goal.value == "rehab"
