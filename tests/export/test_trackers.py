"""Importing Strong, Hevy and FitNotes CSV exports: columns, units, mapping, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.errors import InputError, UnknownIdError
from glutemed.export.tracker_apps import detect_app
from glutemed.export.tracker_names import EXERCISE_MAP
from glutemed.export.trackers import import_tracker_csv
from glutemed.programming.models import Side
from glutemed.units import KG_PER_LB

STRONG_LEGACY = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
    '2024-01-09 18:30:00;"Legs";"Goblet Squat (Kettlebell)";W;8;kg;10;;;;0;"";""\n'
    '2024-01-09 18:30:00;"Legs";"Goblet Squat (Kettlebell)";1;16;kg;10;8;;;0;"deep";""\n'
    '2024-01-09 18:30:00;"Legs";"Goblet Squat (Kettlebell)";2;16;kg;9;9.5;;;0;"";""\n'
    '2024-01-09 18:30:00;"Legs";"Side Plank";1;0;kg;0;;;;45;"";""\n'
    '2024-01-09 18:30:00;"Legs";"Hip Abduction (Machine)";1;40;kg;12;;;;0;"";""\n'
)

STRONG_CURRENT = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    "2024-03-05 6:30:00 PM,Legs,45m,Single Leg Romanian Deadlift (Dumbbell),1,20,10,0,0,,,\n"
)

HEVY = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_lbs,reps,distance_miles,duration_seconds,rpe\n"
    '"Leg day","9 Jan 2024, 18:30","9 Jan 2024, 19:15","","Reverse Lunge (Dumbbell)",,'
    '"slow",0,warmup,10,10,,,\n'
    '"Leg day","9 Jan 2024, 18:30","9 Jan 2024, 19:15","","Reverse Lunge (Dumbbell)",,'
    '"slow",1,normal,25,10,,,8\n'
    '"Leg day","9 Jan 2024, 18:30","9 Jan 2024, 19:15","","Clamshell",,,2,normal,,15,,,\n'
)

FITNOTES = (
    "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
    "2024-01-10,Side Lying Hip Abduction,Legs,,15,,,,\n"
    "2024-01-10,Side Plank,Abs,,,,,0:01:05,wobbly\n"
    "2024-01-10,Lateral Band Walk,Legs,,20,,,,\n"
)


def test_strong_legacy_export(catalog: Catalog) -> None:
    result = import_tracker_csv(STRONG_LEGACY.encode(), catalog=catalog)
    assert result.app == "strong"
    squat = [s for s in result.sets if s.variant_id == "squat.goblet"]
    assert [(s.set_index, s.reps, s.load_kg, s.rir) for s in squat] == [
        (1, 10, 16.0, 2),  # RPE 8 -> RIR 2
        (2, 9, 16.0, 0),  # RPE 9.5 -> 0.5 rounds to the even 0
    ]
    assert squat[0].note == "deep" and squat[0].date == dt.date(2024, 1, 9)
    assert all(s.side is Side.BOTH for s in result.sets)
    plank = next(s for s in result.sets if s.variant_id == "side-plank.full")
    assert (plank.hold_s, plank.reps, plank.load_kg) == (45.0, None, None)
    assert result.unmapped == {"Hip Abduction (Machine)": 1}  # reported, not guessed
    assert result.skipped == {"warm-up set": 1}


def test_strong_current_export_uses_the_given_unit(catalog: Catalog) -> None:
    result = import_tracker_csv(STRONG_CURRENT.encode(), catalog=catalog, unit="lb")
    (only,) = result.sets
    assert only.variant_id == "single-leg-deadlift.opposite-hand"
    assert only.load_kg == pytest.approx(20 * KG_PER_LB)  # 9.07 kg
    assert only.date == dt.date(2024, 3, 5)


def test_strong_time_with_a_narrow_no_break_space(catalog: Catalog) -> None:
    data = STRONG_CURRENT.replace("6:30:00 PM", "6:30:00\u202fPM")
    (only,) = import_tracker_csv(data.encode(), catalog=catalog).sets
    assert only.date == dt.date(2024, 3, 5)


def test_hevy_export_in_pounds(catalog: Catalog) -> None:
    result = import_tracker_csv(HEVY.encode(), catalog=catalog)
    assert result.app == "hevy"
    (lunge,) = result.sets
    assert lunge.variant_id == "reverse-lunge.opposite-hand"
    assert lunge.load_kg == pytest.approx(11.339809)  # 25 lb x 0.45359237
    assert (lunge.reps, lunge.rir, lunge.note) == (10, 2, "slow")
    assert result.unmapped == {"Clamshell": 1}
    assert result.skipped == {"warm-up set": 1}


def test_fitnotes_export_with_times(catalog: Catalog) -> None:
    result = import_tracker_csv(FITNOTES.encode(), catalog=catalog)
    assert result.app == "fitnotes"
    by_variant = {s.variant_id: s for s in result.sets}
    assert by_variant["side-plank.full"].hold_s == 65.0
    assert by_variant["side-plank.full"].note == "wobbly"
    assert by_variant["side-lying-abduction.bodyweight"].reps == 15
    assert by_variant["banded-side-step.knees-light"].reps == 20
    assert result.unmapped == {}


def test_a_personal_mapping_adds_names(catalog: Catalog) -> None:
    result = import_tracker_csv(
        HEVY.encode(), catalog=catalog, extra_map={"clamshell": "side-lying-abduction.band-knees"}
    )
    assert result.unmapped == {}
    assert {s.variant_id for s in result.sets} == {
        "reverse-lunge.opposite-hand",
        "side-lying-abduction.band-knees",
    }


def test_a_mapping_to_an_unknown_variant_is_refused(catalog: Catalog) -> None:
    with pytest.raises(UnknownIdError):
        import_tracker_csv(HEVY.encode(), catalog=catalog, extra_map={"Clamshell": "clam.shell"})


def test_every_mapping_target_is_a_catalogue_variant(catalog: Catalog) -> None:
    known = {v.id for v in catalog.variants}
    assert set(EXERCISE_MAP.values()) <= known


def test_bad_weight_names_row_and_column(catalog: Catalog) -> None:
    bad = FITNOTES.replace(
        "2024-01-10,Lateral Band Walk,Legs,,", "2024-01-10,Lateral Band Walk,Legs,heavy,"
    )
    with pytest.raises(
        InputError, match=r"fitnotes row 4, column Weight \(kgs\): expected a number"
    ):
        import_tracker_csv(bad.encode(), catalog=catalog)


def test_bad_date_names_row_and_column(catalog: Catalog) -> None:
    bad = HEVY.replace(
        '"9 Jan 2024, 18:30","9 Jan 2024, 19:15","","Clamshell"', '"yesterday","","","Clamshell"'
    )
    with pytest.raises(InputError, match=r"hevy row 4, column start_time: unrecognised date"):
        import_tracker_csv(bad.encode(), catalog=catalog)


def test_out_of_range_value_names_the_row(catalog: Catalog) -> None:
    bad = FITNOTES.replace(",Legs,,15,", ",Legs,,900,")
    with pytest.raises(InputError, match=r"fitnotes row 2, column reps"):
        import_tracker_csv(bad.encode(), catalog=catalog)


def test_unknown_file_is_refused_with_a_pointer_to_the_docs(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="not a Strong, Hevy or FitNotes export"):
        import_tracker_csv(b"when,what\n2024-01-01,squats\n", catalog=catalog)


def test_forced_format_lists_missing_columns(catalog: Catalog) -> None:
    with pytest.raises(InputError, match=r"strong row 1: missing column\(s\) Date"):
        import_tracker_csv(HEVY.encode(), catalog=catalog, app="strong")


def test_detects_each_app_from_its_header() -> None:
    assert detect_app(STRONG_LEGACY.split("\n")[0].split(";")) == "strong"
    assert detect_app(HEVY.split("\n")[0].split(",")) == "hevy"
    assert detect_app(FITNOTES.split("\n")[0].split(",")) == "fitnotes"
    assert detect_app(["date", "variant_id"]) is None


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(sorted(EXERCISE_MAP)),
            st.integers(1, 50),
            st.floats(0, 300, allow_nan=False).map(lambda w: round(w, 2)),
            st.none() | st.sampled_from([x / 2 for x in range(2, 21)]),
        ),
        min_size=1,
        max_size=15,
    ),
    pounds=st.booleans(),
)
def test_any_hevy_rows_import_with_loads_in_kg_and_rir_from_rpe(
    rows: list[tuple[str, int, float, float | None]], pounds: bool
) -> None:
    catalog = load_default_catalog()  # not a fixture: hypothesis would print its repr
    column = "weight_lbs" if pounds else "weight_kg"
    lines = [f"start_time,exercise_title,set_index,set_type,{column},reps,rpe"]
    for i, (name, reps, weight, rpe) in enumerate(rows):
        lines.append(f"2024-01-09 18:30:00,{name.title()},{i},normal,{weight},{reps},{rpe or ''}")
    result = import_tracker_csv("\n".join(lines).encode(), catalog=catalog)
    assert result.unmapped == {} and len(result.sets) == len(rows)
    for performed, (name, reps, weight, rpe) in zip(result.sets, rows, strict=True):
        assert performed.variant_id == EXERCISE_MAP[name]
        assert performed.reps == reps
        expected_kg = None if weight == 0 else weight * (KG_PER_LB if pounds else 1.0)
        assert performed.load_kg == pytest.approx(expected_kg, abs=1e-6)  # rounded to 1 mg
        assert performed.rir == (None if rpe is None else round(10 - rpe))
        assert performed.set_index <= 20
