"""``cspkit load population``: ONS mid-year population estimates by LSOA, district or other area.

A load replaces the estimates held for the same level and year for the areas in the file, so
a district file and an LSOA file of one year sit side by side, and a reload counts once.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from cspkit.sources.geography import LEVEL_NAMES
from cspkit.sources.population import Population, read_population
from cspkit.store.connection import Store
from cspkit.store.loaders.shared import expand, insert, record_file, refuse_overlap, reject_options, replace_where
from cspkit.store.loads import LoadReport, Progress

KIND = "population"


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    reject_options("population", options, ("year", "level"))
    year, level = options.get("year"), options.get("level")
    files = expand(paths, (".csv",), "CSV")
    estimates: list[Population] = []
    for done, path in enumerate(files, start=1):
        estimates.append(read_population(path, year=int(year) if year is not None else None, level=level))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(
        ((p.path, {(p.level, p.year, code) for code in p.area_codes.to_pylist()}) for p in estimates),
        lambda key: f"the {key[1]} population of {LEVEL_NAMES[key[0]]} {key[2]}",
    )
    report = LoadReport(KIND)
    if year is None:
        report.notes += [f"{p.path.name}: read as the mid-{p.year} estimates, the year in its file name "
                         "(give --year if that is wrong)." for p in estimates]
    with store.transaction() as con:
        for population in estimates:
            codes = population.area_codes
            scope = pa.table(
                {
                    "area_code": codes,
                    "area_level": [population.level] * len(codes),
                    "year": [population.year] * len(codes),
                }
            )
            replace_where(con, "population", scope)
            loaded = record_file(
                con,
                kind=KIND,
                path=population.path,
                rows=population.file_rows,
                stored=population.table.num_rows,
                detail={
                    "level": population.level,
                    "vintage": population.vintage,
                    "year": population.year,
                    "areas": len(codes),
                },
            )
            rows = population.table.append_column(
                "area_level", pa.array([population.level] * population.table.num_rows, pa.string())
            ).append_column("year", pa.array([population.year] * population.table.num_rows, pa.int32()))
            insert(con, "population", rows, loaded.load_id)
            report.files.append(loaded)
    return report
