"""``glutemed exercises ...`` and ``glutemed anatomy``: browse the knowledge base.

The commands only read the loaded :class:`~glutemed.catalog.catalog.Catalog` and lay it out;
every rule (which variants match a filter, the ladder order, family content merged into a
variant) lives in the catalogue itself, so the web app shows exactly the same thing.

``exercises_app`` is a module-level Typer sub-app so other command modules can add to the
same group (``@exercises_app.command("figure")``) by importing this module. Each command
lives in its own module (:mod:`~glutemed.cli.exercise_list`, :mod:`~glutemed.cli.exercise_show`,
:mod:`~glutemed.cli.exercise_ladder`, :mod:`~glutemed.cli.anatomy`); this one groups them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from glutemed.cli import anatomy, exercise_ladder, exercise_list, exercise_show

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog

exercises_app = typer.Typer(
    name="exercises",
    help="Browse the exercise catalogue: families, variants, cues, checks and ladders.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``exercises`` group and the ``anatomy`` command to the root app."""
    app.add_typer(exercises_app, name="exercises")
    app.command("anatomy")(anatomy.anatomy)


def parse_equipment(value: str, catalog: Catalog) -> set[str]:
    """Turn ``--equipment`` (what the person has) into a set of known equipment ids.

    A thin wrapper over :meth:`Catalog.parse_equipment`, kept for the commands that import it.
    """
    return set(catalog.parse_equipment(value))


exercises_app.command("list")(exercise_list.list_exercises)
exercises_app.command("show")(exercise_show.show_exercise)
exercises_app.command("ladder")(exercise_ladder.ladder)
