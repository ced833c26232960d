"""Load on the casework pages: case search and the case page with 20 case officers at once, over
a large caseload (by default 100,000 cases, 1,000,000 incidents and 300,000 people).

A fresh data folder gets the demo partnership and then the generated caseload (bulk inserts,
fictional, seeded), split between the council, the police and housing, a quarter shared with
another agency. ``cspkit serve`` (gunicorn) then answers twenty signed-in case officers, each
asking a fixed number of times for a search by surname and for one of their cases. The target
(issue 14) is p95 under 300 ms for both, on SQLite and on PostgreSQL (``--database-url``).

Run ``python -m bench casework`` (full size) or ``python -m bench casework --quick`` (a
twentieth of it). ``--scale`` sets the size as a fraction of the full one.
"""

# ruff: noqa: E501  (the generator script below is run as one string)
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_web import Visitor, free_port, load, start_server, stop_server

TARGET_P95_SECONDS = 0.3
FULL = {"cases": 100_000, "incidents": 1_000_000, "people": 300_000}

GENERATE = r"""
import os, random, sys, time
from datetime import date, timedelta
import django
django.setup()
from django.core.management import call_command
from django.db import transaction
call_command("migrate", interactive=False, verbosity=0)
from cspkit.web.demo import create_demo
from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.cases.models import Case, CasePerson, Incident, Person, Share
create_demo()
cases_n, incidents_n, people_n = (int(v) for v in sys.argv[1:4])
rng = random.Random(14)
partnership = Partnership.objects.get(short_name="Safer Hartbury")
agencies = list(Agency.objects.filter(name__in=["Hartbury Borough Council", "Mercia Vale Police", "Hartbury Homes"]))
first = ["Alex","Sam","Jo","Chris","Pat","Lee","Kim","Max","Ray","Viv","Dee","Ash","Bo","Cal","Eli","Fay"]
last = [f"{a}{b}" for a in ["Hol","Bra","Cra","Fen","Mar","Tol","Ash","Var","Rud","Sef"] for b in ["ley","wick","ton","by","ford","well","ham","more","field","den"]]
start = date(2020, 1, 1)
began = time.perf_counter()
batch = 20_000
with transaction.atomic():
    Person.objects.bulk_create((Person(partnership=partnership, first_name=rng.choice(first), last_name=rng.choice(last),
        born_on=start - timedelta(days=rng.randint(4000, 30000))) for _ in range(people_n)), batch_size=batch)
    people = list(Person.objects.values_list("pk", flat=True))
    base = Case.objects.count()
    Case.objects.bulk_create((Case(partnership=partnership, reference=f"BEN-{i:07d}", lead_agency=agencies[i % 3],
        category=rng.choice(["Noise","Nuisance","Personal","Environmental"]), summary="Generated case",
        opened_on=start + timedelta(days=rng.randint(0, 2000))) for i in range(cases_n)), batch_size=batch)
    cases = list(Case.objects.filter(reference__startswith="BEN-").values_list("pk", "lead_agency_id"))
    Share.objects.bulk_create((Share(case_id=pk, agency=agencies[(lead_index + 1) % 3], shared_on=start, basis="s.115")
        for n, (pk, _) in enumerate(cases) if n % 4 == 0 for lead_index in [n % 3]), batch_size=batch)
    CasePerson.objects.bulk_create((CasePerson(case_id=pk, person_id=people[(n * 3 + k) % len(people)], role=role)
        for n, (pk, _) in enumerate(cases) for k, role in enumerate(["victim", "perpetrator", "witness"])), batch_size=batch)
    Incident.objects.bulk_create((Incident(case_id=cases[i % len(cases)][0], occurred_on=start + timedelta(days=rng.randint(0, 2000)),
        reported_on=start + timedelta(days=rng.randint(0, 2000)), category="Noise", description="Generated incident")
        for i in range(incidents_n)), batch_size=batch)
council = [pk for pk, lead in cases if lead == agencies[0].pk]
print(council[len(council) // 2], rng.choice(last))
print(f"generated in {time.perf_counter() - began:.0f} s", file=sys.stderr)
"""


def generate(home: Path, scale: float, database_url: str | None) -> tuple[int, str]:
    sizes = [max(1, int(FULL[k] * scale)) for k in ("cases", "incidents", "people")]
    env = {**os.environ, "CSPKIT_HOME": str(home), "DJANGO_SETTINGS_MODULE": "cspkit.web.settings"}
    if database_url:
        env["CSPKIT_DATABASE_URL"] = database_url
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", GENERATE, *map(str, sizes)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    case_id, surname = done.stdout.split()
    print(
        f"{sizes[0]:,} cases, {sizes[1]:,} incidents, {sizes[2]:,} people generated in "
        f"{time.perf_counter() - began:.0f} s",
        flush=True,
    )
    return int(case_id), surname


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench casework", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a twentieth of the full caseload, 5 requests each")
    parser.add_argument("--scale", type=float, help="size as a fraction of 100k cases / 1M incidents / 300k people")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="CSPKIT_DATABASE_URL (an empty database); default: SQLite")
    args, _ = parser.parse_known_args(argv)
    scale = args.scale or (0.05 if args.quick else 1.0)
    requests = args.requests or (5 if args.quick else 25)
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-casework-") as folder:
        case_id, surname = generate(Path(folder), scale, args.database_url)
        port = free_port()
        server = start_server(Path(folder), port, args.workers, args.database_url)
        try:
            visitors = [Visitor(port) for _ in range(args.users)]
            for visitor in visitors:
                visitor.sign_in("asbofficer", "cspkit-demo")
            search = f"/cases/?q={surname}&status=all"
            case = f"/cases/{case_id}/"
            status, page = visitors[0].request("GET", case)
            assert status == 200 and re.search(r"Case BEN-\d+", page), f"case page answered {status}"
            for path in (search, case):
                load(visitors, "warm-up", path, 1)
            results = [load(visitors, "case search", search, requests), load(visitors, "case page", case, requests)]
        finally:
            stop_server(server)
    print(f"{args.users} case officers at once, {requests} requests each, {args.database_url or 'SQLite'}")
    print(f"{'page':<14}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for r in results:
        print(f"{r.page:<14}{r.requests:>9}{r.per_second:>9.1f}{r.p50 * 1000:>9.0f}{r.p95 * 1000:>9.0f}")
    slow = [r.page for r in results if r.p95 > TARGET_P95_SECONDS]
    print(f"Target: p95 under 300 ms: {'over (' + ', '.join(slow) + ')' if slow else 'within'}")


if __name__ == "__main__":
    random.seed(14)
    main(sys.argv[1:])
