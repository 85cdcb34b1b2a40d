"""Warning signs that stick: a person-level pause on progression until someone clears it.

A ``see-clinician`` decision (a warning sign, or pain that would not settle on the easiest
variant) opens a pause for the whole person. While it is open nothing steps up for any
exercise or side, and every screen shows it (today on the command line and the web, the
clinic's client list, the API). It ends only with a recorded clearance - who, when, and a
note: a clinician in clinic mode, or the person's own explicit confirmation in single-person
mode ("I have seen a clinician and was cleared to train"). glutemed gives exercise advice,
not a diagnosis; the pause is how it keeps saying so after the session that raised it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from glutemed.errors import InputError
from glutemed.progression.engine import Decision
from glutemed.progression.rules import ActionKind
from glutemed.progression.safety import ADVICE, sign_words
from glutemed.store.records import PauseRecord
from glutemed.store.tables import utc_now
from glutemed.store.unit_of_work import SqlUnitOfWork

NOTE_LIMIT = 2000
"""The clearance note is free text, kept like a set's note (the same column size)."""


@dataclass(frozen=True)
class PauseView:
    """A pause as the screens show it."""

    id: int
    started_on: dt.date
    reason: str
    advice: str
    cleared_at: dt.datetime | None
    cleared_by: str | None
    clearance_note: str | None

    @property
    def active(self) -> bool:
        """True until someone has cleared it."""
        return self.cleared_at is None


def view(pause: PauseRecord) -> PauseView:
    """What to show of a stored pause."""
    return PauseView(
        id=pause.id, started_on=pause.started_on, reason=pause.reason, advice=ADVICE,
        cleared_at=pause.cleared_at, cleared_by=pause.cleared_by,
        clearance_note=pause.clearance_note,
    )


def reason_of(decision: Decision, exercise: str) -> str:
    """Why a ``see-clinician`` decision paused progression, in words a person can check."""
    signs = decision.facts.get("warning_signs")
    side = "" if decision.side.value == "both" else f", {decision.side.value} side"
    what = sign_words(str(signs)) if signs else "pain above the limit session after session"
    return f"{what} ({exercise}{side}, {decision.date.isoformat()})"


def pause_for(uow: SqlUnitOfWork, person_id: int, decision: Decision, decision_id: int,
              exercise: str) -> None:
    """Open a pause after a ``see-clinician`` decision, or add its reason to the open one.

    Runs inside the caller's transaction (the one that stored the decision)."""
    if decision.action is not ActionKind.SEE_CLINICIAN:
        return
    reason = reason_of(decision, exercise)
    open_pause = uow.pauses.active(person_id)
    if open_pause is None:
        uow.pauses.open(person_id, decision.date, reason, decision_id)
    elif reason.split(" (", 1)[0] not in open_pause.reason:
        uow.pauses.extend(open_pause.id, f"{open_pause.reason}; {reason}")


def active_pause(uow: SqlUnitOfWork, person_id: int) -> PauseView | None:
    """The person's open pause, if any (one read transaction)."""
    with uow:
        uow.people.require(person_id)
        found = uow.pauses.active(person_id)
    return None if found is None else view(found)


def pauses(uow: SqlUnitOfWork, person_id: int) -> list[PauseView]:
    """Every pause of the person, oldest first, with its clearance."""
    with uow:
        uow.people.require(person_id)
        return [view(p) for p in uow.pauses.all(person_id)]


def clear_pause(uow: SqlUnitOfWork, person_id: int, *, by: str, note: str,
                confirmed: bool) -> PauseView:
    """Record that progression may resume: who cleared it, when, and their note.

    ``confirmed`` is the explicit "yes" of whoever clears it (a clinician's decision, or the
    person's own statement that a clinician has seen them); without it nothing changes.
    """
    text = " ".join(note.split())
    if not confirmed:
        raise InputError(
            "confirm", "clearing a warning sign needs an explicit yes: say that a clinician "
            "has assessed the hip and cleared training (--confirm, or tick the box)"
        )
    if not text:
        raise InputError("note", "say who cleared it and what they advised, e.g. "
                                 "'seen by Dr Lee 2026-12-04, cleared to train'")
    if len(text) > NOTE_LIMIT:
        raise InputError("note", f"give at most {NOTE_LIMIT} characters (this has {len(text)})")
    with uow:
        uow.people.lock(person_id)
        uow.people.require(person_id)
        found = uow.pauses.active(person_id)
        if found is None:
            raise InputError("pause", "progression is not paused: there is nothing to clear")
        now = utc_now()
        uow.pauses.clear(found.id, by=by, note=text, cleared_at=now)
        uow.commit()
    return PauseView(
        id=found.id, started_on=found.started_on, reason=found.reason, advice=ADVICE,
        cleared_at=now, cleared_by=by, clearance_note=text,
    )
