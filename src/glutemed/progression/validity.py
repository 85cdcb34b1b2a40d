"""Which sets can be stored at all: one pure check that every way in shares.

A set typed on the command line, sent from a form or the JSON API, or read from an import
file is checked here against its variant in the catalogue before anything is stored:

* the variant's modes: reps only for a variant done for reps, ``hold_s`` only for one that
  is held;
* its equipment: ``band``/``band_at`` only for a banded variant (at the place the variant
  puts the band), ``load_kg`` only where the variant takes a load in kilograms;
* its side: ``left``/``right`` for a per-side variant, ``both`` for a bilateral one. A
  per-side ``both`` means "each side, the same numbers, not told apart": tracker apps log
  that way, so it is accepted in imported history (``sides_told_apart=False``), and the
  engine counts such a set in each side's history. A set logged live must name its side,
  because progression is decided per side;
* plausible numbers: reps, seconds held and load inside glutemed's own sanity limits
  (``data/set-limits.yaml``; load also against body mass when it is known);
* its date: between the start of the person's log and their local today.

Nothing here reads a clock, a file other than the shipped limits, or a database: the
caller passes the person's body mass and the date bounds. Every refusal names the field
(a :class:`~glutemed.progression.models.PerformedSet` field) and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.models import LoadKind, Mode, Role, Variant
from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Side
from glutemed.progression.models import PerformedSet

LIMITS_FILE = "set-limits.yaml"
NO_KG_LOAD = frozenset({LoadKind.BAND, LoadKind.WALL_PRESS})
"""Load kinds that never take a weight in kilograms."""
SANITY = "glutemed's own sanity limit, not a clinical one"
"""Said after every number refused as implausible, so nobody reads it as medical advice."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountLimit(_Strict):
    """The most reps (or seconds) one set may hold, and why that number."""

    max: float = Field(gt=0)
    why: str = Field(min_length=1)


class LoadLimit(_Strict):
    """The heaviest load one set may hold: absolute, and as a multiple of body mass."""

    max_kg: float = Field(gt=0)
    max_body_mass: float = Field(gt=0)
    why: str = Field(min_length=1)


class VariantLimits(_Strict):
    """Tighter limits for one variant (any left out fall back to the general ones)."""

    reps: CountLimit | None = None
    hold_s: CountLimit | None = None
    load_kg: LoadLimit | None = None


class DateLimits(_Strict):
    """The earliest date anything may carry, and how far ahead a program may start."""

    earliest: dt.date
    earliest_why: str = Field(min_length=1)
    start_ahead_days: int = Field(ge=1, le=3660)
    start_ahead_why: str = Field(min_length=1)


class SetLimits(_Strict):
    """glutemed's input-plausibility limits (``data/set-limits.yaml``)."""

    source: str = Field(min_length=1)
    confidence: str = Field(min_length=1)
    reps: CountLimit
    reps_by_role: dict[Role, CountLimit] = Field(default_factory=dict)
    hold_s: CountLimit
    load_kg: dict[LoadKind, LoadLimit]
    variants: dict[str, VariantLimits] = Field(default_factory=dict)
    dates: DateLimits

    def reps_for(self, variant: Variant) -> CountLimit:
        """The reps limit of one variant."""
        own = self.variants.get(variant.id)
        return (own and own.reps) or self.reps_by_role.get(variant.role) or self.reps

    def hold_for(self, variant: Variant) -> CountLimit:
        """The seconds-held limit of one variant."""
        own = self.variants.get(variant.id)
        return (own and own.hold_s) or self.hold_s

    def load_for(self, variant: Variant, kind: LoadKind) -> LoadLimit | None:
        """The load limit of one variant (None: no limit is written for its kind)."""
        own = self.variants.get(variant.id)
        return (own and own.load_kg) or self.load_kg.get(kind)


def limits_path() -> Path:
    """The limits file shipped inside the package."""
    from importlib import resources

    return Path(str(resources.files("glutemed.progression") / "data" / LIMITS_FILE))


def load_limits(path: Path) -> SetLimits:
    """Read a limits file; a mistake is reported as ``file:line: field: message``."""
    from glutemed.catalog.loader import _read_yaml, _validate

    data, lines = _read_yaml(path)
    return _validate(SetLimits, path, data, lines)


@lru_cache(maxsize=1)
def default_limits() -> SetLimits:
    """The shipped limits, read once per process."""
    return load_limits(limits_path())


@dataclass(frozen=True)
class DateBounds:
    """The dates a set may carry: from the start of the person's log to their today."""

    earliest: dt.date
    latest: dt.date
    earliest_is: str = "the start of the log"
    """Words for the earliest date in a message, e.g. "the program's start"."""


def date_bounds(
    limits: SetLimits, *, today: dt.date, log_starts: dt.date | None, log_starts_is: str
) -> DateBounds:
    """Bounds from the person's local today and the day their log starts (None: unknown)."""
    floor = limits.dates.earliest
    if log_starts is None or log_starts < floor:
        return DateBounds(floor, today, "the earliest date glutemed accepts")
    return DateBounds(log_starts, today, log_starts_is)


@dataclass(frozen=True)
class Problem:
    """One reason a set cannot be stored: the field and what is allowed."""

    field: str
    message: str


class InvalidSet(InputError):
    """A set refused by :func:`check_set`; ``problems`` lists every reason (first first)."""

    def __init__(self, problems: list[Problem], where: str = "") -> None:
        self.problems = problems
        first, rest = problems[0], problems[1:]
        text = "; ".join([first.message, *(f"{p.field}: {p.message}" for p in rest)])
        super().__init__(f"{where}{first.field}", text)


def check_set(
    performed: PerformedSet,
    catalog: Catalog,
    limits: SetLimits,
    *,
    body_mass_kg: float | None,
    dates: DateBounds,
    sides_told_apart: bool = True,
    where: str = "",
) -> Variant:
    """The set's variant if the set can be stored; :class:`InvalidSet` otherwise.

    ``sides_told_apart=False`` is for imported history whose source did not record sides
    (a per-side ``both`` is then accepted). ``where`` prefixes the field in the message
    (``"sets.csv row 4: "``).
    """
    try:
        variant = catalog.variant(performed.variant_id)
    except UnknownIdError as exc:
        hint = f"; closest: {', '.join(exc.suggestions)}" if exc.suggestions else ""
        raise InvalidSet(
            [Problem("variant_id", f"unknown variant '{exc.value}'{hint}"
                     " (all ids: glutemed exercises list)")],
            where,
        ) from None
    found = set_problems(
        performed, variant, limits, body_mass_kg=body_mass_kg, dates=dates,
        sides_told_apart=sides_told_apart,
    )
    if found:
        raise InvalidSet(found, where)
    return variant


def set_problems(
    performed: PerformedSet,
    variant: Variant,
    limits: SetLimits,
    *,
    body_mass_kg: float | None,
    dates: DateBounds,
    sides_told_apart: bool = True,
) -> list[Problem]:
    """Every reason ``performed`` cannot be stored as a set of ``variant`` (empty: none)."""
    return [
        *_date_problems(performed.date, dates),
        *_side_problems(performed.side, variant, sides_told_apart),
        *_dose_problems(performed, variant, limits),
        *_equipment_problems(performed, variant, limits, body_mass_kg),
    ]


def _date_problems(date: dt.date, dates: DateBounds) -> list[Problem]:
    allowed = f"allowed {dates.earliest} to {dates.latest} (today)"
    if date > dates.latest:
        return [Problem("date", f"{date} is in the future; {allowed}")]
    if date < dates.earliest:
        return [Problem("date", f"{date} is before {dates.earliest_is} ({dates.earliest}); "
                                f"{allowed}")]
    return []


def _side_problems(side: Side, variant: Variant, sides_told_apart: bool) -> list[Problem]:
    from glutemed.catalog.models import Laterality

    if variant.laterality is Laterality.BILATERAL and side is not Side.BOTH:
        return [Problem("side", f"{variant.id} is done with both legs at once; allowed: both")]
    if variant.laterality is Laterality.PER_SIDE and side is Side.BOTH and sides_told_apart:
        return [Problem("side", f"{variant.id} is done one side at a time; allowed: left or "
                                "right (log each side as its own set)")]
    return []


def _dose_problems(
    performed: PerformedSet, variant: Variant, limits: SetLimits
) -> list[Problem]:
    if performed.reps is not None:
        if Mode.ISOTONIC not in variant.modes:
            return [Problem("reps", f"{variant.id} is held, not repeated; give hold_s "
                                    "(seconds held) instead of reps")]
        return _count_problem("reps", performed.reps, limits.reps_for(variant), "reps", variant)
    if performed.hold_s is not None:
        if Mode.ISOMETRIC not in variant.modes:
            return [Problem("hold_s", f"{variant.id} is done for reps, not held; give reps "
                                      "instead of hold_s")]
        return _count_problem("hold_s", performed.hold_s, limits.hold_for(variant), "s", variant)
    return []


def _count_problem(
    field: str, value: float, limit: CountLimit, unit: str, variant: Variant
) -> list[Problem]:
    if 0 <= value <= limit.max:
        return []
    return [Problem(field, f"{value:g} is out of range for one set of {variant.id}; allowed "
                           f"0 to {limit.max:g} {unit} ({SANITY})")]


def _equipment_problems(
    performed: PerformedSet, variant: Variant, limits: SetLimits, body_mass_kg: float | None
) -> list[Problem]:
    problems: list[Problem] = []
    band = variant.band
    if performed.band is not None and band is None:
        problems.append(Problem("band", f"{variant.id} uses no band; allowed: none (leave "
                                        "band and band_at empty)"))
    elif band is not None and performed.band_at is not None and performed.band_at != band.at:
        problems.append(Problem("band_at", f"{variant.id} has the band at the {band.at}; "
                                           f"allowed: {band.at}"))
    if performed.load_kg is not None:
        problems.extend(_load_problems(performed.load_kg, variant, limits, body_mass_kg))
    return problems


def _load_problems(
    load_kg: float, variant: Variant, limits: SetLimits, body_mass_kg: float | None
) -> list[Problem]:
    found = max_load_kg(variant, limits, body_mass_kg)
    if found is None:
        what = "uses a band; give band (and band_at)" if variant.band else "takes no load"
        return [Problem("load_kg", f"{variant.id} {what}, not load_kg; allowed: none")]
    top, why = found
    if 0 <= load_kg <= top:
        return []
    return [Problem("load_kg", f"{load_kg:g} kg is out of range for {variant.id}; allowed 0 to "
                               f"{round(top, 1):g} kg ({why}; {SANITY})")]


def max_load_kg(
    variant: Variant, limits: SetLimits, body_mass_kg: float | None
) -> tuple[float, str] | None:
    """The heaviest plausible load for one set of ``variant`` and why (absolute, or the
    body-mass multiple when that is lower); None when the variant takes no kg load."""
    kinds = [spec.kind for spec in variant.loads if spec.kind not in NO_KG_LOAD]
    if not kinds:
        return None
    limit = limits.load_for(variant, kinds[0])
    if limit is None:
        return math.inf, f"no limit is written for a {kinds[0]}"
    if body_mass_kg is not None and limit.max_body_mass * body_mass_kg < limit.max_kg:
        return (
            limit.max_body_mass * body_mass_kg,
            f"{limit.max_body_mass:g} × body mass {body_mass_kg:g} kg",
        )
    return limit.max_kg, f"the most for a {kinds[0]}"


def check_start_date(
    start: dt.date, today: dt.date, limits: SetLimits, *, field: str = "start_date"
) -> dt.date:
    """A program's first day, if it is not before the earliest date nor too far ahead of
    ``today``; else an error naming the allowed range."""
    low = limits.dates.earliest
    high = today + dt.timedelta(days=limits.dates.start_ahead_days)
    if not low <= start <= high:
        raise InputError(
            field,
            f"{start} is out of range; allowed {low} to {high} (a program starts at most "
            f"{limits.dates.start_ahead_days} days after today)",
        )
    return start
