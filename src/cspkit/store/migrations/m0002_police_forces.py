"""The police forces of data.police.uk: the slug in their file names, the name in their
'Reported by' column, and the ONS police force area (PFA) each polices.

The slug is the only link between a police.uk file and a force area, so this table is what
lets the data-quality checks say whether a crime was recorded outside its force's area.
British Transport Police and the Police Service of Northern Ireland have no PFA code.
"""

from __future__ import annotations

from importlib.resources import files

import duckdb

SCHEMA = """
CREATE TABLE police_forces (
    force      VARCHAR PRIMARY KEY,   -- slug as in police.uk file names, e.g. 'avon-and-somerset'
    force_name VARCHAR NOT NULL,      -- as in the 'Reported by' column
    pfa_code   VARCHAR,               -- ONS police force area, E23000xxx / W15000xxx
    pfa_name   VARCHAR
);
"""


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)
    path = str(files("cspkit.store") / "reference" / "police_forces.csv")
    con.execute(
        "INSERT INTO police_forces SELECT * FROM read_csv(?, header = true, auto_detect = false, "
        "columns = {'force': 'VARCHAR', 'force_name': 'VARCHAR', 'pfa_code': 'VARCHAR', 'pfa_name': 'VARCHAR'})",
        [path],
    )
