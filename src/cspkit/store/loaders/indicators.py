"""``cspkit load indicators``: partner indicators (area, period, measure, value, denominator).

A load replaces the value held for each (area, period, measure) in the file, so a partner's
corrected return replaces the earlier one and a reload counts once.
"""

from __future__ import annotations

from pathlib import Path

from cspkit.sources.indicators import Indicators, read_indicators
from cspkit.store.connection import Store
from cspkit.store.loaders.shared import (
    expand,
    insert,
    known_area_codes,
    record_file,
    refuse_overlap,
    reject_options,
    replace_where,
)
from cspkit.store.loads import LoadReport, Progress

KIND = "indicators"
_KEY = ["area_code", "period", "measure"]


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    reject_options("indicator", options)
    files = expand(paths, (".csv",), "CSV")
    known = known_area_codes(store.con)
    returns: list[Indicators] = []
    for done, path in enumerate(files, start=1):
        returns.append(read_indicators(path, known_codes=known))
        if progress:
            progress(done, len(files), path.name)
    refuse_overlap(
        ((r.path, {tuple(k.values()) for k in r.table.select(_KEY).to_pylist()}) for r in returns),
        lambda key: f"{key[2]!r} for {key[0]} in {key[1]}",
    )
    report = LoadReport(KIND, warnings=[w for r in returns for w in r.warnings])
    with store.transaction() as con:
        for indicators in returns:
            replace_where(con, "indicators", indicators.table.select(_KEY))
            measures = sorted(set(indicators.table["measure"].to_pylist()))
            loaded = record_file(
                con, kind=KIND, path=indicators.path, rows=indicators.table.num_rows, detail={"measures": measures}
            )
            insert(con, "indicators", indicators.table, loaded.load_id)
            report.files.append(loaded)
    return report
