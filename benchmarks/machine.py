"""How fast this machine is at the moment a benchmark runs, to compare runs and machines.

A shared build machine changes speed from minute to minute (other work, CPU frequency), so a
benchmark prints this beside its numbers.
"""

from __future__ import annotations

import os
import time


def calibration_ms() -> float:
    """CPU time of a fixed pure-Python loop (about 40 ms on a laptop)."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    return (time.process_time() - start) * 1000


def describe() -> str:
    """One line: the calibration loop and the load average."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"CPU calibration: 1,000,000-step Python loop = {calibration_ms():.0f} ms; load {load}"
