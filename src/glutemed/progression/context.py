"""What a decision needs to know beyond one side's history: the person and the plan around it.

The engine decides from history alone for the dose; but whether it may *step up* also
depends on who the person is (a rehab client must record pain), whether their progression is
paused after a warning sign, whether the plan makes this a lighter week, and what the plan
proposes for the slot's next session. The shell gathers these once per decision and passes
them in; the core reads no store and no clock to find them.
"""

from __future__ import annotations

from dataclasses import dataclass

from glutemed.catalog.models import BandLevel, LoadKind
from glutemed.programming.models import Goal, Prescription
from glutemed.progression.safety import RedFlags


@dataclass(frozen=True)
class DecisionContext:
    """The person and the plan around one decision (all optional: an empty context decides
    from the history alone, as a rules test or a what-if does)."""

    goal: Goal | None = None
    """The person's goal; rehab asks for pain to be recorded before any step up."""
    paused: str | None = None
    """Why progression is paused for the whole person (a warning sign not yet cleared by a
    clinician or by the person), or ``None``. While paused nothing steps up."""
    lighter_week: bool = False
    """The plan makes this session's week a lighter (consolidation) week: no step up."""
    next_planned: Prescription | None = None
    """The plan's item for this slot's next session: what the template proposes next (a new
    rung, isometric to dynamic, more volume). Adopted only through the step-up gate."""
    allowed_variants: frozenset[str] | None = None
    """Variants this person may be moved to (their equipment, avoided variants and
    positions); ``None`` allows every variant of the catalogue."""
    red_flags: RedFlags | None = None
    """Warning signs reported outside a set (apply to either side)."""
    owned_kg: tuple[tuple[LoadKind, frozenset[float]], ...] = ()
    """The weights the person owns, by kind (their cuff weights, their dumbbells); a kind
    not listed: any weight. A heavier load is then the next weight they own."""

    owned_bands: frozenset[BandLevel] = frozenset()
    """The band strengths the person owns (empty: not listed, any band). A stronger band is
    then the next stronger one they own; a ladder step's band, the closest they own."""

    def owned(self, kind: LoadKind) -> frozenset[float]:
        """The weights of this kind the person owns (empty: not listed, any weight)."""
        return next((kg for k, kg in self.owned_kg if k is kind), frozenset())

    def allows(self, variant_id: str) -> bool:
        """Whether the person may be moved to ``variant_id``."""
        return self.allowed_variants is None or variant_id in self.allowed_variants


EMPTY_CONTEXT = DecisionContext()
