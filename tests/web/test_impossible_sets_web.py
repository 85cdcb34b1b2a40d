"""Issue 12, item 6 on the web: the JSON API answers an impossible set with 422 naming the
field (year 1 and year 9999 were a 500 before), ``PUT`` and the edit form refuse a future
date, and the log and edit forms come back with the message beside the field and the
answers kept. Nothing is stored in any of these cases.
"""

from __future__ import annotations

import re
from typing import Any

import pytest


@pytest.fixture
def web_db_url(db_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL."""
    return db_url


def _h(client: Any) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/v1/csrf").json()["csrf_token"]}


def _sets(client: Any, person_id: int) -> list[Any]:
    return list(client.get(f"/api/v1/people/{person_id}/sets").json())


IMPOSSIBLE = [
    ({"date": "0001-01-01"}, "date"),
    ({"date": "9999-12-31"}, "date"),
    ({"variant_id": "reverse-lunge.opposite-hand", "side": "left", "reps": None,
      "hold_s": 30}, "hold_s"),
    ({"variant_id": "reverse-lunge.opposite-hand", "side": "left", "reps": 10,
      "hold_s": None, "band": "red", "band_at": "knees"}, "band"),
    ({"variant_id": "squat.back-squat", "side": "left", "reps": 5, "hold_s": None,
      "load_kg": 60}, "side"),
    ({"variant_id": "squat.back-squat", "side": "both", "reps": 5, "hold_s": None,
      "load_kg": 500}, "load_kg"),
    ({"variant_id": "side-plank.short", "side": "left", "reps": None, "hold_s": 3600}, "hold_s"),
    ({"variant_id": "side-lying-abduction.cuff-ankel"}, "variant_id"),
]


@pytest.mark.parametrize(("change", "field"), IMPOSSIBLE)
def test_api_refuses_an_impossible_set_with_422_naming_the_field(
    client: Any, helpers: Any, change: dict[str, Any], field: str
) -> None:
    person_id = helpers.start(client)
    good = helpers.first_set(client, person_id)
    assert client.post(f"/api/v1/people/{person_id}/sets", json=good,
                       headers=_h(client)).status_code == 201
    before = _sets(client, person_id)
    body = {**good, **change}
    response = client.post(f"/api/v1/people/{person_id}/sets",
                           json={k: v for k, v in body.items() if v is not None},
                           headers=_h(client))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field and response.json()["detail"].startswith(field)
    assert _sets(client, person_id) == before


def _one_set_logged(client: Any, helpers: Any, **extra: Any) -> tuple[int, dict[str, Any], int]:
    """A new person with their first set logged through the API: (person, body, set id)."""
    person_id = helpers.start(client)
    body = {**helpers.first_set(client, person_id), **extra}
    logged = client.post(f"/api/v1/people/{person_id}/sets", json=body, headers=_h(client))
    assert logged.status_code == 201, logged.text
    return person_id, body, int(logged.json()["set"]["id"])


def test_api_put_refuses_a_future_date_and_keeps_the_set(client: Any, helpers: Any) -> None:
    person_id, body, set_id = _one_set_logged(client, helpers)
    before = _sets(client, person_id)
    for date in ("2999-01-01", "9999-12-31"):
        response = client.put(f"/api/v1/people/{person_id}/sets/{set_id}",
                              json={**body, "date": date}, headers=_h(client))
        assert response.status_code == 422 and response.json()["field"] == "date"
    assert _sets(client, person_id) == before


def test_api_refuses_a_program_starting_in_year_9999(client: Any, helpers: Any) -> None:
    body = {"name": "Bo", "profile": {"goal": "rehab"}, "start_date": "9999-12-31"}
    response = client.post("/api/v1/people", json=body, headers=_h(client))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "start_date"
    assert client.get("/api/v1/people").json() == []


def _today_form(client: Any, person_id: int) -> tuple[dict[str, str], str]:
    page = client.get(f"/people/{person_id}/today").text
    form = page[page.index('id="log-0"'):page.index("</form>", page.index('id="log-0"'))]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    side = re.search(r'name="side" value="([^"]+)"', form)
    fields["side"] = side.group(1) if side else fields.get("side", "both")
    dose = "reps" if 'name="reps"' in form else "hold_s"
    return {**fields, dose: "1"}, helpers_token(page)


def helpers_token(page: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert match
    return match.group(1)


def test_the_log_form_comes_back_with_the_message_beside_the_field(
    client: Any, helpers: Any
) -> None:
    person_id = helpers.start(client)
    fields, token = _today_form(client, person_id)
    dose = "reps" if "reps" in fields else "hold_s"
    bad = {**fields, dose: "3601" if dose == "hold_s" else "501", "note": "kept",
           "csrf_token": token}
    page = client.post(f"/people/{person_id}/sets", data=bad)
    assert page.status_code == 422
    assert "Not saved." in page.text
    beside = re.search(rf'<p class="field-error" id="{dose}-error-0">([^<]+)</p>', page.text)
    assert beside and "out of range" in beside.group(1)
    assert 'aria-invalid="true"' in page.text and ">kept</textarea>" in page.text
    assert _sets(client, person_id) == []
    # the form on the page is a working log form: sent again corrected, it is stored
    fixed = {**bad, dose: "10"}
    assert client.post(f"/people/{person_id}/sets", data=fixed).status_code == 200
    assert len(_sets(client, person_id)) == 1


def test_htmx_gets_the_reasons_for_the_forms_alert_area(client: Any, helpers: Any) -> None:
    """With htmx the form keeps its answers; the 422 answer is the reason, each problem
    tagged with its field (app.js puts it in the form's role=alert area and marks the
    field invalid)."""
    person_id = helpers.start(client)
    fields, token = _today_form(client, person_id)
    bad = {**fields, "side": "both" if fields["side"] != "both" else "left"}
    response = client.post(f"/people/{person_id}/sets", data=bad,
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert response.status_code == 422
    assert "<html" not in response.text
    assert '<p data-field="side">' in response.text
    assert "allowed: left or right" in response.text
    assert "Nothing was saved." in response.text
    assert _sets(client, person_id) == []


def test_the_page_tells_htmx_to_show_a_refused_set() -> None:
    from pathlib import Path

    import glutemed.web

    base = (Path(glutemed.web.__file__).parent / "templates" / "base.html").read_text()
    assert '{"code":"422","swap":true,"error":true}' in base  # before the catch-all 4xx rule
    assert base.index('"422"') < base.index('"[45].."')


def _save_edit(client: Any, url: str, body: dict[str, Any], **fields: str) -> Any:
    """Send the edit form as a browser would: its hidden fields, the set's dose and side,
    and ``fields``."""
    edit = client.get(url).text
    values = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', edit))
    dose = "reps" if "reps" in body else "hold_s"
    return client.post(url, data={
        **values, dose: str(body[dose]), "side": body["side"], **fields,
        "csrf_token": helpers_token(edit),
    }, follow_redirects=False)


def test_the_edit_form_refuses_a_future_date_beside_the_field(client: Any, helpers: Any) -> None:
    person_id, body, set_id = _one_set_logged(client, helpers)
    before = _sets(client, person_id)
    edit = client.get(f"/people/{person_id}/sets/{set_id}/edit").text
    sides = re.findall(r'<option value="(left|right|both)"', edit)
    assert sides == (["both"] if body["side"] == "both" else ["left", "right"])
    response = _save_edit(client, f"/people/{person_id}/sets/{set_id}/edit", body,
                          date="2999-01-01", note="typed")
    assert response.status_code == 422
    assert re.search(r'<p class="field-error" id="date-error">[^<]*in the future', response.text)
    assert 'value="2999-01-01"' in response.text and ">typed</textarea>" in response.text
    assert _sets(client, person_id) == before


def test_editing_keeps_the_warning_signs_of_a_set(client: Any, helpers: Any) -> None:
    """The edit form used to drop a set's warning signs on save (it had no field for them)."""
    person_id, body, set_id = _one_set_logged(client, helpers, red_flags=["night-pain"])
    edit = client.get(f"/people/{person_id}/sets/{set_id}/edit").text
    assert 'value="night-pain" checked' in edit
    saved = _save_edit(client, f"/people/{person_id}/sets/{set_id}/edit", body,
                       date=body["date"], red_flags="night-pain")
    assert saved.status_code == 303
    stored = client.get(f"/api/v1/people/{person_id}/sets/{set_id}").json()["performed"]
    assert stored["red_flags"] == ["night-pain"]
