"""Warning signs: when glutemed stops coaching and advises seeing a clinician.

glutemed gives exercise advice, not a diagnosis. Severe pain, pain at night, a fall or an
injury, numbness or tingling, fever, or pain that keeps rising from session to session are
reasons to have the hip looked at before loading it again, so the engine answers
``see-clinician`` and never progresses while any of them is present.

Pure: the signs are read from performed sets (their ``pain_*`` fields, ``red_flags`` and
note) and an optional :class:`RedFlags` answer sheet the shell may collect outside a set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glutemed.progression.models import PerformedSet, RedFlag

PAIN_DURING_LIMIT_0_10 = 5
"""Pain during exercise above this is "too high" (Silbernagel et al. 2007, Am J Sports Med
35(6):897-906, pain-monitoring model: 0-2 safe, up to 5/10 acceptable, > 5/10 too high)."""

SEVERE_PAIN_0_10 = 8
"""Pain at or above this (during or the next morning) is severe: a warning sign, not a
training signal. Our conservative threshold, three points above the pain-monitoring limit."""

RISING_PAIN_RISES = 2
"""Pain that rose in this many sessions in a row "keeps rising" (the pain-monitoring model's
week-to-week rule: pain should not increase from one week to the next)."""

RISING_PAIN_MIN_0_10 = 3
"""...and has reached at least this level, so a drift from 0 to 1 to 2 does not alarm."""

RISING_PAIN = "rising-pain"
"""The one warning sign computed from the history rather than reported."""

ADVICE = (
    "Stop progressing this exercise and see a physiotherapist or doctor before loading the "
    "hip again. glutemed gives exercise advice, not a diagnosis."
)

SIGN_WORDS: dict[str, str] = {
    RedFlag.SEVERE_PAIN.value: "severe pain",
    RedFlag.NIGHT_PAIN.value: "pain at night",
    RedFlag.FALL_OR_INJURY.value: "a fall or injury",
    RedFlag.NUMBNESS_TINGLING.value: "numbness or tingling",
    RedFlag.FEVER.value: "fever",
    RISING_PAIN: "pain rising session after session",
}
"""Each warning sign in words a person reads (the codes stay in the data)."""


def sign_words(codes: str) -> str:
    """A comma-separated list of warning-sign codes, in words."""
    return ", ".join(SIGN_WORDS.get(c.strip(), c.strip()) for c in codes.split(",") if c.strip())


_NOTE_WORDS: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.NIGHT_PAIN: (
        r"night pain", r"(pain|hurts?|hurting|aches?|aching)\b[^.]{0,20}\bat night",
        r"woke (me )?up",
    ),
    RedFlag.FALL_OR_INJURY: (r"\bfell\b", r"\bfall\b", r"\bfallen\b", r"injur", r"\bpopped\b",
                             r"\btwisted\b", r"\bsprain"),
    RedFlag.NUMBNESS_TINGLING: (r"numb", r"tingl", r"pins and needles"),
    RedFlag.FEVER: (r"fever", r"feverish", r"high temperature"),
}
_NEGATION = re.compile(r"\b(no|not|without|never|nor)\b(\W+\w+){0,2}\W*$")


@dataclass(frozen=True)
class RedFlags:
    """Answers to "any of these since last time?", collected by the shell outside a set.

    These concern the person, not one leg, so they apply to whichever side is decided.
    """

    night_pain: bool = False
    fall_or_injury: bool = False
    numbness_tingling: bool = False
    fever: bool = False

    def flags(self) -> frozenset[RedFlag]:
        """The flags answered 'yes'."""
        answered = {
            RedFlag.NIGHT_PAIN: self.night_pain,
            RedFlag.FALL_OR_INJURY: self.fall_or_injury,
            RedFlag.NUMBNESS_TINGLING: self.numbness_tingling,
            RedFlag.FEVER: self.fever,
        }
        return frozenset(flag for flag, yes in answered.items() if yes)


@dataclass(frozen=True)
class WarningSign:
    """One warning sign and what showed it, in words a person can check."""

    sign: str
    evidence: str


def note_flags(note: str | None) -> frozenset[RedFlag]:
    """Warning signs mentioned in a free-text note ("no numbness" does not count)."""
    if not note:
        return frozenset()
    text = note.lower()
    found = set()
    for flag, patterns in _NOTE_WORDS.items():
        for pattern in patterns:
            for match in re.finditer(pattern, text):
                if not _NEGATION.search(text[: match.start()]):
                    found.add(flag)
    return frozenset(found)


def _latest_session(sets: Sequence[PerformedSet]) -> list[PerformedSet]:
    if not sets:
        return []
    last = max(s.date for s in sets)
    return [s for s in sets if s.date == last]


def session_pain_series(sets: Iterable[PerformedSet]) -> list[int]:
    """Highest recorded pain (during or next morning) per session date, oldest first."""
    by_date: dict[dt.date, int] = {}
    for s in sets:
        worst = max(-1 if s.pain_during is None else s.pain_during,
                    -1 if s.pain_next_morning is None else s.pain_next_morning)
        if worst >= 0 and worst >= by_date.get(s.date, 0):
            by_date[s.date] = worst
    return [by_date[d] for d in sorted(by_date)]


def consecutive_rises(series: Sequence[int]) -> int:
    """How many times in a row the series rose, counted back from its end."""
    rises = 0
    for before, after in zip(reversed(series[:-1]), reversed(series[1:]), strict=True):
        if after <= before:
            break
        rises += 1
    return rises


def warning_signs(
    sets: Sequence[PerformedSet], red_flags: RedFlags | None = None
) -> list[WarningSign]:
    """Every warning sign in the latest session of ``sets`` (and the pain trend over all).

    Older sessions' flags are not repeated: a person who logged sessions since has moved on,
    and the shell shows the history. Pass one side's sets to decide for that side.
    """
    return signs_of(_latest_session(sets), session_pain_series(sets), red_flags)


def signs_of(latest: Iterable[PerformedSet], series: Sequence[int],
             red_flags: RedFlags | None = None) -> list[WarningSign]:
    """:func:`warning_signs` from its parts: the latest session's sets (only those that may
    carry a sign are needed: the others add none), the side's pain series, the answers."""
    signs: list[WarningSign] = []
    for s in latest:
        for field, value in (("during", s.pain_during), ("next morning", s.pain_next_morning)):
            if value is not None and value >= SEVERE_PAIN_0_10:
                signs.append(WarningSign(
                    RedFlag.SEVERE_PAIN.value,
                    f"pain {value}/10 {field} on {s.date.isoformat()} (set {s.set_index})",
                ))
        for flag in sorted(s.red_flags):
            signs.append(WarningSign(flag.value, f"reported with the set on {s.date.isoformat()}"))
        for flag in sorted(note_flags(s.note)):
            signs.append(WarningSign(flag.value, f"note on {s.date.isoformat()}: '{s.note}'"))
    for flag in sorted((red_flags or RedFlags()).flags()):
        signs.append(WarningSign(flag.value, "answered 'yes' when asked about warning signs"))
    rises = consecutive_rises(series)
    if rises >= RISING_PAIN_RISES and series[-1] >= RISING_PAIN_MIN_0_10:
        recent = " -> ".join(str(v) for v in series[-(rises + 1):])
        signs.append(WarningSign(RISING_PAIN, f"pain rose session after session: {recent}/10"))
    return _unique(signs)


def _unique(signs: list[WarningSign]) -> list[WarningSign]:
    """One entry per sign (the first evidence found), in a stable order."""
    first: dict[str, WarningSign] = {}
    for sign in signs:
        first.setdefault(sign.sign, sign)
    return list(first.values())
