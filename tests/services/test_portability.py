"""Export a person's whole history from the store and import it back, all or nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.export.to_csv import parse_csv_zip, render_csv_zip
from glutemed.export.to_json import parse_json, render_json
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.services.portability import export_bundle, import_bundle
from glutemed.services.sessions import log_set
from glutemed.store.unit_of_work import SqlUnitOfWork


def _train(engine: Engine, person: int, catalog: Catalog, day0: dt.date) -> None:
    for week in range(3):
        day = day0 + dt.timedelta(days=7 * week)
        for side in (Side.LEFT, Side.RIGHT):
            for index in (1, 2, 3):
                performed = PerformedSet(
                    variant_id="side-lying-abduction.cuff-ankle",
                    side=side,
                    date=day,
                    set_index=index,
                    reps=12,
                    load_kg=1.0,
                    rir=2,
                    pain_during=1,
                    checks={"no-trunk-side-bend": True},
                )
                log_set(SqlUnitOfWork(engine), person, performed, catalog, day)


def test_export_import_export_gives_the_same_history(
    engine: Engine, person: int, catalog: Catalog, kit: SimpleNamespace
) -> None:
    _train(engine, person, catalog, kit.DAY0)
    first = export_bundle(SqlUnitOfWork(engine), person)
    assert len(first.performed_sets) == 18
    assert first.decisions and first.progression and first.programs[0].completed
    assert all(d.performed_set is not None for d in first.decisions)

    copy_id = import_bundle(SqlUnitOfWork(engine), first, today=kit.DAY0, name="Ann (copy)")
    second = export_bundle(SqlUnitOfWork(engine), copy_id)
    assert second.person.name == "Ann (copy)"
    assert second.model_copy(update={"person": first.person}) == first


def test_a_history_survives_json_and_csv_between_two_stores(
    engine: Engine, person: int, catalog: Catalog, kit: SimpleNamespace
) -> None:
    _train(engine, person, catalog, kit.DAY0)
    bundle = export_bundle(SqlUnitOfWork(engine), person)
    for name, data in (
        ("via json", parse_json(render_json(bundle))),
        ("via csv", parse_csv_zip(render_csv_zip(bundle))),
    ):
        new_id = import_bundle(SqlUnitOfWork(engine), data, today=kit.DAY0, name=name)
        again = export_bundle(SqlUnitOfWork(engine), new_id)
        assert render_json(again.model_copy(update={"person": bundle.person})) == render_json(
            bundle
        )


def test_a_failure_half_way_writes_nothing(
    engine: Engine, person: int, catalog: Catalog, kit: SimpleNamespace
) -> None:
    _train(engine, person, catalog, kit.DAY0)
    bundle = export_bundle(SqlUnitOfWork(engine), person)
    program = bundle.programs[0].model_copy(update={"completed": {999: kit.DAY0}})
    broken = bundle.model_copy(update={"programs": [program]})
    with pytest.raises(InputError, match="session 999 does not exist"):
        import_bundle(SqlUnitOfWork(engine), broken, today=kit.DAY0, name="Half")
    with SqlUnitOfWork(engine) as uow:
        assert [p.name for p in uow.people.all()] == ["Ann"]


def test_importing_under_a_taken_name_is_an_input_error(
    engine: Engine, person: int, kit: SimpleNamespace
) -> None:
    bundle = export_bundle(SqlUnitOfWork(engine), person)
    with pytest.raises(InputError, match="already exists"):
        import_bundle(SqlUnitOfWork(engine), bundle, today=kit.DAY0)
