"""Benchmark: logging a set through the API at 50 concurrent clients on SQLite, and the
transferred size of every page.

Runs ``glutemed serve`` (uvicorn) in its own process on a free localhost port with a
temporary SQLite file, and drives it with 50 httpx async clients, each logging sets for its
own person. Targets: p99 under 25 ms per logged set; every page under 100 KB transferred
(gzip, as a browser would receive it). Prints a plain table.

    python benchmarks/bench_api.py
"""

from __future__ import annotations

import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

CLIENTS = 50
SETS_PER_CLIENT = 10
THINK_S = (1.0, 3.0)
"""Each client rests between sets, uniformly 1-3 s (a compressed rest timer: real rests
are 60-120 s). ``--closed-loop`` removes the rest to measure the server saturated."""
ERRORS: list[str] = []


def _serve() -> tuple[str, subprocess.Popen[bytes]]:
    """``glutemed serve`` in its own process (so the load generator does not share its GIL)."""
    db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "glutemed", "serve", "--port", str(port), "--db",
         f"sqlite:///{db}"],
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/api/v1/csrf", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return base, process


SERVER_MS: list[float] = []
"""The app's own time per logged set (its ``Server-Timing: app;dur=`` header): the rest of
the client's time is the HTTP server, the network stack, the load generator and waiting
for a CPU."""


def _server_ms(header: str | None) -> float | None:
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name == "app" and params.startswith("dur="):
            return float(params[4:])
    return None


async def _client(
    base: str, person_id: int, body: dict[str, object], out: list[float], think: bool, seed: int
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        token = (await client.get("/api/v1/csrf")).json()["csrf_token"]
        for _ in range(SETS_PER_CLIENT):
            if think:
                await asyncio.sleep(rng.uniform(*THINK_S))
            start = time.perf_counter()
            response = await client.post(
                f"/api/v1/people/{person_id}/sets", json=body, headers={"X-CSRF-Token": token}
            )
            out.append((time.perf_counter() - start) * 1000)
            server_ms = _server_ms(response.headers.get("server-timing"))
            if server_ms is not None:
                SERVER_MS.append(server_ms)
            if response.status_code != 201:
                ERRORS.append(response.text[:200])


async def _person(client: httpx.AsyncClient, token: str, n: int) -> tuple[int, dict[str, object]]:
    """One person per client (each trains on their own), and the first set of their day."""
    person = await client.post(
        "/api/v1/people",
        json={"name": f"Bench {n}", "profile": {"goal": "rehab"}},
        headers={"X-CSRF-Token": token},
    )
    person_id = int(person.json()["id"])
    today = (await client.get(f"/api/v1/people/{person_id}/today")).json()
    first = today["items"][0]
    item = first["target"]
    dose = {"reps": item["reps"][1]} if item["reps"] else {"hold_s": item["hold_s"][1]}
    body = {"variant_id": item["variant_id"], "side": first["side"], "date": today["date"],
            **dose}
    return person_id, body


async def _load(base: str, think: bool) -> list[float]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        token = (await client.get("/api/v1/csrf")).json()["csrf_token"]
        people = [await _person(client, token, n) for n in range(CLIENTS)]
    timings: list[float] = []
    await asyncio.gather(
        *(_client(base, pid, body, timings, think, n) for n, (pid, body) in enumerate(people))
    )
    return timings


def _page_sizes(base: str) -> list[tuple[str, int]]:
    pages = ["/onboarding", "/library", "/library/side-plank.full", "/people/1/today",
             "/people/1/program", "/people/1/progress", "/people/1/history", "/people/1/export",
             "/static/app.css", "/static/app.js", "/static/htmx.min.js"]
    sizes = []
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}) as client:
        for path in pages:
            with client.stream("GET", path) as response:
                raw = b"".join(response.iter_raw())
            sizes.append((path, len(raw)))
    return sizes


def _percentile(sorted_ms: list[float], fraction: float) -> float:
    return sorted_ms[max(0, int(len(sorted_ms) * fraction) - 1)]


def main() -> None:
    closed = "--closed-loop" in sys.argv
    base, server = _serve()
    timings = sorted(asyncio.run(_load(base, think=not closed)))
    mode = "closed loop, no rest" if closed else f"rest {THINK_S[0]:g}-{THINK_S[1]:g} s"
    print(f"{'measure':<44} {'value':>10} {'target':>10}")
    print(f"{'sets logged (50 clients x 10, ' + mode + ')':<44} {len(timings):>10}")
    print(f"{'log a set, p50 (ms)':<44} {statistics.median(timings):>10.1f}")
    print(f"{'log a set, p99 (ms)':<44} {_percentile(timings, 0.99):>10.1f} {'< 25':>10}")
    if SERVER_MS:
        app_ms = sorted(SERVER_MS)
        print(f"{'  of which in the app, p50 (ms)':<44} {statistics.median(app_ms):>10.1f}")
        print(f"{'  of which in the app, p99 (ms)':<44} {_percentile(app_ms, 0.99):>10.1f}")
    print(f"{'refused (not 201)':<44} {len(ERRORS):>10} {'0':>10}")
    if ERRORS:
        print("first refusal:", ERRORS[0])
    for path, size in _page_sizes(base):
        print(f"{'bytes transferred ' + path:<44} {size:>10} {'< 102400':>10}")
    server.terminate()
    server.wait(timeout=10)


if __name__ == "__main__":
    main()
