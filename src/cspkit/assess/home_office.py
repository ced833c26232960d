"""Rates by Home Office offence group for the area, its force and England & Wales, where loaded.

Home Office tables are published by financial year and quarter for police force areas (and, in
a separate table, for CSPs). The latest financial year with all four quarters is used.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from cspkit.assess.areas import Area, children_of, lsoas_in
from cspkit.sources.home_office import NOT_TERRITORIAL
from cspkit.stats.compare import significance
from cspkit.stats.rates import rate_ci

TOTAL = "Total recorded crime (excluding fraud)"


def home_office_rates(con: duckdb.DuckDBPyConnection, area: Area, force: Area | None) -> pd.DataFrame:
    """Offence group rates per 1,000 for area / force / England & Wales with significance, or empty."""
    year = _latest_full_year(con)
    if year is None:
        return pd.DataFrame()
    counts = con.execute(
        """
        SELECT area_type, area_name, area_code, force_name, offence_group, sum(offences) AS offences
        FROM ho_recorded_crime
        WHERE financial_year = ? AND offence_group <> 'Fraud offences'
        GROUP BY ALL
        """,
        [year],
    ).df()
    population_year = int(year[:4])
    columns: dict[str, tuple[pd.Series, float]] = {}
    for label, match, target in (("area", _matches(counts, "csp", area), area),
                                 ("force", _force_rows(con, counts, force), force)):
        if target is not None and match.any():
            population = _population(con, lsoas_in(con, target), population_year)
            if population:
                columns[label] = (counts[match].groupby("offence_group")["offences"].sum(), population)
    national = counts[(counts["area_type"] == "pfa") & ~counts["area_name"].isin(NOT_TERRITORIAL)]
    national_population = _national_population(con, population_year)
    if not national.empty and national_population:
        columns["England and Wales"] = (national.groupby("offence_group")["offences"].sum(), national_population)
    if not columns:
        return pd.DataFrame()
    groups = sorted(set().union(*(c[0].index for c in columns.values())))
    # the estimates the rates divide by: the year loaded nearest the financial year's, said in the report
    nearest = con.execute("SELECT year FROM population WHERE area_level = 'lsoa' ORDER BY abs(year - ?) LIMIT 1",
                          [population_year]).fetchone()
    table = pd.DataFrame({"offence_group": [TOTAL, *groups], "financial_year": year,
                          "population_year": nearest[0] if nearest else population_year})
    for label, (by_group, population) in columns.items():
        counts_for = np.array([by_group.sum(), *(by_group.get(g, 0) for g in groups)], dtype=float)
        ci = rate_ci(counts_for, np.full(len(counts_for), population), multiplier=1000, confidence=0.95)
        table[f"{label}_count"] = counts_for
        table[f"{label}_rate"] = ci["value"].to_numpy()
        table[f"{label}_lower_95"] = ci["lower_95"].to_numpy()
        table[f"{label}_upper_95"] = ci["upper_95"].to_numpy()
    for subject, benchmark in (("area", "force"), ("area", "England and Wales"), ("force", "England and Wales")):
        if subject in columns and benchmark in columns:
            table[f"{subject}_vs_{benchmark}"] = significance(
                table[f"{subject}_lower_95"], table[f"{subject}_upper_95"], table[f"{benchmark}_rate"]
            )
    return table


def _force_rows(con: duckdb.DuckDBPyConnection, counts: pd.DataFrame, force: Area | None) -> pd.Series:
    """The force's own rows, or else the rows of its partnerships when the CSP table holds one for
    each of the force's districts (the table by partnership adds up to the force)."""
    own = _matches(counts, "pfa", force)
    if force is None or own.any():
        return own
    partnerships = (counts["area_type"] == "csp") & (
        counts["force_name"].fillna("").str.lower().str.strip() == force.name.lower().strip())
    districts = children_of(con, force, "lad")
    found = set(counts.loc[partnerships, "area_name"].str.lower().str.strip())
    if districts and all(d.name.lower().strip() in found for d in districts):
        return partnerships
    return pd.Series(False, index=counts.index)


def _latest_full_year(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "SELECT max(financial_year) FROM (SELECT financial_year FROM ho_recorded_crime "
        "GROUP BY financial_year HAVING count(DISTINCT financial_quarter) = 4)"
    ).fetchone()
    return row[0]


def _matches(counts: pd.DataFrame, area_type: str, area: Area | None) -> pd.Series:
    if area is None:
        return pd.Series(False, index=counts.index)
    same_type = counts["area_type"] == area_type
    by_code = counts["area_code"].fillna("") == area.code
    by_name = counts["area_name"].str.lower().str.strip() == area.name.lower().strip()
    return same_type & (by_code | by_name)


def _population(con: duckdb.DuckDBPyConnection, lsoas: list[str], year: int) -> float | None:
    row = con.execute(
        """
        SELECT sum(population) FROM population
        WHERE area_level = 'lsoa' AND age = 'all' AND sex = 'persons'
          AND year = (SELECT year FROM population WHERE area_level = 'lsoa' ORDER BY abs(year - ?) LIMIT 1)
          AND area_code IN (SELECT unnest(?::VARCHAR[]))
        """,
        [year, lsoas],
    ).fetchone()
    return float(row[0]) if row and row[0] else None


def _national_population(con: duckdb.DuckDBPyConnection, year: int) -> float | None:
    """England and Wales: every district's population (E06-E09, W06) in the nearest year loaded."""
    row = con.execute(
        """
        SELECT sum(population) FROM population
        WHERE area_level = 'lad' AND age = 'all' AND sex = 'persons'
          AND regexp_matches(area_code, '^(E0[6-9]|W06)')
          AND year = (SELECT year FROM population WHERE area_level = 'lad' ORDER BY abs(year - ?) LIMIT 1)
        """,
        [year],
    ).fetchone()
    return float(row[0]) if row and row[0] else None
