"""The unit of work's repositories: made on first use, one set per transaction, the declared
types, and their modules imported only when used (what keeps ``glutemed today`` from
importing the clinic's attention list or the devices)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from glutemed.programming.models import Profile
from glutemed.store.unit_of_work import Repository, SqlUnitOfWork


def test_every_repository_is_the_class_its_annotation_names(engine: Engine) -> None:
    hints = SqlUnitOfWork.__annotations__  # "Repository[PeopleRepository]" (postponed)
    names = SqlUnitOfWork.repositories()
    assert {"people", "sets", "programs", "outcomes", "attention", "devices"} <= set(names)
    with SqlUnitOfWork(engine, readonly=True) as uow:
        for name in names:
            declared = re.fullmatch(r"Repository\[(\w+)\]", hints[name])
            assert declared is not None, hints[name]
            assert type(getattr(uow, name)).__name__ == declared.group(1), name


def test_each_transaction_gets_its_own_repositories(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with uow:
        first = uow.people
        assert uow.people is first  # made once, then a plain attribute
        person = uow.people.add("Ann", Profile(goal="rehab"))
        uow.commit()
    with uow:
        again = uow.people
        assert again is not first  # bound to this transaction's session, not the last one's
        assert again.get(person).name == "Ann"


def test_a_unit_of_work_never_opened_has_no_repositories(engine: Engine) -> None:
    with pytest.raises(AttributeError, match="never opened"):
        _ = SqlUnitOfWork(engine).people
    assert isinstance(vars(SqlUnitOfWork)["people"], Repository)


def test_opening_a_unit_of_work_imports_no_repository_module() -> None:
    """Importing the unit of work, or using only ``people``, leaves the others unimported."""
    code = (
        "import json, sys\n"
        "from glutemed.store.engine import make_engine\n"
        "from glutemed.store.tables import Base\n"
        "from glutemed.store.unit_of_work import SqlUnitOfWork\n"
        "engine = make_engine('sqlite://')\n"
        "Base.metadata.create_all(engine)\n"
        "with SqlUnitOfWork(engine) as uow:\n"
        "    uow.people.all()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('glutemed.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "glutemed.store.people" in loaded
    unused = {
        "glutemed.store.attention", "glutemed.store.devices", "glutemed.store.outcomes",
        "glutemed.store.login_failures", "glutemed.store.login_sessions",
        "glutemed.store.program_changes", "glutemed.store.program_templates",
        "glutemed.clinic.attention", "glutemed.outcomes.entries",
    }
    assert not loaded & unused
