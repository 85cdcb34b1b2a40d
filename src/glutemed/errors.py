"""One exception tree for everything glutemed raises on purpose.

::

    GlutemedError                 -- base: the shell turns any of these into a clear message
    ├── CatalogError              -- a knowledge-base file is invalid (file, line, field)
    ├── UnknownIdError            -- an id that does not exist (with the closest ids)
    ├── InputError                -- a value from a person is out of range (field, allowed)
    ├── NotModelledError          -- the load model has no honest number for a variant
    └── StorageError              -- the database refused a write or is at the wrong version

The command line and the web app catch ``GlutemedError`` and show ``str(error)``: every
message names the field and what is allowed, so no traceback ever reaches a person.
"""

from __future__ import annotations

from collections.abc import Sequence


class GlutemedError(Exception):
    """Base of every error glutemed raises deliberately."""


class CatalogError(GlutemedError):
    """A knowledge-base file failed validation.

    Each problem is one ``file:line: field: message`` string, so a clinician editing YAML
    knows exactly where to look.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid catalogue data:\n" + "\n".join(self.problems))


class UnknownIdError(GlutemedError):
    """An id (variant, family, equipment, ...) that does not exist."""

    def __init__(self, kind: str, value: str, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} '{value}'{hint}")


class InputError(GlutemedError):
    """A value given by a person is invalid; the message names the field and what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class NotModelledError(GlutemedError):
    """The load model cannot honestly put a number on this variant."""

    def __init__(self, variant_id: str, reason: str) -> None:
        self.variant_id = variant_id
        self.reason = reason
        super().__init__(f"{variant_id} is not modelled: {reason}")


class StorageError(GlutemedError):
    """The store refused an operation; nothing was written."""


def format_validation_error(exc: object) -> str:
    """Turn a Pydantic ``ValidationError`` into ``field: message`` lines a person can act on."""
    errors = getattr(exc, "errors", None)
    if errors is None:
        return str(exc)
    lines = []
    for err in errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
        msg = str(err.get("msg", "invalid value"))
        if not loc:  # a rule across fields names its field first: "affected_side: ..."
            head, sep, rest = msg.removeprefix("Value error, ").partition(": ")
            if sep and head.isidentifier():
                loc, msg = head, rest
        lines.append(f"{loc or 'value'}: {msg}")
    return "; ".join(lines)
