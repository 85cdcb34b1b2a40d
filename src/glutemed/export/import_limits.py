"""How much an import reads, and the refusal of a file over that limit.

One limit for every way in (a CSV zip's tables together, a JSON history, a tracker CSV), so
the command line and the zip reader refuse a file in the same words and say how to raise it.
"""

from __future__ import annotations

from glutemed.errors import InputError

IMPORT_LIMIT_SETTING = "GLUTEMED_IMPORT_MAX_MB"
"""Where a person raises the import limit (see :class:`glutemed.config.Settings`)."""
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
"""The most an import reads by default: a zip's six tables together, or a plain file."""


def size_words(size: int) -> str:
    """``7.0 GB``, ``128 MB``, ``300 KB``: a byte count as a person reads it."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else (
                f"{value:.1f} {unit}"
            )
    return f"{size} bytes"


def too_large(what: str, size: int, max_bytes: int) -> InputError:
    """The refusal of an import that is larger than the limit, with how to raise it."""
    return InputError(
        "FILE",
        f"{what} {size_words(size)}; glutemed reads at most {size_words(max_bytes)} from an "
        f"import (raise it with {IMPORT_LIMIT_SETTING})",
    )
