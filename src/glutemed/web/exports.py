"""File exports of one person: the PDF handout, the calendar, and the CSV/JSON history.

The bytes come from :mod:`glutemed.services.portability` (which calls :mod:`glutemed.export`);
this module only picks the function by format and names the download.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import Any

from glutemed.errors import InputError, StorageError
from glutemed.web import usecases
from glutemed.web.context import WebContext

FORMATS = {
    "pdf": ("application/pdf", ("export_pdf", "render_pdf", "program_pdf")),
    "ics": ("text/calendar; charset=utf-8", ("export_ics", "render_ics", "program_ics")),
    "csv": ("application/zip", ("export_csv", "render_csv", "history_csv")),
    "json": ("application/json", ("export_json", "render_json", "history_json")),
}


def _portability(names: tuple[str, ...]) -> Any:
    try:
        module = importlib.import_module("glutemed.services.portability")
    except ImportError:
        return None
    for name in names:
        func = getattr(module, name, None)
        if callable(func):
            return func
    return None


def export_bytes(
    ctx: WebContext, person_id: int, fmt: str, today: dt.date
) -> tuple[bytes, str, str]:
    """(body, media type, file name) of one export format."""
    if fmt not in FORMATS:
        raise InputError("format", f"'{fmt}' is not offered; use one of {', '.join(FORMATS)}")
    media_type, names = FORMATS[fmt]
    func = _portability(names)
    stem = f"glutemed-{person_id}"
    if func is not None:
        with ctx.uow(readonly=True) as uow:
            body = func(uow, person_id, ctx.catalog)
        data = body.encode() if isinstance(body, str) else bytes(body)
        return data, media_type, f"{stem}.{'zip' if fmt == 'csv' else fmt}"
    if fmt in ("csv", "json"):
        return _fallback(ctx, person_id, fmt, stem)
    raise StorageError(f"the {fmt} export is not available in this build")


def _fallback(ctx: WebContext, person_id: int, fmt: str, stem: str) -> tuple[bytes, str, str]:
    """The performed sets alone, via glutemed.export, when the full bundle is unavailable."""
    sets = [s.performed for s in usecases.list_sets(ctx, person_id, limit=100_000)]
    if fmt == "csv":
        from glutemed.export.to_csv import render_sets_csv

        return render_sets_csv(sets), "text/csv; charset=utf-8", f"{stem}-sets.csv"
    body = json.dumps([s.model_dump(mode="json") for s in sets], indent=2, sort_keys=True)
    return body.encode(), "application/json", f"{stem}-sets.json"
