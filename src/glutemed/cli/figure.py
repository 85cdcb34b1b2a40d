"""``glutemed exercises figure ID``: the line drawing of one exercise variant, as SVG.

The command adds itself to the catalogue's ``exercises`` group, so a person finds the picture
next to ``exercises show``. It only calls :func:`glutemed.illustrate.svg.render_figure`; the
handout and the web pages call the same function, so every picture is the same everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def figure_command(
    variant_id: Annotated[
        str, typer.Argument(metavar="ID", help="Variant id, e.g. side-plank.full.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the SVG to this file, not standard output."),
    ] = None,
) -> None:
    """Draw a variant's start and end positions as an SVG line drawing.

    The moving segment is orange and an arrow shows the movement (for a hold, the direction
    of effort). The same id always gives the same bytes.

    Example:
        glutemed exercises figure side-lying-abduction.cuff-ankle -o cuff-ankle.svg
        glutemed exercises figure side-plank.full > side-plank.svg
    """
    from glutemed.catalog.loader import load_default_catalog
    from glutemed.errors import InputError
    from glutemed.illustrate.posebook import load_default_poses
    from glutemed.illustrate.svg import render_figure

    svg = render_figure(variant_id, load_default_poses(), load_default_catalog())
    if output is None:
        typer.echo(svg, nl=False)
        return
    if output.is_dir() or not output.parent.is_dir():
        raise InputError("--output", f"'{output}' must be a file path in an existing folder")
    try:
        output.write_text(svg, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError("--output", f"cannot write '{output}': {exc.strerror}") from None
    typer.echo(f"Wrote {output} ({len(svg.encode('utf-8'))} bytes)", err=True)


def register(app: typer.Typer) -> None:
    """Add ``figure`` to the ``exercises`` group (``app`` is the root, already holding it)."""
    from glutemed.cli.catalog import exercises_app

    exercises_app.command("figure")(figure_command)
