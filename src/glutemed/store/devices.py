"""Paired devices and one-time pairing links (single-person mode's phones).

One repository per aggregate, like the training data's (:mod:`glutemed.store.people` and its
siblings); this one holds no training data: rows of (name, token hash, instants) that
:mod:`glutemed.services.devices` reads and writes. Tokens never reach this module, only
their SHA-256 hex digests. Like every repository it never commits; the unit of work does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from glutemed.store.tables import DevicePairingRow, DeviceRow


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """An instant as aware UTC (SQLite hands back naive UTC values)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass(frozen=True)
class DeviceRecord:
    """A paired device as stored (never its token)."""

    id: int
    name: str
    created_at: dt.datetime
    last_seen_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        """True until the device is revoked."""
        return self.revoked_at is None


@dataclass(frozen=True)
class PairingRecord:
    """A pairing link as stored (never its token)."""

    id: int
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None
    device_id: int | None


def _device(row: DeviceRow) -> DeviceRecord:
    return DeviceRecord(
        id=row.id,
        name=row.name,
        created_at=cast(dt.datetime, _utc(row.created_at)),
        last_seen_at=_utc(row.last_seen_at),
        revoked_at=_utc(row.revoked_at),
    )


def _pairing(row: DevicePairingRow) -> PairingRecord:
    return PairingRecord(
        id=row.id,
        created_at=cast(dt.datetime, _utc(row.created_at)),
        expires_at=cast(dt.datetime, _utc(row.expires_at)),
        used_at=_utc(row.used_at),
        device_id=row.device_id,
    )


class DevicesRepository:
    """Devices and pairing links, found by the hash of their token."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add_pairing(self, token_hash: str, now: dt.datetime, expires_at: dt.datetime) -> int:
        """Store a new pairing link; its id."""
        row = DevicePairingRow(token_hash=token_hash, created_at=now, expires_at=expires_at)
        self._s.add(row)
        self._s.flush()
        return row.id

    def pairing(self, token_hash: str, *, lock: bool = False) -> PairingRecord | None:
        """The pairing link with this token hash (locked for update when ``lock``)."""
        query = select(DevicePairingRow).where(DevicePairingRow.token_hash == token_hash)
        if lock:
            query = query.with_for_update()
        row = self._s.scalars(query).first()
        return None if row is None else _pairing(row)

    def use_pairing(self, pairing_id: int, device_id: int, now: dt.datetime) -> bool:
        """Mark a link used by ``device_id``; False when it was used already (by a
        concurrent request: the update only matches an unused row)."""
        result = self._s.execute(
            update(DevicePairingRow)
            .where(DevicePairingRow.id == pairing_id, DevicePairingRow.used_at.is_(None))
            .values(used_at=now, device_id=device_id)
        )
        return int(cast(Any, result).rowcount or 0) == 1

    def prune_pairings(self, now: dt.datetime) -> int:
        """Delete unused links that have expired (they can never be used); how many."""
        result = self._s.execute(
            delete(DevicePairingRow).where(
                DevicePairingRow.used_at.is_(None), DevicePairingRow.expires_at <= now
            )
        )
        return int(cast(Any, result).rowcount or 0)

    def add(self, name: str, token_hash: str, now: dt.datetime) -> DeviceRecord:
        """Store a newly paired device."""
        row = DeviceRow(name=name, token_hash=token_hash, created_at=now, last_seen_at=now)
        self._s.add(row)
        self._s.flush()
        return _device(row)

    def by_token_hash(self, token_hash: str) -> DeviceRecord | None:
        """The device holding this token (revoked or not)."""
        row = self._s.scalars(select(DeviceRow).where(DeviceRow.token_hash == token_hash)).first()
        return None if row is None else _device(row)

    def get(self, device_id: int) -> DeviceRecord | None:
        """One device by id."""
        row = self._s.get(DeviceRow, device_id)
        return None if row is None else _device(row)

    def all(self) -> list[DeviceRecord]:
        """Every device, newest pairing first."""
        rows = self._s.scalars(select(DeviceRow).order_by(DeviceRow.id.desc()))
        return [_device(r) for r in rows]

    def revoke(self, device_id: int, now: dt.datetime) -> bool:
        """End a device's pairing; False when it was revoked already."""
        result = self._s.execute(
            update(DeviceRow)
            .where(DeviceRow.id == device_id, DeviceRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(cast(Any, result).rowcount or 0) == 1

    def seen(self, device_id: int, now: dt.datetime) -> None:
        """Record when the device was last used."""
        self._s.execute(
            update(DeviceRow).where(DeviceRow.id == device_id).values(last_seen_at=now)
        )
