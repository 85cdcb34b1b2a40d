"""What an export is made from: the stored program and sets of a person, a plan or history
file instead of the store, and the whole history bundle."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glutemed.cli import io as cli_io
from glutemed.cli.export_output import progress_bar

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from glutemed.programming.models import Program
    from glutemed.progression.models import PerformedSet
    from glutemed.store.records import PersonRecord, ProgramRecord


PERSON_HELP = "Whose data (default: the current person, see 'glutemed people list')."


def active_program(
    engine: Engine, person: PersonRecord
) -> tuple[ProgramRecord, dict[tuple[int, int], dt.date]]:
    """The person's active program and where the store placed each session."""
    from glutemed.errors import InputError

    with cli_io.unit_of_work(engine, readonly=True) as uow:
        record: ProgramRecord | None = uow.programs.active(person.id)
        if record is None:
            raise InputError(
                "person",
                f"{person.name} has no program yet; run 'glutemed start'"
                + cli_io.person_hint(person),
            )
        dates = uow.programs.session_dates(record.id)
    return record, dates


@dataclass(frozen=True)
class ProgramSource:
    """The program to export and whose it is: from the store, or from a plan file.

    ``engine`` and ``person_id`` are set for a stored person (the handout then asks the
    sessions service for the targets in force)."""

    name: str
    units: str
    program: Program
    program_key: str
    start: dt.date | None
    dates: dict[tuple[int, int], dt.date] | None
    engine: Engine | None = None
    person: PersonRecord | None = None


PROGRAM_HELP = (
    "Export this program file instead of a stored one: the JSON of 'glutemed plan --json' "
    "or a history from 'glutemed export json' (nothing is read from or written to the store)."
)


def program_source(
    program_file: str | None, name: str | None, person: str | None, db: str | None
) -> ProgramSource:
    if program_file is not None:
        return ProgramSource(
            name or "you", "kg", read_program_file(program_file), "plan", None, None
        )
    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    record, dates = active_program(engine, who)
    key = f"program-{record.version}"
    return ProgramSource(
        who.name, who.units, record.program, key, record.start_date, dates, engine, who
    )


def read_program_file(path: str) -> Program:
    """A program from a plan JSON (extra display fields dropped) or a history's active one."""
    from glutemed.errors import InputError
    from glutemed.export.to_json import parse_json
    from glutemed.programming.models import Prescription, Program, Session, Week

    try:
        data = Path(path).read_bytes()
        raw = json.loads(data)
    except OSError as exc:
        raise InputError("--program", f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError("--program", f"{path} is not JSON ({exc})") from None
    if isinstance(raw, dict) and raw.get("format") == "glutemed-history":
        bundle = parse_json(data)
        active = [p for p in bundle.programs if p.active] or bundle.programs
        if not active:
            raise InputError("--program", f"{path} holds no program")
        return active[-1].program
    if not isinstance(raw, dict):
        raise InputError("--program", f"{path} is not a program (expected a JSON object)")

    def keep(model: Any, value: Any) -> Any:
        return (
            {k: v for k, v in value.items() if k in model.model_fields}
            if isinstance(value, dict)
            else value
        )

    program = keep(Program, raw)
    program["weeks"] = [keep(Week, w) for w in program.get("weeks") or []]
    for week in program["weeks"]:
        week["sessions"] = [keep(Session, x) for x in week.get("sessions") or []]
        for session in week["sessions"]:
            session["items"] = [keep(Prescription, i) for i in session.get("items") or []]
    return Program.model_validate(program)


def stored_sets(engine: Engine, person: PersonRecord) -> list[PerformedSet]:
    with cli_io.unit_of_work(engine, readonly=True) as uow:
        return [s.performed for s in reversed(uow.sets.recent(person.id))]


def program_start_date(value: str | None, field: str) -> dt.date | None:
    from glutemed.errors import InputError

    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"'{value}' is not a date; use YYYY-MM-DD") from None
    # A program's first day: the same plausible range as 'glutemed start --start-date'
    # (a year-1 or year-9999 start would run the calendar off the end of dates).
    from glutemed.progression.validity import check_start_date, default_limits

    return check_start_date(day, dt.date.today(), default_limits(), field=field)


def history_bundle(engine: Engine, person: PersonRecord) -> Any:
    from glutemed.services.portability import export_bundle

    with progress_bar("Reading history", None) as step:
        return export_bundle(cli_io.unit_of_work(engine, readonly=True), person.id, progress=step)
