"""``cspkit load home-office``: Home Office police recorded crime tables (force area or CSP).

A load replaces what the store holds for each area and quarter in the file (area type, area,
financial year, quarter), so a table downloaded again after revisions replaces the earlier
figures, and extracts of one force and then another sit side by side: a second extract once
replaced whole quarters and removed the first force's figures.
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
    known = _known_forces(store.con)
    tables: list[RecordedCrime] = []
    for done, path in enumerate(files, start=1):
        tables.append(read_recorded_crime(path, known_forces=known))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(
        ((t.path, {tuple(row.values()) for row in _scope(t).to_pylist()}) for t in tables),
        lambda key: f"{AREA_TYPES[key[0]]} figures for {key[1]}, {key[2]} quarter {key[3]}",
    )
    report = LoadReport(KIND, warnings=[w for t in tables for w in t.warnings])
    with store.transaction() as con:
        for crime in tables:
            replace_where(con, "ho_recorded_crime", _scope(crime))
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


def _known_forces(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Force names as police.uk and the ONS write them, and the force areas of the loaded lookups."""
    rows = con.execute(
        "SELECT force_name FROM police_forces UNION SELECT pfa_name FROM police_forces WHERE pfa_name IS NOT NULL "
        "UNION SELECT name FROM areas WHERE level = 'pfa' AND name IS NOT NULL"
    ).fetchall()
    return {name for (name,) in rows}


def _scope(crime: RecordedCrime) -> pa.Table:
    """The (area type, area, financial year, quarter) the file gives figures for: what it replaces."""
    keys = crime.table.select(["area_name", "financial_year", "financial_quarter"]).group_by(
        ["area_name", "financial_year", "financial_quarter"]).aggregate([])
    return keys.add_column(0, "area_type", pa.array([crime.area_type] * keys.num_rows))


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
