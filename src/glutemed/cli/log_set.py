"""``glutemed log``: one set from its options (or, with no variant, from questions), saved with
the decision it leads to and the new target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from glutemed.cli import io as cli_io
from glutemed.cli import log_questions, values
from glutemed.cli import training_render as R
from glutemed.cli.db import db_option

if TYPE_CHECKING:
    from glutemed.catalog.catalog import Catalog
    from glutemed.store.records import PersonRecord


def log(
    variant: str | None = typer.Argument(None, help="Variant id (omit to be asked)."),
    side: str | None = typer.Option(None, "--side", help="left, right or both."),
    reps: int | None = typer.Option(None, "--reps", help="Repetitions done."),
    hold_s: float | None = typer.Option(None, "--hold-s", help="Seconds held."),
    load_kg: float | None = typer.Option(None, "--load-kg", help="External load in kg."),
    load_lb: float | None = typer.Option(None, "--load-lb", help="External load in lb."),
    band: str | None = typer.Option(None, "--band", help="Band level, e.g. red, green, blue."),
    band_at: str | None = typer.Option(None, "--band-at", help="knees, ankles or feet."),
    rir: int | None = typer.Option(None, "--rir", help="Reps in reserve, 0-10."),
    pain: int | None = typer.Option(None, "--pain", help="Pain during the set, 0-10."),
    pain_next_morning: int | None = typer.Option(
        None, "--pain-next-morning", help="Pain the next morning, 0-10 (or add it later)."
    ),
    checks: str | None = typer.Option(
        None, "--checks", help="Technique checks: pass, fail, or CHECK=yes|no,... by id."
    ),
    felt: str | None = typer.Option(None, "--felt", help="Where you felt it."),
    note: str | None = typer.Option(None, "--note", help="A note."),
    warning: str | None = typer.Option(
        None,
        "--warning-sign",
        help="Comma list of warning signs: severe-pain, night-pain, fall-or-injury, "
        "numbness-tingling, fever (any one means: see a clinician).",
    ),
    date: str | None = typer.Option(None, "--date", help="Day done, YYYY-MM-DD (default: today)."),
    person: str | None = typer.Option(None, "--person", help=values.PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    db: str | None = db_option(),
) -> None:
    """Log one set and see what to do next, and why.

    Without a variant (in a terminal) you are asked for each answer, including every
    technique check. The set, the decision and the new target are saved together.

    Example:
        glutemed log side-lying-abduction.cuff-ankle --side left --reps 12 --load-kg 1 --rir 2 --pain 1 --checks pass
        glutemed log side-plank.short --side right --hold-s 30 --pain 0 --checks pass
        glutemed log side-plank.short --side left --hold-s 20 --pain 4 --warning-sign night-pain
        glutemed log
    """  # noqa: E501
    from glutemed.progression.models import PerformedSet
    from glutemed.services.people import local_today
    from glutemed.services.set_logging import log_set

    engine = cli_io.open_store(db)
    who = cli_io.person(engine, person)
    day = values.parse_date(date, who)
    catalog = cli_io.catalog()
    if variant is None:
        answers = log_questions.ask_set(engine, who, catalog, day)
    else:
        answers = _set_from_options(
            catalog,
            variant,
            who,
            side=side,
            reps=reps,
            hold_s=hold_s,
            load_kg=load_kg,
            load_lb=load_lb,
            band=band,
            band_at=band_at,
            checks=checks,
        )
    answers.update(
        {
            k: v
            for k, v in {
                "rir": rir,
                "pain_during": pain,
                "pain_next_morning": pain_next_morning,
                "felt_in": felt,
                "note": note,
            }.items()
            if v is not None
        }
    )
    if warning is not None:
        answers["red_flags"] = _parse_warnings(warning)
    performed = PerformedSet.model_validate({"date": day, **answers})
    with cli_io.about(who):
        decision = log_set(
            cli_io.unit_of_work(engine), who.id, performed, catalog, local_today(who.timezone)
        )
    if as_json:
        cli_io.echo_json(decision.model_dump(mode="json"))
        return
    cli_io.say_person(who)
    R.print_decision(
        decision.action,
        decision.explanation,
        decision.prescription,
        who.units,
        [f.rule_id for f in decision.fired if f.applied],
        (performed.variant_id, performed.side.value),
        catalog.coaching(performed.variant_id).failed(performed.checks),
    )


def _set_from_options(
    catalog: Catalog,
    variant: str,
    who: PersonRecord,
    *,
    side: str | None,
    reps: int | None,
    hold_s: float | None,
    load_kg: float | None,
    load_lb: float | None,
    band: str | None,
    band_at: str | None,
    checks: str | None,
) -> dict[str, Any]:
    from glutemed.catalog.models import BandLevel
    from glutemed.errors import InputError
    from glutemed.units import from_display

    found = catalog.variant(variant)
    if side is None:
        raise InputError("--side", "required: left, right or both")
    values.choice("--side", side, ["left", "right", "both"])
    if (reps is None) == (hold_s is None):
        raise InputError("--reps/--hold-s", "give exactly one of --reps N or --hold-s S")
    if load_kg is not None and load_lb is not None:
        raise InputError("--load-kg/--load-lb", "give the load in one unit only")
    values.choice("--band", band, [b.value for b in BandLevel])
    values.choice("--band-at", band_at, ["knees", "ankles", "feet"])
    load = load_kg if load_lb is None else from_display(load_lb, "lb")
    return {
        "variant_id": found.id,
        "side": side,
        "reps": reps,
        "hold_s": hold_s,
        "load_kg": load,
        "band": band,
        "band_at": band_at,
        "checks": _parse_checks(checks, catalog.coaching(found).check_ids),
    }


def _parse_warnings(value: str) -> list[str]:
    """``--warning-sign`` as a list of known warning-sign names."""
    from glutemed.progression.models import RedFlag

    allowed = [flag.value for flag in RedFlag]
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    for part in chosen:
        values.choice("--warning-sign", part, allowed)
    return chosen


def _parse_checks(value: str | None, ids: list[str]) -> dict[str, bool]:
    """``pass`` (every check yes), ``fail`` (technique not kept), or ``id=yes,id=no``."""
    from glutemed.errors import InputError

    if value is None:
        return {}
    if value == "pass":
        return dict.fromkeys(ids, True)
    if value == "fail":
        return {"technique": False}
    answers: dict[str, bool] = {}
    for part in (p.strip() for p in value.split(",") if p.strip()):
        key, _, answer = part.partition("=")
        if key not in ids or answer not in ("yes", "no"):
            raise InputError(
                "--checks", f"'{part}' is not pass, fail or CHECK=yes|no; checks: {', '.join(ids)}"
            )
        answers[key] = answer == "yes"
    return answers
