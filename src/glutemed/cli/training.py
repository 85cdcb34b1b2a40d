"""The training log on the command line: start, today, log, history, progress, why.

Every command parses its options, opens the store (:func:`glutemed.cli.db.open_store`) and
calls one function of :mod:`glutemed.services`; the web app calls the same functions, so
both always agree. "Today" is computed in the person's own time zone and passed in. Loads
are typed and shown in the person's unit (kg or lb) and stored in kg.

Each command lives in its own module (:mod:`~glutemed.cli.start`, :mod:`~glutemed.cli.today`,
:mod:`~glutemed.cli.log_set`, :mod:`~glutemed.cli.set_history`, :mod:`~glutemed.cli.review`);
this one adds them to the root app.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the training-log commands (and the ``db`` group and ``backup``) to the root app."""
    from glutemed.cli import db, log_set, review, set_history, start, today

    db.register(app)
    app.command("start")(start.start)
    app.command("today")(today.today)
    app.command("log")(log_set.log)
    app.command("history")(set_history.history)
    app.command("edit-set")(set_history.edit_set)
    app.command("delete-set")(set_history.delete_set)
    app.command("progress")(review.progress)
    app.command("why")(review.why)
