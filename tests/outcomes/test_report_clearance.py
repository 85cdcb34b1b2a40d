"""The progress report's "decisions that mattered" include a pause's clearance (issue 12 and
15): a warning sign, then who cleared it, when and why, in date order."""

from __future__ import annotations

import datetime as dt

from glutemed.programming.models import Profile
from glutemed.progression.models import PerformedSet
from glutemed.services import safety
from glutemed.services.outcomes import decisions_that_mattered
from glutemed.services.people import start_person
from glutemed.services.set_logging import record_set
from glutemed.services.todays_session import todays_session
from glutemed.store.unit_of_work import SqlUnitOfWork

DAY = dt.date(2026, 1, 5)


def test_a_warning_sign_and_its_clearance_are_decisions_that_mattered(engine, catalog) -> None:
    profile = Profile(goal="rehab", days_per_week=2, weeks=8)
    pid = start_person(SqlUnitOfWork(engine), "Noor", profile, catalog, DAY)
    item = todays_session(SqlUnitOfWork(engine), pid, catalog, DAY).items[0]
    hold = {"hold_s": 30.0} if item.target.hold_s else {"reps": 10}
    record_set(SqlUnitOfWork(engine), pid, PerformedSet(
        variant_id=item.variant_id, side=item.side, date=DAY, pain_during=1,
        note="my foot went numb", **hold), catalog, DAY)
    safety.clear_pause(SqlUnitOfWork(engine), pid, by="dr-lee",
                       note="nerve irritation settled", confirmed=True)
    kinds = [(k.kind, k.action) for k in decisions_that_mattered(SqlUnitOfWork(engine), pid)]
    assert kinds == [("warning sign", "see-clinician"), ("clearance", "clearance")]
    cleared = decisions_that_mattered(SqlUnitOfWork(engine), pid)[-1]
    assert "cleared by dr-lee: nerve irritation settled" in cleared.explanation
