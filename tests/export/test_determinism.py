"""Same input, same bytes - even across processes with different hash seeds.

Sets (equipment, things to avoid) iterate in hash order, which Python randomises per
process; a writer that forgot to sort them would pass every in-process test and still give
different bytes on the next run. So each format is rendered in two fresh interpreters with
different ``PYTHONHASHSEED`` values and the digests compared.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import datetime as dt, hashlib, sys
sys.path.insert(0, sys.argv[1])
from conftest import PROFILE, make_program, make_sets
from glutemed.catalog.loader import load_default_catalog
from glutemed.export import charts
from glutemed.export.bundle import HistoryBundle, PersonRecord, ProgramRecord
from glutemed.export.to_csv import render_csv_zip
from glutemed.export.to_ics import render_ics
from glutemed.export.to_json import render_json
from glutemed.export.to_pdf import render_pdf

profile = PROFILE.model_copy(update={
    "equipment": frozenset({"mini-band", "dumbbell", "cuff-weight", "bench", "step", "slider"}),
    "avoid_provocations": frozenset({"end-range-adduction", "sustained-adduction", "kneeling"}),
})
program = make_program().model_copy(update={"profile": profile})
bundle = HistoryBundle(
    person=PersonRecord(name="Ana", profile=profile),
    programs=[ProgramRecord(key="p1", start_date=dt.date(2026, 1, 5), program=program)],
    performed_sets=make_sets(),
)
catalog = load_default_catalog()
stamp = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
outputs = {
    "json": render_json(bundle),
    "csv": render_csv_zip(bundle),
    "ics": render_ics(program, person="Ana", program_key="p1", start=dt.date(2026, 1, 5),
                      weekdays=[0, 3], dtstamp=stamp, catalog=catalog),
    "pdf": render_pdf(program, person="Ana", catalog=catalog),
    "svg": charts.volume_chart(charts.volume_data(make_sets(), catalog), fmt="svg"),
}
for name, data in outputs.items():
    print(name, hashlib.sha256(data).hexdigest())
"""


def _digests(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(Path(__file__).parent)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_every_format_gives_the_same_bytes_in_another_process() -> None:
    first, second = _digests("1"), _digests("2024")
    assert [line.split()[0] for line in first.splitlines()] == ["json", "csv", "ics", "pdf", "svg"]
    assert first == second
