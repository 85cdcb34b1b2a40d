"""What the page forms that log a set and correct one share: the technique checks a set
asks (for the "Yes to every check" box and the history), a refusal by field, and the
answers kept to show again."""

from __future__ import annotations

from typing import Any

from glutemed.errors import InputError
from glutemed.web.context import WebContext


def asked_checks(ctx: WebContext, form: Any) -> list[str]:
    """The technique checks a set of the form's exercise asks, for the "Yes to every
    check" box."""
    variant_id = form.get("variant_id")
    return checks_of(ctx, variant_id.strip()) if isinstance(variant_id, str) else []


def checks_of(ctx: WebContext, variant_id: str) -> list[str]:
    """The ids of the technique checks a set of the variant asks (its family's and its own,
    as the progression engine counts them); none for an unknown id (logging names it)."""
    from glutemed.errors import UnknownIdError

    try:
        variant = ctx.catalog.variant(variant_id)
    except UnknownIdError:
        return []
    return [check.id for check in ctx.catalog.family_of(variant).checks_for(variant)]


def set_errors(exc: Exception) -> dict[str, str]:
    """Why a set from a form was refused, by field (``""``: not about one field)."""
    from pydantic import ValidationError

    from glutemed.progression.validity import InvalidSet

    if isinstance(exc, InvalidSet):
        return {p.field: p.message for p in exc.problems}
    if isinstance(exc, ValidationError):
        found: dict[str, str] = {}
        for err in exc.errors():
            loc = err.get("loc") or ("",)
            found.setdefault(str(loc[0]), str(err.get("msg", "invalid value")))
        return found
    if isinstance(exc, InputError):
        return {exc.field: str(exc).removeprefix(f"{exc.field}: ")}
    return {"": str(exc)}


def kept_answers(form: Any) -> dict[str, Any]:
    """A refused form's answers, to show again (every field as typed)."""
    values: dict[str, Any] = {
        k: v for k, v in form.multi_items() if isinstance(v, str) and k != "csrf_token"
    }
    values["red_flags"] = [v for v in form.getlist("red_flags") if isinstance(v, str)]
    return values
