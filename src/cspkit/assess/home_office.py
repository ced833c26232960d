"""Rates by Home Office offence group for the area, its force and England & Wales, where loaded.

Home Office tables are published by financial year and quarter for police force areas (and, in
a separate table, for CSPs). The latest financial year with all four quarters is used.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from cspkit.assess.areas import Area, lsoas_in
from cspkit.stats.compare import compare_with_benchmark
from cspkit.stats.rates import rate_ci

TOTAL = "Total recorded crime (excluding fraud)"
# Rows that are not territorial police force areas: national fraud bodies and the transport police.
NOT_TERRITORIAL = ("Action Fraud", "CIFAS", "UK Finance", "British Transport Police", "Financial Fraud Action UK")


def home_office_rates(con: duckdb.DuckDBPyConnection, area: Area, force: Area | None) -> pd.DataFrame:
    """Offence group rates per 1,000 for area / force / England & Wales with significance, or empty."""
    year = _latest_full_year(con)
    if year is None:
        return pd.DataFrame()
    counts = con.execute(
        """
        SELECT area_type, area_name, area_code, offence_group, sum(offences) AS offences
        FROM ho_recorded_crime
        WHERE financial_year = ? AND offence_group <> 'Fraud offences'
        GROUP BY ALL
        """,
        [year],
    ).df()
    population_year = int(year[:4])
    columns: dict[str, tuple[pd.Series, float]] = {}
    for label, match, target in (("area", _matches(counts, "csp", area), area),
                                 ("force", _matches(counts, "pfa", force), force)):
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
    rows = []
    for group in [TOTAL, *groups]:
        row: dict = {"offence_group": group, "financial_year": year}
        for label, (by_group, population) in columns.items():
            count = float(by_group.sum() if group == TOTAL else by_group.get(group, 0))
            ci = rate_ci(np.array([count]), np.array([population]), multiplier=1000, confidence=0.95)
            row[f"{label}_count"], row[f"{label}_rate"] = count, float(ci["value"].iloc[0])
            row[f"{label}_lower_95"], row[f"{label}_upper_95"] = float(ci["lower_95"].iloc[0]), float(ci["upper_95"].iloc[0])
        for benchmark in ("force", "England and Wales"):
            if "area" in columns and benchmark in columns and benchmark != "area":
                compared = compare_with_benchmark(row["area_count"], columns["area"][1], row[f"{benchmark}_rate"],
                                                  confidence=0.95)
                row[f"area_vs_{benchmark}"] = str(compared.significance)
            if benchmark == "England and Wales" and "force" in columns and benchmark in columns:
                compared = compare_with_benchmark(row["force_count"], columns["force"][1], row[f"{benchmark}_rate"],
                                                  confidence=0.95)
                row["force_vs_England and Wales"] = str(compared.significance)
        rows.append(row)
    return pd.DataFrame(rows)


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
