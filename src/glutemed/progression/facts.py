"""The named facts the rules compare, for one side's history of one variant.

Every fact in :data:`glutemed.progression.rules.FACTS` is computed here for every decision,
so a fired rule can show exactly what it saw. Pure: the history, the prescription, the
catalogue and ``today`` come in; nothing is read from a clock or a file. What the history
is gathered into is :mod:`~glutemed.progression.situation`; the runs and trends counted
over it are :mod:`~glutemed.progression.session_facts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import Dimension, Mode
from glutemed.programming.conditions import support_steps
from glutemed.programming.models import Prescription, Side
from glutemed.progression.context import EMPTY_CONTEXT, DecisionContext
from glutemed.progression.models import PerformedSet
from glutemed.progression.rules import FactValue, fact_key
from glutemed.progression.safety import RedFlags, consecutive_rises
from glutemed.progression.session_facts import (
    all_sets_at_top,
    amount_done,
    band_rule_checks_passed,
    clean_sessions,
    next_morning_pain_rise,
    pain_above_limit_sessions,
    rir_below_target,
    side_pain_above_limit_days,
    stalled_sessions,
    strongest_band_here,
    support_step,
    technique_failed_sessions,
    top_of_range,
    unanswered_checks,
)
from glutemed.progression.situation import Situation, current_load_kg, load_kind, situation


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
    amounts = [amount_done(s, p.mode) for s in last]
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
        "reps_over_top": int(min(amounts) - top_of_range(p)) if isotonic and amounts else None,
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
        "band_rule_checks_passed": band_rule_checks_passed(sit),
        "band_is_strongest_at_position": strongest_band_here(sit, ups),
        "support_step": support_step(p),
        "support_can_lessen": 0 <= support_step(p) < len(support_steps()) - 1,
    }
    for dimension in Dimension:
        out[fact_key("variant_has_progression", dimension)] = any(
            step.changes is dimension for step in ups
        )
    return out
