"""A lock served in arrival order, for the web app's writes on SQLite.

``threading.Lock`` wakes any one of its waiters, and a non-blocking ``acquire`` that
arrives just as the lock is released usually wins. The event loop writes with exactly such
an ``acquire`` between requests (see :mod:`glutemed.web.usecases`), so under load a write
that had gone to a worker thread to wait could be overtaken again and again: with 50
clients logging sets at once, a few waited 9 s while the rest were answered in 0.4 s. Here
each ``acquire`` takes a ticket and is served in ticket order, and the non-blocking one
succeeds only when nobody holds the lock *and nobody is waiting*.
"""

from __future__ import annotations

import threading
from types import TracebackType


class FairLock:
    """A mutual-exclusion lock granted first come, first served (a ticket lock)."""

    def __init__(self) -> None:
        self._turn = threading.Condition(threading.Lock())
        self._next_ticket = 0
        self._serving = 0

    @property
    def queued(self) -> int:
        """Holders and waiters: 0 when the lock is free and nobody waits for it."""
        with self._turn:
            return self._next_ticket - self._serving

    def acquire(self, blocking: bool = True) -> bool:
        """Take the lock (waiting for every earlier caller); without ``blocking``, take it
        only if it is free and nobody is queued for it, else return False at once."""
        with self._turn:
            if not blocking:
                if self._next_ticket != self._serving:
                    return False
                self._next_ticket += 1
                return True
            ticket = self._next_ticket
            self._next_ticket += 1
            while self._serving != ticket:
                self._turn.wait()
            return True

    def release(self) -> None:
        """Hand the lock to the next ticket."""
        with self._turn:
            if self._next_ticket == self._serving:
                raise RuntimeError("release of a FairLock that is not held")
            self._serving += 1
            self._turn.notify_all()

    def __enter__(self) -> FairLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
