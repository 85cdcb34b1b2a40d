"""Which person a page is about, read through the store's unit of work."""

from __future__ import annotations

from glutemed.errors import UnknownIdError
from glutemed.services.attention import ClientAttention, Listing
from glutemed.store.records import PersonRecord
from glutemed.web.context import Viewer, WebContext, storable_id


def default_person_id(ctx: WebContext, viewer: Viewer) -> int | None:
    """The person a viewer trains as: the only person (single mode) or the client's own."""
    if viewer.role == "client":
        return viewer.own_person_id
    if viewer.role == "clinician":
        return None
    with ctx.uow(readonly=True) as uow:
        people = uow.people.all()
    return people[0].id if people else None


def person_info(ctx: WebContext, person_id: int) -> PersonRecord | None:
    """The stored person, or None when the id does not exist (or could not: see
    :data:`glutemed.web.context.MAX_ID`)."""
    if not storable_id(person_id):
        return None
    with ctx.uow(readonly=True) as uow:
        try:
            record: PersonRecord = uow.people.get(person_id)
        except UnknownIdError:
            return None
    return record


def people_for(ctx: WebContext, viewer: Viewer) -> list[PersonRecord]:
    """Every person this viewer may see, oldest first."""
    with ctx.uow(readonly=True) as uow:
        people: list[PersonRecord] = uow.people.all()
    return [p for p in people if viewer.can_access(p.id)]


def attention(ctx: WebContext, viewer: Viewer, listing: Listing) -> list[ClientAttention]:
    """The clinician's clients, each with the needs-attention flags, sorted and filtered."""
    from glutemed.services.attention import attention_list
    from glutemed.web.context import today_for

    return attention_list(ctx.uow(readonly=True), people_for(ctx, viewer), ctx.catalog,
                          lambda p: today_for(p.timezone), listing)


def client_attention(ctx: WebContext, person_id: int) -> ClientAttention:
    """One client's flags, for the top of their own pages."""
    from glutemed.services.attention import client_attention as one
    from glutemed.web.context import today_for

    person = person_info(ctx, person_id)
    if person is None:
        raise UnknownIdError("person", str(person_id), [])
    return one(ctx.uow(readonly=True), person, ctx.catalog, today_for(person.timezone))
