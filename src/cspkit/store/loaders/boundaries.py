"""``cspkit load boundaries``: area boundaries (GeoJSON, GeoPackage, shapefile), kept as WKB
in WGS84 with their level and vintage.

A load replaces the boundary held for each (code, level, vintage) in the file.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from cspkit.sources.boundaries import SUFFIXES, Boundaries, read_boundaries
from cspkit.sources.geography import LEVEL_NAMES
from cspkit.store.connection import Store
from cspkit.store.loaders.shared import expand, insert, record_file, refuse_overlap, reject_options, replace_where
from cspkit.store.loads import LoadReport, Progress

KIND = "boundaries"


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    reject_options("boundary", options, ("level", "vintage"))
    level, vintage = options.get("level"), options.get("vintage")
    files = expand(paths, SUFFIXES, "boundary")
    shapes: list[Boundaries] = []
    for done, path in enumerate(files, start=1):
        shapes.append(read_boundaries(path, level=level, vintage=str(vintage) if vintage is not None else None))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(
        ((b.path, {(b.level, b.vintage, code) for code in b.table["code"].to_pylist()}) for b in shapes),
        lambda key: f"the boundary of {LEVEL_NAMES[key[0]]} {key[2]} ({key[1]})",
    )
    report = LoadReport(KIND, warnings=[w for b in shapes for w in b.warnings])
    with store.transaction() as con:
        for boundaries in shapes:
            n = boundaries.table.num_rows
            rows = boundaries.table.append_column("level", pa.array([boundaries.level] * n, pa.string()))
            rows = rows.append_column("vintage", pa.array([boundaries.vintage] * n, pa.string()))
            replace_where(con, "boundaries", rows.select(["code", "level", "vintage"]))
            loaded = record_file(
                con,
                kind=KIND,
                path=boundaries.path,
                rows=n,
                detail={"level": boundaries.level, "vintage": boundaries.vintage},
            )
            insert(con, "boundaries", rows, loaded.load_id)
            report.files.append(loaded)
    return report
