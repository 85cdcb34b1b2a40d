"""Pairing a phone with single-person mode: one-time links, device sessions, revocation.

Single-person mode has no login: on this computer (loopback) the app is simply yours. A
phone on the local network must be *paired* first:

1. :func:`new_pairing` makes a one-time link (a random token; only its SHA-256 is stored)
   that stops working after a few minutes or after its first use.
2. :func:`pair` redeems the link once: it stores a new device with a second random token
   (again, only the hash is stored) and hands that token back to go in a long-lived cookie.
3. :func:`device_for` finds the device behind a cookie's token on every request; only an
   active (not revoked) device opens anything.

Tokens are 256-bit random values, so a plain SHA-256 (not a slow password hash) is the
right way to store them: there is nothing to guess and a copy of the database gives nobody
a working token. These are not clinic accounts (clinic mode has logins, and never uses
this module).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutemed.errors import GlutemedError, InputError, UnknownIdError
from glutemed.store.devices import DeviceRecord

if TYPE_CHECKING:
    from glutemed.services.device_ports import DevicesUnitOfWork

PAIRING_TTL = dt.timedelta(minutes=15)
"""How long a pairing link works if nobody uses it: long enough to find the phone, short
enough that a photo of the code taken later is worthless."""

NAME_CHARS = 80
"""A device name's limit (its column's length)."""

SEEN_EVERY = dt.timedelta(minutes=10)
"""``last_seen_at`` is written at most this often per device, not on every request."""


class PairingRefused(GlutemedError):
    """A pairing link that cannot be used (unknown, used already, or expired)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Pairing:
    """A new one-time link's token (shown once, as a QR code) and when it stops working."""

    token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Paired:
    """A newly paired device and the token its cookie keeps."""

    device: DeviceRecord
    token: str


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_pairing(
    uow: DevicesUnitOfWork, now: dt.datetime, ttl: dt.timedelta = PAIRING_TTL
) -> Pairing:
    """A one-time pairing link, valid for ``ttl``; expired unused links are removed."""
    token = secrets.token_urlsafe(32)
    with uow:
        uow.devices.prune_pairings(now)
        uow.devices.add_pairing(token_hash(token), now, now + ttl)
        uow.commit()
    return Pairing(token=token, expires_at=now + ttl)


def check_pairing(uow: DevicesUnitOfWork, token: str, now: dt.datetime) -> None:
    """Raise :class:`PairingRefused` when the link cannot be used (nothing is changed)."""
    with uow:
        _usable(uow, token, now, lock=False)


def _usable(uow: DevicesUnitOfWork, token: str, now: dt.datetime, *, lock: bool) -> int:
    found = uow.devices.pairing(token_hash(token), lock=lock) if token else None
    if found is None:
        raise PairingRefused(
            "this pairing link is not known here: it may be from another computer, or "
            "mistyped"
        )
    if found.used_at is not None:
        raise PairingRefused(
            "this pairing link has been used already; each link pairs one phone, once. "
            "Make a new one on the computer"
        )
    if found.expires_at <= now:
        raise PairingRefused(
            "this pairing link has expired (links work for "
            f"{int(PAIRING_TTL.total_seconds() // 60)} minutes). Make a new one on the computer"
        )
    return found.id


def clean_name(name: str) -> str:
    """A device name as stored: trimmed, 1 to :data:`NAME_CHARS` characters, printable."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("name", "give the device a name, e.g. 'My phone'")
    if len(cleaned) > NAME_CHARS:
        raise InputError("name", f"use at most {NAME_CHARS} characters ({len(cleaned)} given)")
    if any(not ch.isprintable() for ch in cleaned):
        raise InputError("name", "use printable characters only")
    return cleaned


def pair(uow: DevicesUnitOfWork, token: str, name: str, now: dt.datetime) -> Paired:
    """Redeem a pairing link for a new device; the link can never be used again.

    One transaction: the device is stored and the link marked used together, or neither.
    The link's row is locked (PostgreSQL) or the database's write lock held (SQLite), and
    the update that marks it used only matches an unused row, so two phones opening the
    same link at once pair one device, never two.
    """
    cleaned = clean_name(name)
    device_token = secrets.token_urlsafe(32)
    with uow:
        pairing_id = _usable(uow, token, now, lock=True)
        device = uow.devices.add(cleaned, token_hash(device_token), now)
        if not uow.devices.use_pairing(pairing_id, device.id, now):
            raise PairingRefused("this pairing link has been used already")
        uow.commit()
    return Paired(device=device, token=device_token)


def device_for(uow: DevicesUnitOfWork, token: str | None) -> DeviceRecord | None:
    """The device holding this token, or ``None`` (no token, or unknown). A revoked device
    is returned too, so the caller can say it was unpaired; only ``.active`` ones pass."""
    if not token:
        return None
    with uow:
        found = uow.devices.by_token_hash(token_hash(token))
    return found


def mark_seen(uow: DevicesUnitOfWork, device_id: int, now: dt.datetime) -> None:
    """Record that the device was used just now."""
    with uow:
        uow.devices.seen(device_id, now)
        uow.commit()


def list_devices(uow: DevicesUnitOfWork) -> list[DeviceRecord]:
    """Every device ever paired, newest first (revoked ones say when)."""
    with uow:
        return uow.devices.all()


def revoke(uow: DevicesUnitOfWork, device_id: int, now: dt.datetime) -> DeviceRecord:
    """Unpair a device at once: its cookie opens nothing from its next request on."""
    with uow:
        if uow.devices.get(device_id) is None:
            raise UnknownIdError("device", str(device_id))
        uow.devices.revoke(device_id, now)
        uow.commit()
        revoked = uow.devices.get(device_id)
    if revoked is None:  # deleted by another writer in between: say so, never pretend
        raise UnknownIdError("device", str(device_id))
    return revoked
