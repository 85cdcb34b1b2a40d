"""Questions asked in a terminal, each checked as it is answered.

A wrong answer is explained and the question asked again, so one typo never throws away the
answers already given. In a script (no terminal) nothing is asked: a default is used or the
missing option is named."""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer


def interactive() -> bool:
    """True in a terminal: only then is anything asked (a script never waits for input)."""
    return sys.stdin.isatty()


def ask(
    field: str,
    question: str,
    default: str | None = None,
    *,
    check: Callable[[str], str] | None = None,
) -> str:
    """Ask in a terminal until the answer passes ``check``; in a script, use the default.

    A wrong answer is explained and asked again, so one typo does not throw away the
    answers already given.
    """
    from glutemed.errors import InputError

    if not interactive():
        if default is not None:
            return default
        raise InputError(field, "required when not running in a terminal")
    while True:
        answer = str(typer.prompt(question, default=default)).strip()
        if check is None:
            return answer
        try:
            return check(answer)
        except InputError as error:
            import textwrap

            text = f"{reason(error)} - try again."
            typer.echo(
                textwrap.fill(
                    text, 78, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
                )
            )


def reason(error: Exception) -> str:
    """An error's message without the leading ``field:`` (the question already names it)."""
    text = str(error)
    field = getattr(error, "field", None)
    return text.removeprefix(f"{field}: ") if field else text


def checked_choice(field: str, value: str, allowed: list[str]) -> str:
    """A case-insensitive answer from ``allowed``, or an error listing them."""
    from glutemed.errors import InputError

    answer = value.strip().lower()
    if answer not in allowed:
        raise InputError(field, f"'{value}' is not one of {', '.join(allowed)}")
    return answer


def wrap(text: str, first: str = "", rest: str | None = None) -> str:
    """Text wrapped at words to fit 80 columns with room for a ``[Y/n]:`` after it."""
    import textwrap

    hang = " " * len(first) if rest is None else rest
    return textwrap.fill(
        text, 70, initial_indent=first, subsequent_indent=hang, break_on_hyphens=False
    )


def ask_int(question: str, low: int, high: int, *, default: int) -> int:
    """A whole number in ``low..high``, asked again (naming the range) until it is one."""
    while True:
        raw = str(typer.prompt(question, default=str(default))).strip()
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is not None and low <= value <= high:
            return value
        typer.echo(f"  Enter a whole number from {low} to {high}.")


def ask_number(question: str, low: float, high: float, *, default: float) -> float:
    """A number in ``low..high``, asked again (naming the range) until it is one."""
    while True:
        raw = str(typer.prompt(question, default=f"{default:g}")).strip().replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is not None and low <= value <= high:
            return value
        typer.echo(f"  Enter a number from {low:g} to {high:g}.")
