"""The portable history as one JSON document, and the parser that reads it back.

JSON is the lossless, nested form of a :class:`HistoryBundle`: every field is kept with its
own name, so a second glutemed (or a person with ``jq``) reads it without a manual. Output is
deterministic - same bundle, same bytes - so exports can be diffed and checked in.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from glutemed.errors import InputError
from glutemed.export.bundle import HistoryBundle
from glutemed.export.plain import to_plain


def render_json(bundle: HistoryBundle) -> bytes:
    """The bundle as pretty-printed UTF-8 JSON ending in a newline."""
    text = json.dumps(to_plain(bundle), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def parse_json(data: bytes | str) -> HistoryBundle:
    """Read a bundle written by :func:`render_json`; a bad file names its line and column.

    Syntax errors name the line and column of the text; a value that is out of range names
    the path inside the document (``performed_sets[3].reps``), which is what a person fixing
    the file needs.
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise InputError("file", f"not UTF-8 text (byte {exc.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {exc.lineno}, column {exc.colno}", exc.msg) from None
    if not isinstance(raw, dict) or raw.get("format") != "glutemed-history":
        raise InputError(
            "format", "not a glutemed history file (expected format: glutemed-history)"
        )
    try:
        return HistoryBundle.model_validate(raw)
    except ValidationError as exc:
        raise _with_path(exc) from None


def _with_path(exc: ValidationError) -> InputError:
    """Name the failing value by its JSON path, e.g. ``performed_sets[3].reps``."""
    err = exc.errors()[0]
    path = ""
    for part in err.get("loc", ()):
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return InputError(path or "document", str(err.get("msg", "invalid value")))


__all__ = ["parse_json", "render_json"]
