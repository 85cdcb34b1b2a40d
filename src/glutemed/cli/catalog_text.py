"""Catalogue text for the terminal: Rich markup escaped, yes/no, bullet lists, equipment."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutemed.catalog.models import Variant


def esc(text: str) -> str:
    """Catalogue text shown literally: a ``[`` in a cue must not read as Rich markup."""
    from rich.markup import escape

    return escape(text)


def yes_no(flag: bool) -> str:
    """A flag as a word in a table cell."""
    return "yes" if flag else "no"


def equipment_text(variant: Variant) -> str:
    """What a variant needs, saying so when it needs nothing."""
    return ", ".join(variant.equipment) or "none (bodyweight)"


def bullets(items: list[str]) -> str:
    """A bulleted list, or a dash when there is nothing to list."""
    return "\n".join(f"• {esc(item)}" for item in items) or "-"
