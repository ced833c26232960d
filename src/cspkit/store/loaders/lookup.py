"""``cspkit load lookup``: ONS geography lookups and the LSOA 2011 <-> 2021 change table.

Areas are added or renamed (a lookup without names keeps the names already held). Links are
replaced for each child area of each (child level, child vintage, parent level, parent vintage) in
the file, and change-table rows for each 2011 LSOA in it, so loading a lookup again changes
nothing, and lookups of different places at the same vintages (two forces' files, the demo and a
real partnership) sit side by side instead of the later one wiping the earlier.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from cspkit.sources.geography import LEVEL_NAMES, Lookup, read_lookup
from cspkit.store.connection import Store
from cspkit.store.loaders.shared import expand, insert, record_file, refuse_overlap, reject_options, replace_where
from cspkit.store.loads import LoadReport, Progress

KIND = "lookup"
_AREAS_UPSERT = (
    "ON CONFLICT (code, vintage, level) DO UPDATE SET"
    " name = coalesce(excluded.name, areas.name), load_id = excluded.load_id"
)


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    reject_options("lookup", options, ("vintage",))
    vintage = options.get("vintage")
    files = expand(paths, (".csv",), "CSV")
    lookups: list[Lookup] = []
    for done, path in enumerate(files, start=1):
        lookups.append(read_lookup(path, vintage=str(vintage) if vintage is not None else None))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(
        ((lk.path, lk.link_pairs) for lk in lookups),
        lambda p: f"links from {LEVEL_NAMES[p[0]]} {p[1]} to {LEVEL_NAMES[p[2]]} {p[3]}",
    )
    refuse_overlap(
        ((lk.path, set(lk.changes["lsoa11_code"].to_pylist())) for lk in lookups if lk.changes is not None),
        lambda code: f"LSOA 2011 -> 2021 changes for {code}",
    )
    report = LoadReport(KIND, warnings=[w for lk in lookups for w in lk.warnings])
    with store.transaction() as con:
        for lookup in lookups:
            stored = lookup.areas.num_rows + lookup.links.num_rows
            stored += lookup.changes.num_rows if lookup.changes is not None else 0
            pairs = sorted(lookup.link_pairs)
            loaded = record_file(
                con,
                kind=KIND,
                path=lookup.path,
                rows=lookup.file_rows,
                stored=stored,
                detail={
                    "areas": lookup.areas.num_rows,
                    "links": [f"{c} {cv} -> {p} {pv}" for c, cv, p, pv in pairs],
                    "changes": lookup.changes.num_rows if lookup.changes is not None else 0,
                },
            )
            insert(con, "areas", lookup.areas, loaded.load_id, on_conflict=_AREAS_UPSERT)
            replace_where(con, "area_links", lookup.links.select(
                ["child_code", "child_level", "child_vintage", "parent_level", "parent_vintage"]))
            insert(con, "area_links", lookup.links, loaded.load_id)
            if lookup.changes is not None:
                replace_where(con, "lsoa_changes", pa.table({"lsoa11_code": pc.unique(lookup.changes["lsoa11_code"])}))
                insert(con, "lsoa_changes", lookup.changes, loaded.load_id)
            report.files.append(loaded)
    return report
