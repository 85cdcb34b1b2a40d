"""The handout's training log: one table per week, a box for every set, and a left and a
right column for every set of a one-leg exercise.

In large print the log's pages turn sideways so its columns stay wide enough to write in.
Session dates come from the one calendar rule (:func:`glutemed.export.to_ics.schedule`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.export.handout_targets import per_side, short_target
from glutemed.export.pdf_document import PageWriter
from glutemed.export.text import variant_name
from glutemed.export.to_ics import schedule
from glutemed.programming.models import Prescription, Program, slot_of
from glutemed.units import Unit


def draw_log_sheet(
    w: PageWriter,
    program: Program,
    catalog: Catalog,
    start: dt.date | None,
    weekdays: Sequence[int] | None,
    unit: Unit,
    current: Mapping[str, Sequence[Prescription]] | None,
) -> None:
    """One table per week; a one-leg exercise gets a left and a right column per set."""
    dates = session_dates(program, start, weekdays)
    orientation = "landscape" if w.large else "portrait"
    w.new_page(orientation)
    w.heading("Training log", 16)
    w.para(
        "Write the reps or seconds and the load of each set (e.g. 12 @ 4 kg): in the L "
        "column for the left leg and the R column for the right; a both-legs exercise uses "
        "one box per set. Pain during: 0-10. Next morning: better, same or worse. OK?: tick "
        "when every technique check was a yes."
        + (" Targets are those in force when this sheet was printed." if current else ""),
        9, "I", h=4.5,
    )
    sets = max(
        (i.sets for wk in program.weeks for s in wk.sessions for i in s.items), default=3
    )
    sets = min(max(sets, 3), 5)
    widths = log_widths(w.width, sets)
    for week_no, week in enumerate(program.weeks, start=1):
        rows = sum(len(s.items) for s in week.sessions)
        if w.pdf.get_y() > w.pdf.h - 30 * w.k - 7 * w.k * rows:
            w.new_page(orientation)
        w.heading(f"Week {week.number}: {week.focus}", 11)
        w.font(8)
        with w.pdf.table(
            col_widths=widths, line_height=6 * w.k, num_heading_rows=2,
            text_align="CENTER",
        ) as table:
            head = table.row()
            for text in ("Session / date", "Exercise", "Target"):
                head.cell(w.t(text), align="LEFT")
            for n in range(1, sets + 1):
                head.cell(f"Set {n}", colspan=2)
            for text in ("Pain", "Next AM", "OK?"):
                head.cell(w.t(text))
            sub = table.row()
            for _ in range(3):
                sub.cell("")
            for _ in range(sets):
                sub.cell("L")
                sub.cell("R")
            for _ in range(3):
                sub.cell("")
            for s, session in enumerate(week.sessions, start=1):
                day = dates.get((week_no, s))
                label = session.name + (f"\n{day:%a %d %b}" if day else "\n__ / __")
                for i, item in enumerate(session.items):
                    shown = current.get(slot_of(item)) if current else None
                    row = table.row()
                    row.cell(w.t(label if i == 0 else ""), align="LEFT")
                    name_of = shown[0].variant_id if shown else item.variant_id
                    row.cell(w.t(variant_name(name_of, catalog)), align="LEFT")
                    row.cell(w.t(short_target(item, shown, unit)), align="LEFT")
                    one_leg = per_side(item, catalog)
                    for _ in range(sets):
                        if one_leg:
                            row.cell("")
                            row.cell("")
                        else:
                            row.cell("", colspan=2)
                    for _ in range(3):
                        row.cell("")


def log_widths(width: float, sets: int) -> tuple[float, ...]:
    """Column widths filling ``width``: a label, the exercise, the target, two narrow
    columns per set, and pain, next morning, OK."""
    fixed = (0.12, 0.19, 0.15)
    tail = (0.05, 0.065, 0.04)
    per_box = (1 - sum(fixed) - sum(tail)) / (2 * sets)
    return (
        *(width * f for f in fixed),
        *([width * per_box] * (2 * sets)),
        *(width * f for f in tail),
    )


def session_dates(
    program: Program, start: dt.date | None, weekdays: Sequence[int] | None
) -> dict[tuple[int, int], dt.date]:
    """(week index, session index), both 1-based -> its date; none without a start."""
    if start is None or not weekdays:
        return {}
    return {(w, s): day for w, s, day in schedule(program, start, weekdays)}
