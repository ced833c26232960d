"""``cspkit load deprivation``: English Indices of Deprivation by LSOA (``--year`` gives the
edition when the file name does not).

A load replaces the edition's figures for the LSOAs in the file.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from cspkit.sources.deprivation import Deprivation, read_deprivation
from cspkit.store.connection import Store
from cspkit.store.loaders.shared import expand, insert, record_file, refuse_overlap, reject_options, replace_where
from cspkit.store.loads import LoadReport, Progress

KIND = "deprivation"


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    reject_options("deprivation", options, ("year",))
    edition = options.get("year")
    files = expand(paths, (".csv",), "CSV")
    indices: list[Deprivation] = []
    for done, path in enumerate(files, start=1):
        indices.append(read_deprivation(path, edition=int(edition) if edition is not None else None))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(
        ((d.path, {(d.edition, code) for code in d.lsoa_codes.to_pylist()}) for d in indices),
        lambda key: f"the {key[0]} indices for LSOA {key[1]}",
    )
    report = LoadReport(KIND, warnings=[w for d in indices for w in d.warnings])
    with store.transaction() as con:
        for deprivation in indices:
            codes = deprivation.lsoa_codes
            replace_where(
                con, "deprivation", pa.table({"lsoa_code": codes, "edition": [deprivation.edition] * len(codes)})
            )
            loaded = record_file(
                con,
                kind=KIND,
                path=deprivation.path,
                rows=deprivation.file_rows,
                stored=deprivation.table.num_rows,
                detail={"edition": deprivation.edition, "lsoas": len(codes)},
            )
            rows = deprivation.table.append_column(
                "edition", pa.array([deprivation.edition] * deprivation.table.num_rows, pa.int32())
            )
            insert(con, "deprivation", rows, loaded.load_id)
            report.files.append(loaded)
    return report
