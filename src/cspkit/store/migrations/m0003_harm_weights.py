"""Harm weights per offence: the Cambridge Crime Harm Index (and room for the ONS Crime Severity Score).

One row per detailed offence as published; several offences share a Home Office offence code,
and :mod:`cspkit.stats.harm` decides how they become one weight per code.
"""

from __future__ import annotations

import duckdb

SCHEMA = """
CREATE TABLE harm_weights (
    scheme              VARCHAR NOT NULL,   -- 'cchi' (Cambridge Crime Harm Index) or 'css' (ONS Crime Severity Score)
    offence_code        VARCHAR NOT NULL,   -- Home Office offence code as in the recorded crime tables: '8N', '4.3'
    offence_description VARCHAR NOT NULL,   -- the detailed offence, as published
    weight              DOUBLE NOT NULL,    -- harm score, in ``unit``
    unit                VARCHAR NOT NULL,   -- 'days' (of imprisonment) for the CCHI
    edition             VARCHAR NOT NULL,   -- '2020'; loading an edition again replaces it
    load_id             BIGINT NOT NULL
);
"""


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)
