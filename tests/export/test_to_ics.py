"""Calendar export: parses with a standard parser, stable UIDs, same input -> same bytes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from icalendar import Calendar

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError
from glutemed.export.to_ics import event_uid, parse_weekdays, render_ics, schedule
from glutemed.programming.models import Program

GOLDEN = Path(__file__).parent / "golden" / "basic-program.ics"
STAMP = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
START = dt.date(2026, 1, 5)  # a Monday


def _render(program: Program, **kw: object) -> bytes:
    args: dict[str, object] = {
        "person": "Ana Example",
        "program_key": "program-1",
        "start": START,
        "weekdays": [0, 3],
        "dtstamp": STAMP,
    }
    args.update(kw)
    return render_ics(program, **args)  # type: ignore[arg-type]


def _events(data: bytes) -> list[dict[str, object]]:
    cal = Calendar.from_ical(data)
    return [
        {
            "uid": str(e["UID"]),
            "start": e.decoded("DTSTART"),
            "summary": str(e["SUMMARY"]),
            "description": str(e["DESCRIPTION"]),
        }
        for e in cal.walk("VEVENT")
    ]


def test_matches_the_golden_file(program: Program) -> None:
    data = _render(program)
    if os.environ.get("GLUTEMED_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes()


def test_parses_with_icalendar_one_event_per_session(program: Program) -> None:
    events = _events(_render(program))
    assert len(events) == sum(len(w.sessions) for w in program.weeks) == 8
    # Mon/Thu from Monday 5 January 2026: week 1 on the 5th and 8th, week 2 on the 12th...
    assert [e["start"] for e in events[:4]] == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 8),
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 15),
    ]
    assert events[0]["summary"] == "Leg day A (week 1)"
    assert "3 \u00d7 30\u201345 s hold" in str(events[0]["description"])
    assert len({e["uid"] for e in events}) == len(events)


def test_reexport_after_a_change_keeps_every_uid(program: Program) -> None:
    before = _events(_render(program))
    week = program.weeks[0]
    session = week.sessions[0]
    changed_item = session.items[0].model_copy(update={"sets": 4})
    changed_session = session.model_copy(update={"items": [changed_item, *session.items[1:]]})
    changed_week = week.model_copy(update={"sessions": [changed_session, *week.sessions[1:]]})
    changed = program.model_copy(update={"weeks": [changed_week, *program.weeks[1:]]})
    after = _events(_render(changed, dtstamp=STAMP + dt.timedelta(days=3)))
    assert [e["uid"] for e in after] == [e["uid"] for e in before]
    assert after[0]["description"] != before[0]["description"]
    assert "4 \u00d7 30" in str(after[0]["description"])


def test_moving_the_schedule_keeps_uids_but_moves_dates(program: Program) -> None:
    before = _events(_render(program))
    after = _events(_render(program, weekdays=[1, 4]))
    assert [e["uid"] for e in after] == [e["uid"] for e in before]
    assert after[0]["start"] == dt.date(2026, 1, 6)


def test_uid_depends_on_person_program_week_and_session() -> None:
    base = event_uid("Ana", "program-1", 1, 1)
    assert base == event_uid("Ana", "program-1", 1, 1)
    assert (
        len(
            {
                base,
                event_uid("Bo", "program-1", 1, 1),
                event_uid("Ana", "program-2", 1, 1),
                event_uid("Ana", "program-1", 2, 1),
                event_uid("Ana", "program-1", 1, 2),
            }
        )
        == 5
    )


def test_same_input_same_bytes(program: Program, catalog: Catalog) -> None:
    assert _render(program, catalog=catalog) == _render(program, catalog=catalog)


def test_catalogue_names_and_pounds_appear_when_given(program: Program, catalog: Catalog) -> None:
    text = _events(_render(program, catalog=catalog, unit="lb"))[0]["description"]
    assert catalog.variant("side-lying-abduction.isometric-hold").name in str(text)
    assert "30\u201345 s hold each side" in str(text)  # per-side variant, side "both"


def test_timed_events_last_the_session_length(program: Program) -> None:
    cal = Calendar.from_ical(_render(program, at=dt.time(18, 30)))
    first = cal.walk("VEVENT")[0]
    length = first.decoded("DTEND") - first.decoded("DTSTART")
    assert length == dt.timedelta(minutes=program.profile.minutes_per_session)


def test_too_few_weekdays_is_an_input_error(program: Program) -> None:
    with pytest.raises(InputError, match="days: the program has 2 sessions in a week"):
        schedule(program, START, [0])


def test_weekday_parsing_names_allowed_values() -> None:
    assert parse_weekdays("thu, Mon") == [0, 3]
    with pytest.raises(InputError, match="allowed: mon, tue"):
        parse_weekdays("mon,funday")
    with pytest.raises(InputError, match="once"):
        parse_weekdays("mon,mon")


def test_naive_dtstamp_is_refused(program: Program) -> None:
    with pytest.raises(InputError, match="dtstamp"):
        _render(program, dtstamp=dt.datetime(2026, 1, 1))


def test_given_dates_place_the_sessions(program: Program) -> None:
    dates = {(1, 1): dt.date(2026, 2, 2), (1, 2): dt.date(2026, 2, 6)}
    events = _events(_render(program, dates=dates))
    assert [e["start"] for e in events] == [dt.date(2026, 2, 2), dt.date(2026, 2, 6)]
    assert [e["uid"] for e in events] == [e["uid"] for e in _events(_render(program))[:2]]
    with pytest.raises(InputError, match="dates: week 9, session 1 is not in the program"):
        _render(program, dates={(9, 1): dt.date(2026, 2, 2)})
