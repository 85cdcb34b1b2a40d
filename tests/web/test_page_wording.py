"""What a person reads after logging a set, with and without JavaScript (UX review fixes)."""

from __future__ import annotations

import re
from typing import Any

ONBOARD = {
    "name": "Ann", "goal": "rehab", "days_per_week": "2", "weeks": "8",
    "equipment": ["mini-band", "cuff-weight"],
}


def _log_first_set(client: Any, helpers: Any, **headers: str) -> str:
    token = helpers.token(client.get("/onboarding").text)
    response = client.post("/onboarding", data={**ONBOARD, "csrf_token": token},
                           follow_redirects=False)
    person_id = int(re.match(r"/people/(\d+)/", response.headers["location"]).group(1))  # type: ignore[union-attr]
    today = client.get(f"/people/{person_id}/today").text
    form = today[today.index('class="log-form"'):]
    form = form[: form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update(re.findall(r'name="(reps|hold_s)" type="number"[^>]*value="([^"]*)"', form))
    side = re.search(r'name="side" value="([^"]+)"', form)
    if side:
        fields["side"] = side.group(1)
    fields["csrf_token"] = helpers.token(today)
    logged = client.post(f"/people/{person_id}/sets", data=fields, headers=headers)
    assert logged.status_code == 200, logged.text
    return str(logged.text)


def test_the_no_javascript_page_has_no_dead_buttons_or_stray_swaps(
    client: Any, helpers: Any
) -> None:
    """Without JavaScript the rest timer's buttons do nothing, and the htmx out-of-band
    legend would read as a stray "Log set 2" line: both stay out of the full page."""
    page = _log_first_set(client, helpers)
    assert "Set logged" in page
    assert 'hx-swap-oob' not in page
    assert page.count("Back to today") == 1
    timer = re.search(r'<div class="([^"]*)" data-timer="rest"', page)
    assert timer is not None and "js-only" in timer.group(1)


def test_the_decision_is_said_in_plain_words(client: Any, helpers: Any) -> None:
    """The first set of a session keeps the target: "hold" would read like a hold exercise."""
    fragment = _log_first_set(client, helpers, **{"HX-Request": "true"})
    assert "Next: repeat the same target." in fragment
    assert 'hx-swap-oob="true"' in fragment  # the in-place form still advances its set number


def test_progress_says_decisions_in_plain_words_and_library_names_modes(
    client: Any, helpers: Any
) -> None:
    _log_first_set(client, helpers)
    progress = client.get("/people/1/progress").text
    assert "repeat the same target." in progress and "): hold." not in progress
    library = client.get("/library", params={"family": "side-plank"}).text
    assert "hold (isometric)" in library
    program = client.get("/people/1/program").text
    assert "<details" in program and "Why this program" in program
