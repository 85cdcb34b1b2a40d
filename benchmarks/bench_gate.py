"""Benchmark: what single-person mode's gate (allowed hosts, pairing) adds to each request.

Every request of single-person mode passes :class:`glutemed.web.gate.SinglePersonGate`
before any route. From this computer it only reads the ``Host`` header and the client
address; from a paired phone it also reads the device cookie and finds the device (one
indexed read). Measured in-process against a no-op app, so nothing but the gate is timed:
the best and median of 7 rounds of 20,000 calls each, per request.

    python benchmarks/bench_gate.py
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import time
from typing import Any

from machine import describe

from glutemed.config import Settings
from glutemed.services import devices
from glutemed.web.app import create_app
from glutemed.web.gate import DEVICE_COOKIE, SinglePersonGate

ROUNDS = 7
CALLS = 20_000


async def _nothing(scope: Any, receive: Any, send: Any) -> None:
    return None


def _scope(client: str, cookie: str = "") -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return {"type": "http", "method": "POST", "path": "/api/v1/people/1/sets",
            "headers": headers, "client": (client, 50000)}


async def _per_call_us(target: Any, scope: dict[str, Any], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        await target(dict(scope), None, None)
    return (time.perf_counter() - start) / calls * 1e6


async def main() -> None:
    from glutemed.web.settings import WebSettings

    app = create_app(Settings(database_url="sqlite://"),
                     WebSettings(phone_url="http://192.168.1.23:8000"))
    ctx = app.state.glutemed
    now = dt.datetime.now(dt.UTC)
    paired = devices.pair(ctx.uow(), devices.new_pairing(ctx.uow(), now).token, "Phone", now)
    gate = SinglePersonGate(_nothing, ctx)
    cases = [
        ("no gate (the no-op app alone)", _nothing, _scope("127.0.0.1"), CALLS),
        ("this computer (loopback)", gate, _scope("127.0.0.1"), CALLS),
        ("a paired phone (cookie + one read)", gate,
         _scope("192.168.1.50", f"{DEVICE_COOKIE}={paired.token}"), CALLS // 10),
    ]
    print(describe())
    print(f"{'request':<40} {'best us':>9} {'median us':>10}")
    for name, target, scope, calls in cases:
        samples = [await _per_call_us(target, scope, calls) for _ in range(ROUNDS)]
        print(f"{name:<40} {min(samples):>9.1f} {statistics.median(samples):>10.1f}")
    ctx.close()


if __name__ == "__main__":
    asyncio.run(main())
