"""``cspkit assess``: the strategic assessment of one area and period."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from cspkit.cli.console import starting, user_errors


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def assess(
    area: str = typer.Option(None, "--area", "-a", help="Area name or ONS code (a CSP, district or force area)."),
    period: str = typer.Option(
        None, "--period", "-p", help="START..END in months (2022-01..2022-12), 2022/23 or 2022."
    ),
    benchmark: Path = typer.Option(
        None, "--benchmark", help="CSV of published rates: benchmark, crime_group, rate_per_1000."
    ),
    peers: Path = typer.Option(None, "--peers", help="File listing peer areas (ONS codes or names), one per line."),
    published: Path = typer.Option(None, "--published", help="Published crime rates by area (ONS/Home Office table)."),
    msg: Path = typer.Option(None, "--msg", help="Most Similar Group list (codes or names), with --published."),
    peer: list[str] = typer.Option(None, "--peer", help="A peer area (repeat for several)."),
    groupings: Path = typer.Option(None, "--groupings", help="YAML of crime groupings (default: cspkit's own)."),
    output_format: Format = typer.Option(Format.table, "--format", "-f", help="table, csv, json or xlsx."),
    out: Path = typer.Option(None, "--out", "-o", help="Where to write csv (a folder), json or xlsx (a file)."),
    demo: bool = typer.Option(
        False,
        "--demo",
        help="Use the demo's national context (published rates and Most "
        "Similar Group, written by cspkit demo) unless given.",
    ),
    figures: bool = typer.Option(
        True, "--figures/--no-figures", help="Draw the figures for the web evidence page now, so it opens at once."
    ),
    list_only: bool = typer.Option(False, "--list-areas", help="List the areas that can be assessed and stop."),
) -> None:
    """Assess an area: rates and comparisons with significance, change, trend, places and caveats."""
    options = dict(locals())
    options["output_format"] = str(output_format)
    with user_errors(), starting("Starting the assessment…"):
        from cspkit.cli.assess_run import run
    run(**options)
