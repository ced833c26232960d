"""Population without a primary key: inserts and deletes ran four times slower with it.

The population reader already refuses a file that gives one area, year and age twice, and
the loader replaces whole (level, year) sets of areas, so the key guarded nothing the load
does not already check. DuckDB cannot drop a constraint, so the table is rebuilt.
"""

from __future__ import annotations

import duckdb


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE population_rebuilt (
            area_code  VARCHAR NOT NULL,
            area_level VARCHAR NOT NULL,
            year       INTEGER NOT NULL,
            age        VARCHAR NOT NULL,
            sex        VARCHAR NOT NULL DEFAULT 'persons',
            population DOUBLE NOT NULL,
            load_id    BIGINT NOT NULL
        )
        """
    )
    con.execute("INSERT INTO population_rebuilt SELECT * FROM population")
    con.execute("DROP TABLE population")
    con.execute("ALTER TABLE population_rebuilt RENAME TO population")
