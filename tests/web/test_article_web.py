"""The article on the web pages: the today page and its log forms carry the family's coaching
merged with the variant's and the set-up steps; a failed check is answered with the
catalogue's fix; the band rule (with "in most cases") sits on the banded pages; an anatomy
page in the navigation says what the muscle is and why train it on purpose (issue 16).

Source for every statement pinned here: the seed article "Gluteus Medius Training".
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from glutemed.catalog.catalog import Catalog

DAY = "2026-03-02"
HOLD = "side-lying-abduction.isometric-hold"
WALL = "single-limb-stance.wall-press"
BAND = "banded-side-step.knees-light"


@pytest.fixture
def web_db_url(article_person: tuple[str, int]) -> str:
    """The app under test opens the database of the article's test person."""
    return article_person[0]


def _text(page: str) -> str:
    """The page's words, tags removed, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _card(page: str, name: str) -> str:
    """The today page's section for one exercise, from its heading to the next one."""
    start = page.index(f">{name}</a>")
    end = page.find('<section class="card"', start)
    return page[start: end if end != -1 else len(page)]


@pytest.fixture
def today(client: Any, article_person: tuple[str, int]) -> str:
    response = client.get(f"/people/{article_person[1]}/today", params={"date": DAY})
    assert response.status_code == 200
    return str(response.text)


def test_today_shows_the_side_lying_set_up(today: str) -> None:
    """Article: bottom hip and knee bent; ankle in line with the shoulder or behind; slight
    internal rotation; an object behind you or a wall."""
    card = _text(_card(today, "Side-lying abduction hold"))
    assert "Set up" in card
    assert "bend the bottom hip and knee" in card
    assert "ankle lines up with the shoulder" in card and "behind you" in card
    assert "slight internal rotation" in card
    assert "firm object" in card


def test_today_merges_family_and_variant_cues(today: str, catalog: Catalog) -> None:
    """Side-lying variants keep 'make the leg longer'; stance keeps 'squeeze' and 'level'."""
    hold = _text(_card(today, "Side-lying abduction hold"))
    for cue in catalog.coaching(HOLD).cues:
        assert cue in hold
    assert "make the leg longer" in hold
    wall = _text(_card(today, "Standing wall press with the free knee"))
    assert "Squeeze the buttock of the standing leg" in wall
    assert "Keep the pelvis level" in wall


def test_the_wall_press_log_form_asks_every_merged_check(today: str, catalog: Catalog) -> None:
    card = _card(today, "Standing wall press with the free knee")
    at = card.index('class="log-form"')
    form = card[at: card.index("</form>", at)]  # the full form (not the one-tap "Done")
    asked = re.findall(r'name="check:([a-z0-9-]+)" value="yes"', form)
    assert asked == [c.id for c in catalog.coaching(WALL).checks]
    assert {"pelvis-level", "standing-leg-felt"} <= set(asked)


def test_the_band_rule_is_on_the_banded_today_card_only(today: str) -> None:
    band = _text(_card(today, "Banded side step, light band at the knees"))
    assert "The band rule" in band and "in most cases" in band
    assert "Did you feel a burn in the side of your buttocks" in band
    assert "The band rule" not in _text(_card(today, "Goblet squat"))


def test_the_band_rule_is_on_the_banded_library_page(client: Any) -> None:
    banded = _text(client.get(f"/library/{BAND}").text)
    assert "The band rule" in banded and "in most cases" in banded
    assert "The band rule" not in _text(client.get(f"/library/{HOLD}").text)


def _log(client: Any, person_id: int, today: str, variant_id: str, **answers: str) -> str:
    at = today.index(f'name="variant_id" value="{variant_id}"')
    form = today[today.rfind("<form", 0, at): today.index("</form>", at)]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update(re.findall(r'name="(reps|hold_s)" type="number"[^>]*value="([^"]*)"', form))
    fields.update({"side": "left", "pain_during": "1", **{f"check:{k}": v for k, v in
                                                          answers.items()}})
    response = client.post(f"/people/{person_id}/sets", data=fields)
    assert response.status_code == 200, response.text
    return _text(response.text)


def test_a_failed_check_is_answered_with_its_fix(
    client: Any, today: str, article_person: tuple[str, int], catalog: Catalog
) -> None:
    page = _log(client, article_person[1], today, HOLD,
                **{"pelvis-stayed-stacked": "no", "no-trunk-side-bend": "yes"})
    (fault,) = catalog.coaching(HOLD).faults_for("pelvis-stayed-stacked")
    assert "Technique to work on next set" in page
    assert "Did your pelvis stay stacked, without rolling backwards?" in page
    assert fault.fix in page
    assert catalog.coaching(HOLD).faults_for("no-trunk-side-bend")[0].fix not in page


def test_passed_checks_show_no_fixes(
    client: Any, today: str, article_person: tuple[str, int]
) -> None:
    page = _log(client, article_person[1], today, WALL,
                **{"pelvis-level": "yes", "standing-leg-felt": "yes"})
    assert "Set logged" in page and "Technique to work on" not in page


def test_the_anatomy_page_is_in_the_navigation(client: Any) -> None:
    library = client.get("/library").text
    assert re.search(r'<a href="/anatomy[^"]*"[^>]*>Anatomy</a>', library)
    page = client.get("/anatomy")
    assert page.status_code == 200
    assert 'aria-current="page">Anatomy' in page.text


def test_the_anatomy_page_says_parts_actions_nerve_and_share(
    client: Any, catalog: Catalog
) -> None:
    """Article: three parts (anterior, middle, posterior), all abduct, the front also flexes
    and turns in, the back extends and turns out; superior gluteal nerve (L4-S1); about 60 %
    of the abductors' cross-section; the seesaw of single-leg stance."""
    text = _text(client.get("/anatomy").text)
    for part in catalog.anatomy.parts:
        assert part.name in text
        assert ", ".join(part.actions) in text
    assert "Superior gluteal nerve (L4-S1)" in text
    assert "About 60 %" in text
    assert "seesaw" in text


def test_the_anatomy_page_says_why_train_one_muscle(client: Any) -> None:
    """Article: movements rather than muscles, yet specific exercises; the four reasons
    with the tendinopathy weakness (cause or effect unknown) and the prospective study of
    healthy female runners."""
    text = _text(client.get("/anatomy").text)
    assert "Train movements first" in text
    assert "rectus femoris" in text and "calves quite a bit" in text
    assert "No exercise isolates one muscle" in text
    for reason in ("Appearance", "Rehabilitation", "Lowering the risk of injury", "Performance"):
        assert reason in text
    assert "weaker in the hip abductors" in text and "comes first or follows the pain" in text
    assert "healthy female runners" in text and "prospective" in text


def test_the_export_page_offers_a_large_print_handout(
    client: Any, article_person: tuple[str, int]
) -> None:
    person_id = article_person[1]
    page = client.get(f"/people/{person_id}/export").text
    assert f"/people/{person_id}/export.pdf?large=true" in page
    response = client.get(f"/people/{person_id}/export.pdf", params={"large": "true"})
    assert response.status_code == 200
    assert "large-print" in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")
