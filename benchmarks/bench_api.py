"""Benchmark: logging a set through the API at 50 concurrent clients on SQLite, and the
transferred size of every page.

Runs uvicorn on a free localhost port with a temporary SQLite file and drives it with httpx
(async). Targets: p99 under 25 ms per logged set; every page under 100 KB transferred
(gzip, as a browser would receive it). Prints a plain table.

    python benchmarks/bench_api.py
"""

from __future__ import annotations

import asyncio
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from glutemed.config import Settings
from glutemed.web.app import create_app
from glutemed.web.settings import WebSettings

CLIENTS = 50
SETS_PER_CLIENT = 10
ERRORS: list[str] = []


def _serve() -> tuple[str, uvicorn.Server]:
    db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}"), WebSettings())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


async def _client(base: str, person_id: int, body: dict[str, object], out: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        token = (await client.get("/api/v1/csrf")).json()["csrf_token"]
        for _ in range(SETS_PER_CLIENT):
            start = time.perf_counter()
            response = await client.post(
                f"/api/v1/people/{person_id}/sets", json=body, headers={"X-CSRF-Token": token}
            )
            out.append((time.perf_counter() - start) * 1000)
            if response.status_code != 201:
                ERRORS.append(response.text[:200])


async def _load(base: str) -> list[float]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        token = (await client.get("/api/v1/csrf")).json()["csrf_token"]
        person = await client.post(
            "/api/v1/people",
            json={"name": "Bench", "profile": {"goal": "rehab"}},
            headers={"X-CSRF-Token": token},
        )
        person_id = person.json()["id"]
        today = (await client.get(f"/api/v1/people/{person_id}/today")).json()
    first = today["items"][0]
    item = first["target"]
    dose = {"reps": item["reps"][1]} if item["reps"] else {"hold_s": item["hold_s"][1]}
    body = {"variant_id": item["variant_id"], "side": first["side"], "date": today["date"],
            **dose}
    timings: list[float] = []
    await asyncio.gather(*(_client(base, person_id, body, timings) for _ in range(CLIENTS)))
    return timings


def _page_sizes(base: str) -> list[tuple[str, int]]:
    pages = ["/onboarding", "/library", "/library/side-plank.side-plank", "/people/1/today",
             "/people/1/program", "/people/1/progress", "/people/1/history", "/people/1/export",
             "/static/app.css", "/static/app.js", "/static/htmx.min.js"]
    sizes = []
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}) as client:
        for path in pages:
            with client.stream("GET", path) as response:
                raw = b"".join(response.iter_raw())
            sizes.append((path, len(raw)))
    return sizes


def main() -> None:
    base, server = _serve()
    timings = sorted(asyncio.run(_load(base)))
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(f"{'measure':<40} {'value':>12} {'target':>12}")
    print(f"{'sets logged (50 clients x 10)':<40} {len(timings):>12}")
    print(f"{'log a set, p50 (ms)':<40} {p50:>12.1f}")
    print(f"{'log a set, p99 (ms)':<40} {p99:>12.1f} {'< 25':>12}")
    print(f"{'refused (not 201)':<40} {len(ERRORS):>12} {'0':>12}")
    if ERRORS:
        print("first refusal:", ERRORS[0])
    for path, size in _page_sizes(base):
        print(f"{'bytes transferred ' + path:<40} {size:>12} {'< 102400':>12}")
    server.should_exit = True


if __name__ == "__main__":
    main()
