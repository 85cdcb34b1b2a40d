"""Benchmark: logging a set through the API at 50 concurrent clients on SQLite, and the
transferred size of every page.

Runs ``glutemed serve`` (uvicorn) in its own process on a free localhost port with a
temporary SQLite file, and drives it with 50 aiohttp clients, each logging sets for its
own person. Targets: p99 under 25 ms per logged set; every page under 100 KB transferred
(gzip, as a browser would receive it). Prints a plain table.

    python benchmarks/bench_api.py [--history-weeks 8] [--sets 20] [--closed-loop]
                                   [--client aiohttp|httpx]

Each person starts with ``--history-weeks`` of past training already stored (every exercise
of their first session, every side, twice a week), because the engine reads that history on
every logged set: a person in week 9 costs more to serve than one on day 1, and the
benchmark should measure the former.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvloop
from machine import describe

CLIENTS = 50
SETS_PER_CLIENT = 20
HISTORY_WEEKS = 8
THINK_S = (1.0, 3.0)
"""Each client rests between sets, uniformly 1-3 s (a compressed rest timer: real rests
are 60-120 s). ``--closed-loop`` removes the rest to measure the server saturated."""
ERRORS: list[str] = []


def _serve(db: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """``glutemed serve`` in its own process (so the load generator does not share its GIL)."""
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


@dataclass(frozen=True)
class Device:
    """One person's device: whose sets it logs, and how it rests between them."""

    base: str
    person_id: int
    body: dict[str, object]
    think: bool
    seed: int
    sets: int

    @property
    def url(self) -> str:
        return f"/api/v1/people/{self.person_id}/sets"

    def rests(self) -> Iterator[float]:
        """The rest before each set, in seconds (none with ``--closed-loop``)."""
        rng = random.Random(self.seed)
        for _ in range(self.sets):
            yield rng.uniform(*THINK_S) if self.think else 0.0


async def _client(device: Device, out: list[float]) -> None:
    """Fetch the CSRF token, then log the device's sets, resting between.

    On aiohttp rather than httpx: the load generator shares the 2 cores with the server,
    and its own CPU time is counted in every latency it measures. Per logged set httpx
    used 2.5-3.4 ms of CPU here and aiohttp 0.9 ms (``--client httpx`` measures the
    former).
    """
    import aiohttp

    # unsafe=True: keep the session cookie of a server addressed by IP (127.0.0.1).
    jar = aiohttp.CookieJar(unsafe=True)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(device.base, cookie_jar=jar, timeout=timeout) as client:
        async with client.get("/api/v1/csrf") as answer:
            headers = {"X-CSRF-Token": (await answer.json())["csrf_token"]}
        for rest in device.rests():
            await asyncio.sleep(rest)
            start = time.perf_counter()
            async with client.post(device.url, json=device.body, headers=headers) as response:
                text = await response.text()
            _record(start, out, response.headers.get("server-timing"), response.status, text)


async def _httpx_client(device: Device, out: list[float]) -> None:
    """:func:`_client` on httpx (the load generator of earlier releases)."""
    async with httpx.AsyncClient(base_url=device.base, timeout=120) as client:
        headers = {"X-CSRF-Token": (await client.get("/api/v1/csrf")).json()["csrf_token"]}
        for rest in device.rests():
            await asyncio.sleep(rest)
            start = time.perf_counter()
            response = await client.post(device.url, json=device.body, headers=headers)
            _record(start, out, response.headers.get("server-timing"), response.status_code,
                    response.text)


def _record(start: float, out: list[float], timing: str | None, status: int, text: str) -> None:
    out.append((time.perf_counter() - start) * 1000)
    server_ms = _server_ms(timing)
    if server_ms is not None:
        SERVER_MS.append(server_ms)
    if status != 201:
        ERRORS.append(text[:200])


Person = tuple[int, dict[str, object], list[dict[str, Any]]]


async def _person(client: httpx.AsyncClient, token: str, n: int, weeks: int) -> Person:
    """One person per client (each trains on their own), the first set of their day, and
    their session's items (to seed their past weeks from). Their program started ``weeks``
    weeks ago, so the seeded history lies inside their log (a set dated before the start
    of a person's log is refused)."""
    started = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=7 * weeks)
    person = await client.post(
        "/api/v1/people",
        json={"name": f"Bench {n}", "profile": {"goal": "rehab"},
              "start_date": started.isoformat()},
        headers={"X-CSRF-Token": token},
    )
    person_id = int(person.json()["id"])
    today = (await client.get(f"/api/v1/people/{person_id}/today")).json()
    first = today["items"][0]
    item = first["target"]
    dose = {"reps": item["reps"][1]} if item["reps"] else {"hold_s": item["hold_s"][1]}
    body = {"variant_id": item["variant_id"], "side": first["side"], "date": today["date"],
            **dose}
    return person_id, body, today["items"]


def _seed_history(db: Path, people: list[Person], weeks: int, today: dt.date) -> int:
    """Store ``weeks`` of past sessions for every person, straight into the database.

    The older days are written through the store's own repository (the same insert and
    summary update a logged set makes) but without the per-set decision, so seeding 50
    people takes seconds: the engine's cost per logged set depends on how many rows it reads
    back, not on how they got there. The last day is logged through the service itself, as
    the person logged it, so each exercise and side has the progression state and decisions
    of someone who has been training, not those of a first-ever set. Returns the number of
    sets stored.
    """
    from glutemed.catalog.loader import load_default_catalog
    from glutemed.progression.models import PerformedSet
    from glutemed.services.set_logging import record_set
    from glutemed.store.engine import make_engine
    from glutemed.store.unit_of_work import SqlUnitOfWork

    engine = make_engine(f"sqlite:///{db}")
    catalog = load_default_catalog()
    days = [today - dt.timedelta(days=7 * week - offset)
            for week in range(weeks, 0, -1) for offset in (0, 3)]
    stored = 0
    for person_id, _body, items in people:
        for day in days:
            sets = [
                PerformedSet.model_validate({
                    "variant_id": target["variant_id"], "side": item["side"], "date": day,
                    "set_index": set_index,
                    "reps": target["reps"][1] if target["reps"] else None,
                    "hold_s": target["hold_s"][1] if target["hold_s"] else None,
                    "rir": 2, "pain_during": 1,
                })
                for item in items
                for target in [item["target"]]
                for set_index in range(1, target["sets"] + 1)
            ]
            if day == days[-1]:
                for performed in sets:
                    record_set(SqlUnitOfWork(engine), person_id, performed, catalog, day)
            else:
                with SqlUnitOfWork(engine) as uow:
                    for performed in sets:
                        uow.sets.store(person_id, performed)
                    uow.commit()
            stored += len(sets)
    engine.dispose()
    return stored


async def _people(base: str, weeks: int) -> list[Person]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        token = (await client.get("/api/v1/csrf")).json()["csrf_token"]
        return [await _person(client, token, n, weeks) for n in range(CLIENTS)]


async def _load(
    base: str, people: list[Person], think: bool, sets: int, client: str
) -> list[float]:
    timings: list[float] = []
    run = _client if client == "aiohttp" else _httpx_client
    await asyncio.gather(
        *(
            run(Device(base, pid, body, think, n, sets), timings)
            for n, (pid, body, _items) in enumerate(people)
        )
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


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(sorted_ms: list[float], fraction: float) -> float:
    return sorted_ms[max(0, int(len(sorted_ms) * fraction) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history-weeks", type=int, default=HISTORY_WEEKS)
    parser.add_argument("--sets", type=int, default=SETS_PER_CLIENT, help="sets per client")
    parser.add_argument("--closed-loop", action="store_true", help="no rest between sets")
    parser.add_argument("--client", choices=["aiohttp", "httpx"], default="aiohttp",
                        help="the load generator's HTTP client")
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    before = describe()
    base, server = _serve(db)
    people = asyncio.run(_people(base, args.history_weeks))
    seeded = _seed_history(db, people, args.history_weeks, dt.date.fromisoformat(
        str(people[0][1]["date"])))
    cpu_before = _cpu_s(server.pid), time.process_time()
    timings = sorted(uvloop.run(_load(base, people, not args.closed_loop, args.sets, args.client)))
    server_cpu = (_cpu_s(server.pid) - cpu_before[0]) / len(timings) * 1000
    client_cpu = (time.process_time() - cpu_before[1]) / len(timings) * 1000
    mode = "no rest" if args.closed_loop else f"rest {THINK_S[0]:g}-{THINK_S[1]:g} s"
    mode += f", {args.client}"
    print(before)
    print(f"{'measure':<44} {'value':>10} {'target':>10}")
    print(f"{'history stored before (sets, ' + str(args.history_weeks) + ' weeks)':<44}"
          f" {seeded:>10}")
    print(f"{f'sets logged ({CLIENTS} x {args.sets}, {mode})':<44} {len(timings):>10}")
    print(f"{'log a set, p50 (ms)':<44} {statistics.median(timings):>10.1f}")
    print(f"{'log a set, p99 (ms)':<44} {_percentile(timings, 0.99):>10.1f} {'< 25':>10}")
    print(f"{'CPU per logged set: server (ms)':<44} {server_cpu:>10.1f}")
    print(f"{'CPU per logged set: load generator (ms)':<44} {client_cpu:>10.1f}")
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
