"""What pairing phones needs of a store: the devices repository in a transaction.

Single-person mode's paired devices (:mod:`glutemed.services.devices`) touch nothing of the
training data, so their protocol is its own: a :class:`~glutemed.services.ports.Transaction`
with :class:`Devices`, the methods the service calls with the SQL repository's signatures.
:class:`~glutemed.store.unit_of_work.SqlUnitOfWork` satisfies it structurally.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from glutemed.services.ports import Transaction
from glutemed.store.devices import DeviceRecord, PairingRecord


class Devices(Protocol):
    """Paired devices and one-time pairing links (tokens only as SHA-256 digests)."""

    def add_pairing(self, token_hash: str, now: dt.datetime, expires_at: dt.datetime) -> int:
        """Store a new pairing link; its id."""
        ...

    def pairing(self, token_hash: str, *, lock: bool = False) -> PairingRecord | None:
        """The link with this token hash (locked for update when ``lock``)."""
        ...

    def use_pairing(self, pairing_id: int, device_id: int, now: dt.datetime) -> bool:
        """Mark a link used; False when it was used already."""
        ...

    def prune_pairings(self, now: dt.datetime) -> int:
        """Delete unused expired links; how many."""
        ...

    def add(self, name: str, token_hash: str, now: dt.datetime) -> DeviceRecord:
        """Store a newly paired device."""
        ...

    def by_token_hash(self, token_hash: str) -> DeviceRecord | None:
        """The device holding this token (revoked or not)."""
        ...

    def get(self, device_id: int) -> DeviceRecord | None:
        """One device by id."""
        ...

    def all(self) -> list[DeviceRecord]:
        """Every device, newest pairing first."""
        ...

    def revoke(self, device_id: int, now: dt.datetime) -> bool:
        """End a device's pairing; False when it was revoked already."""
        ...

    def seen(self, device_id: int, now: dt.datetime) -> None:
        """Record when the device was last used."""
        ...


class DevicesUnitOfWork(Transaction, Protocol):
    """A transaction with the devices repository."""

    @property
    def devices(self) -> Devices: ...
