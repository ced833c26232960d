"""Load on the casework pages: case search and the case page with 20 case officers at once, over
a large caseload (by default 100,000 cases, 1,000,000 incidents and 300,000 people), on SQLite
and PostgreSQL in one run.

For each database a fresh data folder gets the demo partnership and the generated caseload
(:mod:`bench.casework_data`: COPY or batched inserts, fictional, seeded). ``cspkit serve``
(gunicorn) then answers twenty signed-in case officers at once, each asking a fixed number of
times for the baseline (the published reports list: a template and little reading), a search by
a surname and one of their cases (with its ten incidents, three people and their other cases).
Every answer must be 200. The table gives requests per second, p50 and p95, each page's p95
against the baseline's, and the CPU per request of the app, of PostgreSQL's own processes and
of the simulated browsers, with the share of the machine's time the host gave to other virtual
machines ("stolen": when it is high, so is p95; see ``bench.bench_web``). The target (issue 14)
is p95 under 300 ms for case search and the case page on both databases.

Run ``python -m bench casework`` (full size), ``--scale 0.05`` (a twentieth, for a laptop) or
``--quick`` (a hundredth, 5 requests each, for CI). Other options: ``--users``, ``--requests``,
``--workers``, ``--databases sqlite`` (one only), ``--database-url`` (an existing, empty
PostgreSQL instead of a throwaway one). The machine may be shared: quote its load average.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_web import (
    Result,
    Visitor,
    free_port,
    load,
    postmaster_pid,
    start_postgres,
    start_server,
    stop_postgres,
    stop_server,
)

TARGET_P95_SECONDS = 0.3
FULL = {"cases": 100_000, "incidents": 1_000_000, "people": 300_000}


def generate(home: Path, scale: float, database_url: str | None) -> tuple[int, str]:
    """The caseload at ``scale`` in a new database: a council case's id and a surname to search for."""
    sizes = [max(3, int(FULL[k] * scale)) for k in ("cases", "incidents", "people")]
    env = {**os.environ, "CSPKIT_HOME": str(home), "DJANGO_SETTINGS_MODULE": "cspkit.web.settings"}
    if database_url:
        env["CSPKIT_DATABASE_URL"] = database_url
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.casework_data", *map(str, sizes)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    if done.returncode != 0:
        raise RuntimeError(f"generating the caseload failed (exit code {done.returncode})")
    case_id, surname = done.stdout.split()[-2:]
    print(
        f"{sizes[0]:,} cases, {sizes[1]:,} incidents, {sizes[2]:,} people generated in "
        f"{time.perf_counter() - began:.0f} s",
        flush=True,
    )
    return int(case_id), surname


def measure(
    name: str,
    database_url: str | None,
    scale: float,
    users: int,
    requests: int,
    workers: int | None,
    postmaster: int | None = None,
) -> list[Result]:
    """Generate, serve and load the three pages on one database."""
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-casework-") as folder:
        print(f"\n{name}:", flush=True)
        case_id, surname = generate(Path(folder), scale, database_url)
        server = start_server(Path(folder), port := free_port(), workers, database_url)
        try:
            visitors = [Visitor(port) for _ in range(users)]
            for visitor in visitors:
                visitor.sign_in("asbofficer", "cspkit-demo")
            pages = [
                ("baseline (reports list)", "/board/published/"),
                ("case search", f"/cases/?q={surname}&status=all"),
                ("case page", f"/cases/{case_id}/"),
            ]
            status, page = visitors[0].request("GET", pages[2][1])
            assert status == 200 and re.search(r"BEN-\d+", page), f"the case page answered {status}"
            status, page = visitors[0].request("GET", pages[1][1])
            assert status == 200 and "BEN-" in page, f"the search answered {status} and found no case"
            for _, path in pages:  # every worker's caches and connections
                load(visitors, "warm-up", path, 2)
            return [load(visitors, label, path, requests, server, postmaster) for label, path in pages]
        finally:
            stop_server(server)


def print_results(name: str, results: list[Result], users: int, requests: int) -> list[str]:
    """The table for one database; returns the pages over the target."""
    baseline = results[0]
    print(f"{name}: {users} case officers at once, {requests} requests each per page")
    print(
        f"{'page':<26}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'vs baseline':>13}"
        f"{'CPU ms/req':>12}{'database':>10}{'browsers':>10}{'stolen':>8}"
    )
    over = []
    for result in results:
        print(
            f"{result.page:<26}{result.requests:>9}{result.per_second:>8.1f}{result.p50 * 1000:>8.0f}"
            f"{result.p95 * 1000:>8.0f}{result.p95 / baseline.p95:>12.2f}x{result.cpu_ms_per_request:>12.1f}"
            f"{result.database_ms_per_request:>10.1f}{result.client_ms_per_request:>10.1f}{result.stolen:>8.0%}"
        )
        if result is not baseline and result.p95 > TARGET_P95_SECONDS:
            over.append(f"{name} {result.page}: p95 {result.p95 * 1000:.0f} ms")
    return over


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench casework", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a hundredth of the full caseload, 5 requests each")
    parser.add_argument("--scale", type=float, help="size as a fraction of 100k cases / 1M incidents / 300k people")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, help="requests per officer and page (default 25; 5 with --quick)")
    parser.add_argument("--workers", type=int, help="gunicorn worker processes (default: cspkit serve's)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="which databases, separated by commas")
    parser.add_argument("--database-url", help="an existing, empty PostgreSQL instead of a throwaway one")
    args, _ = parser.parse_known_args(argv)
    scale = args.scale or (0.01 if args.quick else 1.0)
    requests = args.requests or (5 if args.quick else 25)
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}", flush=True)
    over: list[str] = []
    tables = []
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        if database == "sqlite":
            tables.append(("SQLite", measure("SQLite", None, scale, args.users, requests, args.workers)))
            continue
        url, variables = (args.database_url, {}) if args.database_url else start_postgres()
        try:
            postmaster = postmaster_pid(variables) if variables else None
            tables.append(
                ("PostgreSQL", measure("PostgreSQL", url, scale, args.users, requests, args.workers, postmaster))
            )
        finally:
            if variables:
                stop_postgres(variables)
    print(f"\nload average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    for name, results in tables:
        print()
        over += print_results(name, results, args.users, requests)
    print(
        f"\nTarget: case search and case page p95 under {TARGET_P95_SECONDS * 1000:.0f} ms: "
        + ("met" if not over else "missed (" + "; ".join(over) + ")")
    )


if __name__ == "__main__":
    main(sys.argv[1:])
