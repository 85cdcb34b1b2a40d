"""Impossible sets are never stored, whichever service they come through (issue 12, item 6).

``record_set``/``log_set``, ``edit_set``, ``import_sets`` and ``import_bundle`` all call
the one pure check (``glutemed.progression.validity``) with the person's body mass and
date bounds; each refusal names the field and leaves the stored data exactly as it was.
Runs on SQLite and, with a URL, PostgreSQL (the ``engine`` fixture).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.errors import InputError, UnknownIdError
from glutemed.export.bundle import HistoryBundle, SetRecord
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.progression.validity import InvalidSet
from glutemed.services.portability import export_bundle, import_bundle, import_sets
from glutemed.services.set_edits import edit_set
from glutemed.services.set_logging import log_set
from glutemed.store.tables import DecisionRow, PerformedSetRow, ProgressionStateRow
from glutemed.store.unit_of_work import SqlUnitOfWork

CUFF = "side-lying-abduction.cuff-ankle"
DAY0 = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 4, 6)
"""The person's local today in these tests (passed in, as the shell does)."""


def _snapshot(engine: Engine) -> tuple[list[Any], ...]:
    """Every stored set, decision and progression state: what "nothing stored" compares."""
    with engine.connect() as conn:
        return tuple(
            [tuple(row) for row in conn.execute(select(table).order_by(table.id))]
            for table in (PerformedSetRow, DecisionRow, ProgressionStateRow)
        )


def _cuff(side: Side = Side.LEFT, **values: Any) -> PerformedSet:
    base: dict[str, Any] = {"variant_id": CUFF, "side": side, "date": DAY0, "reps": 10,
                            "load_kg": 1.0, "pain_during": 1}
    return PerformedSet.model_validate({**base, **values})


def _log(engine: Engine, person: int, catalog: Catalog, performed: PerformedSet) -> Any:
    return log_set(SqlUnitOfWork(engine), person, performed, catalog, TODAY)


IMPOSSIBLE = {
    "500 reps": (_cuff(reps=500), "reps"),
    "a date years ahead": (_cuff(date=dt.date(2030, 1, 7)), "date"),
    "year 9999": (_cuff(date=dt.date(9999, 12, 31)), "date"),
    "year 1 (an OverflowError before)": (_cuff(date=dt.date(1, 1, 1)), "date"),
    "before the log starts": (_cuff(date=DAY0 - dt.timedelta(days=1)), "date"),
    "a hold on a reps-only lunge": (PerformedSet(
        variant_id="reverse-lunge.opposite-hand", side=Side.LEFT, date=DAY0, hold_s=30
    ), "hold_s"),
    "a band on a dumbbell lunge": (PerformedSet(
        variant_id="reverse-lunge.opposite-hand", side=Side.LEFT, date=DAY0, reps=10,
        band=BandLevel.RED, band_at=LoadSite.KNEES,
    ), "band"),
    "a back squat logged left": (PerformedSet(
        variant_id="squat.back-squat", side=Side.LEFT, date=DAY0, reps=5, load_kg=60
    ), "side"),
    "500 kg": (PerformedSet(
        variant_id="squat.back-squat", side=Side.BOTH, date=DAY0, reps=5, load_kg=500
    ), "load_kg"),
    "3,600 s": (PerformedSet(
        variant_id="side-plank.short", side=Side.LEFT, date=DAY0, hold_s=3600
    ), "hold_s"),
    "a per-side exercise logged both": (_cuff(Side.BOTH), "side"),
    "an unknown variant": (_cuff().model_copy(update={"variant_id": "side-plank.shrt"}),
                           "variant_id"),
}


@pytest.mark.parametrize("name", list(IMPOSSIBLE))
def test_an_impossible_set_is_refused_naming_the_field_and_nothing_is_stored(
    engine: Engine, person: int, catalog: Catalog, name: str
) -> None:
    _log(engine, person, catalog, _cuff())  # something stored already, to stay as it is
    before = _snapshot(engine)
    performed, field = IMPOSSIBLE[name]
    with pytest.raises(InputError) as info:
        _log(engine, person, catalog, performed)
    assert info.value.field == field
    assert _snapshot(engine) == before


def test_a_set_on_the_programs_first_day_is_accepted_though_the_person_was_added_later(
    engine: Engine, person: int, catalog: Catalog
) -> None:
    """The fixture adds Ann today (real clock) with a program that started on DAY0: her log
    starts on DAY0, the earlier of the two."""
    decision = _log(engine, person, catalog, _cuff(date=DAY0))
    assert decision.variant_id == CUFF


def test_editing_a_set_to_a_future_date_is_refused_and_nothing_changes(
    engine: Engine, person: int, catalog: Catalog
) -> None:
    _log(engine, person, catalog, _cuff())
    with SqlUnitOfWork(engine) as uow:
        set_id = uow.sets.recent(person)[0].id
    before = _snapshot(engine)
    for changes, field in (
        ({"date": TODAY + dt.timedelta(days=1)}, "date"),
        ({"reps": 500}, "reps"),
        ({"side": Side.BOTH}, "side"),
        ({"load_kg": None, "band": BandLevel.RED}, "band"),
    ):
        with pytest.raises(InputError) as info:
            edit_set(SqlUnitOfWork(engine), person, set_id, changes, catalog, today=TODAY)
        assert info.value.field == field
    assert _snapshot(engine) == before
    edited = edit_set(SqlUnitOfWork(engine), person, set_id, {"pain_next_morning": 2}, catalog,
                      today=TODAY)
    assert edited.performed.pain_next_morning == 2


@pytest.mark.parametrize("set_id", [99999999999999999999, 2**31, 0, -1])
def test_an_id_out_of_the_databases_range_is_not_found(
    engine: Engine, person: int, catalog: Catalog, set_id: int
) -> None:
    with pytest.raises(UnknownIdError, match="performed set"):
        edit_set(SqlUnitOfWork(engine), person, set_id, {"pain_during": 1}, catalog)


def test_a_tracker_set_without_sides_can_be_corrected_but_not_made_unsided(
    engine: Engine, person: int, catalog: Catalog
) -> None:
    unsided = _cuff(Side.BOTH)
    assert import_sets(SqlUnitOfWork(engine), person, [unsided], today=TODAY) == (1, 0)
    _log(engine, person, catalog, _cuff(Side.LEFT, reps=11))
    with SqlUnitOfWork(engine) as uow:
        newest, imported = uow.sets.recent(person)
    kept = edit_set(SqlUnitOfWork(engine), person, imported.id, {"pain_next_morning": 1},
                    catalog, today=TODAY)
    assert kept.performed.side is Side.BOTH
    with pytest.raises(InputError, match="left or right"):
        edit_set(SqlUnitOfWork(engine), person, newest.id, {"side": Side.BOTH}, catalog,
                 today=TODAY)


def test_importing_sets_refuses_the_whole_file_at_its_first_impossible_row(
    engine: Engine, person: int
) -> None:
    before = _snapshot(engine)
    rows = [_cuff(reps=10), _cuff(reps=500), _cuff(reps=11)]
    with pytest.raises(InvalidSet) as info:
        import_sets(SqlUnitOfWork(engine), person, rows, today=TODAY,
                    labels=["strong row 2", "strong row 3", "strong row 4"])
    assert info.value.field == "strong row 3: reps"
    assert _snapshot(engine) == before


def _history(engine: Engine, person: int, catalog: Catalog) -> HistoryBundle:
    for day in (DAY0, DAY0 + dt.timedelta(days=3)):
        for side in (Side.LEFT, Side.RIGHT):
            _log(engine, person, catalog, _cuff(side, date=day))
    return export_bundle(SqlUnitOfWork(engine), person)


def _people(engine: Engine) -> list[str]:
    with SqlUnitOfWork(engine, readonly=True) as uow:
        return [p.name for p in uow.people.all()]


def test_a_history_naming_an_unknown_variant_is_refused_with_the_closest_ids(
    engine: Engine, person: int, catalog: Catalog
) -> None:
    bundle = _history(engine, person, catalog)
    renamed = [s.model_copy(update={"variant_id": "side-lying-abduction.cuff-ankel"})
               for s in bundle.performed_sets]
    broken = bundle.model_copy(update={"performed_sets": renamed})
    with pytest.raises(InputError) as info:
        import_bundle(SqlUnitOfWork(engine), broken, today=TODAY, name="Copy")
    assert info.value.field.startswith("set 1 (2026-03-02)")
    assert CUFF in str(info.value) and "--map" in str(info.value)
    assert _people(engine) == ["Ann"]
    # ... and imports once the old id is mapped explicitly
    copy = import_bundle(SqlUnitOfWork(engine), broken, today=TODAY, name="Copy",
                         variant_map={"side-lying-abduction.cuff-ankel": CUFF})
    again = export_bundle(SqlUnitOfWork(engine), copy)
    assert {s.variant_id for s in again.performed_sets} == {CUFF}


def test_a_history_with_year_1_or_future_dates_is_refused(
    engine: Engine, person: int, catalog: Catalog
) -> None:
    bundle = _history(engine, person, catalog)
    for day, words in ((dt.date(1, 1, 1), "before the first program's start"),
                       (TODAY + dt.timedelta(days=1), "in the future")):
        sets = [bundle.performed_sets[0].model_copy(update={"date": day}),
                *bundle.performed_sets[1:]]
        with pytest.raises(InputError, match=words) as info:
            import_bundle(SqlUnitOfWork(engine), bundle.model_copy(
                update={"performed_sets": sets}), today=TODAY, name="Copy")
        assert info.value.field.endswith("date")
    program = bundle.programs[0].model_copy(update={"start_date": dt.date(9999, 12, 31)})
    with pytest.raises(InputError) as info:
        import_bundle(SqlUnitOfWork(engine), bundle.model_copy(update={"programs": [program]}),
                      today=TODAY, name="Copy")
    assert info.value.field.endswith("start_date")
    assert _people(engine) == ["Ann"]


def test_a_program_may_not_start_past_a_year_ahead(engine: Engine, catalog: Catalog,
                                                    kit: SimpleNamespace) -> None:
    from glutemed.programming.models import Profile
    from glutemed.services.people import start_person

    for start in (dt.date(9999, 12, 31), dt.date(1, 1, 1)):
        with pytest.raises(InputError, match="allowed 1900-01-01") as info:
            start_person(SqlUnitOfWork(engine), "Bo", Profile(goal="rehab"), catalog, start)
        assert info.value.field == "start_date"
    assert _people(engine) == []


# -- property: what the check accepts can be stored, read back, charted and moved -------------

LOG_START = dt.date(2025, 1, 6)
LATEST = dt.date(2026, 12, 1)


@st.composite
def accepted_sets(draw: st.DrawFn, catalog: Catalog) -> list[SetRecord]:
    """Sets the check accepts for a person whose log runs from LOG_START to LATEST."""
    from glutemed.progression.validity import DateBounds, check_set, default_limits

    bounds = DateBounds(LOG_START, LATEST)
    chosen: list[SetRecord] = []
    for _ in range(draw(st.integers(1, 6))):
        variant = draw(st.sampled_from(catalog.variants))
        values: dict[str, Any] = {
            "variant_id": variant.id,
            "side": draw(st.sampled_from(list(Side))),
            "date": draw(st.dates(LOG_START, LATEST)),
        }
        if draw(st.booleans()):
            values["reps"] = draw(st.integers(0, 100))
        else:
            values["hold_s"] = draw(st.floats(0, 300, allow_nan=False))
        if variant.band is not None and draw(st.booleans()):
            values["band"] = draw(st.sampled_from(list(BandLevel)))
            values["band_at"] = variant.band.at
        elif draw(st.booleans()):
            values["load_kg"] = draw(st.floats(0, 400, allow_nan=False, allow_subnormal=False))
        performed = PerformedSet.model_validate(values)
        try:
            check_set(performed, catalog, default_limits(), body_mass_kg=70.0, dates=bounds,
                      sides_told_apart=False)
        except InvalidSet:
            continue
        chosen.append(SetRecord.of(performed))
    return chosen


def test_every_accepted_set_can_be_stored_read_back_charted_and_moved(catalog: Catalog) -> None:
    from glutemed.export import charts
    from glutemed.export.to_json import parse_json, render_json
    from glutemed.programming.models import Profile
    from glutemed.services.portability import checked_bundle
    from glutemed.store.engine import make_engine
    from glutemed.store.migrate import upgrade

    folder = Path(tempfile.mkdtemp(prefix="glutemed-valid-"))
    engine = make_engine(f"sqlite:///{folder / 'property.sqlite3'}")
    upgrade(engine)
    profile = Profile(goal="rehab", mass_kg=70, height_m=1.75)
    counter = iter(range(10_000))

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sets=accepted_sets(catalog))
    def check(sets: list[SetRecord]) -> None:
        with SqlUnitOfWork(engine) as uow:
            pid = uow.people.add(f"P{next(counter)}", profile)
            for performed in sets:
                uow.sets.add(pid, performed.performed)
            uow.commit()
        with SqlUnitOfWork(engine, readonly=True) as uow:
            stored = [s.performed for s in uow.sets.recent(pid)]  # newest first

        def key(p: PerformedSet) -> str:
            return p.model_dump_json()

        assert sorted(stored, key=key) == sorted((s.performed for s in sets), key=key)
        for variant_id in {s.variant_id for s in stored}:
            points = charts.trend_data(stored, variant_id, catalog=catalog, mass_kg=70,
                                       height_m=1.75)
            assert charts.trend_chart(points, title=variant_id, fmt="svg").startswith(b"<?xml")
        assert charts.volume_chart(charts.volume_data(stored, catalog), fmt="svg")
        assert charts.asymmetry_chart(charts.asymmetry_data(stored), fmt="svg", catalog=catalog)
        bundle = export_bundle(SqlUnitOfWork(engine, readonly=True), pid)
        moved = parse_json(render_json(bundle))
        checked_bundle(moved, today=LATEST, catalog=catalog)  # its own import accepts it

    try:
        check()
    finally:
        engine.dispose()
