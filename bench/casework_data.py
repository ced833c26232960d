"""A large fictional caseload for the casework benchmark, written fast: COPY on PostgreSQL,
``executemany`` in batches on SQLite, one transaction, progress on stderr.

Run by ``bench_casework`` in a child process (its own ``CSPKIT_HOME`` / ``CSPKIT_DATABASE_URL``):
``python -m bench.casework_data CASES INCIDENTS PEOPLE``. It migrates, seeds the demo partnership,
adds the caseload split between the council, the police and housing (a quarter shared with
another agency; each case has a victim, an alleged perpetrator and a witness), and prints the id
of a council case and a surname to search for.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import islice

BATCH = 20_000


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words("Alex Sam Jo Chris Pat Lee Kim Max Ray Viv Dee Ash Bo Cal Eli Fay")
# 20 x 20 x 20 = 8,000 surnames: about 40 people share each one at full size, as in a town.
_HEADS = _words("Hol Bra Cra Fen Mar Tol Ash Var Rud Sef Pen Gar Wil Dun Kel Lan Mor Tre Bel Cor")
_MIDS = _words("a e i o u an er in ol ur ab ed ig om ut ay ew is ow yl")
_TAILS = _words(
    "ley wick ton by ford well ham more field den stone worth dale combe hurst shaw thorpe ridge brook cott"
)
SURNAMES = [h + m + t for h in _HEADS for m in _MIDS for t in _TAILS]
START = date(2020, 1, 1)


def _progress(what: str, done: int, total: int, began: float) -> None:
    print(f"  {what}: {done:,} of {total:,} ({time.perf_counter() - began:.0f} s)", file=sys.stderr, flush=True)


def bulk_insert(model, columns: list[str], rows: Iterable[tuple], total: int) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``model``'s table without the ORM."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    began, done, rows = time.perf_counter(), 0, iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    done += 1
                    if done % 200_000 == 0 and done < total:
                        _progress(model.__name__, done, total, began)
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
            while batch := list(islice(rows, BATCH)):
                cursor.executemany(sql, batch)
                done += len(batch)
                if done % 200_000 < BATCH and done < total:
                    _progress(model.__name__, done, total, began)
    _progress(model.__name__, done, total, began)


def _cases(n: int, partnership: int, agencies: list[int], rng: random.Random) -> Iterator[tuple]:
    categories = ["Noise", "Nuisance", "Personal", "Environmental"]
    for i in range(n):
        opened = START + timedelta(days=rng.randint(0, 2000))
        closed = opened + timedelta(days=90) if i % 5 == 0 else None
        status = "closed" if closed else "open"
        yield (
            partnership,
            f"BEN-{i:07d}",
            agencies[i % 3],
            rng.choice(categories),
            "Generated case",
            status,
            opened,
            closed,
            False,
        )


def generate(cases_n: int, incidents_n: int, people_n: int) -> tuple[int, str]:
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", interactive=False, verbosity=0)
    from cspkit.web.accounts.models import Agency, Partnership
    from cspkit.web.cases.models import Case, CasePerson, Incident, Person, Share
    from cspkit.web.demo import create_demo

    create_demo()
    rng = random.Random(14)
    partnership = Partnership.objects.get(short_name="Safer Hartbury").pk
    names = ["Hartbury Borough Council", "Mercia Vale Police", "Hartbury Homes"]
    agencies = [Agency.objects.get(name=name).pk for name in names]
    demo_people = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        bulk_insert(
            Person,
            ["partnership_id", "first_name", "last_name", "born_on", "is_body", "address", "phone"],
            (
                (
                    partnership,
                    rng.choice(FIRST),
                    rng.choice(SURNAMES),
                    START - timedelta(days=rng.randint(4000, 30000)),
                    False,
                    "",
                    "",
                )
                for _ in range(people_n)
            ),
            people_n,
        )
        people = list(Person.objects.filter(pk__gt=demo_people).order_by("pk").values_list("pk", flat=True))
        columns = ["partnership_id", "reference", "lead_agency_id", "category", "summary", "status", "opened_on"]
        bulk_insert(Case, [*columns, "closed_on", "locked_down"], _cases(cases_n, partnership, agencies, rng), cases_n)
        cases = list(Case.objects.filter(reference__startswith="BEN-").order_by("pk").values_list("pk", flat=True))
        bulk_insert(
            Share,
            ["case_id", "agency_id", "shared_on", "basis"],
            ((pk, agencies[(n + 1) % 3], START, "s.115") for n, pk in enumerate(cases) if n % 4 == 0),
            len(cases) // 4,
        )
        roles = ["victim", "perpetrator", "witness"]
        bulk_insert(
            CasePerson,
            ["case_id", "person_id", "role"],
            (
                (pk, people[(n * 3 + k) % len(people)], role)
                for n, pk in enumerate(cases)
                for k, role in enumerate(roles)
            ),
            len(cases) * 3,
        )
        bulk_insert(
            Incident,
            ["case_id", "occurred_on", "reported_on", "category", "description", "hate"],
            (
                (
                    cases[i % len(cases)],
                    START + timedelta(days=rng.randint(0, 2000)),
                    START + timedelta(days=rng.randint(0, 2000)),
                    "Noise",
                    "Generated incident",
                    False,
                )
                for i in range(incidents_n)
            ),
            incidents_n,
        )
    _analyse()
    council = cases[0]  # BEN-0000000: led by the council (agencies[0])
    surname = Person.objects.filter(involvements__case_id=council, involvements__role="victim").get().last_name
    return council, surname


def _analyse() -> None:
    """Fresh statistics for the query planner, as autovacuum (or ``cspkit`` upkeep) would give it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv: list[str]) -> None:
    import django

    django.setup()
    began = time.perf_counter()
    case_id, surname = generate(*(int(v) for v in argv[:3]))
    print(case_id, surname)
    print(f"generated in {time.perf_counter() - began:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
