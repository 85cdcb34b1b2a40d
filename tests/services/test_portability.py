"""Export a person's whole history from the store and import it back, all or nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog
from glutemed.clinic.attention import Acknowledgement, FlagKind
from glutemed.errors import InputError
from glutemed.export.to_csv import parse_csv_zip, render_csv_zip
from glutemed.export.to_json import parse_json, render_json
from glutemed.programming.editing import ChangeDose
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet
from glutemed.services.portability import export_bundle, import_bundle
from glutemed.services.program_editor import save_edit, set_access
from glutemed.services.set_logging import log_set
from glutemed.store.unit_of_work import SqlUnitOfWork

LATER = dt.date(2026, 6, 1)
"""The importing person's today: after every set of the training below."""


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


def _acknowledge(engine: Engine, person: int) -> None:
    """A clinician acknowledged one of the person's needs-attention flags, changed the
    program's dose and locked it."""
    with SqlUnitOfWork(engine) as uow:
        uow.attention.add(person, Acknowledgement(
            FlagKind.STALL, "abduction:x:left:2:2026-01-07", "dr-lee",
            dt.datetime(2026, 1, 8, 9, 30, tzinfo=dt.UTC), "Phoned: keep the dose"))
        uow.commit()
    save_edit(SqlUnitOfWork(engine), person, ChangeDose(day=1, item=0, sets=4),
              load_default_catalog(), by="dr-lee", role="clinician")
    set_access(SqlUnitOfWork(engine), person, "locked", by="dr-lee")


def test_export_import_export_gives_the_same_history(
    engine: Engine, person: int, catalog: Catalog, kit: SimpleNamespace
) -> None:
    _train(engine, person, catalog, kit.DAY0)
    _acknowledge(engine, person)
    first = export_bundle(SqlUnitOfWork(engine), person)
    assert len(first.performed_sets) == 18
    assert [(a.kind, a.by, a.note) for a in first.attention_acks] == [
        (FlagKind.STALL, "dr-lee", "Phoned: keep the dose")]
    assert [c.edit["op"] for c in first.program_changes] == ["dose", "access"]
    assert first.program_changes[0].program == first.programs[-1].key
    assert first.decisions and first.progression and first.programs[0].completed
    assert all(d.performed_set is not None for d in first.decisions)

    copy_id = import_bundle(SqlUnitOfWork(engine), first, today=LATER, name="Ann (copy)")
    second = export_bundle(SqlUnitOfWork(engine), copy_id)
    with SqlUnitOfWork(engine) as uow:
        assert uow.program_changes.access(copy_id).access == "locked"  # the lock travelled
    assert second.person.name == "Ann (copy)"
    assert second.model_copy(update={"person": first.person}) == first


def test_a_history_survives_json_and_csv_between_two_stores(
    engine: Engine, person: int, catalog: Catalog, kit: SimpleNamespace
) -> None:
    _train(engine, person, catalog, kit.DAY0)
    _acknowledge(engine, person)
    bundle = export_bundle(SqlUnitOfWork(engine), person)
    assert len(bundle.attention_acks) == 1
    for name, data in (
        ("via json", parse_json(render_json(bundle))),
        ("via csv", parse_csv_zip(render_csv_zip(bundle))),
    ):
        new_id = import_bundle(SqlUnitOfWork(engine), data, today=LATER, name=name)
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
        import_bundle(SqlUnitOfWork(engine), broken, today=LATER, name="Half")
    with SqlUnitOfWork(engine) as uow:
        assert [p.name for p in uow.people.all()] == ["Ann"]


def test_importing_under_a_taken_name_is_an_input_error(
    engine: Engine, person: int, kit: SimpleNamespace
) -> None:
    bundle = export_bundle(SqlUnitOfWork(engine), person)
    with pytest.raises(InputError, match="already exists"):
        import_bundle(SqlUnitOfWork(engine), bundle, today=LATER)


def _delete_two(engine: Engine, person: int, catalog: Catalog) -> list[int]:
    """Delete the newest set (behind the latest decision) and one older set."""
    from glutemed.services.set_edits import delete_set

    with SqlUnitOfWork(engine) as uow:
        newest_first = uow.sets.recent(person)
    doomed = [newest_first[0].id, newest_first[7].id]
    for set_id in doomed:
        delete_set(SqlUnitOfWork(engine), person, set_id, catalog)
    return doomed


def test_deleted_sets_travel_as_deleted_and_can_still_be_restored(
    engine: Engine, person: int, catalog: Catalog, kit: SimpleNamespace
) -> None:
    from glutemed.services.set_edits import restore_set

    _train(engine, person, catalog, kit.DAY0)
    _delete_two(engine, person, catalog)
    first = export_bundle(SqlUnitOfWork(engine), person)
    assert len(first.performed_sets) == 18
    deleted = [i for i, s in enumerate(first.performed_sets) if s.deleted]
    assert len(deleted) == 2
    assert all(first.performed_sets[i].deleted_at.tzinfo is not None for i in deleted)
    # the decision made by the newest set still points at it although it is deleted
    assert deleted[-1] in {d.performed_set for d in first.decisions}

    for name, data in (
        ("via json", parse_json(render_json(first))),
        ("via csv", parse_csv_zip(render_csv_zip(first))),
    ):
        copy_id = import_bundle(SqlUnitOfWork(engine), data, today=LATER, name=name)
        again = export_bundle(SqlUnitOfWork(engine), copy_id)
        assert again.model_copy(update={"person": first.person}) == first
        with SqlUnitOfWork(engine) as uow:
            stored = list(reversed(uow.sets.recent(copy_id, include_deleted=True)))
            live_sets = sum(a.sets for a in uow.sets.aggregates(copy_id))
            lines = sum(line.sets for line in uow.sets.progress_lines(copy_id))
            history = uow.sets.history(copy_id)
        assert [s.deleted_at for s in stored] == [s.deleted_at for s in first.performed_sets]
        assert live_sets == lines == len(history) == 16  # left out of progress and decisions
        restore_set(SqlUnitOfWork(engine), copy_id, stored[deleted[0]].id, catalog)
        with SqlUnitOfWork(engine) as uow:
            assert sum(line.sets for line in uow.sets.progress_lines(copy_id)) == 17
            assert not uow.sets.get(copy_id, stored[deleted[0]].id).deleted


def test_a_version_1_history_imports_with_every_set_live(engine: Engine) -> None:
    from pathlib import Path

    golden = Path(__file__).resolve().parents[1] / "export" / "golden"
    for name, bundle in (
        ("v1 json", parse_json((golden / "history-v1.json").read_bytes())),
        ("v1 csv", parse_csv_zip((golden / "history-v1.zip").read_bytes())),
    ):
        new_id = import_bundle(SqlUnitOfWork(engine), bundle, today=dt.date(2026, 1, 5), name=name)
        back = export_bundle(SqlUnitOfWork(engine), new_id)
        assert len(back.performed_sets) == 6
        assert not any(s.deleted for s in back.performed_sets)
        assert back.decisions[0].performed_set == 4
        with SqlUnitOfWork(engine) as uow:
            assert sum(line.sets for line in uow.sets.progress_lines(new_id)) == 6
