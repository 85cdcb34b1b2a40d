"""The web app's write lock is served in arrival order.

The event loop takes it without waiting between requests; a write that went to a worker
thread to wait must not be overtaken by the loop again and again (under 50 clients a few
sets waited 9 s with ``threading.Lock``; ``benchmarks/bench_load.py`` shows it).
"""

from __future__ import annotations

import threading
import time

import pytest

from glutemed.web.fair_lock import FairLock


def _wait_until(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_a_waiting_thread_is_served_before_a_later_try() -> None:
    lock = FairLock()
    order: list[str] = []
    lock.acquire()

    def waiter() -> None:
        with lock:
            order.append("thread")

    thread = threading.Thread(target=waiter)
    thread.start()
    _wait_until(lambda: lock.queued == 2)  # the holder and the waiting thread
    lock.release()
    while not lock.acquire(blocking=False):  # the loop's quick path, trying at once
        time.sleep(0)
    order.append("loop")
    lock.release()
    thread.join(5)
    assert order == ["thread", "loop"]


def test_waiters_are_served_in_the_order_they_came() -> None:
    lock = FairLock()
    order: list[int] = []
    lock.acquire()
    threads = []
    for n in range(5):
        thread = threading.Thread(target=lambda n=n: (lock.acquire(), order.append(n),
                                                       lock.release()))
        thread.start()
        threads.append(thread)
        _wait_until(lambda n=n: lock.queued == n + 2)
    lock.release()
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]


def test_a_free_lock_is_taken_at_once_and_a_held_one_is_not() -> None:
    lock = FairLock()
    assert lock.acquire(blocking=False)
    assert not lock.acquire(blocking=False)
    lock.release()
    assert lock.queued == 0
    with pytest.raises(RuntimeError):
        lock.release()
