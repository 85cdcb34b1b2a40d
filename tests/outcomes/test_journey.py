"""A 12-week journey kept as test data: baseline and weeks 4, 8 and 12 of outcome measures
and training, then the chart, the report PDF (rendered and read back) and the FHIR bundle
(validated with fhir.resources' R4B models, structurally the same as R4 for every resource
used here), and a lossless round trip of the history through JSON and CSV."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from glutemed.catalog.catalog import Catalog
from glutemed.outcomes import entries as E
from glutemed.programming.models import Profile
from glutemed.services import outcomes as S
from glutemed.services.people import start_person
from glutemed.services.portability import export_bundle, import_bundle
from glutemed.store.engine import make_engine
from glutemed.store.migrate import ensure_current
from glutemed.store.unit_of_work import SqlUnitOfWork

START = dt.date(2026, 1, 5)
JOURNEY: list[tuple[int, dict[str, Any]]] = [
    # week, values: pain falls 6 -> 2, PSFS rises, strength rises, symmetry closes.
    (0, {"pain": (6, 8), "psfs": (3, 4, 2), "visa": 52, "stance": (12, 30), "sts": 10,
         "hhd": (150, 190), "groc": None}),
    (4, {"pain": (5, 7), "psfs": (4, 5, 3), "visa": 58, "stance": (18, 30), "sts": 11,
         "hhd": (165, 195), "groc": 2}),
    (8, {"pain": (3, 5), "psfs": (6, 6, 5), "visa": 66, "stance": (24, 30), "sts": 12,
         "hhd": (180, 200), "groc": 4}),
    (12, {"pain": (2, 4), "psfs": (7, 8, 6), "visa": 74, "stance": (30, 30), "sts": 14,
          "hhd": (195, 205), "groc": 5}),
]


def _entries(week: int, v: dict[str, Any], profile: Profile) -> list[Any]:
    day = START + dt.timedelta(weeks=week)
    who = {"date": day, "entered_by": "dr-lee", "entered_role": "clinician"}
    out: list[Any] = [
        E.PainEntry(average_0_10=v["pain"][0], worst_0_10=v["pain"][1], **who),
        E.PsfsEntry(activities=[
            E.PsfsActivity(activity=a, rating_0_10=r)
            for a, r in zip(("stairs", "walking 30 min", "lying on the side"), v["psfs"],
                            strict=True)
        ], **who),
        E.VisaGEntry(total_0_100=v["visa"], **who),
        E.StanceEntry(ceiling_s=30, left_s=v["stance"][0], right_s=v["stance"][1], **who),
        E.SitToStandEntry(stands=v["sts"], **who),
        S.strength_entry(profile, E.StrengthInput(
            left_force=v["hhd"][0], right_force=v["hhd"][1], pad_at="knee", **who)),
    ]
    if v["groc"] is not None:
        out.append(E.GrocEntry(scale_points=15, rating=v["groc"], **who))
    return out


@pytest.fixture
def journey(tmp_path: Path, catalog: Catalog) -> tuple[Engine, int]:
    engine = make_engine(f"sqlite:///{tmp_path / 'journey.sqlite3'}")
    ensure_current(engine)
    profile = Profile(goal="rehab", weeks=12, mass_kg=70, height_m=1.75)
    person_id = start_person(SqlUnitOfWork(engine), "Ann", profile, catalog, START)
    for week, values in JOURNEY:
        for entry in _entries(week, values, profile):
            S.record_outcome(SqlUnitOfWork(engine), person_id, entry)
    return engine, person_id


def test_the_journey_gives_series_with_changes_judged_against_their_sources(journey) -> None:
    engine, person_id = journey
    series = {(s.measure.id, s.side): s for s in S.outcome_series(SqlUnitOfWork(engine),
                                                                  person_id)}
    pain = series[("pain-average", None)]
    assert (pain.first.value, pain.latest.value, pain.improvement) == (6, 2, 4)
    assert pain.worth_noticing is True  # 4 points >= 2 (Farrar et al. 2001)
    psfs = series[("psfs", None)]
    assert psfs.improvement == pytest.approx(7 - 3)  # mean 3 -> 7 >= 1.3 (Abbott 2014)
    assert series[("visa-g", None)].worth_noticing is None  # no verified figure
    stands = series[("sit-to-stand-30s", None)]
    assert stands.improvement == 14 - 10 and stands.worth_noticing is True  # >= 2 (Wright 2011)
    # Strength, by hand: 150 N x 0.42875 m = 64.31 N·m; 195 N -> 83.61 N·m (pad at knee).
    left = series[("hip-abduction-torque", "left")]
    assert left.first.value == pytest.approx(64.3125)
    assert left.latest.value == pytest.approx(83.60625)
    symmetry = series[("hip-abduction-symmetry", None)]
    assert symmetry.first.value == pytest.approx(150 / 190 * 100)
    assert symmetry.latest.value == pytest.approx(195 / 205 * 100)


def test_the_schedule_is_done_at_every_point_of_the_journey(journey) -> None:
    engine, person_id = journey
    view = S.schedule_view(SqlUnitOfWork(engine), person_id, START + dt.timedelta(weeks=13))
    assert [(p.week, p.status) for p in view.points] == [
        (0, "done"), (4, "done"), (8, "done"), (12, "done")]
    assert view.due is None
    before = S.schedule_view(SqlUnitOfWork(engine), person_id, START - dt.timedelta(days=1))
    assert before.points[0].status == "done"


def test_the_outcome_chart_draws_the_smallest_change_only_where_it_is_known(journey) -> None:
    from glutemed.export.outcome_charts import outcomes_chart, swc_level

    engine, person_id = journey
    series = S.outcome_series(SqlUnitOfWork(engine), person_id)
    svg = outcomes_chart(series, fmt="svg").decode()
    assert svg.startswith("<?xml") and svg.count("smallest change worth noticing") == 4
    assert "no published smallest change" in svg
    pain = next(s for s in series if s.measure.id == "pain-average")
    assert swc_level(pain) == 4  # baseline 6, lower is better, 2 points
    png = outcomes_chart(series, fmt="png")
    assert png.startswith(b"\x89PNG") and outcomes_chart(series, fmt="png") == png


def test_the_report_pdf_renders_and_reads_back(journey, catalog: Catalog, tmp_path: Path):
    from pypdf import PdfReader

    from glutemed.export.report_pdf import render_report_pdf

    engine, person_id = journey
    data = S.report_data(SqlUnitOfWork(engine), person_id, catalog,
                         START + dt.timedelta(weeks=12), condition="lateral hip pain")
    pdf = render_report_pdf(data)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    for expected in ("Progress report: Ann", "lateral hip pain", "Outcomes", "Pain (average)",
                     "at least the smallest change worth noticing", "Decisions that mattered",
                     "Adherence", "Farrar", "Abbott", "from memory", "Wright"):
        assert expected in text, expected
    assert render_report_pdf(data) == pdf  # deterministic
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext") and shutil.which("pdftoppm"):
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
        assert "Progress report: Ann" in out and "VISA-G" in out
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")],
                       check=True)
        pages = sorted(tmp_path.glob("page*.png"))
        assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) >= 2
        assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def test_the_fhir_bundle_validates_and_maps_what_was_measured(journey, catalog) -> None:
    from fhir.resources.R4B.bundle import Bundle

    engine, person_id = journey
    now = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)
    document = S.fhir_document(SqlUnitOfWork(engine), person_id, catalog, now)
    bundle = Bundle.model_validate(document)  # every resource checked by its model
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Patient") == 1 and kinds.count("CarePlan") == 1
    assert kinds.count("ServiceRequest") >= 3
    patient = document["entry"][0]["resource"]
    assert "name" not in patient and patient["meta"]["tag"][0]["code"] == "pseudonymous"
    observations = [e["resource"] for e in document["entry"]
                    if e["resource"]["resourceType"] == "Observation"]
    pain = [o for o in observations if o["code"]["coding"][0].get("code") == "72514-3"]
    assert len(pain) == 8 and {o["valueInteger"] for o in pain} >= {6, 2}
    assert pain[0]["code"]["coding"][0]["system"] == "http://loinc.org"
    strength = [o for o in observations
                if o["code"]["coding"][0]["code"] == "hip-abduction-torque"]
    units = {c["valueQuantity"]["code"] for o in strength for c in o["component"]}
    assert {"N", "N.m", "N.m/kg", "%", "m"} <= units
    weight = [o for o in observations if o["code"]["coding"][0]["code"] == "29463-7"]
    assert weight[0]["valueQuantity"] == {"value": 70, "unit": "kg",
                                          "system": "http://unitsofmeasure.org", "code": "kg"}
    assert S.fhir_document(SqlUnitOfWork(engine), person_id, catalog, now) == document
    named = S.fhir_document(SqlUnitOfWork(engine), person_id, catalog, now, identify=True)
    assert named["entry"][0]["resource"]["name"] == [{"text": "Ann"}]


def test_outcomes_round_trip_through_json_and_csv(journey, tmp_path: Path) -> None:
    from glutemed.export.to_csv import parse_csv_zip, render_csv_zip
    from glutemed.export.to_json import parse_json, render_json
    from glutemed.outcomes.schedule import OutcomeSchedule

    engine, person_id = journey
    S.set_schedule(SqlUnitOfWork(engine), person_id, OutcomeSchedule(weeks=(0, 4, 8, 12, 26)))
    bundle = export_bundle(SqlUnitOfWork(engine), person_id)
    assert len(bundle.outcomes) == 27 and bundle.person.outcome_weeks == (0, 4, 8, 12, 26)
    assert parse_json(render_json(bundle)) == bundle
    assert parse_csv_zip(render_csv_zip(bundle)) == bundle
    new_id = import_bundle(SqlUnitOfWork(engine), parse_csv_zip(render_csv_zip(bundle)),
                           today=START, name="Ann (copy)")
    again = export_bundle(SqlUnitOfWork(engine), new_id)
    assert again.outcomes == bundle.outcomes
    assert again.person.outcome_weeks == (0, 4, 8, 12, 26)


def test_a_bad_outcome_row_in_a_csv_zip_is_named_and_nothing_is_stored(journey) -> None:
    from glutemed.errors import InputError
    from glutemed.export.to_csv import parse_csv_zip, render_csv_zip

    engine, person_id = journey
    data = render_csv_zip(export_bundle(SqlUnitOfWork(engine), person_id))
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            if name == "outcomes.csv":
                body = body.replace(b'"average_0_10"":6', b'"average_0_10"":16', 1)
            target.writestr(name, body)
    with pytest.raises(InputError) as caught:
        parse_csv_zip(out.getvalue())
    assert "outcomes.csv row 2, column values_json (average_0_10)" in str(caught.value)
    assert "allowed 0 to 10" in str(caught.value)
