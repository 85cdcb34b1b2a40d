"""The CSV zip's tables: each member's columns, in the order they are written.

Declarations only: which model field a column holds, how its cell is spelled (``kind``) and
the bundle format version that added it (``since``). The writer and the parser
(:mod:`glutemed.export.to_csv`) both read these lists, so a column added here is written and
read back alike; ``docs/exports.md`` lists the same columns for people (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, the model field it holds and how the cell is written.

    ``kind`` is ``text`` (kept as written, empty stays empty), ``value`` (empty means no
    value; otherwise the model parses it), ``json`` (JSON in the cell), ``list`` (slugs
    joined by ``;``, e.g. ``night-pain;fever``) or ``low``/``high`` (one end of a two-number
    range such as ``reps``). ``since`` is the bundle format version that added the column:
    a file of an older version (or a lone ``sets.csv``, whose version is unknown) may leave
    it out, and it then reads as empty.
    """

    name: str
    field: str
    kind: str = "value"
    since: int = 1


def _pair(field: str, low: str = "min", high: str = "max") -> list[Column]:
    return [Column(f"{field}_{low}", field, "low"), Column(f"{field}_{high}", field, "high")]


SET_COLUMNS: list[Column] = [
    Column("date", "date"),
    Column("variant_id", "variant_id"),
    Column("side", "side"),
    Column("set_index", "set_index"),
    Column("reps", "reps"),
    Column("hold_s", "hold_s"),
    Column("load_kg", "load_kg"),
    Column("band", "band"),
    Column("band_at", "band_at"),
    Column("rir", "rir"),
    Column("pain_during", "pain_during"),
    Column("pain_next_morning", "pain_next_morning"),
    Column("checks_json", "checks", "json"),
    Column("felt_in", "felt_in"),
    Column("note", "note"),
    *_pair("target_reps"),
    *_pair("target_hold_s"),
    Column("target_load_kg", "target_load_kg"),
    Column("red_flags", "red_flags", "list"),
    Column("deleted_at", "deleted_at", since=2),
    Column("target_sets", "target_sets", since=3),
    Column("target_band", "target_band", since=3),
    Column("target_band_at", "target_band_at", since=3),
    Column("slot", "slot", since=3),
]

PRESCRIPTION_COLUMNS: list[Column] = [
    Column("variant_id", "variant_id"),
    Column("role", "role"),
    Column("mode", "mode"),
    Column("side", "side"),
    Column("sets", "sets"),
    *_pair("reps"),
    *_pair("hold_s"),
    Column("load_kg", "load_kg"),
    Column("band", "band"),
    Column("band_at", "band_at"),
    Column("rest_s", "rest_s"),
    *_pair("rir"),
    Column("optional", "optional"),
    Column("rationale", "rationale", "text"),
    Column("slot", "slot", since=3),
    Column("setup_note", "setup_note", since=4),  # empty: no note (None)
]

PERSON_COLUMNS: list[Column] = [
    Column("format", "format"),
    Column("format_version", "format_version"),
    Column("name", "name", "text"),
    Column("unit", "unit"),
    Column("timezone", "timezone", "text"),
    Column("profile_json", "profile", "json"),
    Column("outcome_weeks_json", "outcome_weeks", "json", since=3),
]

PROGRAM_COLUMNS: list[Column] = [
    Column("program_key", "key", "text"),
    Column("start_date", "start_date"),
    Column("active", "active"),
    Column("completed_json", "completed", "json"),
    Column("profile_json", "profile", "json"),
    Column("rationale_json", "rationale", "json"),
    Column("weekdays_json", "weekdays", "json", since=3),
]

ITEM_POSITION_COLUMNS: list[Column] = [
    Column("program_key", "program_key", "text"),
    Column("week_index", "week_index"),
    Column("week_number", "week_number"),
    Column("week_focus", "week_focus", "text"),
    Column("session_index", "session_index"),
    Column("session_day", "session_day"),
    Column("session_name", "session_name", "text"),
    Column("item_index", "item_index"),
]
ITEM_COLUMNS = ITEM_POSITION_COLUMNS + PRESCRIPTION_COLUMNS

DECISION_COLUMNS: list[Column] = [
    Column("date", "date"),
    Column("variant_id", "variant_id"),
    Column("slot", "slot"),
    Column("side", "side"),
    Column("action", "action"),
    Column("explanation", "explanation", "text"),
    Column("rule_ids_json", "rule_ids", "json"),
    Column("facts_json", "facts", "json"),
    Column("prescription_before_json", "prescription_before", "json"),
    Column("prescription_after_json", "prescription_after", "json"),
    Column("performed_set", "performed_set"),
]

PROGRESSION_COLUMNS: list[Column] = [
    Column("slot", "slot"),
    Column("side", "side"),
    Column("prescription_json", "prescription", "json"),
    Column("counters_json", "counters", "json"),
    Column("session_date", "session_date", since=3),
    Column("session_target_json", "session_target", "json", since=3),
    Column("session_base_sets", "session_base_sets", since=3),
]

PAUSE_COLUMNS: list[Column] = [
    Column("started_on", "started_on"),
    Column("reason", "reason", "text"),
    Column("created_at", "created_at"),
    Column("cleared_at", "cleared_at"),
    Column("cleared_by", "cleared_by", "text"),
    Column("clearance_note", "clearance_note", "text"),
    Column("decision", "decision"),
]

OUTCOME_COLUMNS: list[Column] = [
    Column("date", "date"),
    Column("measure", "measure"),
    Column("entered_by", "entered_by", "text"),
    Column("entered_role", "entered_role"),
    Column("note", "note"),
    Column("values_json", "values", "json"),
]
"""One outcome entry per row; ``values_json`` holds the measure's own fields (ratings,
activities, forces and lever arm)."""

ATTENTION_COLUMNS: list[Column] = [
    Column("kind", "kind"),
    Column("key", "key", "text"),
    Column("by", "by", "text"),
    Column("at", "at"),
    Column("note", "note", "text"),
]
"""One acknowledged needs-attention flag per row (a member since version 3; optional)."""

PROGRAM_CHANGE_COLUMNS: list[Column] = [
    Column("at", "at"),
    Column("by", "by", "text"),
    Column("role", "role"),
    Column("what", "what", "text"),
    Column("edit_json", "edit", "json"),
    Column("program_key", "program"),
]
"""One change to the program per row (a member since version 3; optional)."""

OPTIONAL_SINCE = {"outcomes.csv": 3, "pauses.csv": 3, "attention.csv": 3,
                  "program_changes.csv": 3}
"""Members added after format 1: an older zip may lack them (and then holds none)."""

TABLES: dict[str, list[Column]] = {
    "person.csv": PERSON_COLUMNS,
    "programs.csv": PROGRAM_COLUMNS,
    "program_items.csv": ITEM_COLUMNS,
    "sets.csv": SET_COLUMNS,
    "decisions.csv": DECISION_COLUMNS,
    "progression.csv": PROGRESSION_COLUMNS,
    "pauses.csv": PAUSE_COLUMNS,
    "outcomes.csv": OUTCOME_COLUMNS,
    "attention.csv": ATTENTION_COLUMNS,
    "program_changes.csv": PROGRAM_CHANGE_COLUMNS,
}
"""Member name -> columns, in the order they are written."""
