"""The Markdown rendering and the JSON-ready dict of a program."""

from __future__ import annotations

import json

from glutemed.catalog.catalog import Catalog
from glutemed.programming.generator import generate_program
from glutemed.programming.markdown import dose_text, render_markdown
from glutemed.programming.models import Goal, Profile
from glutemed.programming.serialise import program_as_dict


def test_markdown_has_every_week_session_and_exercise(catalog: Catalog) -> None:
    program = generate_program(Profile(goal=Goal.REHAB, weeks=4), catalog)
    text = render_markdown(program, catalog)
    for week in program.weeks:
        assert f"## Week {week.number}" in text
        for session in week.sessions:
            assert f"### {session.name}" in text
            for item in session.items:
                assert f"`{item.variant_id}`" in text
    assert "s hold each side" in text  # rehab starts with per-side isometric holds
    assert "Silbernagel" in text


def test_markdown_can_stop_after_some_weeks(catalog: Catalog) -> None:
    program = generate_program(Profile(goal=Goal.REHAB, weeks=8), catalog)
    text = render_markdown(program, catalog, max_weeks=2)
    assert "## Week 2" in text and "## Week 3" not in text and "6 more week(s)" in text


def test_dose_text_reads_sets_and_range(catalog: Catalog) -> None:
    program = generate_program(Profile(goal=Goal.HYPERTROPHY), catalog)
    item = next(i for i in program.weeks[0].sessions[0].items if i.reps is not None)
    assert dose_text(item, per_side=True) == f"{item.sets} x {item.reps[0]}-{item.reps[1]} " \
        "reps each side"


def test_json_dict_sorts_set_fields_and_names_items(catalog: Catalog) -> None:
    profile = Profile(goal=Goal.HYPERTROPHY, equipment=frozenset({"mini-band", "barbell",
                                                                  "dumbbell"}))
    data = program_as_dict(generate_program(profile, catalog), catalog)
    assert data["profile"]["equipment"] == ["barbell", "dumbbell", "mini-band"]
    item = data["weeks"][0]["sessions"][0]["items"][0]
    assert {"variant_id", "role", "mode", "sets", "name", "per_side"} <= set(item)
    json.dumps(data)  # serialisable
