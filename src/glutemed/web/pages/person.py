"""A person's pages: onboarding, today (log sets with timers), program, progress, history,
export. Every ``/people/{person_id}/...`` route passes :func:`require_person` first."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from glutemed.catalog.models import BandLevel, LoadSite
from glutemed.errors import GlutemedError, InputError
from glutemed.programming.models import Goal, Level
from glutemed.progression.models import PerformedSet
from glutemed.ranges import bounds_of
from glutemed.web import outcomes as web_outcomes
from glutemed.web import usecases
from glutemed.web.context import (
    Clinician,
    Ctx,
    CurrentViewer,
    PersonId,
    SetId,
    WebContext,
    today_for,
    verify_csrf,
)
from glutemed.web.forms import client_id_from_form, performed_set_from_form, profile_from_form
from glutemed.web.people import client_attention, default_person_id
from glutemed.web.render import render
from glutemed.web.today import build_today

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _date(ctx: WebContext, person_id: int, override: str | None) -> dt.date:
    if override:
        try:
            return dt.date.fromisoformat(override)
        except ValueError:
            pass
    return today_for(ctx.timezone_of(person_id))


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    ctx: Ctx,
    viewer: CurrentViewer,
) -> Response:
    """Where to start: onboarding, the clinic list, or today's session."""
    if viewer.role == "clinician":
        return RedirectResponse("/clinic", status_code=303)
    person_id = default_person_id(ctx, viewer)
    if person_id is None:
        if viewer.role == "client":
            return render(request, "error.html", {"status_code": 404, "message": (
                "Your clinician has not set up your program yet.")}, status_code=404)
        return RedirectResponse("/onboarding", status_code=303)
    return RedirectResponse(f"/people/{person_id}/today", status_code=303)


def _form_values(form: Any) -> dict[str, Any]:
    """Submitted answers to show again after an error (never the password)."""
    values: dict[str, Any] = {
        k: v for k, v in form.multi_items() if isinstance(v, str) and k != "password"
    }
    for name in ("equipment", "avoid_provocations", "bands"):
        values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return values


def _onboarding_context(
    ctx: WebContext,
    values: dict[str, Any],
    error: str | None,
    *,
    person_id: int | None = None,
    viewer: Any = None,
) -> dict[str, Any]:
    templates = (usecases.templates(ctx, viewer.account_id)
                 if viewer is not None and viewer.role == "clinician" and viewer.account_id
                 and person_id is None else [])
    return {
        "templates": templates,
        "section": "onboarding" if person_id is None else "program",
        "person_id": person_id,
        "action": "/onboarding" if person_id is None else f"/people/{person_id}/program/new",
        "goals": list(Goal),
        "levels": list(Level),
        "equipment_all": ctx.catalog.equipment,
        "values": values,
        "error": error,
    }


@router.get("/onboarding", response_class=HTMLResponse)
def onboarding_form(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
) -> HTMLResponse:
    """The profile form: goal, days, weeks, equipment, level, body, things to avoid."""
    return render(request, "onboarding.html", _onboarding_context(ctx, {}, None, viewer=viewer))


def _template_program(ctx: WebContext, owner: int, form: Any, profile: Any) -> Any:
    """The program from the clinician's template chosen on the form (None: generate one)."""
    from glutemed.programming.editing import from_template

    raw = str(form.get("template_id") or "")
    if not raw:
        return None
    chosen = next((t for t in usecases.templates(ctx, owner) if str(t.id) == raw), None)
    if chosen is None:
        raise InputError("template_id", "choose one of your templates, or none")
    return from_template(chosen.program, profile, ctx.catalog, profile.equipment, chosen.name)


@router.post("/onboarding", response_class=HTMLResponse)
async def onboarding_submit(
    request: Request,
    ctx: Ctx,
    viewer: Clinician,
) -> Response:
    """Create the person and their program from the generator, then go to today."""
    from pydantic import ValidationError

    from glutemed.errors import format_validation_error

    form = await request.form()
    values = _form_values(form)
    name = str(form.get("name") or "").strip()
    try:
        profile = profile_from_form(form)
        units = str(form.get("units") or "kg")
        if viewer.role == "clinician" and viewer.account_id is not None:
            # The client's login, person, program and assignment: one transaction.
            person_id = await usecases.start_client(
                ctx, viewer.account_id, str(form.get("username") or ""),
                str(form.get("password") or ""), name, profile, today_for(), units=units,
                program=_template_program(ctx, viewer.account_id, form, profile),
            )
        else:
            person_id = await usecases.start_person(ctx, name, profile, today_for(), units=units)
    except ValidationError as exc:
        return render(request, "onboarding.html",
                      _onboarding_context(ctx, values, format_validation_error(exc),
                                          viewer=viewer),
                      status_code=422)
    except GlutemedError as exc:
        return render(request, "onboarding.html",
                      _onboarding_context(ctx, values, str(exc), viewer=viewer),
                      status_code=422)
    # Straight to the first session: the program (every week, thousands of pixels on a
    # phone) stays one tap away in the navigation.
    target = "/clinic" if viewer.role == "clinician" else f"/people/{person_id}/today"
    return RedirectResponse(target, status_code=303)


@router.get("/people/{person_id}/today", response_class=HTMLResponse)
def today_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
    viewer: CurrentViewer,
    date: str | None = None,
) -> HTMLResponse:
    """The session due: figure, targets, cues, last time, a log form per exercise."""
    from glutemed.web.views import figure_svg

    person = usecases.person(ctx, person_id)
    day = _date(ctx, person_id, date)
    view = build_today(ctx, person_id, day)
    morning_day, morning_sets = usecases.sets_awaiting_morning_pain(ctx, person_id, day)
    return render(request, "person/today.html", {
        "can_clear": viewer.role != "client",
        "morning_day": morning_day, "morning_sets": morning_sets,
        "section": "today", "person_id": person_id, "person": person, "view": view,
        "figures": {e.variant.id: figure_svg(e.variant) for e in view.entries},
        "bands": list(BandLevel), "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
        "outcomes_due": web_outcomes.schedule(ctx, person_id, day).due,
        "attention": client_attention(ctx, person_id) if viewer.role == "clinician" else None,
    })


@router.post("/people/{person_id}/sets", response_class=HTMLResponse)
async def log_set_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Log one set; the answer shows the engine's decision and starts the rest timer.

    A ``client_id`` field (the page's own id for the set, see ``app.js``) makes a resend of
    the same set answer with the first result instead of storing it twice."""
    from pydantic import ValidationError

    form = await request.form()
    today = await usecases.today_of(ctx, person_id)
    try:
        performed = performed_set_from_form(form, today, _asked_checks(ctx, form))
        client_id = client_id_from_form(form)
        answer = await usecases.log_set_once(ctx, person_id, performed, today, client_id)
    except (InputError, ValidationError) as exc:
        if request.headers.get("HX-Request") == "true":
            raise  # shown in the form's alert area, the field named and marked (app.js)
        return _log_refused(request, ctx, person_id, form, today, exc)
    decision, stored = answer.decision, answer.stored
    rest_raw = str(form.get("rest_s") or "0")
    index_raw = str(form.get("entry_index") or "")
    entry_index = int(index_raw) if index_raw.isdigit() else None
    failed = ctx.catalog.coaching(stored.performed.variant_id).failed(stored.performed.checks)
    context = {"person_id": person_id, "decision": decision, "performed": stored.performed,
               "failed": failed, "replayed": answer.replayed,
               "rest_s": int(rest_raw) if rest_raw.isdigit() else 0,
               "entry_index": entry_index}
    if request.headers.get("HX-Request") == "true":
        entry = _entry_after(ctx, person_id, today, entry_index, stored.performed.variant_id)
        return render(request, "person/_logged.html", {**context, "entry": entry})
    return render(request, "person/logged.html", {"section": "today", **context})


def set_errors(exc: Exception) -> dict[str, str]:
    """Why a set from a form was refused, by field (``""``: not about one field)."""
    from pydantic import ValidationError

    from glutemed.progression.validity import InvalidSet

    if isinstance(exc, InvalidSet):
        return {p.field: p.message for p in exc.problems}
    if isinstance(exc, ValidationError):
        found: dict[str, str] = {}
        for err in exc.errors():
            loc = err.get("loc") or ("",)
            found.setdefault(str(loc[0]), str(err.get("msg", "invalid value")))
        return found
    if isinstance(exc, InputError):
        return {exc.field: str(exc).removeprefix(f"{exc.field}: ")}
    return {"": str(exc)}


def kept_answers(form: Any) -> dict[str, Any]:
    """A refused form's answers, to show again (every field as typed)."""
    values: dict[str, Any] = {
        k: v for k, v in form.multi_items() if isinstance(v, str) and k != "csrf_token"
    }
    values["red_flags"] = [v for v in form.getlist("red_flags") if isinstance(v, str)]
    return values


def _log_refused(
    request: Request, ctx: WebContext, person_id: int, form: Any, day: dt.date, exc: Exception
) -> Response:
    """The log form again (without JavaScript), answers kept, each problem beside its field
    (422); nothing was stored. With htmx the form stays and its alert area says why."""
    index_raw = str(form.get("entry_index") or "")
    view = build_today(ctx, person_id, day)
    entry = next((e for e in view.entries if str(e.index) == index_raw), None)
    if entry is None:  # not a form of today's page: the plain error page says why
        raise exc
    context = {
        "section": "today", "person_id": person_id, "person": usecases.person(ctx, person_id),
        "e": entry, "day": day, "form_index": entry.index, "form_errors": set_errors(exc),
        "form_values": kept_answers(form), "bands": list(BandLevel),
        "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
    }
    return render(request, "person/log_refused.html", context, status_code=422)


def _asked_checks(ctx: WebContext, form: Any) -> list[str]:
    """The technique checks a set of the form's exercise asks, for the "Yes to every
    check" box."""
    variant_id = form.get("variant_id")
    return _checks_of(ctx, variant_id.strip()) if isinstance(variant_id, str) else []


def _checks_of(ctx: WebContext, variant_id: str) -> list[str]:
    """The ids of the technique checks a set of the variant asks (its family's and its own,
    as the progression engine counts them); none for an unknown id (logging names it)."""
    from glutemed.errors import UnknownIdError

    try:
        variant = ctx.catalog.variant(variant_id)
    except UnknownIdError:
        return []
    return [check.id for check in ctx.catalog.family_of(variant).checks_for(variant)]


def _entry_after(
    ctx: WebContext, person_id: int, day: dt.date, index: int | None, variant_id: str
) -> Any:
    """Today's card the set was logged from, read again after the set, so the answer can
    update its set number, the side offered next and "done today" in place (None when the
    card cannot be matched, e.g. the session changed meanwhile: the page then just keeps
    its old counts until the next load)."""
    if index is None:
        return None
    for entry in build_today(ctx, person_id, day).entries:
        variants = {entry.variant.id, *(item.slot for item in entry.items)}
        if entry.index == index and variant_id in variants:
            return entry
    return None


@router.get("/people/{person_id}/program", response_class=HTMLResponse)
def program_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """The program week by week, with the reasons for its choices."""
    record = usecases.active_program(ctx, person_id)
    names = {v.id: v.name for v in ctx.catalog.variants}
    return render(request, "person/program.html", {
        "section": "program", "person_id": person_id, "record": record, "names": names,
        "person": usecases.person(ctx, person_id),
    })


@router.get("/people/{person_id}/progress", response_class=HTMLResponse)
def progress_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """Trends, left-right asymmetry and the reason behind each progression decision."""
    from glutemed.web.progress import decisions_by_session, progress_view

    decisions = usecases.decisions(ctx, person_id, limit=200)
    return render(request, "person/progress.html", {
        "section": "progress", "person_id": person_id,
        "person": usecases.person(ctx, person_id),
        "progress": progress_view(ctx, person_id),
        "decisions": decisions,
        "sessions": decisions_by_session(decisions)[:30],
        "names": {v.id: v.name for v in ctx.catalog.variants},
    })


@router.get("/people/{person_id}/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
    undo: int | None = None,
    saved: int | None = None,
) -> HTMLResponse:
    """Every logged set, newest first, each with edit and delete (and, after an edit, a
    notice saying which set was saved)."""
    sets = usecases.list_sets(ctx, person_id)
    return render(request, "person/history.html", {
        "section": "history", "person_id": person_id,
        "person": usecases.person(ctx, person_id),
        "sets": sets,
        "undo": undo,
        "saved": next((s for s in sets if s.id == saved), None),
        "names": {v.id: v.name for v in ctx.catalog.variants},
        "asked_checks": {
            vid: _checks_of(ctx, vid) for vid in {s.performed.variant_id for s in sets}
        },
    })


@router.get("/people/{person_id}/sets/{set_id}/edit", response_class=HTMLResponse)
def edit_set_form(
    request: Request,
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """A form with the set's values, to correct them."""
    stored = usecases.get_set(ctx, person_id, set_id)
    return _edit_set_page(request, ctx, person_id, stored)


def _edit_set_page(
    request: Request,
    ctx: WebContext,
    person_id: int,
    stored: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: list[tuple[str | None, str]] | None = None,
) -> HTMLResponse:
    """The edit form: the stored values, or after a refused save the values sent again
    (nothing typed is lost) with an error summary linked to each field. It offers only what
    the exercise can be: its sides, a load only where it takes kilograms, the set limits
    and no date after today."""
    from glutemed.catalog.models import Laterality
    from glutemed.progression.validity import default_limits, max_load_kg

    variant = ctx.catalog.variant(stored.performed.variant_id)
    family = ctx.catalog.family_of(variant)
    per_side = variant.laterality is Laterality.PER_SIDE
    # A per-side set imported without its side (a tracker's "both") may keep it.
    unsided = per_side and stored.performed.side.value == "both"
    sides = ["left", "right", *(["both"] if unsided else [])] if per_side else ["both"]
    return render(request, "person/edit_set.html", {
        "section": "history", "person_id": person_id, "stored": stored, "variant": variant,
        "checks": family.checks_for(variant), "bands": list(BandLevel),
        "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
        "person": usecases.person(ctx, person_id), "sides": sides,
        "takes_kg": max_load_kg(variant, default_limits(), None) is not None,
        "today": today_for(ctx.timezone_of(person_id)),
        "values": values, "errors": errors or [],
    }, status_code=422 if errors else 200)


@router.post("/people/{person_id}/sets/{set_id}/edit")
async def edit_set_submit(
    request: Request,
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Save the corrected set, then say so on the history page; a value out of range shows
    the form again with the answers kept and the field named."""
    from pydantic import ValidationError

    from glutemed.errors import UnknownIdError
    from glutemed.web.forms import field_errors

    form = await request.form()
    stored = usecases.get_set(ctx, person_id, set_id)
    try:
        performed = performed_set_from_form(
            form, stored.performed.date, _asked_checks(ctx, form)
        )
        await usecases.edit_set(ctx, person_id, set_id, performed)
    except UnknownIdError:
        raise
    except (ValidationError, GlutemedError) as exc:
        return _edit_set_page(request, ctx, person_id, stored,
                              values=kept_answers(form), errors=field_errors(exc))
    return RedirectResponse(f"/people/{person_id}/history?saved={set_id}", status_code=303)


@router.post("/people/{person_id}/sets/{set_id}/delete")
async def delete_set_submit(
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Delete a set; the history page then offers to undo it."""
    await usecases.delete_set(ctx, person_id, set_id)
    return RedirectResponse(f"/people/{person_id}/history?undo={set_id}", status_code=303)


@router.post("/people/{person_id}/sets/{set_id}/undo")
async def undo_delete_submit(
    set_id: SetId,
    person_id: PersonId,
    ctx: Ctx,
) -> Response:
    """Bring a deleted set back."""
    await usecases.delete_set(ctx, person_id, set_id, undo=True)
    return RedirectResponse(f"/people/{person_id}/history", status_code=303)


@router.get("/people/{person_id}/export", response_class=HTMLResponse)
def export_page(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
) -> HTMLResponse:
    """Links to the PDF handout, the calendar and the CSV/JSON history."""
    return render(request, "person/export.html", {
        "section": "export", "person_id": person_id, "person": usecases.person(ctx, person_id),
    })


@router.get("/people/{person_id}/export.{fmt}")
def export_file(
    fmt: str,
    person_id: PersonId,
    ctx: Ctx,
    large: Annotated[bool, Query(description="large-print handout (pdf only)")] = False,
) -> Response:
    """The export in one format: pdf, ics, csv or json (``?large=true``: large-print PDF)."""
    from glutemed.web.exports import export_bytes

    body, media_type, filename = export_bytes(
        ctx, person_id, fmt, dt.datetime.now(dt.UTC), large_print=large
    )
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def _prescription_at(record: Any, week: int, session: int, item: int) -> Any:
    try:
        return record.program.weeks[week - 1].sessions[session - 1].items[item]
    except (IndexError, AttributeError):
        raise HTTPException(404, "no such prescription in this program") from None


@router.get("/people/{person_id}/program/edit", response_class=HTMLResponse)
def edit_prescription_form(
    request: Request,
    person_id: PersonId,
    ctx: Ctx,
    week: Annotated[int, Query(ge=1, description="program week, from 1")] = 1,
    session: Annotated[int, Query(ge=1, description="session of the week, from 1")] = 1,
    item: Annotated[int, Query(ge=0, description="item of the session, from 0")] = 0,
) -> HTMLResponse:
    """A form to change one prescription of the program (dose, load or band, rest).

    The position is bounded below: a negative index would count from the end of a list and
    open another week's prescription; one past the end is a 404."""
    record = usecases.active_program(ctx, person_id)
    prescription = _prescription_at(record, week, session, item)
    return render(request, "person/edit_prescription.html", {
        "section": "program", "person_id": person_id, "p": prescription,
        "week": week, "session": session, "item": item,
        "name": ctx.catalog.variant(prescription.variant_id).name,
        "bands": list(BandLevel), "band_sites": [LoadSite.KNEES, LoadSite.ANKLES, LoadSite.FEET],
        "error": None,
    })


@router.post("/people/{person_id}/program/edit")
async def edit_prescription_submit(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: CurrentViewer
) -> Response:
    """Save the changed prescription as a new program version (the old one is kept), if
    the program is not locked for this viewer; who and when are recorded."""
    from glutemed.web.forms import dose_form_words, edit_program

    form = await request.form()
    record = usecases.active_program(ctx, person_id)
    if record is None:
        raise HTTPException(404, "this person has no program")
    program = edit_program(record.program, form)
    by, role = usecases.author(ctx, viewer, person_id)
    what, edit = dose_form_words(record.program, program, ctx.catalog)
    await usecases.save_dose_form(ctx, person_id, program, record.start_date, by=by,
                                  role=role, what=what, edit=edit)
    return RedirectResponse(f"/people/{person_id}/program", status_code=303)


def _profile_values(profile: Any) -> dict[str, Any]:
    """A stored profile as onboarding-form values (so the form opens filled in)."""
    values: dict[str, Any] = {
        k: v for k, v in profile.model_dump(mode="json").items() if not isinstance(v, dict | list)
    }
    values["equipment"] = sorted(profile.equipment)
    values["avoid_provocations"] = sorted(profile.avoid_provocations)
    values["avoid_weight_bearing"] = "yes" if profile.avoid_weight_bearing else ""
    values["surgery_cleared"] = "yes" if profile.surgery_cleared else ""
    for name in ("fell_last_year", "one_leg_10s"):
        answer = getattr(profile, name)
        values[name] = "" if answer is None else "yes" if answer else "no"
    values["bands"] = sorted(b.value for b in profile.bands)
    for name in ("cuff_kg", "dumbbell_kg"):
        values[name] = ", ".join(f"{kg:g}" for kg in sorted(getattr(profile, name)))
    return {k: ("" if v is None else v) for k, v in values.items()}


@router.get("/people/{person_id}/program/new", response_class=HTMLResponse)
def new_program_form(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: Clinician
) -> HTMLResponse:
    """Assign a new program: the profile form, filled in with the current profile."""
    record = usecases.active_program(ctx, person_id)
    profile = record.program.profile if record else usecases.person(ctx, person_id).profile
    values = _profile_values(profile)
    values["name"] = usecases.person(ctx, person_id).name
    return render(request, "onboarding.html",
                  _onboarding_context(ctx, values, None, person_id=person_id))


@router.post("/people/{person_id}/program/new")
async def new_program_submit(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: Clinician
) -> Response:
    """Generate a program from the (changed) profile and make it the active version."""
    from pydantic import ValidationError

    from glutemed.errors import format_validation_error
    from glutemed.programming.generator import generate_program

    form = await request.form()
    values = _form_values(form)
    try:
        program = generate_program(profile_from_form(form), ctx.catalog)
    except (ValidationError, GlutemedError) as exc:
        message = format_validation_error(exc) if isinstance(exc, ValidationError) else str(exc)
        return render(request, "onboarding.html",
                      _onboarding_context(ctx, values, message, person_id=person_id),
                      status_code=422)
    timezone = usecases.person(ctx, person_id).timezone
    by, role = usecases.author(ctx, viewer, person_id)
    await usecases.save_new_program(ctx, person_id, program, today_for(timezone), by=by,
                                    role=role)
    return RedirectResponse(f"/people/{person_id}/program", status_code=303)


@router.post("/people/{person_id}/safety/clear")
async def clear_pause_submit(
    request: Request, person_id: PersonId, ctx: Ctx, viewer: CurrentViewer
) -> Response:
    """Resume progression after a warning sign: a clinician in clinic mode, the person
    themselves (with an explicit confirmation) in single-person mode."""
    if viewer.role == "client":
        raise HTTPException(status_code=403, detail="only your clinician can clear this")
    form = await request.form()
    by = viewer.username or usecases.person(ctx, person_id).name + " (self-reported)"
    await usecases.clear_pause(ctx, person_id, by=by, note=str(form.get("note") or ""),
                               confirmed=form.get("confirm") == "yes")
    return RedirectResponse(f"/people/{person_id}/today", status_code=303)


@router.post("/people/{person_id}/morning-pain")
async def morning_pain_submit(request: Request, person_id: PersonId, ctx: Ctx) -> Response:
    """Record how the hip feels the morning after training, on every set of that day."""
    form = await request.form()
    raw = str(form.get("pain_next_morning") or "")
    pain = bounds_of(PerformedSet, "pain_next_morning")
    if not raw.isdigit() or not pain.contains(int(raw)):
        raise InputError("pain_next_morning", f"give a whole number, {pain.describe()}")
    ids = [int(v) for v in form.getlist("set_id") if isinstance(v, str) and v.isdigit()]
    await usecases.record_morning_pain(ctx, person_id, ids, int(raw))
    return RedirectResponse(f"/people/{person_id}/today", status_code=303)
