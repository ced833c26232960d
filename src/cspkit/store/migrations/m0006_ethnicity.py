"""Census residents by ethnic group and local authority: the denominators of stop-and-search rates."""

from __future__ import annotations

import duckdb


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE ethnicity_population (
            area_code    VARCHAR NOT NULL,
            area_name    VARCHAR,
            census_year  INTEGER NOT NULL,
            ethnic_group VARCHAR NOT NULL,   -- Asian, Black, Mixed, White, Other
            residents    DOUBLE NOT NULL,
            load_id      BIGINT NOT NULL
        )
        """
    )
