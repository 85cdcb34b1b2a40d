"""A paired device's use cases: seen now and then, a pairing link made or used, a device
unpaired (:mod:`glutemed.services.devices` holds the rules; the writes go through
:func:`glutemed.web.database_work.write`, so the phone gate never holds the event loop on
a lock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from glutemed.web.context import WebContext
from glutemed.web.database_work import write


async def mark_device_seen(ctx: WebContext, device_id: int, now: dt.datetime) -> None:
    """Record that a paired device was just used."""
    from glutemed.services import devices

    await write(ctx, lambda uow: devices.mark_seen(uow, device_id, now))


async def new_pairing(ctx: WebContext, now: dt.datetime) -> Any:
    """A one-time pairing link (``services.devices.Pairing``)."""
    from glutemed.services import devices

    return await write(ctx, lambda uow: devices.new_pairing(uow, now))


async def pair_device(ctx: WebContext, token: str, name: str, now: dt.datetime) -> Any:
    """Use a pairing link for a new device (``services.devices.Paired``)."""
    from glutemed.services import devices

    return await write(ctx, lambda uow: devices.pair(uow, token, name, now))


async def revoke_device(ctx: WebContext, device_id: int, now: dt.datetime) -> None:
    """Unpair a device."""
    from glutemed.services import devices

    await write(ctx, lambda uow: devices.revoke(uow, device_id, now))

