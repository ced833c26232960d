"""Reference data shipped with cspkit: the offence hierarchy linking police.uk crime types to
Home Office offence groups and subgroups (files in ``store/reference/``)."""

from __future__ import annotations

from importlib.resources import files

import duckdb

REFERENCE_TABLES = ("police_uk_crime_types", "offence_hierarchy")


def install_reference_data(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the reference tables with the copies shipped in this version of cspkit."""
    folder = files("cspkit.store") / "reference"
    for table in REFERENCE_TABLES:
        path = str(folder / f"{table}.csv")
        con.execute(f"DELETE FROM {table}")
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT * FROM read_csv(?, header=true, all_varchar=false)",
            [path],
        )
