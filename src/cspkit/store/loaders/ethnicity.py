"""``cspkit load ethnicity``: Census 2021 residents by ethnic group (TS021) by local authority.

A load replaces the figures held for the same census and areas, so loading a file again
counts it once; every file is read and checked before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from cspkit.sources.ethnicity import EthnicityTable, read_ethnicity
from cspkit.store.connection import Store
from cspkit.store.loaders.shared import expand, record_file, refuse_overlap, reject_options
from cspkit.store.loads import LoadReport, Progress

KIND = "ethnicity"


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    reject_options(KIND, options)
    files = expand(paths, (".csv",), "CSV")
    tables: list[EthnicityTable] = []
    for done, path in enumerate(files, start=1):
        tables.append(read_ethnicity(path))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(((t.path, set(t.table["area_code"])) for t in tables),
                   lambda code: f"the Census ethnic groups of local authority {code}")
    report = LoadReport(KIND)
    with store.transaction() as con:
        for table in tables:
            rows = table.table.assign(census_year=table.census_year)
            con.execute("DELETE FROM ethnicity_population WHERE census_year = ? AND area_code IN "
                        "(SELECT unnest(?::VARCHAR[]))", [table.census_year, sorted(set(rows["area_code"]))])
            loaded = record_file(con, kind=KIND, path=table.path, rows=len(rows),
                                 detail={"census_year": table.census_year, "areas": int(rows["area_code"].nunique())})
            rows = rows.assign(load_id=loaded.load_id)
            con.register("ethnicity_rows", rows)
            try:
                con.execute("INSERT INTO ethnicity_population (area_code, area_name, census_year, ethnic_group, "
                            "residents, load_id) SELECT area_code, area_name, census_year, ethnic_group, residents, "
                            "load_id FROM ethnicity_rows")
            finally:
                con.unregister("ethnicity_rows")
            report.files.append(loaded)
    return report
