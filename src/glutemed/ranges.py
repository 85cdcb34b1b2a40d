"""Allowed ranges of values, read from the models' own ``Field`` constraints, and the message
a person sees when a value falls outside one.

Pydantic's own wording names only the bound that was crossed ("Input should be less than or
equal to 4"), so a person learns the top of the range by failing the bottom and the bottom by
failing the top. :class:`RangeMessages` is a base for the core's input models (``Profile``,
``Baseline``, ``Prescription``, ``PerformedSet``): when validation fails it rewrites range,
choice and pattern errors to name the whole range, e.g.
``6 is out of range; allowed 1 to 4 (days per week)``. The numbers come from the field's
``ge``/``gt``/``le``/``lt`` metadata, never from a second copy, and the rewritten error keeps
Pydantic's error ``type`` and ``ctx`` bounds, so the JSON API's 422 body keeps its standard
shape and only its ``msg`` reads better. Every interface (command line, web forms, JSON API,
file imports) shows the same message because the message is the model's.

The unit comes from the field's name (house style puts units in names: ``mass_kg``,
``height_m``, ``hold_s``); a field's ``description``, when it has one, follows in brackets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import BaseModel, ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import InitErrorDetails, PydanticCustomError

RANGE_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})
CHOICE_ERRORS = frozenset({"enum", "literal_error"})
PATTERN_ERROR = "string_pattern_mismatch"
RANGE_TEMPLATE = "{value} is out of range; allowed {allowed}{hint}"
CHOICE_TEMPLATE = "unknown {value}; allowed: {allowed}"
UNITS = {"kg": "kg", "m": "m", "s": "s", "nm": "N·m", "deg": "°"}
"""Name suffix -> unit shown after a range, after the house naming style."""


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Bounds:
    """A closed or open interval of allowed numbers, with the unit and a reason to show."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    unit: str = ""
    note: str = ""

    def contains(self, value: float) -> bool:
        """True when ``value`` is a finite number inside every bound."""
        return math.isfinite(value) and (
            (self.ge is None or value >= self.ge)
            and (self.gt is None or value > self.gt)
            and (self.le is None or value <= self.le)
            and (self.lt is None or value < self.lt)
        )

    def describe(self) -> str:
        """The allowed values in words, e.g. ``1 to 4 (days per week)`` or ``30 to 300 kg``."""
        low = (
            _number(self.ge) if self.ge is not None
            else f"more than {_number(self.gt)}" if self.gt is not None else None
        )
        high = (
            _number(self.le) if self.le is not None
            else f"less than {_number(self.lt)}" if self.lt is not None else None
        )
        if low is not None and high is not None:
            text = f"{low} to {high}"
        elif low is not None:
            text = f"{low} or more" if self.ge is not None else low
        elif high is not None:
            text = f"up to {high}" if self.le is not None else high
        else:
            text = "any number"
        if self.unit:
            text += f" {self.unit}"
        return f"{text} ({self.note})" if self.note else text

    def hint(self, value: object) -> str:
        """A likely slip of units, said after the range: a length in metres typed in
        centimetres (a height of 175 for 1.75 m); otherwise nothing."""
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return ""
        if self.unit == "m" and not self.contains(number) and self.contains(number / 100):
            return f"; {number:g} looks like centimetres - did you mean {number / 100:g}?"
        return ""

    def message(self, value: object) -> str:
        """The whole message for a value outside the range."""
        return RANGE_TEMPLATE.format(
            value=_shown(value), allowed=self.describe(), hint=self.hint(value)
        )


def unit_of(field_name: str) -> str:
    """The unit a field's name carries (``mass_kg`` -> ``kg``), or ``""``."""
    _, _, suffix = field_name.rpartition("_")
    return UNITS.get(suffix, "") if "_" in field_name else ""


def bounds_of(model: type[BaseModel], field_name: str) -> Bounds:
    """The allowed range of one field, read from its ``Field`` metadata."""
    info: FieldInfo = model.model_fields[field_name]
    found: dict[str, float] = {}
    for item in info.metadata:
        for key in ("ge", "gt", "le", "lt"):
            if isinstance(item, getattr(annotated_types, key.capitalize())):
                found[key] = float(getattr(item, key))
        if isinstance(item, annotated_types.Interval):
            found.update({k: float(v) for k in ("ge", "gt", "le", "lt")
                          if (v := getattr(item, k)) is not None})
    return Bounds(**found, unit=unit_of(field_name), note=info.description or "")


def choices_text(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` as ``a, b or c``."""
    return expected.replace("'", "")


def pattern_choices(pattern: str) -> str | None:
    """``^(female|male)$`` -> ``female or male``; None for any other kind of pattern."""
    match = re.fullmatch(r"\^\(([\w|-]+)\)\$", pattern)
    if match is None:
        return None
    words = match.group(1).split("|")
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _shown(value: object) -> str:
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _rewritten(model: type[BaseModel], err: Any) -> InitErrorDetails | None:
    """The friendlier error for one line of a ValidationError, or None to keep it."""
    ctx = err.get("ctx") or {}
    if "allowed" in ctx:  # a nested model already rewrote it
        return None
    loc, kind, value = err.get("loc", ()), err["type"], err.get("input")
    if kind in RANGE_ERRORS and len(loc) == 1 and loc[0] in model.model_fields:
        bounds = bounds_of(model, str(loc[0]))
        # A number typed as text (a CSV cell, a form) is shown as typed, without quotes.
        shown = value.strip() if isinstance(value, str) else _shown(value)
        context = {
            **ctx, "value": shown, "allowed": bounds.describe(), "hint": bounds.hint(value)
        }
        return _custom(kind, RANGE_TEMPLATE, context, loc, value)
    if kind in CHOICE_ERRORS and "expected" in ctx:
        context = {**ctx, "value": _shown(value), "allowed": choices_text(str(ctx["expected"]))}
        return _custom(kind, CHOICE_TEMPLATE, context, loc, value)
    if kind == PATTERN_ERROR and (words := pattern_choices(str(ctx.get("pattern", "")))):
        context = {**ctx, "value": _shown(value), "allowed": words}
        return _custom(kind, CHOICE_TEMPLATE, context, loc, value)
    return None


def _custom(
    kind: str, template: str, context: dict[str, Any], loc: Any, value: object
) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(kind, template, context), loc=tuple(loc), input=value
    )


def _kept(err: Any) -> InitErrorDetails:
    """One error line as it was (rebuilt, since ValidationError lines are read-only)."""
    ctx = err.get("ctx") or {}
    loc, value = tuple(err.get("loc", ())), err.get("input")
    if "allowed" in ctx:
        template = RANGE_TEMPLATE if err["type"] in RANGE_ERRORS else CHOICE_TEMPLATE
        return _custom(err["type"], template, ctx, loc, value)
    try:
        # Builtin error types rebuild their own standard message from ctx.
        details = InitErrorDetails(type=err["type"], loc=loc, input=value, ctx=ctx)
        ValidationError.from_exception_data("check", [details])
        return details
    except (KeyError, TypeError, ValueError):
        return InitErrorDetails(
            type=PydanticCustomError(err["type"], str(err.get("msg", "invalid value"))),
            loc=loc, input=value,
        )


class RangeMessages(BaseModel):
    """Base for input models whose errors name the whole allowed range or set of choices."""

    @model_validator(mode="wrap")
    @classmethod
    def _name_the_whole_range(
        cls, data: Any, handler: ModelWrapValidatorHandler[Any]
    ) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            errors = exc.errors()
            better = [_rewritten(cls, err) for err in errors]
            if all(b is None for b in better):
                raise
            lines = [
                b if b is not None else _kept(err)
                for b, err in zip(better, errors, strict=True)
            ]
            raise ValidationError.from_exception_data(exc.title, lines) from None
