"""Load benchmark: a real ``glutemed serve`` under N connections opened at once.

One command seeds a database (one person, ``--sets`` stored sets of the exercises of their
session, the newest yesterday), starts the server in its own process(es) and drives it with
keep-alive HTTP/1.1 connections, all opened at the same instant, for each job:

* ``log``: ``POST /api/v1/people/{id}/sets``, one set of today's first exercise (stored,
  decided, the state advanced: the hot write);
* ``recent``: ``GET /api/v1/people/{id}/sets?limit=20`` (the last 20 sets: the hot read).

Closed loop (default): each connection sends its next request as soon as the previous one
is answered (the server saturated). Open loop (``--rate R``): requests are due at R per
second in all, spread over the connections, and each latency is counted from when the
request was due, so a server that falls behind is charged for the queue too.

Printed per job and connection count: requests per second, p50/p99/max latency, server CPU
per request (user + system time of the server's processes from ``/proc``, over the run),
the share of the run the server's event loop spent waiting for a CPU (run-queue delay
from ``/proc/PID/schedstat``: the machine's other work), the first-answer time of the slowest
new connection (how long the last of the connections opened at once waited for its first
answer), and errors. The load generator runs on the same machine and takes CPU from the
server; on a 2-core machine shared with other work, repeat the run and compare medians.
In a closed loop the p50 is about connections x CPU per request / (1 - the wait share);
a p99 far above that means some connections are served less often than others.

    python benchmarks/bench_load.py [--sets 1000] [--connections 1,50] [--duration 10]
        [--jobs log,recent] [--rate R] [--workers 1] [--db postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from machine import describe
from rich.console import Console
from rich.table import Table
from sqlalchemy import insert

from glutemed.catalog.loader import load_default_catalog
from glutemed.programming.models import Profile
from glutemed.services.people import start_person
from glutemed.services.todays_session import todays_session
from glutemed.store.engine import make_engine
from glutemed.store.migrate import upgrade
from glutemed.store.progress_lines import rebuild_lines
from glutemed.store.side_days import rebuild_days
from glutemed.store.tables import PerformedSetRow
from glutemed.store.unit_of_work import SqlUnitOfWork

SECRET = "bench-load-" + "k" * 40
COOKIE = "glutemed_session"


# -- seeding -------------------------------------------------------------------------------


def seed(url: str, n_sets: int, today: dt.date) -> tuple[int, dict[str, object]]:
    """A person with a program started today and ``n_sets`` sets of its first session's
    exercises on the days before; returns their id and the body of a set to log today."""
    engine = make_engine(url)
    upgrade(engine)
    catalog = load_default_catalog()
    # A name of its own per run: a PostgreSQL database given with --db keeps the people of
    # earlier runs, and names are unique.
    name = f"Load {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S.%f}"
    pid = start_person(SqlUnitOfWork(engine), name, Profile(goal="rehab", weeks=8),
                       catalog, today)
    session = todays_session(SqlUnitOfWork(engine), pid, catalog, today)
    items = session.items
    rows = []
    per_day = 3 * len(items)
    for i in range(n_sets):
        day, k = divmod(i, per_day)
        item = items[k // 3]
        target = item.target
        rows.append({
            "person_id": pid, "variant_id": item.variant_id, "side": item.side.value,
            "date": today - dt.timedelta(days=1 + day), "set_index": 1 + k % 3,
            "reps": target.reps[1] - i % 3 if target.reps else None,
            "hold_s": target.hold_s[1] - i % 3 if target.hold_s else None,
            "load_kg": target.load_kg, "rir": 2, "pain_during": i % 3, "checks": {},
            "red_flags": [], "created_at": dt.datetime.now(dt.UTC),
            "target_reps_low": target.reps[0] if target.reps else None,
            "target_reps_high": target.reps[1] if target.reps else None,
            "target_hold_low_s": target.hold_s[0] if target.hold_s else None,
            "target_hold_high_s": target.hold_s[1] if target.hold_s else None,
        })
    with engine.begin() as conn:
        for chunk in range(0, len(rows), 10_000):
            conn.execute(insert(PerformedSetRow), rows[chunk:chunk + 10_000])
    with SqlUnitOfWork(engine) as uow:  # the bulk insert bypassed the running summaries
        rebuild_lines(uow.session, pid)
        rebuild_days(uow.session, pid)
        uow.commit()
    # Statistics for the planner, as a live database has them (PostgreSQL's autovacuum
    # would analyse the table soon after a bulk load; without them it chose a full scan).
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    engine.dispose()
    first = items[0]
    dose = ({"reps": first.target.reps[1]} if first.target.reps
            else {"hold_s": first.target.hold_s[1] if first.target.hold_s else 30})
    body = {"variant_id": first.variant_id, "side": first.side.value,
            "date": today.isoformat(), "pain_during": 1, "rir": 2, **dose}
    return pid, body


# -- the server ----------------------------------------------------------------------------


def serve(url: str, workers: int) -> tuple[int, subprocess.Popen[bytes]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = [sys.executable, "-m", "glutemed", "serve", "--port", str(port), "--db", url]
    if workers > 1:
        argv += ["--workers", str(workers)]
    env = dict(os.environ, GLUTEMED_SECRET_KEY=SECRET, GLUTEMED_AUTO_UPGRADE="1")
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/csrf", timeout=1).status_code == 200:
                return port, process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def _tree(root: int) -> list[int]:
    """``root`` and every process below it (uvicorn's workers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(parents.get(pid, []))
    return found


def cpu_seconds(root: int) -> float:
    """User + system CPU of the server's processes so far (from /proc/PID/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def cpu_wait_seconds(root: int) -> float:
    """How long the server's event loop was ready to run but waited for a CPU so far (the
    run-queue delay of each process's main thread, ``/proc/PID/schedstat``; the largest
    over the server's processes). On a machine shared with other work this, not the app,
    is often most of the latency: a loop that waited half the run had half a core."""
    waits = []
    for pid in _tree(root):
        try:
            waits.append(int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]))
        except (OSError, IndexError, ValueError):
            continue
    return max(waits, default=0) / 1e9


# -- the load ------------------------------------------------------------------------------


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    first_answers: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def _answer(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 answer; its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in
               (line.split(":", 1) for line in lines[1:] if ":" in line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def drive(port: int, request: bytes, ok: int, connections: int, duration: float,
                rate: float | None) -> Run:
    run = Run()
    start = time.perf_counter()
    stop = start + duration
    due: list[asyncio.Queue[float]] = [asyncio.Queue() for _ in range(connections)]
    if rate:
        for k in range(int(rate * duration)):
            due[k % connections].put_nowait(start + k / rate)

    async def connection(n: int) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as exc:
            run.error(f"connect: {exc.__class__.__name__}")
            return
        first = True
        try:
            while True:
                if rate:
                    if due[n].empty():
                        break
                    when = due[n].get_nowait()
                    if when > time.perf_counter():
                        await asyncio.sleep(when - time.perf_counter())
                else:
                    when = time.perf_counter()
                    if when >= stop:
                        break
                writer.write(request)
                status = await _answer(reader)
                done = time.perf_counter()
                if first:
                    run.first_answers.append(done - start)
                    first = False
                if status != ok:
                    run.error(f"HTTP {status}")
                run.latencies.append(done - when)
        except (OSError, asyncio.IncompleteReadError) as exc:
            run.error(exc.__class__.__name__)
        finally:
            writer.close()

    await asyncio.gather(*(connection(n) for n in range(connections)))
    return run


def _request(method: str, path: str, port: int, cookie: str, token: str,
             body: dict[str, object] | None = None) -> bytes:
    data = json.dumps(body).encode() if body is not None else b""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Cookie: {COOKIE}={cookie}\r\nX-CSRF-Token: {token}\r\n"
            "Accept: application/json\r\n")
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    return head.encode() + b"\r\n" + data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=1000, help="stored sets before the run")
    parser.add_argument("--connections", default="1,50", help="comma list, e.g. 1,50")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--jobs", default="log,recent")
    parser.add_argument("--rate", type=float, default=None, help="open loop: requests/s")
    parser.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL)")
    parser.add_argument("--db", default=None, help="database URL (default: a temp SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'load.sqlite3'}"
    today = dt.date.today()
    started = time.perf_counter()
    pid, body = seed(url, args.sets, today)
    seeded = time.perf_counter() - started
    port, server = serve(url, args.workers)
    console = Console()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            token = client.get("/api/v1/csrf").json()["csrf_token"]
            cookie = client.cookies[COOKIE]
        jobs = {
            "log": (_request("POST", f"/api/v1/people/{pid}/sets", port, cookie, token, body),
                    201),
            "recent": (_request("GET", f"/api/v1/people/{pid}/sets?limit=20", port, cookie,
                                token), 200),
        }
        mode = f"open loop, {args.rate:g}/s" if args.rate else "closed loop"
        backend = url.split(":", 1)[0].split("+")[0]
        table = Table(title=f"glutemed serve under load: {backend}, {args.workers} worker(s), "
                            f"{args.sets:,} stored sets, {mode}, {args.duration:g} s per row")
        for column in ("job", "conns", "req/s", "p50 ms", "p99 ms", "max ms",
                       "CPU ms/req", "CPU wait %", "slowest 1st ms", "errors"):
            table.add_column(column, justify="right")
        for job in args.jobs.split(","):  # warm up: first use of engines, caches, rules
            asyncio.run(drive(port, jobs[job][0], jobs[job][1], 1, 1.0, None))
        for job in args.jobs.split(","):
            request, ok = jobs[job]
            for connections in (int(c) for c in args.connections.split(",")):
                cpu0 = cpu_seconds(server.pid)
                wait0 = cpu_wait_seconds(server.pid)
                t0 = time.perf_counter()
                run = asyncio.run(drive(port, request, ok, connections, args.duration,
                                        args.rate))
                wall = time.perf_counter() - t0
                cpu = cpu_seconds(server.pid) - cpu0
                waited = cpu_wait_seconds(server.pid) - wait0
                lat = sorted(run.latencies)
                n = len(lat)
                table.add_row(
                    job, str(connections), f"{n / wall:,.0f}",
                    f"{1000 * statistics.median(lat):.1f}" if n else "-",
                    f"{1000 * lat[min(n - 1, int(0.99 * n))]:.1f}" if n else "-",
                    f"{1000 * lat[-1]:.1f}" if n else "-",
                    f"{1000 * cpu / n:.2f}" if n else "-",
                    f"{100 * waited / wall:.0f}",
                    f"{1000 * max(run.first_answers):.0f}" if run.first_answers else "-",
                    ", ".join(f"{k} x{v}" for k, v in run.errors.items()) or "0",
                )
    finally:
        server.terminate()
        server.wait(30)
    console.print(table)
    console.print(f"seeded {args.sets:,} sets in {seeded:.1f} s; 1 s warm-up per job; CPU: "
                  "the server's processes, from /proc; the load generator shares the machine")
    console.print(describe())


if __name__ == "__main__":
    main()
