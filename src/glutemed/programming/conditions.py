"""What a person's condition, balance and age change in their program, read from data.

``data/conditions.yaml`` holds every consequence with its source and how sure it is, so a
clinician can read (and argue with) the whole set in one file. This module turns it into:

* :func:`plan_for_profile` - the goal's :class:`GoalPlan` tightened by the condition (extra
  provocations, isometric first block, lower starting rungs, lighter loads);
* :class:`ConditionRules` - the rules the generator applies itself (families left out, no
  lying on the painful side, an easier start for the affected side, support for a balance
  risk);
* :func:`education_for` and :func:`condition_reasons` - the words a person sees on ``today``,
  the handout and in the plan's reasons, each marked "expert opinion" where that is what it is.

A condition can only make the program *more* cautious than the goal's: every number is taken
as the stricter of the two (lower start, lighter load, more isometric blocks).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from glutemed.catalog.models import Variant
from glutemed.programming.goals import GoalPlan, plan_for
from glutemed.programming.models import Condition, Profile, Side

Certainty = Literal["verified-abstract", "verified-secondary", "expert-opinion", "none"]

CONDITIONS_FILE = "conditions.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    cite: str


class Consequence(_Strict):
    """One thing the condition changes, in our words, with its source and certainty."""

    text: str
    source: str | None = None
    certainty: Certainty
    note: str | None = None


class ConditionData(_Strict):
    name: str
    consequences: list[Consequence]
    education: list[Consequence]
    provocations: list[str] = Field(default_factory=list)
    isometric_blocks: int = Field(default=0, ge=0, le=4)
    max_start_level: int = Field(default=5, ge=1, le=5)
    load_factor: float = Field(default=1.0, gt=0, le=1)
    prefer_light_bilateral: bool = False
    no_lying_on_painful_side: bool = False
    exclude_families: list[str] = Field(default_factory=list)
    easier_affected_side: bool = False


class BalanceData(_Strict):
    support_families: list[str]
    support: str
    lessen_support: list[str] = Field(default_factory=list)
    """The set-ups that follow ``support`` as the support comes off, lightest last."""
    exclude_families: list[str] = Field(default_factory=list)
    consequences: list[Consequence]


class PositionsData(_Strict):
    side_lying_families: list[str]
    standing_replacements: list[str]


class AgeData(_Strict):
    consequences: list[Consequence]


class ConditionBook(_Strict):
    """The whole data file, validated: every source id a consequence names must exist."""

    sources: dict[str, Source]
    positions: PositionsData
    conditions: dict[Condition, ConditionData]
    balance: BalanceData
    age: AgeData

    def cite(self, item: Consequence) -> str:
        """The item's text with its source and, where it is one, the words expert opinion."""
        parts = []
        if item.source is not None:
            parts.append(self.sources[item.source].cite)
        if item.certainty == "expert-opinion":
            parts.append("expert opinion")
        return f"{item.text.strip()} ({'; '.join(parts)})" if parts else item.text.strip()

    def all_items(self) -> list[Consequence]:
        """Every consequence and education line in the file."""
        found = [*self.balance.consequences, *self.age.consequences]
        for data in self.conditions.values():
            found += [*data.consequences, *data.education]
        return found


@cache
def condition_book() -> ConditionBook:
    """The shipped condition file, read and validated once per process."""
    where = resources.files("glutemed.programming") / "data" / CONDITIONS_FILE
    # libyaml's parser when installed (a tenth of the pure-Python one's time on every start);
    # the same safe constructor either way.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    book = ConditionBook.model_validate(yaml.load(where.read_text(encoding="utf-8"), loader))
    unknown = sorted({i.source for i in book.all_items() if i.source} - set(book.sources))
    if unknown:
        raise ValueError(f"{CONDITIONS_FILE}: unknown source ids {', '.join(unknown)}")
    missing = set(Condition) - set(book.conditions)
    if missing:
        raise ValueError(f"{CONDITIONS_FILE}: no entry for {', '.join(sorted(missing))}")
    return book


def condition_data(profile: Profile) -> ConditionData:
    """The data entry for the profile's condition."""
    return condition_book().conditions[profile.condition]


def plan_for_profile(profile: Profile) -> GoalPlan:
    """The goal's plan made as cautious as the condition asks (never less cautious)."""
    plan = plan_for(profile.goal)
    data = condition_data(profile)
    return replace(
        plan,
        provocations=plan.provocations | frozenset(data.provocations),
        isometric_blocks=max(plan.isometric_blocks, data.isometric_blocks),
        max_start_level=min(plan.max_start_level, data.max_start_level),
        load_factor=min(plan.load_factor, data.load_factor),
        prefer_light_bilateral=plan.prefer_light_bilateral or data.prefer_light_bilateral,
    )


def side_lying_families() -> frozenset[str]:
    """Families done lying on the side opposite the working leg (the working leg on top)."""
    return frozenset(condition_book().positions.side_lying_families)


def standing_replacements() -> list[str]:
    """Standing abduction families, in order, for a leg that cannot do side-lying work."""
    return list(condition_book().positions.standing_replacements)


def excluded_families(profile: Profile) -> frozenset[str]:
    """Families the condition leaves out altogether (lateral hip pain: side planks, hops and
    bounds; with both hips painful also side-lying work, since either leg means lying on a
    painful hip), and what a balance risk leaves out (hops, bounds, shuffles)."""
    data = condition_data(profile)
    found = frozenset(data.exclude_families)
    if profile.balance_risk:
        found |= frozenset(condition_book().balance.exclude_families)
    if data.no_lying_on_painful_side and len(profile.painful_sides) == 2:
        found |= side_lying_families()
    return found


def lies_on_painful_side(profile: Profile, variant: Variant, working_leg: str) -> bool:
    """Whether doing ``variant`` for ``working_leg`` (left/right) means lying on a painful hip.

    Side-lying abduction works the top leg, so the person lies on the other side.
    """
    if not condition_data(profile).no_lying_on_painful_side:
        return False
    if variant.family not in side_lying_families():
        return False
    underneath = "right" if working_leg == "left" else "left"
    return underneath in {s.value for s in profile.painful_sides}


def affected_word(profile: Profile) -> str:
    """How the affected side is named to the person: operated after surgery, else painful."""
    return "operated" if profile.condition is Condition.AFTER_SURGERY else "painful"


def easier_affected_side(profile: Profile) -> bool:
    """Whether the affected side gets its own, easier start."""
    return condition_data(profile).easier_affected_side and bool(profile.painful_sides)


def support_for(profile: Profile, variant: Variant) -> str | None:
    """The support set-up for a balance risk on a standing one-leg exercise, else None."""
    if not profile.balance_risk:
        return None
    balance = condition_book().balance
    return balance.support if variant.family in balance.support_families else None


def support_steps() -> tuple[str, ...]:
    """The balance support set-ups in order, most support first: a hand on the counter,
    then the lighter ones the progression's support gate moves to (never by date)."""
    balance = condition_book().balance
    return (balance.support, *balance.lessen_support)


def setup_note(profile: Profile, variant: Variant, side: Side) -> str | None:
    """The person's own set-up for one item: support for a balance risk, and the side to
    lie on when one leg's side-lying work is done with a painful hip."""
    notes = []
    support = support_for(profile, variant)
    if support is not None:
        notes.append(support)
    if (variant.family in side_lying_families() and side is not Side.BOTH
            and condition_data(profile).no_lying_on_painful_side):
        under = "left" if side is Side.RIGHT else "right"
        notes.append(f"Lie on your {under} side with your {side.value} leg on top and a "
                     f"pillow between the knees; never lie on the {affected_word(profile)} hip.")
    return " ".join(notes) or None


def education_for(profile: Profile) -> list[str]:
    """The everyday advice to show on ``today`` and the handout (empty without a condition)."""
    book = condition_book()
    return [book.cite(e) for e in condition_data(profile).education]


def condition_reasons(profile: Profile) -> list[str]:
    """The program-level reasons for the condition, balance and age, with their sources."""
    book = condition_book()
    data = condition_data(profile)
    lines: list[str] = []
    if profile.condition is not Condition.NONE:
        side = (f", {profile.affected_side.value} side"
                if profile.painful_sides else "")
        lines.append(f"Condition: {data.name}{side}.")
        lines += [book.cite(c) for c in data.consequences]
    if profile.balance_risk:
        lines += [book.cite(c) for c in book.balance.consequences]
    if profile.age is not None:
        lines += [book.cite(c) for c in book.age.consequences]
    return lines
