"""Everything a trainee is told about one variant: its family's coaching merged with its own.

Why one merge: a variant lists only what is special to it (a wall-press check, a cue about
the band), and its family holds what is true for every variant (make the leg longer,
squeeze the standing buttock, keep the pelvis level). Every screen a person trains from --
``glutemed today``, ``glutemed log``, the web today page and log form, the library and the
PDF handout -- asks :meth:`glutemed.catalog.catalog.Catalog.coaching` for this object, so
no screen can drop the family's half (or the variant's) by merging differently.

Pure: built from already-loaded catalogue models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from glutemed.catalog.models import BandRule, Check, Evidence, Family, Fault, Feel, Variant


@dataclass(frozen=True)
class FailedCheck:
    """A technique check answered "no", with the catalogue's fix for the fault behind it.

    ``question`` is None when the answer did not name a check (``--checks fail``); then
    ``faults`` holds every known fault of the variant, so the person can find theirs.
    """

    check_id: str
    question: str | None
    faults: tuple[Fault, ...]


@dataclass(frozen=True)
class Coaching:
    """A variant's set-up, cues, checks, faults, feel and evidence, family's first."""

    variant: Variant
    family: Family
    setup: tuple[str, ...]
    cues: tuple[str, ...]
    checks: tuple[Check, ...]
    faults: tuple[Fault, ...]
    feel: Feel
    evidence: tuple[Evidence, ...]

    @classmethod
    def of(cls, family: Family, variant: Variant) -> Coaching:
        """The merge itself: the family's items, then the variant's own.

        A check id the variant repeats replaces the family's question (the variant's wording
        is more specific) but keeps the family's place in the list, so a check is never asked
        twice. ``feel`` is the variant's own when it has one; evidence lists the variant's
        own first because it is the more specific.
        """
        checks: dict[str, Check] = {c.id: c for c in family.checks}
        for check in variant.checks:
            checks[check.id] = check
        return cls(
            variant=variant,
            family=family,
            setup=(*family.setup, *variant.setup),
            cues=tuple(dict.fromkeys((*family.cues, *variant.cues))),
            checks=tuple(checks.values()),
            faults=(*family.faults, *variant.faults),
            feel=variant.feel or family.feel,
            evidence=(*variant.evidence, *family.evidence),
        )

    @property
    def band_rule(self) -> BandRule | None:
        """The family's band rule, for the variants that use a band (else None)."""
        return self.family.band_rule if self.variant.band is not None else None

    @property
    def check_ids(self) -> list[str]:
        """The ids a person answers, in the order they are asked."""
        return [c.id for c in self.checks]

    def faults_for(self, check_id: str) -> tuple[Fault, ...]:
        """The faults a "no" to this check points at (empty for an unknown id)."""
        return tuple(f for f in self.faults if f.check == check_id)

    def failed(self, answers: Mapping[str, bool]) -> list[FailedCheck]:
        """Every check answered "no", each with the catalogue's fixes, in asking order.

        An answer under an id that is not one of this variant's checks (the command line's
        ``--checks fail`` records ``technique``) gets every fault, since the failing check
        is not known.
        """
        questions = {c.id: c.question for c in self.checks}
        known = [c for c in self.check_ids if answers.get(c) is False]
        unknown = [k for k, ok in answers.items() if ok is False and k not in questions]
        out = [FailedCheck(c, questions[c], self.faults_for(c)) for c in known]
        out += [FailedCheck(k, None, self.faults) for k in unknown]
        return out
