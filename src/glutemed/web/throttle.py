"""The login throttle: too many failed logins for one (username, client IP) within a sliding
window -- or from one client IP across every username -- and further attempts wait until
enough counted failures leave the window.

Two limits, because an attacker can choose either axis: ``max_failures`` guesses at one
account from one address, and ``max_per_address`` failures from one address whatever the
usernames (before, spraying a new username per attempt was never throttled). Usernames are
counted in their folded form (:func:`glutemed.usernames.fold_username`), the very form the
login looks accounts up by, so every spelling that can reach an account shares its limit.
The client IP is the connection's peer; a proxy's ``X-Forwarded-For`` is believed only from
the addresses in the ``trusted_proxies`` setting (see :mod:`glutemed.web.app`).

The policy lives once, in :class:`LoginThrottle`; where the failures are kept is a
:class:`FailureStore`, and the one the app has is :class:`DatabaseFailures`: one row per
failure in the database (``login_failures``), so every uvicorn worker, and the app after a
restart, counts the same failures: the limit is ``login_max_failures`` per clinic, not per
process. The store is a required argument, so no throttle can quietly fall back to a
per-process count.

Why the clock is the wall clock (``time.time``): a monotonic clock starts afresh in every
process, so two workers could not compare their instants. Several machines on one
PostgreSQL need synchronised clocks (NTP), as any shared expiry does.

Concurrent attempts. The check is "claim, then count": :meth:`LoginThrottle.begin_attempt`
first stores the attempt as a failure (committed), then counts the failures in the window.
Of any two attempts at the same moment, the one that counts second sees the other's row, so
a burst of parallel requests cannot slip more than ``max_failures`` guesses past the limit
(a check-then-record throttle lets every request of the burst through). An attempt that
succeeds clears the record; a refused one removes its own row, so waiting is not extended by
knocking. Rows older than the window are pruned on every write, so the table holds at most
the failures of one window.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from glutemed.services.account_ports import FailuresUnitOfWork

from glutemed.usernames import USERNAME_CHARS, fold_username

Key = tuple[str, str]
IP_CHARS = 64
"""An IPv6 address is at most 45 characters; 64 leaves room for a zone suffix."""


def throttle_key(username: str, ip: str) -> Key:
    """The key failures are counted under: the username folded exactly as the login folds
    it (``Eve``, `` eve`` and ``ＥＶＥ`` are one user to an attacker too), cut to the
    column's length, and the client IP."""
    return fold_username(username)[:USERNAME_CHARS], ip[:IP_CHARS]


class FailureStore(Protocol):
    """Where the throttle keeps failed-login instants (epoch seconds)."""

    def add(self, key: Key, at_s: float, *, prune_before_s: float) -> int:
        """Store one failure; first drop every failure at or before ``prune_before_s``."""
        ...

    def newest(self, key: Key, since_s: float, limit: int) -> list[float]:
        """The newest failures after ``since_s``, newest first, at most ``limit``."""
        ...

    def newest_from(self, ip: str, since_s: float, limit: int) -> list[float]:
        """The newest failures from ``ip`` (any username) after ``since_s``, newest first."""
        ...

    def remove(self, failure_id: int) -> None:
        """Drop one failure by the id ``add`` returned."""
        ...

    def clear(self, key: Key) -> None:
        """Drop every failure of this key."""
        ...


class LoginThrottle:
    """Counts failed logins per (username, IP), and per IP, over a sliding window.

    ``clock`` (seconds, wall clock by default) is a public attribute, so tests can move time
    without sleeping.
    """

    def __init__(
        self,
        max_failures: int,
        window_s: float,
        store: FailureStore,
        clock: Callable[[], float] = time.time,
        *,
        max_per_address: int | None = None,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.store = store
        self.clock = clock
        self.max_per_address = max_per_address

    def _wait_s(self, newest: list[float], now: float, limit: int) -> int:
        """Seconds until fewer than ``limit`` remain in the window; 0 when already."""
        if len(newest) < limit:
            return 0
        leaves_at = newest[limit - 1] + self.window_s
        return max(1, int(leaves_at - now) + 1)

    def retry_after_s(self, username: str, ip: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed now."""
        now = self.clock()
        key = throttle_key(username, ip)
        since = now - self.window_s
        newest = self.store.newest(key, since, self.max_failures)
        wait = self._wait_s(newest, now, self.max_failures)
        if self.max_per_address is not None:
            from_ip = self.store.newest_from(key[1], since, self.max_per_address)
            wait = max(wait, self._wait_s(from_ip, now, self.max_per_address))
        return wait

    def begin_attempt(self, username: str, ip: str) -> int:
        """Claim one attempt: 0 means go ahead (it counts as a failure until :meth:`reset`);
        otherwise the seconds to wait, and nothing was counted."""
        now = self.clock()
        key = throttle_key(username, ip)
        attempt = self.store.add(key, now, prune_before_s=now - self.window_s)
        since = now - self.window_s
        over = len(self.store.newest(key, since, self.max_failures + 1)) > self.max_failures
        if not over and self.max_per_address is not None:
            from_ip = self.store.newest_from(key[1], since, self.max_per_address + 1)
            over = len(from_ip) > self.max_per_address
        if not over:
            return 0
        self.store.remove(attempt)
        return max(1, self.retry_after_s(username, ip))

    def reset(self, username: str, ip: str) -> None:
        """Forget this username's failures from this address after a successful login."""
        self.store.clear(throttle_key(username, ip))


class UnitOfWorkFactory(Protocol):
    """Opens a unit of work on the app's database (``WebContext.uow``)."""

    def __call__(self, *, readonly: bool = False) -> FailuresUnitOfWork: ...


class DatabaseFailures:
    """Failures in the database, shared by every worker and kept across restarts.

    Each call is its own short transaction, committed at once: a failure must count for the
    other workers as soon as it happened, whatever the request does next.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def add(self, key: Key, at_s: float, *, prune_before_s: float) -> int:
        """Store one failure and prune old ones, in one transaction."""
        with self._uow() as uow:
            uow.login_failures.prune(prune_before_s)
            failure_id = uow.login_failures.add(key[0], key[1], at_s)
            uow.commit()
        return failure_id

    def newest(self, key: Key, since_s: float, limit: int) -> list[float]:
        """The newest failures after ``since_s`` (a read; takes no write lock)."""
        with self._uow(readonly=True) as uow:
            return uow.login_failures.newest(key[0], key[1], since_s, limit)

    def newest_from(self, ip: str, since_s: float, limit: int) -> list[float]:
        """The newest failures from ``ip``, any username (a read)."""
        with self._uow(readonly=True) as uow:
            return uow.login_failures.newest_from(ip, since_s, limit)

    def remove(self, failure_id: int) -> None:
        """Drop one failure by id."""
        with self._uow() as uow:
            uow.login_failures.remove(failure_id)
            uow.commit()

    def clear(self, key: Key) -> None:
        """Drop every failure of this key."""
        with self._uow() as uow:
            uow.login_failures.clear(key[0], key[1])
            uow.commit()
