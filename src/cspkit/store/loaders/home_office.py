"""``cspkit load home-office``: Home Office police recorded crime tables (force area or CSP).

A load replaces what the store holds for each (area type, financial year, quarter) in the
file, so a table downloaded again after revisions replaces the earlier figures.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from cspkit.sources.home_office import RecordedCrime, read_recorded_crime
from cspkit.store.connection import Store
from cspkit.store.loaders.shared import expand, insert, record_file, refuse_overlap, reject_options, replace_where
from cspkit.store.loads import LoadReport, Progress

KIND = "home-office"
AREA_TYPES = {"pfa": "police force area", "csp": "Community Safety Partnership"}


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    reject_options("Home Office", options)
    files = expand(paths, (".csv",), "CSV")
    tables: list[RecordedCrime] = []
    for done, path in enumerate(files, start=1):
        tables.append(read_recorded_crime(path))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(
        ((t.path, {(t.area_type, *q) for q in t.quarters}) for t in tables),
        lambda key: f"{AREA_TYPES[key[0]]} figures for {key[1]} quarter {key[2]}",
    )
    report = LoadReport(KIND, warnings=[w for t in tables for w in t.warnings])
    with store.transaction() as con:
        for crime in tables:
            scope = pa.table(
                {
                    "area_type": [crime.area_type] * len(crime.quarters),
                    "financial_year": [year for year, _ in crime.quarters],
                    "financial_quarter": pa.array([quarter for _, quarter in crime.quarters], pa.int32()),
                }
            )
            report.warnings.extend(_areas_dropped(con, crime, scope))
            replace_where(con, "ho_recorded_crime", scope)
            loaded = record_file(
                con,
                kind=KIND,
                path=crime.path,
                rows=crime.table.num_rows,
                detail={"area_type": crime.area_type, "quarters": sorted(f"{y} Q{q}" for y, q in crime.quarters)},
            )
            insert(con, "ho_recorded_crime", crime.table, loaded.load_id)
            report.files.append(loaded)
            report.warnings.extend(_unknown_subgroups(con, crime))
    return report


def _areas_dropped(con: duckdb.DuckDBPyConnection, crime: RecordedCrime, scope: pa.Table) -> list[str]:
    """Areas the store holds for the quarters being replaced but the file does not: a file cut
    down to one force or CSP replaces the whole quarter, so say what that removes."""
    con.register("scope", scope)
    con.register("incoming", crime.table.select(["area_name"]))
    try:
        dropped = [
            name
            for (name,) in con.execute(
                "SELECT DISTINCT area_name FROM ho_recorded_crime SEMI JOIN scope"
                " USING (area_type, financial_year, financial_quarter)"
                " WHERE area_name NOT IN (SELECT area_name FROM incoming) ORDER BY area_name"
            ).fetchall()
        ]
    finally:
        con.unregister("scope")
        con.unregister("incoming")
    if not dropped:
        return []
    return [
        f"{crime.path}: this file replaces whole quarters, so the figures held for {len(dropped):,} "
        f"{AREA_TYPES[crime.area_type]}s not in it (e.g. {dropped[0]}) were removed"
    ]


def _unknown_subgroups(con: duckdb.DuckDBPyConnection, crime: RecordedCrime) -> list[str]:
    """Offence subgroups missing from the offence hierarchy cannot be matched to police.uk types."""
    con.register("incoming", crime.table.select(["offence_group", "offence_subgroup"]))
    try:
        rows = con.execute(
            "SELECT DISTINCT offence_group, offence_subgroup FROM incoming"
            " ANTI JOIN offence_hierarchy USING (offence_group, offence_subgroup) ORDER BY ALL"
        ).fetchall()
    finally:
        con.unregister("incoming")
    return [
        f"{crime.path}: offence group {group!r}, subgroup {subgroup!r} is not in cspkit's offence hierarchy, "
        "so it is not matched to a police.uk crime type"
        for group, subgroup in rows
    ]
