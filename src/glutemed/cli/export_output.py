"""Where an export goes: a file or standard output (said on stderr), a file name made from a
person's name, and a progress bar for long jobs."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:

    pass


OUTPUT_HELP = "Write to this file ('-' for standard output)."
MANY_ROWS = 200
"""Show a progress bar from this many rows on: below it the work is instant."""


def file_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "person"


def write_output(data: bytes, output: str, what: str) -> None:
    """Write ``data`` to ``output`` (or stdout for ``-``) and say where it went (on stderr)."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from glutemed.errors import InputError

    path = Path(output)
    if path.parent and not path.parent.exists():
        raise InputError("--output", f"the folder {path.parent} does not exist")
    path.write_bytes(data)
    typer.echo(f"Wrote {what} to {path} ({len(data):,} bytes).", err=True)


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr for long jobs (``total`` None: not known in advance)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    if (total is not None and total < MANY_ROWS) or not console.is_terminal:
        yield lambda _: None
        return

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
