"""Every district at once: rates against its force and England and Wales, and LSOA hot spots.

A national body (or a force with many partnerships) wants the rates table and hot spots of
each district side by side, not one assessment at a time. Everything is computed from one
scan of the street records: DuckDB counts records by LSOA and crime type for the period, and
those counts are summed to districts, forces and the country in memory, so the cost barely
grows with the number of districts. Intervals and significance use the same methods as the
single-area rates table (:mod:`cspkit.assess.rates_table`), vectorised over every district
and crime group.

Which districts: those whose police force area (through the loaded lookups) is policed by a
force with police.uk street files in the period (the ``police_forces`` table links a file's
force to its area). Records a force made in LSOAs outside the loaded force areas (a few
crimes over a border) are counted nowhere, and a note says how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import shapely

from cspkit.assess.extract import loaded_months
from cspkit.assess.groupings import read_groupings
from cspkit.assess.groups import ALL_CRIME, ASB, crime_groups
from cspkit.assess.period import Period, add_months
from cspkit.assess.rates_table import LABELS, LEVELS
from cspkit.errors import CspkitError
from cspkit.stats.compare import significance
from cspkit.stats.gi_blocks import gi_star_blocks, queen_pairs
from cspkit.stats.rates import rate_ci
from cspkit.store import Store

FORCES_IN_ENGLAND_AND_WALES = 43
HOTSPOT_GROUPS = (ALL_CRIME, ASB)
_LSOAS = "national_lsoas"

_DISTRICT_LSOAS = f"""
CREATE OR REPLACE TEMP TABLE {_LSOAS} AS
WITH RECURSIVE
lsoa_district AS (
    SELECT child_code AS lsoa_code, parent_code AS district_code
    FROM area_links WHERE child_level = 'lsoa' AND parent_level = 'lad'
    QUALIFY row_number() OVER (PARTITION BY child_code ORDER BY parent_vintage DESC, child_vintage DESC) = 1
),
up(district_code, code, level, vintage, depth) AS (
    SELECT DISTINCT district_code, district_code, 'lad', '', 0 FROM lsoa_district
    UNION
    SELECT u.district_code, l.parent_code, l.parent_level, l.parent_vintage, u.depth + 1
    FROM area_links l JOIN up u ON l.child_code = u.code AND l.child_level = u.level
    WHERE u.depth < 8
),
district_force AS (
    SELECT district_code, arg_max(code, vintage) AS force_code FROM up WHERE level = 'pfa' GROUP BY district_code
),
names AS (
    SELECT code, level, arg_max(coalesce(name, code), vintage) AS name FROM areas
    WHERE level IN ('lad', 'pfa') GROUP BY code, level
)
SELECT l.lsoa_code, l.district_code, coalesce(d.name, l.district_code) AS district_name,
       f.force_code, coalesce(p.name, f.force_code) AS force_name
FROM lsoa_district l
JOIN district_force f USING (district_code)
LEFT JOIN names d ON d.code = l.district_code AND d.level = 'lad'
LEFT JOIN names p ON p.code = f.force_code AND p.level = 'pfa'
WHERE f.force_code IN (SELECT unnest(?::VARCHAR[]))
"""


@dataclass(frozen=True)
class NationalAssessment:
    """The tables of a national assessment, with what they cover and what to bear in mind.

    ``districts``: one row per district (district_code, district_name, force_code, force_name,
    lsoas, population_year, lsoas_without_population, lsoas_with_boundary, population); each district's
    population year is the latest covering its LSOAs, and ``population_year`` the latest of them. ``rates``: one row per
    district, crime group and comparator, with the columns of
    :func:`cspkit.assess.rates_table.rates_table` after district_code and district_name.
    ``hotspots``: Gi* per LSOA of each district for the headline groups (the columns of
    :func:`cspkit.stats.hotspots.gi_star` after district_code, district_name, crime_group, lsoa_code).
    """

    period: Period
    population_year: int
    districts: pd.DataFrame
    rates: pd.DataFrame
    hotspots: pd.DataFrame
    notes: tuple[str, ...]


def assess_districts(
    store: Store,
    period: Period | None = None,
    *,
    groupings_file: Path | None = None,
    hotspot_groups: Sequence[str] = HOTSPOT_GROUPS,
    multiplier: int = 1000,
) -> NationalAssessment:
    """Rates, comparisons and LSOA hot spots for every district of the loaded force areas.

    ``period`` defaults to the latest twelve loaded months. Each district is compared with
    its police force area and with every loaded force area together (labelled England and
    Wales when all 43 are loaded), at 95% and 99.8%, the Fingertips way.
    """
    con = store.con
    period = period or _latest_year(con)
    forces, notes = _covered_forces(con, period)
    con.execute(_DISTRICT_LSOAS, [sorted(forces)])
    lsoas = con.execute(f"SELECT * FROM {_LSOAS} ORDER BY district_code, lsoa_code").df()
    if lsoas.empty:
        raise CspkitError(
            "The loaded lookups give no districts and LSOAs inside the force areas of the loaded police.uk "
            "files. Load an LSOA -> district lookup and a district -> CSP -> force area lookup (cspkit load lookup)."
        )
    years = _district_population_years(con, period)
    if not years:
        raise CspkitError("No LSOA population estimate covers these districts, so rates cannot be calculated. "
                          "Load the ONS estimates for their LSOAs with: cspkit load population FILE")
    year = max(years.values())
    known_types = [r[0] for r in con.execute(
        "SELECT crime_type FROM police_uk_crime_types ORDER BY display_order").fetchall()]
    groups = crime_groups(known_types, read_groupings(groupings_file, set(known_types)))
    unknown = [g for g in hotspot_groups if g not in groups]
    if unknown:
        raise CspkitError(f"No crime group called {', '.join(repr(g) for g in unknown)}; "
                          f"hot spots can be found for: {', '.join(groups)}.")

    by_lsoa, outside = _lsoa_group_counts(con, period, lsoas["lsoa_code"], groups)
    populations = _lsoa_populations(con, years)
    lsoas["population"] = lsoas["lsoa_code"].map(populations)
    lsoas["population_year"] = lsoas["district_code"].map(years).astype("Int64")
    geometries = _lsoa_geometries(con)
    lsoas["has_boundary"] = lsoas["lsoa_code"].isin(geometries.keys())
    districts = _district_table(lsoas)

    rates = _rates(districts, lsoas, by_lsoa, list(groups), len(forces), multiplier)
    hotspots = _hotspots(lsoas, by_lsoa, geometries, list(hotspot_groups))
    notes += _notes(districts, outside)
    used = sorted(set(years.values()))
    if len(used) > 1:
        notes.append(f"Districts use different population years ({', '.join(f'mid-{y}' for y in used)}): each the "
                     "latest whose estimates cover its LSOAs.")
    return NationalAssessment(period, year, districts, rates, hotspots, tuple(notes))


def _latest_year(con: duckdb.DuckDBPyConnection) -> Period:
    loaded = loaded_months(con)
    if loaded is None:
        raise CspkitError("No police.uk street records are loaded. Load them with: cspkit load police-uk FOLDER")
    return Period(max(loaded[0], add_months(loaded[1], -11)), loaded[1])


def _covered_forces(con: duckdb.DuckDBPyConnection, period: Period) -> tuple[set[str], list[str]]:
    """Force areas with street files in the period; notes on forces unmatched or short of months."""
    rows = con.execute(
        """
        SELECT p.force, f.pfa_code, count(DISTINCT p.month) AS months
        FROM police_uk_files p LEFT JOIN police_forces f USING (force)
        WHERE p.kind = 'street' AND p.month BETWEEN ? AND ?
        GROUP BY ALL ORDER BY p.force
        """,
        [period.start, period.end],
    ).fetchall()
    if not rows:
        raise CspkitError(f"No police.uk street files are loaded for {period.label()}.")
    notes = []
    unmatched = [force for force, code, _ in rows if code is None]
    if unmatched:
        notes.append(f"{len(unmatched)} force(s) have no known police force area, so their districts are "
                     f"left out: {', '.join(unmatched)}.")
    short = [f"{force} ({months} of {period.months})" for force, code, months in rows
             if code is not None and months < period.months]
    if short:
        notes.append(f"Some forces lack months of the period, so their districts' counts and rates are low: "
                     f"{', '.join(short)}.")
    if len(unmatched) == len(rows):
        raise CspkitError(
            f"None of the forces with police.uk files for {period.label()} ({', '.join(unmatched)}) is linked to a "
            "police force area, so their districts are unknown. cspkit knows the forces of England and Wales by "
            "the names in their police.uk file names (e.g. 2022-01-staffordshire-street.csv)."
        )
    return {code for _, code, _ in rows if code is not None}, notes


def _lsoa_group_counts(con: duckdb.DuckDBPyConnection, period: Period, codes: pd.Series,
                       groups: dict[str, list[str]]) -> tuple[pd.DataFrame, int]:
    """Records per LSOA (rows, in the order of ``codes``) and crime group (columns), from one scan.

    DuckDB counts the period's records by LSOA and crime type, joins them to the LSOAs and to the
    crime groups (a type may sit in several) and sums: only the small LSOA x group table comes
    back. Also returns how many records of the period fell outside these LSOAs (or had no LSOA code).
    """
    order = pd.DataFrame({"lsoa_code": codes.to_numpy(), "row": np.arange(len(codes))})
    membership = pd.DataFrame([(t, k) for k, members in enumerate(groups.values()) for t in members],
                              columns=["crime_type", "column"])
    con.register("national_order", order)
    con.register("national_membership", membership)
    try:
        found = con.execute(
            """
            WITH counted AS (
                SELECT lsoa_code, crime_type, count(*) AS n FROM street_crimes
                WHERE month BETWEEN ? AND ? GROUP BY ALL
            ), placed AS (
                SELECT o.row, c.crime_type, c.n FROM counted c LEFT JOIN national_order o USING (lsoa_code)
            )
            SELECT p.row, m.column, sum(p.n)::BIGINT AS n
            FROM placed p JOIN national_membership m USING (crime_type) WHERE p.row IS NOT NULL GROUP BY ALL
            UNION ALL
            SELECT -1, -1, coalesce(sum(n), 0)::BIGINT FROM placed WHERE row IS NULL
            """,
            [period.start, period.end],
        ).fetchnumpy()
    finally:
        con.unregister("national_order")
        con.unregister("national_membership")
    rows, columns, n = (np.asarray(found[k], dtype="int64") for k in ("row", "column", "n"))
    inside = rows >= 0
    table = np.zeros((len(codes), len(groups)), dtype="int64")
    np.add.at(table, (rows[inside].astype(int), columns[inside].astype(int)), n[inside].astype("int64"))
    frame = pd.DataFrame(table, index=pd.Index(codes, name="lsoa_code"), columns=list(groups))
    return frame, int(n[~inside].sum())


def _district_population_years(con: duckdb.DuckDBPyConnection, period: Period) -> dict[str, int]:
    """Each district's population year: of the years estimating the most of its LSOAs (normally
    all), the latest not after the period's end, else the earliest, as for a single area
    (:func:`cspkit.assess.extract.population_year`). Districts of different forces or vintages in
    one store may so use different years."""
    rows = con.execute(
        f"""
        WITH coverage AS (
            SELECT n.district_code, p.year, count(DISTINCT p.area_code) AS covered
            FROM population p JOIN {_LSOAS} n ON n.lsoa_code = p.area_code
            WHERE p.area_level = 'lsoa' AND p.age = 'all' AND p.sex = 'persons'
            GROUP BY ALL
        ), best AS (
            SELECT district_code, year FROM coverage
            QUALIFY covered = max(covered) OVER (PARTITION BY district_code)
        )
        SELECT district_code, coalesce(max(year) FILTER (WHERE year <= ?), min(year)) FROM best GROUP BY ALL
        """,
        [period.end.year],
    ).fetchall()
    return {code: int(year) for code, year in rows}


def _lsoa_populations(con: duckdb.DuckDBPyConnection, years: dict[str, int]) -> pd.Series:
    chosen = pd.DataFrame({"district_code": list(years), "year": list(years.values())})
    con.register("national_years", chosen)
    try:
        rows = con.execute(
            f"""
            SELECT p.area_code, p.population FROM population p
            JOIN {_LSOAS} n ON n.lsoa_code = p.area_code
            JOIN national_years y ON y.district_code = n.district_code AND y.year = p.year
            WHERE p.area_level = 'lsoa' AND p.age = 'all' AND p.sex = 'persons'
            """
        ).fetchall()
    finally:
        con.unregister("national_years")
    return pd.Series(dict(rows), dtype=float)


def _lsoa_geometries(con: duckdb.DuckDBPyConnection) -> dict[str, bytes]:
    rows = con.execute(
        f"""
        SELECT b.code, arg_max(b.geometry, b.vintage) FROM boundaries b JOIN {_LSOAS} n ON n.lsoa_code = b.code
        WHERE b.level = 'lsoa' GROUP BY b.code
        """
    ).fetchall()
    return {code: bytes(geometry) for code, geometry in rows}


def _district_table(lsoas: pd.DataFrame) -> pd.DataFrame:
    return (
        lsoas.assign(without=lsoas["population"].isna())
        .groupby(["district_code", "district_name", "force_code", "force_name"], as_index=False)
        .agg(lsoas=("lsoa_code", "size"), population_year=("population_year", "first"),
             lsoas_without_population=("without", "sum"),
             lsoas_with_boundary=("has_boundary", "sum"), population=("population", "sum"))
        .sort_values(["force_name", "district_name"], ignore_index=True)
    )


def _rates(districts: pd.DataFrame, lsoas: pd.DataFrame, by_lsoa: pd.DataFrame, groups: list[str],
           force_count: int, multiplier: int) -> pd.DataFrame:
    """The rates table of every district against its force and the country, in one vectorised pass."""
    district = districts.set_index("district_code")
    counts = by_lsoa.groupby(lsoas["district_code"].to_numpy()).sum().reindex(district.index)
    force_counts = counts.groupby(district["force_code"]).sum()
    national_population = pd.Series({"national": district["population"].sum()})
    figures = {
        "area": _with_intervals(_long(counts, district["population"]), multiplier),
        "force": _with_intervals(_long(force_counts, district.groupby("force_code")["population"].sum()), multiplier),
        "national": _with_intervals(_long(counts.sum().to_frame("national").T, national_population), multiplier),
    }
    grid = districts[["district_code", "district_name", "force_code", "force_name"]].merge(
        pd.DataFrame({"crime_group": groups, "group_order": range(len(groups))}), how="cross")
    national = "England and Wales" if force_count >= FORCES_IN_ENGLAND_AND_WALES else \
        f"All loaded force areas ({force_count})"
    grid["national"] = "national"
    parts = {
        "area": _joined(grid, figures["area"], "district_code", grid["district_name"]),
        "force": _joined(grid, figures["force"], "force_code", grid["force_name"] + " (force area)"),
        "national": _joined(grid, figures["national"], "national", national),
    }
    area = parts["area"]
    for order, (kind, part) in enumerate(parts.items()):
        part["comparator_kind"], part["comparator_order"] = kind, order
        for label in LABELS:
            labels = significance(area[f"lower_{label}"].to_numpy(float), area[f"upper_{label}"].to_numpy(float),
                                  part["rate"].to_numpy(float))
            part[f"significance_{label}"] = "" if kind == "area" else labels
    table = pd.concat(parts.values(), ignore_index=True)
    table = table.sort_values(["district_name", "district_code", "group_order", "comparator_order"], ignore_index=True)
    limits = [f"{end}_{label}" for label in LABELS for end in ("lower", "upper")]
    return table[["district_code", "district_name", "crime_group", "comparator", "comparator_kind", "count",
                  "population", "rate", *limits, *[f"significance_{label}" for label in LABELS]]]


def _joined(grid: pd.DataFrame, figures: pd.DataFrame, key: str, label: pd.Series | str) -> pd.DataFrame:
    """The comparator's figures on each row of the district x crime group grid, in grid order."""
    joined = grid.merge(figures, how="left", left_on=[key, "crime_group"], right_on=["key", "crime_group"])
    joined["comparator"] = label if isinstance(label, str) else label.to_numpy()
    return joined


def _long(counts: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Counts by key (rows) and crime group (columns) as key, crime_group, count, population."""
    frame = counts.rename_axis(index="key", columns="crime_group").stack().rename("count").reset_index()
    frame["count"] = frame["count"].astype(float)
    frame["population"] = frame["key"].map(population).astype(float)
    return frame


def _with_intervals(entities: pd.DataFrame, multiplier: int) -> pd.DataFrame:
    """Rate and 95% / 99.8% limits for each row that has a population (others stay missing)."""
    known = entities["population"].gt(0).to_numpy()
    intervals = rate_ci(entities.loc[known, "count"].to_numpy(), entities.loc[known, "population"].to_numpy(),
                        multiplier=multiplier, confidence=LEVELS)
    for column in ("rate", *[f"{end}_{label}" for label in LABELS for end in ("lower", "upper")]):
        entities[column] = np.nan
        entities.loc[known, column] = intervals["value" if column == "rate" else column].to_numpy()
    return entities


def _hotspots(lsoas: pd.DataFrame, by_lsoa: pd.DataFrame, geometries: dict[str, bytes],
              groups: list[str]) -> pd.DataFrame:
    """Gi* among each district's LSOAs (queen contiguity, FDR-corrected) for each headline group.

    Every district at once: one block-diagonal weights matrix, the same numbers as
    :func:`cspkit.stats.hotspots.gi_star` district by district (see :mod:`cspkit.stats.gi_blocks`).
    """
    columns = ["district_code", "district_name", "crime_group"]
    located = lsoas[lsoas["has_boundary"]]
    located = located[located.groupby("district_code")["lsoa_code"].transform("size") >= 3]
    if located.empty or not groups:
        return pd.DataFrame(columns=[*columns, "lsoa_code", "value", "neighbours", "z", "p_value", "p_adjusted",
                                     "hotspot"])
    located = located.sort_values(["district_code", "district_name"], kind="stable")
    blocks = located["district_code"].to_numpy()
    shapes = shapely.from_wkb([geometries[c] for c in located["lsoa_code"]])
    values = by_lsoa.iloc[located.index.to_numpy()][groups].to_numpy(float)  # rows of by_lsoa follow lsoas
    found = gi_star_blocks(values, queen_pairs(shapes, blocks), blocks)
    parts = []
    for k, group in enumerate(groups):
        parts.append(pd.DataFrame({
            "district_code": blocks, "district_name": located["district_name"].to_numpy(), "crime_group": group,
            "group_order": k, "lsoa_code": located["lsoa_code"].to_numpy(), "value": values[:, k],
            "neighbours": found["neighbours"].astype(int), "z": found["z"][:, k], "p_value": found["p_value"][:, k],
            "p_adjusted": found["p_adjusted"][:, k], "hotspot": found["hotspot"][:, k],
        }))
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["district_code", "district_name", "group_order"], kind="stable", ignore_index=True)
    return table.drop(columns="group_order")


def _notes(districts: pd.DataFrame, outside: int) -> list[str]:
    notes = []
    if outside:
        notes.append(f"{outside:,} records of the period have no LSOA code or lie in LSOAs outside the loaded force "
                     "areas, and are counted in no district.")
    without = int(districts["lsoas_without_population"].sum())
    if without:
        notes.append(f"{without:,} LSOA(s) have no population estimate; their districts' rates leave them out.")
    unmapped = districts.loc[districts["lsoas_with_boundary"] < 3, "district_name"].tolist()
    if unmapped:
        notes.append(f"{len(unmapped)} district(s) have fewer than three LSOA boundaries loaded, so no LSOA hot "
                     f"spots: {', '.join(unmapped)}.")
    return notes
