"""The HTML pages, driven without JavaScript: every journey works with plain forms."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html.parser import HTMLParser
from typing import Any

import pytest

ONBOARD = {
    "name": "Ann", "goal": "rehab", "days_per_week": "2", "weeks": "8",
    "mass_kg": "70", "height_m": "1.75", "equipment": ["mini-band", "cuff-weight"],
}


def _onboard(client: Any, helpers: Any) -> int:
    token = helpers.token(client.get("/onboarding").text)
    response = client.post("/onboarding", data={**ONBOARD, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    match = re.match(r"/people/(\d+)/today", response.headers["location"])
    assert match
    return int(match.group(1))


def _first_form(html: str) -> dict[str, str]:
    """The fields of the first log form on the today page, as a browser would submit them
    (hidden fields, the checked side, the number inputs' values, the first option)."""
    form = html[html.index('class="log-form"'):]
    form = form[: form.index("</form>")]
    fields: dict[str, str] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields[name] = value
    for name, value in re.findall(r'name="(reps|hold_s)" type="number"[^>]*value="([^"]*)"', form):
        fields[name] = value
    side = re.search(r'name="side" value="([^"]+)"', form)
    assert side
    fields["side"] = side.group(1)
    fields["pain_during"] = "1"
    return fields


def test_first_visit_goes_to_onboarding_and_builds_a_program(client: Any, helpers: Any) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/onboarding"
    person_id = _onboard(client, helpers)
    program = client.get(f"/people/{person_id}/program").text
    assert "Week 1" in program and "Why this program" in program
    assert client.get("/", follow_redirects=False).headers["location"].endswith("/today")


def test_onboarding_with_a_bad_value_names_the_field_and_keeps_the_answers(
    client: Any, helpers: Any
) -> None:
    token = helpers.token(client.get("/onboarding").text)
    response = client.post("/onboarding", data={**ONBOARD, "days_per_week": "8",
                                                 "csrf_token": token})
    assert response.status_code == 422
    assert "days_per_week" in response.text
    assert 'value="Ann"' in response.text


def test_log_a_set_without_javascript_then_edit_delete_and_undo(
    client: Any, helpers: Any, catalog: Any
) -> None:
    person_id = _onboard(client, helpers)
    today = client.get(f"/people/{person_id}/today").text
    fields = _first_form(today)
    token = helpers.token(today)
    logged = client.post(f"/people/{person_id}/sets", data={**fields, "csrf_token": token})
    assert logged.status_code == 200 and "Set logged" in logged.text
    assert "Next:" in logged.text or "See a clinician" in logged.text
    history = client.get(f"/people/{person_id}/history").text
    set_id = int(re.search(r"/sets/(\d+)/edit", history).group(1))  # type: ignore[union-attr]
    edit = client.get(f"/people/{person_id}/sets/{set_id}/edit").text
    assert "Edit set" in edit
    logged = client.get(f"/api/v1/people/{person_id}/sets/{set_id}").json()["performed"]
    banded = catalog.variant(logged["variant_id"]).band is not None
    assert ('name="band"' in edit) == banded  # band fields only for a banded exercise
    values = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', edit))
    dose = {"reps": "7"} if 'name="reps"' in edit else {"hold_s": "17"}
    saved = client.post(
        f"/people/{person_id}/sets/{set_id}/edit",
        data={**values, **dose, "side": fields["side"], "date": re.search(
            r'name="date" type="date" value="([^"]+)"', edit).group(1),  # type: ignore[union-attr]
            "note": "corrected"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    stored = client.get(f"/api/v1/people/{person_id}/sets/{set_id}").json()["performed"]
    assert stored["note"] == "corrected"
    deleted = client.post(f"/people/{person_id}/sets/{set_id}/delete",
                          data={"csrf_token": token}, follow_redirects=True)
    assert "Undo" in deleted.text
    assert client.get(f"/api/v1/people/{person_id}/sets").json() == []
    client.post(f"/people/{person_id}/sets/{set_id}/undo", data={"csrf_token": token})
    assert len(client.get(f"/api/v1/people/{person_id}/sets").json()) == 1


def test_htmx_log_answers_a_fragment_with_a_rest_timer(client: Any, helpers: Any) -> None:
    person_id = _onboard(client, helpers)
    today = client.get(f"/people/{person_id}/today").text
    fields = _first_form(today)
    response = client.post(
        f"/people/{person_id}/sets", data=fields,
        headers={"HX-Request": "true", "X-CSRF-Token": helpers.token(today)},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'data-timer="rest"' in response.text and 'data-autostart="true"' in response.text
    assert 'hx-swap-oob="true"' in response.text  # the next set number is updated in place


def test_a_warning_sign_shows_the_see_a_clinician_message(client: Any, helpers: Any) -> None:
    person_id = _onboard(client, helpers)
    today = client.get(f"/people/{person_id}/today").text
    fields = _first_form(today)
    response = client.post(f"/people/{person_id}/sets", data={
        **fields, "red_flags": "numbness-tingling", "csrf_token": helpers.token(today)})
    assert "See a clinician" in response.text
    assert "See a clinician" in client.get(f"/people/{person_id}/today").text
    assert "See a clinician" in client.get(f"/people/{person_id}/progress").text


def test_the_see_a_clinician_banner_says_its_advice_once(client: Any, helpers: Any) -> None:
    """Issue 14: the banner showed the advice, then the decision's explanation, which
    quotes the same advice again."""
    from glutemed.progression.safety import ADVICE

    person_id = _onboard(client, helpers)
    today = client.get(f"/people/{person_id}/today").text
    logged = client.post(f"/people/{person_id}/sets", data={
        **_first_form(today), "red_flags": "numbness-tingling",
        "csrf_token": helpers.token(today)}).text
    for page in (logged, client.get(f"/people/{person_id}/progress").text):
        banner = page[page.index('class="notice safety"'):]
        banner = banner[: banner.index("</div>")]
        assert banner.count(ADVICE) == 1
        assert "numbness" in banner.lower()  # the decision's own reason is still there


def test_progress_shows_charts_and_the_reason_for_each_decision(
    client: Any, helpers: Any
) -> None:
    person_id = _onboard(client, helpers)
    today = client.get(f"/people/{person_id}/today").text
    client.post(f"/people/{person_id}/sets",
                data={**_first_form(today), "csrf_token": helpers.token(today)})
    page = client.get(f"/people/{person_id}/progress").text
    assert '<svg viewBox="0 0 320 150" role="img"' in page
    assert "Why it changed" in page and "rules:" in page


@pytest.mark.parametrize("fmt", ["pdf", "ics", "csv", "json"])
def test_exports_are_the_right_files(client: Any, helpers: Any, fmt: str) -> None:
    person_id = _onboard(client, helpers)
    response = client.get(f"/people/{person_id}/export.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    body = response.content
    if fmt == "pdf":
        assert body.startswith(b"%PDF")
    elif fmt == "ics":
        from icalendar import Calendar

        assert Calendar.from_ical(body).walk("VEVENT")
    elif fmt == "csv":
        assert zipfile.ZipFile(io.BytesIO(body)).namelist()
    else:
        assert json.loads(body)["person"]["name"] == "Ann"


def test_library_filters_and_variant_page_show_demand_for_this_person(
    client: Any, helpers: Any
) -> None:
    person_id = _onboard(client, helpers)
    page = client.get("/library", params={"family": "side-plank", "mode": "isometric"}).text
    table = page[page.index("<tbody>"):]
    families = set(re.findall(r"</a></td>\s*<td>([^<]+)</td>", table))
    assert families == {"Side plank"}, families
    variant = client.get(f"/library/side-lying-abduction.cuff-ankle?person={person_id}").text
    for heading in ("Cues", "Technique checks", "Common faults", "Evidence, with its limits",
                    "The ladder", "Modelled demand"):
        assert heading in variant
    assert "N·m" in variant and "<svg" in variant
    wall = client.get(f"/library/side-lying-abduction.wall-slide?person={person_id}").text
    same_rung = wall[wall.index("Same rung, done another way"):]
    assert 'href="/library/side-lying-abduction.bodyweight' in same_rung  # issue 13
    assert "set-up aid" in same_rung


class _Labels(HTMLParser):
    """Collects form controls and the ids that a <label for> names."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labelled: set[str] = set()
        self.depth_in_label = 0
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "label":
            self.depth_in_label += 1
            if a.get("for"):
                self.labelled.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append({**a, "_in_label": "1" if self.depth_in_label else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.depth_in_label -= 1


def test_every_control_on_every_page_has_a_label_and_the_page_has_a_language(
    client: Any, helpers: Any
) -> None:
    person_id = _onboard(client, helpers)
    pages = ["/onboarding", "/library", "/library/side-plank.full"] + [
        f"/people/{person_id}/{p}" for p in ("today", "program", "progress", "history", "export")
    ]
    for url in pages:
        parser = _Labels()
        parser.feed(client.get(url).text)
        assert parser.lang == "en", url
        for control in parser.controls:
            ok = control["_in_label"] or control.get("aria-label") or (
                control.get("id") in parser.labelled)
            assert ok, (url, control)


def test_editing_a_prescription_saves_a_new_program_version(client: Any, helpers: Any) -> None:
    person_id = _onboard(client, helpers)
    page = client.get(f"/people/{person_id}/program/edit?week=1&session=1&item=0").text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    dose = "reps" if 'name="reps_low"' in page else "hold_s"
    saved = client.post(f"/people/{person_id}/program/edit", data={
        **fields, "sets": "4", f"{dose}_low": "5", f"{dose}_high": "9", "rest_s": "75",
        "load_kg": "", "all_weeks": "yes"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    program = client.get(f"/api/v1/people/{person_id}/program").json()
    assert program["version"] == 2
    item = program["program"]["weeks"][0]["sessions"][0]["items"][0]
    assert (item["sets"], item[dose], item["rest_s"]) == (4, [5, 9], 75)


def test_a_bad_prescription_edit_names_the_field(client: Any, helpers: Any) -> None:
    person_id = _onboard(client, helpers)
    token = helpers.token(client.get(f"/people/{person_id}/program").text)
    response = client.post(f"/people/{person_id}/program/edit", data={
        "csrf_token": token, "week": "1", "session": "1", "item": "0", "sets": "40",
        "rest_s": "60"})
    assert response.status_code == 422 and "sets" in response.text
    assert client.get(f"/api/v1/people/{person_id}/program").json()["version"] == 1


def test_the_edit_page_opens_only_positions_inside_the_program(client: Any, helpers: Any) -> None:
    """A negative position used to index from the end of a list and open another week's
    prescription with a 200; now it names the parameter and its bound."""
    person_id = _onboard(client, helpers)
    for query, field in (("week=-1", "week"), ("session=0", "session"), ("item=-1", "item")):
        response = client.get(f"/people/{person_id}/program/edit?{query}")
        assert response.status_code == 422, query
        assert field in response.text and "greater than or equal" in response.text
    assert client.get(f"/people/{person_id}/program/edit?week=99").status_code == 404
    assert client.get(f"/people/{person_id}/program/edit?item=999").status_code == 404


def test_a_new_program_from_a_changed_profile_becomes_the_active_version(
    client: Any, helpers: Any
) -> None:
    person_id = _onboard(client, helpers)
    form = client.get(f"/people/{person_id}/program/new").text
    assert 'value="mini-band" checked' in form  # opens filled in with the current profile
    response = client.post(f"/people/{person_id}/program/new", data={
        **{k: v for k, v in ONBOARD.items() if k != "name"}, "goal": "performance",
        "days_per_week": "3", "csrf_token": helpers.token(form)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    program = client.get(f"/api/v1/people/{person_id}/program").json()
    assert program["version"] == 2
    assert program["program"]["profile"]["goal"] == "performance"
    assert len(program["program"]["weeks"][0]["sessions"]) == 3
    changes = client.get(f"/api/v1/people/{person_id}/program/changes").json()["changes"]
    assert [(c["role"], c["edit"]["op"]) for c in changes] == [("self", "generate")]
    assert changes[0]["by"].endswith("(self)")


def test_next_morning_pain_is_asked_for_the_last_training_day_and_stored(
    client: Any, helpers: Any
) -> None:
    person_id = _onboard(client, helpers)
    today = client.get(f"/people/{person_id}/today").text
    fields = _first_form(today)
    client.post(f"/people/{person_id}/sets", data={**fields, "csrf_token": helpers.token(today)})
    set_id = client.get(f"/api/v1/people/{person_id}/sets").json()[0]["id"]
    logged_on = client.get(f"/api/v1/people/{person_id}/sets").json()[0]["performed"]["date"]
    import datetime as dt

    tomorrow = (dt.date.fromisoformat(logged_on) + dt.timedelta(days=1)).isoformat()
    page = client.get(f"/people/{person_id}/today", params={"date": tomorrow}).text
    assert "the morning after" in page
    response = client.post(f"/people/{person_id}/morning-pain", data={
        "csrf_token": helpers.token(page), "set_id": str(set_id), "pain_next_morning": "3"},
        follow_redirects=False)
    assert response.status_code == 303
    stored = client.get(f"/api/v1/people/{person_id}/sets/{set_id}").json()["performed"]
    assert stored["pain_next_morning"] == 3
    bad = client.post(f"/people/{person_id}/morning-pain", data={
        "csrf_token": helpers.token(page), "set_id": str(set_id), "pain_next_morning": "11"})
    assert bad.status_code == 422 and "pain_next_morning" in bad.text
    assert "0 to 10" in bad.text  # the range, read from PerformedSet's own bounds
