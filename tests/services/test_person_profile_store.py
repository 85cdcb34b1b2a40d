"""The profile's new fields (format 4) are stored, exported, imported and read back whole;
a history or database row written before them reads with the defaults (no condition, not
asked, any kit), and a one-leg program item keeps its leg and set-up note on the way."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, text

from glutemed.catalog.catalog import Catalog
from glutemed.export.to_csv import parse_csv_zip, render_csv_zip
from glutemed.export.to_json import parse_json, render_json
from glutemed.programming.models import AffectedSide, Condition, Profile, Side
from glutemed.services.people import start_person
from glutemed.services.portability import export_bundle, import_bundle
from glutemed.store.unit_of_work import SqlUnitOfWork

DAY0 = dt.date(2026, 1, 5)
LEE = Profile.model_validate({
    "goal": "rehab", "age": 54, "condition": "lateral-hip-pain", "affected_side": "right",
    "equipment": {"mini-band", "cuff-weight"}, "bands": {"yellow", "red"}, "cuff_kg": {2.0},
    "fell_last_year": True, "one_leg_10s": True,
})


def test_the_person_fields_survive_the_store_json_and_csv(engine: Engine,
                                                          catalog: Catalog) -> None:
    person_id = start_person(SqlUnitOfWork(engine), "Lee", LEE, catalog, DAY0)
    bundle = export_bundle(SqlUnitOfWork(engine), person_id)
    assert bundle.person.profile == LEE
    items = [i for w in bundle.programs[0].program.weeks for s in w.sessions for i in s.items]
    lying = [i for i in items if i.variant_id.startswith("side-lying")]
    assert lying and {i.side for i in lying} == {Side.RIGHT}
    assert all(i.setup_note and "left side" in i.setup_note for i in lying)
    for name, data in (("via json", parse_json(render_json(bundle))),
                       ("via csv", parse_csv_zip(render_csv_zip(bundle)))):
        new_id = import_bundle(SqlUnitOfWork(engine), data, today=DAY0, name=name)
        again = export_bundle(SqlUnitOfWork(engine), new_id)
        assert again.person.profile == LEE
        assert again.programs[0].program == bundle.programs[0].program


def test_a_version_3_file_reads_with_the_defaults(engine: Engine, catalog: Catalog) -> None:
    person_id = start_person(SqlUnitOfWork(engine), "Old", Profile(goal="rehab"), catalog,
                             DAY0)
    data = json.loads(render_json(export_bundle(SqlUnitOfWork(engine), person_id)))
    data["format_version"] = 3
    new_fields = ("age", "condition", "affected_side", "surgery_cleared", "fell_last_year",
                  "one_leg_10s", "bands", "cuff_kg", "dumbbell_kg")
    for field in new_fields:
        del data["person"]["profile"][field]
    for record in data["programs"]:
        for week in record["program"]["weeks"]:
            for session in week["sessions"]:
                for item in session["items"]:
                    del item["setup_note"]
    bundle = parse_json(json.dumps(data).encode())
    profile = bundle.person.profile
    assert profile.condition is Condition.NONE and profile.affected_side is AffectedSide.NONE
    assert (profile.age, profile.fell_last_year, profile.bands) == (None, None, frozenset())
    assert not profile.balance_risk


def test_a_profile_stored_before_the_fields_existed_still_loads(engine: Engine,
                                                               catalog: Catalog) -> None:
    person_id = start_person(SqlUnitOfWork(engine), "Old", Profile(goal="rehab"), catalog,
                             DAY0)
    old = {"goal": "rehab", "days_per_week": 2, "weeks": 8, "equipment": [],
           "level": "beginner", "minutes_per_session": 45, "baseline": None, "mass_kg": None,
           "height_m": None, "sex": None, "avoid_variants": [], "avoid_weight_bearing": False,
           "avoid_provocations": []}
    with engine.begin() as conn:  # as a row written by glutemed before format 4 holds it
        conn.execute(text("UPDATE people SET profile = :p WHERE id = :i"),
                     {"p": json.dumps(old), "i": person_id})
    with SqlUnitOfWork(engine) as uow:
        profile = uow.people.get(person_id).profile
    assert profile.condition is Condition.NONE and profile.cuff_kg == frozenset()
