"""The named facts the rules compare, computed from one side's history of one variant.

Every fact in :data:`glutemed.progression.rules.FACTS` is computed here for every decision,
so a fired rule can show exactly what it saw. Pure: the history, the prescription, the
catalogue and ``today`` come in; nothing is read from a clock or a file.

Which sets count:

* *this side* - sets logged for ``side`` plus sets logged for ``both`` legs (for ``both``,
  every set). Left and right are therefore progressed separately.
* *up to today* - sets dated after ``today`` are ignored.
* *the last session* - the sets of this variant on the latest date that has any.

This variant's sessions are read set by set; the rest of the side (every other exercise on
that leg) only day by day, in summary (:mod:`~glutemed.progression.side_days`): the store
keeps those summaries, so a decision never reads the side's other sets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import (
    Dimension,
    Family,
    LadderStep,
    LoadKind,
    LoadSpec,
    Mode,
    Variant,
)
from glutemed.programming.conditions import support_steps
from glutemed.programming.models import Prescription, Side
from glutemed.progression.context import EMPTY_CONTEXT, DecisionContext
from glutemed.progression.models import PerformedSet
from glutemed.progression.rules import FactValue, fact_key
from glutemed.progression.safety import (
    PAIN_DURING_LIMIT_0_10,
    RedFlags,
    WarningSign,
    consecutive_rises,
    signs_of,
)
from glutemed.progression.side_days import (
    SideDay,
    SideRecord,
    days_of,
    merged,
    side_record,
    sides_read,
)

KG_KINDS = frozenset(
    {LoadKind.CUFF_WEIGHT, LoadKind.HAND_WEIGHT, LoadKind.CABLE, LoadKind.BELT_WEIGHT,
     LoadKind.BARBELL, LoadKind.MACHINE}
)
"""Load kinds measured in kilograms (a band is graded by level, a wall press not at all)."""

_KG_TOLERANCE = 1e-6

Session = tuple[PerformedSet, ...]

LOOKBACK_SESSIONS = 12
"""Sessions read back from today. Every fact needs fewer (the longest look-back a preset
allows is 10 stalled sessions), and bounding it keeps a decision fast however long the
history grows."""


def _order(s: PerformedSet) -> tuple[object, ...]:
    """An order on sets, so the same history in any order gives the same decision: facts
    are order-free, and the fields that word an explanation (pain, note) break ties."""
    return (s.date, s.variant_id, s.set_index, s.side.value,
            -1 if s.pain_during is None else s.pain_during,
            -1 if s.pain_next_morning is None else s.pain_next_morning, s.note or "")


@dataclass(frozen=True)
class Situation:
    """Everything a decision is about, gathered once and shared by facts and actions."""

    prescription: Prescription
    variant: Variant
    family: Family
    catalog: Catalog
    side: Side
    today: dt.date
    days: tuple[SideDay, ...]
    """The side's training days (every exercise) in summary, oldest first, from the first
    session the facts look back to (see :func:`situation_of`)."""
    sessions: tuple[Session, ...]
    signs: tuple[WarningSign, ...]
    context: DecisionContext = EMPTY_CONTEXT

    @property
    def last_session(self) -> Session:
        """The sets of this variant on its latest date (empty without history)."""
        return self.sessions[-1] if self.sessions else ()

    @cached_property
    def run(self) -> tuple[Session, ...]:
        """This variant's sessions since the side last did another variant of the family
        (see :func:`current_run`); worked out once, as three facts read it."""
        since = _last_detour(self.days, self.variant.id, self.family.family)
        return tuple(x for x in self.sessions if since is None or x[0].date > since)

    @property
    def pain_series(self) -> list[int]:
        """The side's highest pain per session date, oldest first (facts and the warning
        signs both read it)."""
        return _pain_series(self.days)


def _pain_series(days: Sequence[SideDay]) -> list[int]:
    return [d.worst_pain for d in days if d.worst_pain is not None]


def _last_detour(days: Sequence[SideDay], variant_id: str, family: str) -> dt.date | None:
    """The latest day the side did another variant of ``family``."""
    return max((d.date for d in days
                if any(v != variant_id and v.split(".", 1)[0] == family for v in d.variants)),
               default=None)


def kg_load(variant: Variant) -> LoadSpec | None:
    """The variant's load measured in kilograms, if it has one."""
    return next((load for load in variant.loads if load.kind in KG_KINDS), None)


def load_kind(variant: Variant) -> str:
    """``cuff-weight``, ``band``, ... or ``none`` (a kg load is named before a band)."""
    spec = kg_load(variant) or (variant.loads[0] if variant.loads else None)
    return spec.kind.value if spec is not None else "none"


def current_load_kg(prescription: Prescription, variant: Variant,
                    last_session: Session = ()) -> float | None:
    """The load the decision starts from: prescribed, else last performed, else the default."""
    spec = kg_load(variant)
    if spec is None:
        return None
    if prescription.load_kg is not None:
        return prescription.load_kg
    done = [s.load_kg for s in last_session if s.load_kg is not None]
    return max(done) if done else spec.default_kg


def situation(
    history: Sequence[PerformedSet],
    prescription: Prescription,
    catalog: Catalog,
    today: dt.date,
    *,
    side: Side,
    red_flags: RedFlags | None = None,
    context: DecisionContext = EMPTY_CONTEXT,
) -> Situation:
    """Gather the side's history and this variant's sessions, oldest first."""
    record = side_record(history, prescription.variant_id, side, today)
    return situation_of(record, prescription, catalog, today, side=side, red_flags=red_flags,
                        context=context)


def situation_of(
    record: SideRecord,
    prescription: Prescription,
    catalog: Catalog,
    today: dt.date,
    *,
    side: Side,
    red_flags: RedFlags | None = None,
    context: DecisionContext = EMPTY_CONTEXT,
) -> Situation:
    """Gather a :class:`SideRecord` (this variant's sets, the side's days in summary).

    The facts look back :data:`LOOKBACK_SESSIONS` sessions of this variant, and at least as
    many training days of the side: the days from the earlier of the two on are kept.
    """
    flags = red_flags or context.red_flags
    variant = catalog.variant(prescription.variant_id)
    wanted = sides_read(side)
    by_date: dict[dt.date, list[PerformedSet]] = {}
    for s in record.own:
        if s.variant_id == variant.id and s.side in wanted and s.date <= today:
            by_date.setdefault(s.date, []).append(s)
    recent = sorted(by_date)[-LOOKBACK_SESSIONS:]
    summarised = {d.date for d in record.days}
    days = [d for d in merged((*record.days, *days_of(
        s for d in by_date if d not in summarised for s in by_date[d]))) if d.date <= today]
    side_dates = [d.date for d in days][-LOOKBACK_SESSIONS:]
    cutoff = min(side_dates[0], recent[0]) if recent else (side_dates or [today])[0]
    window = tuple(d for d in days if d.date >= cutoff)
    latest = window[-1].date if window else None
    warn = sorted((s for s in record.warn_sets if s.date == latest and s.side in wanted),
                  key=_order)
    return Situation(
        prescription=prescription, variant=variant, family=catalog.family_of(variant),
        catalog=catalog, side=side, today=today, days=window,
        sessions=tuple(tuple(sorted(by_date[d], key=_order)) for d in recent),
        signs=tuple(signs_of(warn, _pain_series(window), flags)),
        context=context,
    )


def _top(prescription: Prescription) -> float:
    pair = prescription.reps if prescription.mode is Mode.ISOTONIC else prescription.hold_s
    return float(pair[1]) if pair else 0.0


def _amount(s: PerformedSet, mode: Mode) -> float:
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
        top = float(target[1]) if target else _top(sit.prescription)
        if _amount(s, mode) < top:
            return False
    return bool(session)


def all_sets_at_top(sit: Situation) -> bool:
    """Every prescribed set done, each at the top of the range, at the prescribed dose."""
    last = sit.last_session
    top = _top(sit.prescription)
    return (
        len(last) >= sit.prescription.sets
        and all(_amount(s, sit.prescription.mode) >= top and _full_dose(s, sit) for s in last)
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


def _strongest_band_here(sit: Situation, ups: Sequence[LadderStep]) -> bool:
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


def _band_rule_checks_passed(sit: Situation) -> bool:
    rule = sit.family.band_rule
    if rule is None or not sit.last_session:
        return False
    return all(s.checks.get(check) is True for s in sit.last_session for check in rule.requires)


def facts(
    history: Sequence[PerformedSet],
    prescription: Prescription,
    catalog: Catalog,
    today: dt.date,
    *,
    side: Side,
    red_flags: RedFlags | None = None,
    context: DecisionContext = EMPTY_CONTEXT,
) -> dict[str, FactValue]:
    """Every named fact for this variant and side (see ``rules.FACTS`` for their meaning)."""
    return facts_for(
        situation(history, prescription, catalog, today, side=side, red_flags=red_flags,
                  context=context)
    )


def facts_for(sit: Situation) -> dict[str, FactValue]:
    """The facts of an already gathered :class:`Situation`."""
    p, last = sit.prescription, sit.last_session
    amounts = [_amount(s, p.mode) for s in last]
    isotonic = p.mode is Mode.ISOTONIC
    pains = [s.pain_during for s in last if s.pain_during is not None]
    morning = [s.pain_next_morning for s in last if s.pain_next_morning is not None]
    rirs = [s.rir for s in last if s.rir is not None]
    failed = sum(not ok for s in last for ok in s.checks.values())
    unanswered = unanswered_checks(sit)
    ups = sit.catalog.progressions(sit.variant.id)
    load = current_load_kg(p, sit.variant, last)
    band = p.band or (sit.variant.band.default_band if sit.variant.band else None)
    ctx = sit.context
    out: dict[str, FactValue] = {
        "goal": ctx.goal.value if ctx.goal is not None else "",
        "role": p.role.value,
        "paused": ctx.paused is not None,
        "planned_lighter_week": ctx.lighter_week,
        "plan_proposes": "none",
        "rir_below_target": rir_below_target(sit),
        "side_irritable": side_pain_above_limit_days(sit) is not None,
        "pain_above_limit_sessions": pain_above_limit_sessions(sit),
        "has_history": bool(sit.sessions),
        "sessions_logged": len(sit.sessions),
        "sets_done": len(last),
        "sets_prescribed": p.sets,
        "session_complete": len(last) >= p.sets,
        "all_sets_at_top_of_range": all_sets_at_top(sit),
        "all_sets_in_range": bool(last) and all(
            a >= (p.reps or p.hold_s or (0, 0))[0] for a in amounts
        ),
        "reps_over_top": int(min(amounts) - _top(p)) if isotonic and amounts else None,
        "hold_s_best": max(amounts) if not isotonic and amounts else None,
        "hold_s_worst": min(amounts) if not isotonic and amounts else None,
        "target_reps_top": p.reps[1] if p.reps else 0,
        "target_hold_top_s": p.hold_s[1] if p.hold_s else 0,
        "rir_min": min(rirs) if rirs else None,
        "stalled_sessions": stalled_sessions(sit),
        "days_since_last_session": (sit.today - last[0].date).days if last else None,
        "checks_all_passed": failed == 0 and unanswered == 0,
        "clean_sessions": clean_sessions(sit),
        "checks_failed": failed,
        "checks_unanswered": unanswered,
        "technique_failed_sessions": technique_failed_sessions(sit),
        "pain_recorded": bool(pains),
        "max_pain_during": max(pains) if pains else 0,
        "max_pain_next_morning": max(morning) if morning else None,
        "next_morning_pain_rise": next_morning_pain_rise(sit),
        "pain_rising_sessions": consecutive_rises(sit.pain_series),
        "warning_sign": bool(sit.signs),
        "warning_signs": ", ".join(sign.sign for sign in sit.signs),
        "mode": p.mode.value,
        "side": sit.side.value,
        "family": sit.family.family,
        "load_kind": load_kind(sit.variant),
        "load_kg": load if load is not None else 0.0,
        "band_rank": band.rank if band is not None else -1,
        "variant_has_any_progression": bool(ups),
        "variant_has_regression": bool(sit.catalog.regressions(sit.variant.id)),
        "band_rule": sit.family.band_rule is not None,
        "band_rule_checks_passed": _band_rule_checks_passed(sit),
        "band_is_strongest_at_position": _strongest_band_here(sit, ups),
        "support_step": support_step(p),
        "support_can_lessen": 0 <= support_step(p) < len(support_steps()) - 1,
    }
    for dimension in Dimension:
        out[fact_key("variant_has_progression", dimension)] = any(
            step.changes is dimension for step in ups
        )
    return out
