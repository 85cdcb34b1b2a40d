"""progress_lines never drift from the log: after any mix of adds (in or out of date
order), edits, deletes and restores, the running summaries equal a full recompute."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from glutemed.programming.models import Profile, Side
from glutemed.progression.models import PerformedSet
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.progress_lines import rebuild_lines
from glutemed.store.tables import ProgressLineRow
from glutemed.store.unit_of_work import SqlUnitOfWork

DAY0 = dt.date(2026, 1, 5)
COLUMNS = (
    "variant_id",
    "side",
    "sessions",
    "sets",
    "first_date",
    "first_load_kg",
    "first_reps",
    "first_hold_s",
    "last_date",
    "recent",
    "best_load_kg",
    "best_reps",
    "best_hold_s",
    "max_pain",
)


def _snapshot(engine: Engine, person_id: int) -> list[tuple]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(*[getattr(ProgressLineRow, c) for c in COLUMNS])
            .where(ProgressLineRow.person_id == person_id)
            .order_by(ProgressLineRow.variant_id, ProgressLineRow.side)
        ).all()
    return [tuple(r) for r in rows]


a_set = st.builds(
    lambda variant, side, day, reps, load, pain: PerformedSet(
        variant_id=variant,
        side=side,
        date=DAY0 + dt.timedelta(days=day),
        reps=reps,
        load_kg=load,
        pain_during=pain,
    ),
    st.sampled_from(["a.one", "b.two"]),
    st.sampled_from([Side.LEFT, Side.RIGHT]),
    st.integers(0, 12),
    st.integers(1, 20),
    st.one_of(st.none(), st.sampled_from([1.0, 1.5, 2.0])),
    st.one_of(st.none(), st.integers(0, 10)),
)
operation = st.one_of(
    st.tuples(st.just("add"), a_set),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("restore"), st.integers(0, 30)),
    st.tuples(st.just("edit"), st.tuples(st.integers(0, 30), a_set)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=25))
def test_running_summaries_equal_a_full_recompute(tmp_path_factory, operations) -> None:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('lines') / 'db.sqlite3'}")
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("P", Profile(goal="rehab"))
        uow.commit()
    ids: list[int] = []
    for kind, arg in operations:
        with SqlUnitOfWork(engine) as uow:
            if kind == "add":
                ids.append(uow.sets.add(pid, arg))
            elif ids and kind in ("delete", "restore"):
                target = ids[arg % len(ids)]
                uow.sets.mark_deleted(pid, target, kind == "delete")
            elif ids and kind == "edit":
                index, replacement = arg
                target = ids[index % len(ids)]
                if not uow.sets.get(pid, target).deleted:
                    uow.sets.replace(pid, target, replacement)
            uow.commit()
    running = _snapshot(engine, pid)
    with SqlUnitOfWork(engine) as uow:
        rebuild_lines(uow.session, pid)
        uow.commit()
    assert running == _snapshot(engine, pid)
    engine.dispose()


def test_upgrading_from_the_first_schema_summarises_the_existing_log(sqlite_url: str) -> None:
    from alembic import command

    from glutemed.store.migrate import alembic_config

    engine = make_engine(sqlite_url)
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(
            "INSERT INTO people (id, name, profile, units, timezone, created_at) "
            "VALUES (1, 'Old', '{\"goal\": \"rehab\"}', 'kg', 'UTC', '2026-01-01')"
        )
        for day, reps in (("2026-01-05", 10), ("2026-01-05", 12), ("2026-01-08", 11)):
            conn.exec_driver_sql(
                "INSERT INTO performed_sets (person_id, variant_id, side, date, set_index, "
                "reps, checks, red_flags, created_at) VALUES "
                f"(1, 'a.one', 'left', '{day}', 1, {reps}, '{{}}', '[]', '2026-01-01')"
            )
    upgrade(engine)
    with engine.connect() as conn:
        line = conn.execute(select(ProgressLineRow)).one()
    assert (line.sessions, line.sets, line.best_reps, line.first_reps) == (2, 3, 12, 12)
    assert line.last_date == dt.date(2026, 1, 8)
    engine.dispose()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(a_set, max_size=8), st.lists(a_set, min_size=1, max_size=20), st.randoms())
def test_lines_recomputed_once_after_a_batch_equal_set_by_set_upkeep(
    tmp_path_factory, logged, batch, random
) -> None:
    """An import stores its sets with no upkeep and recomputes each touched line once at
    the end; whatever order the batch comes in, the lines are those of logging each set."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('batch') / 'db.sqlite3'}")
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        one = uow.people.add("One by one", Profile(goal="rehab"))
        other = uow.people.add("In a batch", Profile(goal="rehab"))
        for performed in [*logged, *batch]:
            uow.sets.add(one, performed)
        for performed in logged:
            uow.sets.add(other, performed)
        shuffled = random.sample(batch, len(batch))
        for performed in shuffled:
            uow.sets.add(other, performed, update_line=False)
        uow.sets.recompute_lines(other, [(s.variant_id, s.side.value) for s in shuffled])
        uow.commit()
    assert _snapshot(engine, other) == _snapshot(engine, one)
    engine.dispose()
