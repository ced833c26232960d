"""Load on the web app: the dashboard and the board report with 20 people at once.

``cspkit serve`` (gunicorn, on 127.0.0.1) runs the demo partnership in a fresh data folder.
Twenty simulated board members sign in, then each asks for the dashboard a fixed number of
times, then the board report; every response must be 200. For each page the benchmark prints
requests per second and the median and 95th-percentile response times. Beside them, the
baseline is the list of published reports under the same load (a page that renders a template but reads
little), so the ratios show what the pages' own queries and summaries cost.

One run measures SQLite and PostgreSQL (a throwaway server from ``scripts/start-postgres``) and
prints, for each, the p95 of each page and its ratio to the baseline, against the targets: p95
under 300 ms and no page over 1.5 times the baseline. Beside wall times it prints the server's
CPU milliseconds per request (its processes' CPU time, from /proc), PostgreSQL's and this
benchmark's own, the load average, and the share of CPU time the host gave to other machines
("stolen", from /proc/stat): on a shared virtual machine a third of the time can be stolen, and the
response times then say more about the neighbours than about cspkit.

Then it grows the demo plan to 6,000 actions and asks for every page of the plan, one at a time
as the coordinator, against the target of 500 ms a page.

Run ``python -m bench web`` (20 people x 25 requests per page) or ``python -m bench web --quick``
(20 x 5). Options: ``--users``, ``--requests``, ``--workers``, ``--databases sqlite`` (one only),
``--database-url`` (an existing PostgreSQL instead of a throwaway one). The machine may be
shared: the numbers are for comparison between runs on the same machine.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPConnection, RemoteDisconnected
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from cspkit.cli.serve import gunicorn_workers

HOST = "127.0.0.1"
START_TIMEOUT = 600.0  # a new database: migrations and the demo partnership, on a busy machine
TARGET_P95_SECONDS = 0.3
TARGET_RATIO = 1.5
TARGET_BIG_PLAN_SECONDS = 0.5
BIG_PLAN_ACTIONS = 6_000
START_POSTGRES = Path(__file__).resolve().parents[1] / "scripts" / "start-postgres"
#: Adds actions to the demo plan in the server's database (run with the server's environment).
GROW_PLAN = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.web.settings")
django.setup()
from cspkit.web.accounts.models import Agency
from cspkit.web.demo import DEMO_PARTNERSHIP
from cspkit.web.plan.models import Action, Plan
plan = Plan.objects.filter(partnership__name=DEMO_PARTNERSHIP).first()
priorities = list(plan.priorities.all())
police = Agency.objects.get(name="Mercia Vale Police")
wanted = int(sys.argv[1]) - Action.objects.filter(priority__plan=plan).count()
Action.objects.bulk_create(
    Action(priority=priorities[i % len(priorities)], reference=f"{priorities[i % len(priorities)].number}.{100 + i}",
           we_will=f"Action number {i} to keep the area safer", owner_agency=police)
    for i in range(max(wanted, 0))
)
print(plan.pk)
"""


@dataclass(frozen=True)
class Result:
    page: str
    requests: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float = float("nan")  # the server's CPU time over the run
    database_cpu_seconds: float = float("nan")  # PostgreSQL's processes (SQLite's work is in the server's)
    client_cpu_seconds: float = float("nan")  # this benchmark's own simulated browsers
    stolen: float = float("nan")  # the share of the machine's CPU time the host gave to others

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_seconds / self.requests

    @property
    def database_ms_per_request(self) -> float:
        return 1000 * self.database_cpu_seconds / self.requests

    @property
    def client_ms_per_request(self) -> float:
        return 1000 * self.client_cpu_seconds / self.requests

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[18]


class Visitor:
    """One person's browser: a kept-alive connection and the cookies the app set."""

    def __init__(self, port: int) -> None:
        self.connection = HTTPConnection(HOST, port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "localhost"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://localhost{path}"}
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        except (RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # gunicorn closes a kept-alive connection after a few idle seconds, as browsers expect.
            self.connection.close()
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies |= {name: morsel.value for name, morsel in cookie.items()}
        return response.status, text

    def sign_in(self, username: str, password: str) -> None:
        _, form = self.request("GET", "/accounts/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        status, _ = self.request(
            "POST", "/accounts/sign-in/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        if status != 302:
            raise RuntimeError(f"signing in as {username} answered {status}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(home: Path, port: int, workers: int | None, database_url: str | None) -> subprocess.Popen:
    """``cspkit serve`` as an administrator would start it: its own worker settings unless ``workers``."""
    env = {**os.environ, "CSPKIT_HOME": str(home)}
    if database_url:
        env["CSPKIT_DATABASE_URL"] = database_url
    cspkit = Path(sys.executable).with_name("cspkit")
    server = subprocess.Popen(
        [str(cspkit), "serve", "--demo", "--host", HOST, "--port", str(port)]
        + (["--workers", str(workers)] if workers else []),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"cspkit serve stopped with exit code {server.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"cspkit serve did not answer within {START_TIMEOUT:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers: the process group this benchmark started."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _cpu_seconds_of(chosen: Callable[[int, list[str]], bool]) -> float:
    """CPU seconds used so far by the processes ``chosen(pid, stat fields)`` picks, from /proc."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if chosen(int(stat.parent.name), fields):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU seconds used so far by the server's processes (gunicorn and its workers): the server
    started its own session, so they are the processes of that session."""
    return _cpu_seconds_of(lambda pid, fields: int(fields[3]) == server.pid)


def database_cpu_seconds(postmaster: int | None) -> float:
    """CPU seconds used so far by a PostgreSQL server: its postmaster and the processes it started."""
    if postmaster is None:
        return float("nan")
    return _cpu_seconds_of(lambda pid, fields: postmaster in (pid, int(fields[1])))


def cpu_times() -> tuple[int, int]:
    """The machine's CPU time so far, all of it and the part stolen by the host (from /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(fields), fields[7]


def load_average() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def load(
    visitors: list[Visitor],
    page: str,
    path: str,
    requests: int,
    server: subprocess.Popen | None = None,
    postmaster: int | None = None,
) -> Result:
    """Every visitor asks for ``path`` ``requests`` times, all at once; every answer must be 200."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(visitors) + 1)

    def run(visitor: Visitor) -> None:
        start.wait()
        for _ in range(requests):
            began = time.perf_counter()
            status, _ = visitor.request("GET", path)
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if status != 200:
                    failures.append(f"{path} answered {status}")

    threads = [threading.Thread(target=run, args=(v,)) for v in visitors]
    for thread in threads:
        thread.start()
    cpu = server_cpu_seconds(server) if server else float("nan")
    database_cpu = database_cpu_seconds(postmaster)
    client_cpu = time.process_time()
    machine = cpu_times()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    cpu = (server_cpu_seconds(server) - cpu) if server else float("nan")
    database_cpu = database_cpu_seconds(postmaster) - database_cpu
    client_cpu = time.process_time() - client_cpu
    total, stolen = (after - before for after, before in zip(cpu_times(), machine, strict=True))
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return Result(page, len(latencies), seconds, latencies, cpu, database_cpu, client_cpu, stolen / max(total, 1))


def report_path(visitor: Visitor) -> str:
    _, listing = visitor.request("GET", "/board/")
    return re.search(r'href="(/board/\d+/)"', listing)[1]


def start_postgres() -> tuple[str, dict[str, str]]:
    """A throwaway PostgreSQL on a free port: its URL and the variables that stop it."""
    env = {**os.environ, "CSPKIT_PG_PORT": str(free_port())}
    output = subprocess.run([str(START_POSTGRES)], env=env, capture_output=True, text=True, check=True).stdout
    variables = dict(re.findall(r"export (\w+)=(\S+)", output))
    return variables["CSPKIT_DATABASE_URL"], variables


def postmaster_pid(variables: dict[str, str]) -> int | None:
    """The throwaway server's main process (the first line of its postmaster.pid)."""
    try:
        return int((Path(variables["CSPKIT_PG_DIR"]) / "data" / "postmaster.pid").read_text().split()[0])
    except (KeyError, OSError, ValueError, IndexError):
        return None


def stop_postgres(variables: dict[str, str]) -> None:
    subprocess.run([str(START_POSTGRES), "stop"], env={**os.environ, **variables}, capture_output=True, check=False)


def measure(
    database_url: str | None,
    users: int,
    requests: int,
    workers: int | None,
    big_plan_too: bool = True,
    postmaster: int | None = None,
) -> tuple[list[Result], list[Result]]:
    """Start the app on a fresh demo database, load the three pages, then (unless told not to)
    time the pages of a 6,000-action plan."""
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-web-") as folder:
        port = free_port()
        began = time.perf_counter()
        server = start_server(Path(folder), port, workers, database_url)
        print(
            f"cspkit serve answered after {time.perf_counter() - began:.1f} s "
            f"(gunicorn {' '.join(gunicorn_workers(workers, 1))}, {'PostgreSQL' if database_url else 'SQLite'})",
            flush=True,
        )
        try:
            visitors = [Visitor(port) for _ in range(users)]
            for visitor in visitors:
                visitor.sign_in("board", "cspkit-demo")
            board_report = report_path(visitors[0])
            for path in ("/board/published/", "/", board_report):  # warm every worker's caches
                load(visitors, "warm-up", path, 1)
            results = [
                load(visitors, "published list (baseline)", "/board/published/", requests, server, postmaster),
                load(visitors, "dashboard", "/", requests, server, postmaster),
                load(visitors, "board report", board_report, requests, server, postmaster),
            ]
            print(f"load average after the load: {load_average()}", flush=True)
            big = big_plan(Path(folder), database_url, port, board_report, server, postmaster) if big_plan_too else []
            return results, big
        finally:
            stop_server(server)


def big_plan(
    home: Path,
    database_url: str | None,
    port: int,
    board_report: str,
    server: subprocess.Popen,
    postmaster: int | None = None,
) -> list[Result]:
    """Grow the demo plan to 6,000 actions, then time each page of it: the coordinator asks for
    each one after the other, three times (after one unmeasured request per worker)."""
    env = {**os.environ, "CSPKIT_HOME": str(home)}
    if database_url:
        env["CSPKIT_DATABASE_URL"] = database_url
    began = time.perf_counter()
    plan = subprocess.run(
        [sys.executable, "-c", GROW_PLAN, str(BIG_PLAN_ACTIONS)], env=env, capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    print(f"demo plan grown to {BIG_PLAN_ACTIONS:,} actions in {time.perf_counter() - began:.1f} s", flush=True)
    visitor = Visitor(port)
    visitor.sign_in("coordinator", "cspkit-demo")
    pages = {
        "dashboard": "/",
        "plan": f"/plans/{plan}/",
        "plan, last page": f"/plans/{plan}/?page=999",
        "performance": f"/performance/plans/{plan}/",
        "updates due": "/performance/due/",
        "board report": board_report,
        "board reports of the plan": f"/board/plans/{plan}/",
        "published list": "/board/published/",
    }
    results = []
    for page, path in pages.items():
        load([visitor], "warm-up", path, 2)
        results.append(load([visitor], page, path, 3, server, postmaster))
    return results


def print_results(database: str, results: list[Result], users: int, requests: int) -> list[str]:
    """The table for one database; returns the pages over a target."""
    baseline = results[0]
    print(f"\n{database}: {users} people at once, {requests} requests each per page, on {HOST}")
    print(
        f"{'page':<26}{'requests':>9}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'p95 vs base':>13}"
        f"{'CPU ms/req':>12}{'vs base':>9}{'database':>10}{'browsers':>10}{'stolen':>8}"
    )
    over = []
    for result in results:
        ratio = result.p95 / baseline.p95
        database_ms = "-" if math.isnan(result.database_cpu_seconds) else f"{result.database_ms_per_request:.1f}"
        print(
            f"{result.page:<26}{result.requests:>9}{result.per_second:>7.1f}{result.p50 * 1000:>8.0f}"
            f"{result.p95 * 1000:>8.0f}{ratio:>12.2f}x{result.cpu_ms_per_request:>12.1f}"
            f"{result.cpu_ms_per_request / baseline.cpu_ms_per_request:>8.2f}x{database_ms:>10}"
            f"{result.client_ms_per_request:>10.1f}{result.stolen:>8.0%}"
        )
        if result.p95 > TARGET_P95_SECONDS:
            over.append(f"{database} {result.page}: p95 {result.p95 * 1000:.0f} ms")
        if result is not baseline and ratio > TARGET_RATIO:
            over.append(f"{database} {result.page}: {ratio:.2f}x the baseline")
    print(
        "CPU ms/req: the app's processes; database: PostgreSQL's processes (SQLite works inside the app); "
        "browsers: this benchmark's simulated people; stolen: CPU time the host gave to other machines"
    )
    return over


def print_big_plan(database: str, results: list[Result]) -> list[str]:
    """The table of the 6,000-action plan's pages; returns the pages over the target."""
    print(f"\n{database}: the demo plan with {BIG_PLAN_ACTIONS:,} actions, one request at a time (3 each)")
    print(f"{'page':<28}{'median ms':>10}{'max ms':>9}{'CPU ms/req':>12}")
    over = []
    for result in results:
        slowest = max(result.latencies)
        print(f"{result.page:<28}{result.p50 * 1000:>10.0f}{slowest * 1000:>9.0f}{result.cpu_ms_per_request:>12.1f}")
        if slowest > TARGET_BIG_PLAN_SECONDS:
            over.append(f"{database} {BIG_PLAN_ACTIONS:,}-action {result.page}: {slowest * 1000:.0f} ms")
    return over


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench web", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 requests per person and page instead of 25")
    parser.add_argument("--users", type=int, default=20, help="people asking at the same time")
    parser.add_argument("--requests", type=int, help="requests per person and page")
    parser.add_argument("--workers", type=int, help="gunicorn worker processes (default: cspkit serve's)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="which databases, separated by commas")
    parser.add_argument("--database-url", help="an existing PostgreSQL to use instead of a throwaway one")
    parser.add_argument("--no-big-plan", action="store_true", help="skip the pages of a 6,000-action plan")
    args, _ = parser.parse_known_args(argv)
    requests = args.requests or (5 if args.quick else 25)
    over: list[str] = []
    tables = []
    print(f"load average at the start: {load_average()} ({os.cpu_count()} CPUs)", flush=True)
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        if database == "sqlite":
            results, big = measure(None, args.users, requests, args.workers, not args.no_big_plan)
        else:
            url, variables = (args.database_url, {}) if args.database_url else start_postgres()
            try:
                results, big = measure(
                    url, args.users, requests, args.workers, not args.no_big_plan, postmaster_pid(variables)
                )
            finally:
                if variables:
                    stop_postgres(variables)
        tables.append(("SQLite" if database == "sqlite" else "PostgreSQL", results, big))
    for name, results, big in tables:  # together at the end, so one run prints every table in one place
        over += print_results(name, results, args.users, requests)
        if big:
            over += print_big_plan(name, big)
    print(f"\nload average at the end: {load_average()}")
    print(
        f"Targets: p95 under {TARGET_P95_SECONDS * 1000:.0f} ms and within {TARGET_RATIO}x the baseline; "
        f"every page of a {BIG_PLAN_ACTIONS:,}-action plan under {TARGET_BIG_PLAN_SECONDS * 1000:.0f} ms: "
        + ("met" if not over else "missed (" + "; ".join(over) + ")")
    )


if __name__ == "__main__":
    main(sys.argv[1:])
