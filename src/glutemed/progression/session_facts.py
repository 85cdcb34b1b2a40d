"""What this variant's recent sessions and the side's days add up to: the counting facts.

Runs of stalled, clean, painful or badly performed sessions, the pain trend of the side,
how close to failure the last session went, where the balance support and the band stand.
Each function reads a :class:`~glutemed.progression.situation.Situation` and answers one
question a rule asks; :func:`glutemed.progression.facts.facts_for` names the answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from glutemed.catalog.models import Dimension, LadderStep, Mode
from glutemed.programming.conditions import support_steps
from glutemed.programming.models import Prescription
from glutemed.progression.models import PerformedSet
from glutemed.progression.safety import PAIN_DURING_LIMIT_0_10
from glutemed.progression.situation import Session, Situation, current_load_kg

_KG_TOLERANCE = 1e-6

def top_of_range(prescription: Prescription) -> float:
    pair = prescription.reps if prescription.mode is Mode.ISOTONIC else prescription.hold_s
    return float(pair[1]) if pair else 0.0


def amount_done(s: PerformedSet, mode: Mode) -> float:
    value = s.reps if mode is Mode.ISOTONIC else s.hold_s
    return float(value) if value is not None else 0.0


def _full_dose(s: PerformedSet, sit: Situation) -> bool:
    """The set was done at (at least) the prescribed load or band."""
    load = current_load_kg(sit.prescription, sit.variant, sit.last_session)
    if load is not None and s.load_kg is not None and s.load_kg < load - _KG_TOLERANCE:
        return False
    band = sit.prescription.band
    return not (band is not None and s.band is not None and s.band.rank < band.rank)


def _same_dose(session: Session, sit: Situation) -> bool:
    """The session was done at the dose in force: its load or band, and - where the set
    stored the target it was shown - the same sets and range (a deload starts a new count)."""
    load = current_load_kg(sit.prescription, sit.variant, sit.last_session)
    p = sit.prescription
    for s in session:
        if s.target_sets is not None and s.target_sets != p.sets:
            return False
        if (s.target_reps or p.reps) != p.reps or (s.target_hold_s or p.hold_s) != p.hold_s:
            return False
        if load is not None and s.load_kg is not None and abs(s.load_kg - load) > _KG_TOLERANCE:
            return False
        if sit.prescription.band is not None and s.band not in (None, sit.prescription.band):
            return False
    return True


def _session_at_top(session: Session, sit: Situation) -> bool:
    mode = sit.prescription.mode
    for s in session:
        target = s.target_reps if mode is Mode.ISOTONIC else s.target_hold_s
        top = float(target[1]) if target else top_of_range(sit.prescription)
        if amount_done(s, mode) < top:
            return False
    return bool(session)


def all_sets_at_top(sit: Situation) -> bool:
    """Every prescribed set done, each at the top of the range, at the prescribed dose."""
    last = sit.last_session
    top = top_of_range(sit.prescription)
    return (
        len(last) >= sit.prescription.sets
        and all(amount_done(s, sit.prescription.mode) >= top and _full_dose(s, sit) for s in last)
    )


def current_run(sit: Situation) -> list[Session]:
    """This variant's sessions since the side last did another variant of the family.

    A person who stepped down and came back starts a fresh run: the sessions before the
    detour do not count as stalls or technique failures of the new attempt.
    """
    return list(sit.run)


def stalled_sessions(sit: Situation) -> int:
    """Latest sessions in a row at the current dose that missed the top of the range.

    The latest session is skipped while it has fewer sets than prescribed: the engine is
    asked after every set, and a session still in progress has not stalled yet.
    """
    count = 0
    sessions = current_run(sit)
    if sessions and len(sessions[-1]) < sit.prescription.sets:
        sessions.pop()
    for session in reversed(sessions):
        if not _same_dose(session, sit) or _session_at_top(session, sit):
            break
        count += 1
    return count


FEEL_CHECK_PREFIX = "felt-in"
"""Checks about *where* the work was felt (``felt-in-glutes``, ``felt-in-side-of-hip``).
A "no" to one blocks progression like any failed check, but it is not poor technique: the
article's answer is to stay and adjust (the catalogue's ``feel.elsewhere``), not to step
down the ladder, so these do not count towards ``technique_failed_sessions``."""


def _technique_failed(s: PerformedSet) -> bool:
    return any(not ok for check, ok in s.checks.items()
               if not check.startswith(FEEL_CHECK_PREFIX))


def unanswered_checks(sit: Situation) -> int:
    """Technique checks of this variant (family and variant checks) left unanswered in the
    last session, counted once per set and check. An unanswered check is not a pass: a set
    whose checks nobody answered says nothing about technique, so it cannot open the way to
    a harder dose."""
    asked = [check.id for check in sit.family.checks_for(sit.variant)]
    return sum(1 for s in sit.last_session for check in asked if check not in s.checks)


def technique_failed_sessions(sit: Situation) -> int:
    """Latest sessions in a row with a technique check (not a where-felt one) answered 'no'."""
    count = 0
    for session in reversed(current_run(sit)):
        if not any(_technique_failed(s) for s in session):
            break
        count += 1
    return count


def next_morning_pain_rise(sit: Situation) -> int:
    """Next-morning pain after the last session minus the previous recorded next-morning pain.

    Both are read from the whole side (any exercise), because the hip, not the exercise,
    is what hurts the next morning. Unknown (not yet entered, or nothing to compare with)
    counts as no rise.
    """
    if not sit.last_session:
        return 0
    last_date = sit.last_session[0].date
    by_date = {d.date: d.morning_pain for d in sit.days
               if d.morning_pain is not None and d.date <= last_date}
    if last_date not in by_date:
        return 0
    earlier = [d for d in by_date if d < last_date]
    return by_date[last_date] - by_date[max(earlier)] if earlier else 0


def _above_limit(session: Session) -> bool:
    """Pain during or the next morning above the pain-monitoring limit in this session."""
    return any(
        (s.pain_during is not None and s.pain_during > PAIN_DURING_LIMIT_0_10)
        or (s.pain_next_morning is not None and s.pain_next_morning > PAIN_DURING_LIMIT_0_10)
        for s in session
    )


def pain_above_limit_sessions(sit: Situation) -> int:
    """Latest sessions in a row, on this variant, with pain above the limit (during or the
    next morning). A step down starts a new run, so a count that keeps growing means the
    easier variants ran out and the pain did not settle."""
    count = 0
    for session in reversed(current_run(sit)):
        if not _above_limit(session):
            break
        count += 1
    return count


IRRITABLE_DAYS = 7
"""How far back pain above the limit in *any* exercise of a side makes that hip irritable:
the pain-monitoring model judges pain week to week (Silbernagel et al. 2007), and the hip,
not the exercise, is what hurts. The step-up gate reads this window (glutemed's rule)."""


def side_pain_above_limit_days(sit: Situation) -> int | None:
    """Days since this side last had pain above the limit, in any exercise (during or the
    next morning), within :data:`IRRITABLE_DAYS`; None when it had none."""
    since = sit.today - dt.timedelta(days=IRRITABLE_DAYS)
    hot = [d.date for d in sit.days if d.date > since
           and d.worst_pain is not None and d.worst_pain > PAIN_DURING_LIMIT_0_10]
    return (sit.today - max(hot)).days if hot else None


CLEAN_PAIN_MAX_0_10 = 3
"""The most pain (during, or the next morning) a session may have to count as clean: the
step-up gate's default (the upper bound of the pain-monitoring model's "safe" zone as
secondary summaries give it, Silbernagel et al. 2007; moderate confidence). The gates that
count clean sessions (harder landings, less balance support) ask for it session after
session, not just in the latest one."""


def _clean_session(session: Session, sit: Situation) -> bool:
    """Every set at the top of the range at full dose, every check of the variant answered
    'yes', pain low during and the next morning, no warning sign reported with a set."""
    asked = [check.id for check in sit.family.checks_for(sit.variant)]
    return (
        len(session) >= sit.prescription.sets
        and _session_at_top(session, sit)
        and all(_full_dose(s, sit) for s in session)
        and all(s.checks.get(check) is True for s in session for check in asked)
        and all(ok for s in session for ok in s.checks.values())
        and all((s.pain_during or 0) <= CLEAN_PAIN_MAX_0_10
                and (s.pain_next_morning or 0) <= CLEAN_PAIN_MAX_0_10
                and not s.red_flags for s in session)
    )


def clean_sessions(sit: Situation) -> int:
    """Latest sessions in a row of this variant that were clean (see :func:`_clean_session`),
    counted since the side last did another variant of the family."""
    count = 0
    for session in reversed(current_run(sit)):
        if not _clean_session(session, sit):
            break
        count += 1
    return count


def support_step(prescription: Prescription) -> int:
    """Which balance support the set-up names (0 = most support), -1 when none: the
    support steps are data (``balance`` in programming/data/conditions.yaml)."""
    note = prescription.setup_note or ""
    return next((i for i, text in enumerate(support_steps()) if text in note), -1)


def rir_below_target(sit: Situation) -> bool:
    """Some set of the last session ended with fewer reps in reserve than the target's low
    end: too close to failure for a step up (an unreported RIR is not held against anyone)."""
    low = sit.prescription.rir[0]
    return any(s.rir is not None and s.rir < low for s in sit.last_session)


def strongest_band_here(sit: Situation, ups: Sequence[LadderStep]) -> bool:
    """The band is the ladder's strongest at this position, and not lightened by a deload."""
    spec = sit.variant.band
    band = sit.prescription.band
    owned = sit.context.owned_bands
    if spec is not None and owned and band is not None:
        # with the person's own bands listed: strongest when they own nothing stronger
        return not any(b.rank > band.rank for b in owned)
    if spec is None or any(step.changes is Dimension.BAND_RESISTANCE for step in ups):
        return False
    return band is None or spec.default_band is None or band.rank >= spec.default_band.rank


def band_rule_checks_passed(sit: Situation) -> bool:
    rule = sit.family.band_rule
    if rule is None or not sit.last_session:
        return False
    return all(s.checks.get(check) is True for s in sit.last_session for check in rule.requires)
