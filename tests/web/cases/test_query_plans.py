"""Every read of the case page and of case search reaches the big tables (cases, people,
incidents, their links) through an index, never by reading the whole table: at 100,000 cases
and 1,000,000 incidents one such scan took 120 ms of a page. SQLite plans by its statistics
(``sqlite_stat1``), so the test gives it those of the benchmark's full-size caseload (``python -m
bench casework``, after its ANALYZE): most incidents have no reporter, which made an ``IN``
over reporters look like a third of the table."""

from __future__ import annotations

import pytest
from django.db import connection

from cspkit.web.accounts.models import User
from cspkit.web.cases import case_page, search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="PostgreSQL plans by the size of the tables, which is tiny here (bench casework measures it)",
    ),
]
BIG = ("cases_case", "cases_person", "cases_incident", "cases_caseperson")
FULL_SIZE_STATISTICS = [  # (table, index, stat) as ANALYZE wrote them at 100,000 cases
    ("cases_share", "share_agency_case", "25007 8336 1"),
    ("cases_share", "cases_share_case_id_fb0c52a6", "25007 1"),
    ("cases_share", "cases_share_agency_id_ec0a8773", "25007 8336"),
    ("cases_share", "sqlite_autoindex_cases_share_1", "25007 1 1"),
    ("cases_person", "person_first_name_lower", "300024 9679"),
    ("cases_person", "person_last_name_lower", "300024 38"),
    ("cases_person", "cases_perso_partner_c2fe41_idx", "300024 300024 38 3"),
    ("cases_person", "cases_person_partnership_id_fef944bc", "300024 300024"),
    ("cases_incident", "incident_case_newest_first", "1000067 10 1 1"),
    ("cases_incident", "cases_incident_place_id_0b6f7c61", "1000067 50004"),
    ("cases_incident", "cases_incident_reporter_id_05538cfb", "1000067 52636"),
    ("cases_incident", "cases_incident_case_id_dbd36c7e", "1000067 10"),
    ("cases_case", "case_newest_first", "100019 50 1"),
    ("cases_case", "cases_case_partner_03d02f_idx", "100019 100019 33340 16670"),
    ("cases_case", "cases_case_partnership_id_bdfe865c", "100019 100019"),
    ("cases_case", "cases_case_lead_officer_id_7afabfa5", "100019 25005"),
    ("cases_case", "cases_case_lead_agency_id_a2914d5d", "100019 33340"),
    ("cases_case", "sqlite_autoindex_cases_case_1", "100019 1"),
    ("cases_caseperson", "cases_caseperson_person_id_b254d1ed", "300038 1"),
    ("cases_caseperson", "cases_caseperson_case_id_f97e1a77", "300038 3"),
    ("cases_caseperson", "sqlite_autoindex_cases_caseperson_1", "300038 3 1 1"),
]


@pytest.fixture(autouse=True)
def _full_size_statistics(casework) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # makes sqlite_stat1
        indexes = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        missing = [index for _, index, _ in FULL_SIZE_STATISTICS if index not in indexes]
        assert not missing, f"indexes renamed since the statistics were taken: {missing}"
        for table, index, stat in FULL_SIZE_STATISTICS:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [table, index])
            cursor.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", [table, index, stat])
        cursor.execute("ANALYZE sqlite_master")  # reload them


def _scans_big_table(sql: str, params) -> list[str]:
    aliases = {"c": "cases_case", "i": "cases_incident", "p": "cases_person", "cp": "cases_caseperson"}
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        steps = [row[-1] for row in cursor.fetchall()]
    return [s for s in steps if s.startswith("SCAN ") and aliases.get(s.split()[1], s.split()[1]) in BIG]


def test_the_case_page_reads_through_indexes(casework) -> None:
    for username in ("asbofficer", "pcso", "housingofficer"):
        user = User.objects.get(username=username)
        for name, (sql, params) in case_page.queries(user, casework.noise.pk, 0).items():
            assert not _scans_big_table(sql, params), (username, name)


@pytest.mark.parametrize("query", ["Whitfield", "whit marg", "Noise"])
def test_a_search_by_name_or_category_reads_through_indexes(casework, monkeypatch, query) -> None:
    captured: list[tuple[str, list]] = []
    real_rows = search.rows

    def keep(sql, params=()):
        captured.append((sql, list(params)))
        return real_rows(sql, params)

    monkeypatch.setattr(search, "rows", keep)
    search.find_cases(User.objects.get(username="asbofficer"), query, "all", ("Noise",), 1, 25)
    assert len(captured) == 2  # the reference looked up, then the cases
    for sql, params in captured:
        if query == "Noise" and "c.category" in sql:
            continue  # a category matches many cases: read newest first along the cases' own order
        assert not _scans_big_table(sql, params), sql
