"""Queries that pull what an assessment needs out of the evidence store, aggregated in DuckDB.

Areas are given as sets of LSOA codes (``members``: area key -> LSOAs). Each query joins the
police.uk records to those sets once, so a force and its districts cost one scan, not one each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import duckdb
import pandas as pd

from cspkit.assess.period import Period, add_months

_MEMBERS = "assess_members"


def register_members(con: duckdb.DuckDBPyConnection, members: Mapping[str, Sequence[str]]) -> None:
    """Put the area -> LSOA sets in a temporary table the other queries join to."""
    frame = pd.DataFrame(
        [(key, code) for key, codes in members.items() for code in codes], columns=["area_key", "lsoa_code"]
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_MEMBERS} (area_key VARCHAR, lsoa_code VARCHAR)")
    if not frame.empty:
        con.register("members_frame", frame)
        con.execute(f"INSERT INTO {_MEMBERS} SELECT * FROM members_frame")
        con.unregister("members_frame")


def monthly_counts(con: duckdb.DuckDBPyConnection, first: date, last: date) -> pd.DataFrame:
    """Crimes and ASB per area, crime type and month (police.uk street records) from ``first`` to ``last``."""
    return con.execute(
        f"""
        SELECT m.area_key, s.crime_type, s.month, count(*) AS count
        FROM street_crimes s JOIN {_MEMBERS} m ON s.lsoa_code = m.lsoa_code
        WHERE s.month BETWEEN ? AND ?
        GROUP BY ALL ORDER BY ALL
        """,
        [first, last],
    ).df()


def lsoa_counts(con: duckdb.DuckDBPyConnection, area_key: str, period: Period) -> pd.DataFrame:
    """Crimes and ASB per LSOA and crime type in one area over the period."""
    return con.execute(
        f"""
        SELECT s.lsoa_code, s.crime_type, count(*) AS count
        FROM street_crimes s JOIN {_MEMBERS} m ON s.lsoa_code = m.lsoa_code
        WHERE m.area_key = ? AND s.month BETWEEN ? AND ?
        GROUP BY ALL ORDER BY ALL
        """,
        [area_key, period.start, period.end],
    ).df()


def points(con: duckdb.DuckDBPyConnection, area_key: str, period: Period) -> pd.DataFrame:
    """Every located record in the area over the period: for hotspots and repeat locations."""
    return con.execute(
        f"""
        SELECT s.month, s.crime_type, s.longitude, s.latitude, s.location, s.lsoa_code
        FROM street_crimes s JOIN {_MEMBERS} m ON s.lsoa_code = m.lsoa_code
        WHERE m.area_key = ? AND s.month BETWEEN ? AND ? AND s.longitude IS NOT NULL
        """,
        [area_key, period.start, period.end],
    ).df()


def population_year(con: duckdb.DuckDBPyConnection, period: Period, area_key: str | None = None) -> int | None:
    """The LSOA population year to use: the latest not after the period's end, else the earliest.

    With ``area_key`` only years that cover that registered area's LSOAs compete (the years that
    estimate the most of them, normally all), so a store holding other places' newer estimates
    (another force, the demo) never leaves an area without a population.
    """
    if area_key is None:
        row = con.execute(
            """
            SELECT coalesce(max(year) FILTER (WHERE year <= ?), min(year))
            FROM population WHERE area_level = 'lsoa' AND age = 'all'
            """,
            [period.end.year],
        ).fetchone()
        return None if row[0] is None else int(row[0])
    row = con.execute(
        f"""
        WITH coverage AS (
            SELECT p.year, count(DISTINCT p.area_code) AS covered
            FROM population p JOIN {_MEMBERS} m ON p.area_code = m.lsoa_code
            WHERE m.area_key = ? AND p.area_level = 'lsoa' AND p.age = 'all' AND p.sex = 'persons'
            GROUP BY p.year
        ), best AS (SELECT year FROM coverage WHERE covered = (SELECT max(covered) FROM coverage))
        SELECT coalesce(max(year) FILTER (WHERE year <= ?), min(year)) FROM best
        """,
        [area_key, period.end.year],
    ).fetchone()
    return None if row[0] is None else int(row[0])


def member_populations(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Population of each registered area (sum of its LSOAs) and how many LSOAs had no estimate."""
    return con.execute(
        f"""
        SELECT m.area_key, sum(p.population) AS population,
               count(*) FILTER (WHERE p.population IS NULL) AS lsoas_without_population,
               count(*) AS lsoas
        FROM {_MEMBERS} m
        LEFT JOIN population p ON p.area_code = m.lsoa_code AND p.area_level = 'lsoa'
             AND p.year = ? AND p.age = 'all' AND p.sex = 'persons'
        GROUP BY m.area_key
        """,
        [year],
    ).df()


def lsoa_populations(con: duckdb.DuckDBPyConnection, area_key: str, year: int) -> pd.DataFrame:
    return con.execute(
        f"""
        SELECT m.lsoa_code, p.population
        FROM {_MEMBERS} m
        LEFT JOIN population p ON p.area_code = m.lsoa_code AND p.area_level = 'lsoa'
             AND p.year = ? AND p.age = 'all' AND p.sex = 'persons'
        WHERE m.area_key = ?
        """,
        [year, area_key],
    ).df()


def loaded_months(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last month of police.uk street records in the store."""
    row = con.execute("SELECT min(month), max(month) FROM police_uk_files WHERE kind = 'street'").fetchone()
    return None if row[0] is None else (row[0], row[1])


def months_loaded_for(con: duckdb.DuckDBPyConnection, forces: Sequence[str], period: Period) -> list[date]:
    """Months of the period for which every force in ``forces`` has a street file loaded."""
    if not forces:
        return []
    rows = con.execute(
        """
        SELECT month FROM police_uk_files
        WHERE kind = 'street' AND force IN (SELECT unnest(?::VARCHAR[])) AND month BETWEEN ? AND ?
        GROUP BY month HAVING count(DISTINCT force) = ?
        ORDER BY month
        """,
        [list(forces), period.start, period.end, len(forces)],
    ).fetchall()
    return [r[0] for r in rows]


def lsoa_names(con: duckdb.DuckDBPyConnection, codes: Sequence[str]) -> dict[str, str]:
    rows = con.execute(
        "SELECT code, arg_max(coalesce(name, code), vintage) FROM areas "
        "WHERE level = 'lsoa' AND code IN (SELECT unnest(?::VARCHAR[])) GROUP BY code",
        [list(codes)],
    ).fetchall()
    return dict(rows)


def lsoa_parents(con: duckdb.DuckDBPyConnection, codes: Sequence[str], level: str) -> pd.DataFrame:
    """The ``level`` area (e.g. ward) of each LSOA, with its newest name."""
    return con.execute(
        """
        SELECT l.child_code AS lsoa_code, l.parent_code AS code,
               (SELECT arg_max(coalesce(a.name, a.code), a.vintage) FROM areas a
                 WHERE a.code = l.parent_code AND a.level = l.parent_level) AS name
        FROM area_links l
        WHERE l.child_level = 'lsoa' AND l.parent_level = ?
          AND l.child_code IN (SELECT unnest(?::VARCHAR[]))
        QUALIFY row_number() OVER (PARTITION BY l.child_code ORDER BY l.parent_vintage DESC) = 1
        """,
        [level, list(codes)],
    ).df()


def month_range(first: date, last: date) -> list[date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months
