"""``cspkit status``: which police.uk months are loaded, and what is wrong with them."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from itertools import groupby
from typing import TYPE_CHECKING

import typer

from cspkit.cli.console import console, plain, starting, user_errors

if TYPE_CHECKING:
    import pandas as pd

    from cspkit.store.quality import QualityReport


# The three ways a police.uk row can lack its place, kept apart: the assessment counts a row in
# an area by its LSOA, and maps it by its coordinates.
LOCATION_HEADINGS = {
    "No coordinates (has LSOA)": "rows_no_coordinates",
    "No LSOA (has coordinates)": "rows_no_lsoa",
    "Neither": "rows_no_location",
}


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def status(
    format: Format = typer.Option(Format.table, "--format", help="table for people; csv or json for other tools."),
) -> None:
    """Show what police.uk data is loaded (force, kind, months) and its data-quality flags."""
    with user_errors(), starting("Reading the evidence store…"):
        from cspkit.store import open_store
        from cspkit.store.quality import assess_quality

        with open_store(read_only=True) as store:
            report = assess_quality(store.con)
            path = store.path
    if format is Format.csv:
        _for_output(report.coverage_frame()).to_csv(sys.stdout, index=False, lineterminator="\n")
    elif format is Format.json:
        sys.stdout.write(json.dumps(_as_json(report), indent=2, default=str) + "\n")
    else:
        console.print(f"Evidence store: {plain(path)}", highlight=False, soft_wrap=True)
        _print_tables(report)


def _for_output(frame: pd.DataFrame) -> pd.DataFrame:
    """Months as YYYY-MM (as police.uk writes them) and missing values as None."""
    import pandas as pd

    frame = frame.astype(object)
    frame["month"] = pd.Series([f"{m:%Y-%m}" if pd.notna(m) else None for m in frame["month"]], dtype=object)
    return frame.where(frame.notna(), None)


def _as_json(report: QualityReport) -> dict:
    return {
        "coverage": _for_output(report.coverage_frame()).to_dict("records"),
        "flags": _for_output(report.flags_frame()).to_dict("records"),
        "notes": report.notes,
    }


def _print_tables(report: QualityReport) -> None:
    from rich import box
    from rich.table import Table

    if not report.coverage:
        console.print("No police.uk data is loaded yet. Load some with: cspkit load police-uk FOLDER")
        return
    table = Table(title="police.uk data loaded", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Force", min_width=max(len(c.force) for c in report.coverage))
    table.add_column("Kind", min_width=max(len(c.kind) for c in report.coverage))
    table.add_column("Months", min_width=len("2022-01..2022-11"))
    for heading in ("Missing", "Rows"):
        table.add_column(heading, justify="right")
    places = Table(title="Rows without a full location", title_justify="left", box=box.SIMPLE_HEAD)
    places.add_column("Force", min_width=max(len(c.force) for c in report.coverage))
    places.add_column("Kind", min_width=max(len(c.kind) for c in report.coverage))
    for heading in LOCATION_HEADINGS:
        places.add_column(heading, justify="right")
    for (force, kind), group in groupby(report.coverage, key=lambda c: (c.force, c.kind)):
        rows = list(group)
        loaded = [r for r in rows if r.rows is not None]
        table.add_row(
            force,
            kind,
            f"{rows[0].month:%Y-%m}..{rows[-1].month:%Y-%m}",
            f"{len(rows) - len(loaded)}",
            f"{sum(r.rows for r in loaded):,}",
        )
        unplaced = [sum(getattr(r, count) for r in loaded) for count in LOCATION_HEADINGS.values()]
        if any(unplaced):
            places.add_row(force, kind, *(f"{n:,}" for n in unplaced))
    console.print(table)
    if places.row_count:
        console.print(places)
    if report.flags:
        flags = Table(title="Data-quality flags", title_justify="left", box=box.SIMPLE_HEAD)
        for heading in ("Force", "Kind", "Month", "Flag", "What it means"):
            flags.add_column(heading)
        for flag in report.flags:
            flags.add_row(plain(flag.force), flag.kind, f"{flag.month:%Y-%m}" if flag.month else "", flag.flag,
                          plain(flag.message))
        console.print(flags)
    else:
        console.print("No data-quality flags.")
    for note in report.notes:
        console.print(f"[yellow]Note:[/] {plain(note)}", highlight=False)
