"""What an import of a whole history checks before it writes anything.

Every variant id is in the catalogue (an old id may be mapped to a current one first), every
decision can be stored, program starts are plausible, and every set is possible for its
variant and dated from the first program's start to today. The checks read no database, so a
dry run gives the same answer as the import; each refusal names where in the bundle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from glutemed.catalog.catalog import Catalog
from glutemed.errors import InputError, UnknownIdError
from glutemed.export.bundle import HistoryBundle, bundle_variant_ids, rename_variants
from glutemed.progression.models import PerformedSet
from glutemed.progression.validity import check_start_date, date_bounds, default_limits
from glutemed.services.set_checks import check_history


def checked_bundle(
    bundle: HistoryBundle,
    *,
    today: dt.date,
    catalog: Catalog | None = None,
    variant_map: Mapping[str, str] | None = None,
) -> HistoryBundle:
    """The bundle as :func:`import_bundle` would store it (ids mapped), once every check
    passes; an input error naming the first problem otherwise. Reads no database, so a dry
    run gives the same answer as the import."""
    from glutemed.catalog.loader import load_default_catalog

    catalog = catalog or load_default_catalog()
    if variant_map:
        bundle = rename_variants(bundle, _checked_map(variant_map, catalog))
    _check_variants(bundle, catalog)
    _check_storable(bundle)
    _check_dates_and_sets(bundle, catalog, today)
    return bundle


def _checked_map(variant_map: Mapping[str, str], catalog: Catalog) -> dict[str, str]:
    """The mapping, once every id it maps to is in the catalogue (closest ids otherwise)."""
    for old, new in variant_map.items():
        try:
            catalog.variant(new)
        except UnknownIdError as exc:
            raise InputError("--map", f"{old}={new}: {exc}") from None
    return dict(variant_map)


def _check_variants(bundle: HistoryBundle, catalog: Catalog) -> None:
    """Refuse a bundle naming a variant the catalogue does not have, saying where."""
    for where, variant_id in bundle_variant_ids(bundle):
        try:
            catalog.variant(variant_id)
        except UnknownIdError as exc:
            closest = f"; closest: {', '.join(exc.suggestions)}" if exc.suggestions else ""
            raise InputError(
                where,
                f"unknown variant '{variant_id}'{closest} (all ids: glutemed exercises list; "
                "map an old id to a current one with --map OLD-ID=NEW-ID)",
            ) from None


def _set_label(number: int, performed: PerformedSet) -> str:
    """How a refusal names a set of a bundle: its place in the file and what it was."""
    return (
        f"set {number + 1} ({performed.date}, {performed.variant_id}, {performed.side.value})"
    )


def _check_dates_and_sets(bundle: HistoryBundle, catalog: Catalog, today: dt.date) -> None:
    """Program starts plausible; sets, decisions and trained sessions dated from the first
    program's start to ``today``; every set possible for its variant."""
    limits = default_limits()
    starts = []
    for record in bundle.programs:
        start = record.start_date or today
        check_start_date(start, today, limits, field=f"programs[{record.key}].start_date")
        starts.append(start)
    bounds = date_bounds(
        limits, today=today, log_starts=min(starts, default=None),
        log_starts_is="the first program's start",
    )
    check_history(
        bundle.performed_sets, catalog, body_mass_kg=bundle.person.profile.mass_kg,
        dates=bounds, labels=[_set_label(i, s) for i, s in enumerate(bundle.performed_sets)],
    )
    dated = [
        *((f"decisions[{i}].date", d.date) for i, d in enumerate(bundle.decisions)),
        *(
            (f"programs[{r.key}].completed[{n}]", day)
            for r in bundle.programs
            for n, day in r.completed.items()
        ),
    ]
    for where, day in dated:
        if not bounds.earliest <= day <= bounds.latest:
            raise InputError(
                where, f"{day} is out of range; allowed {bounds.earliest} ({bounds.earliest_is}) "
                f"to {bounds.latest} (today)"
            )


def _check_storable(bundle: HistoryBundle) -> None:
    """Refuse, before writing anything, what the store cannot hold."""
    for number, decision in enumerate(bundle.decisions):
        if decision.prescription_before is None or decision.prescription_after is None:
            raise InputError(
                f"decisions[{number}]",
                "the store needs both prescription_before and prescription_after",
            )
