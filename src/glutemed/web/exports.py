"""File exports of one person: the PDF handout, the calendar, and the CSV/JSON history.

The bytes come from :mod:`glutemed.export` (the renderers) and
:mod:`glutemed.services.portability` (the whole history as a bundle); this module reads the
stored program and session dates, picks the renderer by format and names the download.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from glutemed.errors import InputError
from glutemed.programming.models import Prescription, Program
from glutemed.store.records import PersonRecord, ProgramRecord
from glutemed.web.context import WebContext

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
    "csv": "application/zip",
    "json": "application/json",
}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"


def _program(
    ctx: WebContext, person: PersonRecord
) -> tuple[ProgramRecord, dict[tuple[int, int], dt.date]]:
    """The active program and the date the store placed each (week, session) on."""
    with ctx.uow(readonly=True) as uow:
        record: ProgramRecord | None = uow.programs.active(person.id)
        if record is None:
            raise InputError("person", f"{person.name} has no program yet")
        dates = uow.programs.session_dates(record.id)
    return record, dates


def _weekdays(program: Program, dates: dict[tuple[int, int], dt.date]) -> list[int]:
    from glutemed.programming.calendar import weekdays_of

    return weekdays_of(dates.values(), program)


def export_bytes(
    ctx: WebContext, person_id: int, fmt: str, now: dt.datetime, *, large_print: bool = False
) -> tuple[bytes, str, str]:
    """(body, media type, file name) of one export format (``large_print`` for the PDF)."""
    if fmt not in MEDIA_TYPES:
        raise InputError("format", f"'{fmt}' is not offered; use one of {', '.join(MEDIA_TYPES)}")
    from glutemed.web import usecases

    person = usecases.person(ctx, person_id)
    stem = f"glutemed-{_slug(person.name)}"
    unit: Literal["kg", "lb"] = "lb" if person.units == "lb" else "kg"
    if fmt in ("csv", "json"):
        from glutemed.services.portability import export_bundle

        bundle = export_bundle(ctx.uow(readonly=True), person_id)
        if fmt == "json":
            from glutemed.export.to_json import render_json

            return render_json(bundle), MEDIA_TYPES[fmt], f"{stem}-history.json"
        from glutemed.export.to_csv import render_csv_zip

        return render_csv_zip(bundle), MEDIA_TYPES[fmt], f"{stem}-history.zip"
    record, dates = _program(ctx, person)
    if fmt == "ics":
        from glutemed.export.to_ics import render_ics

        body = render_ics(
            record.program,
            person=person.name,
            program_key=f"program-{record.version}",
            start=record.start_date,
            weekdays=_weekdays(record.program, dates),
            dtstamp=now.replace(microsecond=0),
            catalog=ctx.catalog,
            unit=unit,
            dates=dates,
        )
        return body, MEDIA_TYPES[fmt], f"{stem}.ics"
    from glutemed.export.handout_figures import collect_figures, handout_variant_ids
    from glutemed.export.to_pdf import render_pdf
    from glutemed.web.context import today_for

    as_of = today_for(person.timezone)
    current: dict[str, list[Prescription]] = {}
    for item in usecases.targets_in_force(ctx, person_id, as_of):
        current.setdefault(item.slot, []).append(item.target)
    body = render_pdf(
        record.program,
        person=person.name,
        catalog=ctx.catalog,
        figures=collect_figures(handout_variant_ids(record.program, current), ctx.catalog),
        unit=unit,
        start=record.start_date,
        weekdays=_weekdays(record.program, dates),
        created=dt.datetime.combine(record.start_date, dt.time(), tzinfo=dt.UTC),
        current=current or None,
        as_of=as_of if current else None,
        large_print=large_print,
    )
    suffix = "-handout-large-print.pdf" if large_print else "-handout.pdf"
    return body, MEDIA_TYPES[fmt], f"{stem}{suffix}"
