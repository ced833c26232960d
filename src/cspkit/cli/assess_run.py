"""The work behind ``cspkit assess`` (imported only when it runs, so start-up stays quick)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from cspkit.assess.areas import LEVEL_NAMES, list_areas
from cspkit.assess.assessment import Assessment
from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.export import write_csvs, write_xlsx
from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.kept import assessment_key, keep_if_unchanged, kept_folder
from cspkit.assess.period import parse_period
from cspkit.cli.console import console, err_console, plain, progress_bar, user_errors
from cspkit.cli.demo import demo_context_written
from cspkit.config import get_settings
from cspkit.errors import CspkitError
from cspkit.store import open_store
from cspkit.web.evidence.library import prepare_figures

MARKS = {"higher": "▲ higher", "lower": "▼ lower", "similar": "● similar"}


def run(
    area: str | None,
    period: str | None,
    benchmark: Path | None,
    peers: Path | None,
    published: Path | None,
    msg: Path | None,
    peer: list[str] | None,
    groupings: Path | None,
    output_format: str,
    out: Path | None,
    demo: bool,
    figures: bool,
    list_only: bool,
) -> None:
    """Build and save the assessment, draw its figures and show or write it."""
    demo = demo or get_settings().demo  # `cspkit --demo assess ...` also uses the demo's national context
    with user_errors(), open_store() as store:
        if list_only:
            _list_areas(store)
            return
        if not area or not period:
            raise CspkitError(
                "Give --area and --period, e.g. cspkit assess --area 'Cannock Chase' --period 2022-01..2022-11"
            )
        if output_format == "xlsx" and out is None:
            raise CspkitError("--format xlsx needs --out FILE.xlsx")
        if demo:
            context = demo_context_written()
            published, msg = published or context["published"], msg or context["msg"]
        request = AssessmentRequest(
            area=area,
            period=parse_period(period),
            peers=tuple(peer or ()),
            peers_file=peers,
            benchmarks_file=benchmark,
            groupings_file=groupings,
            published_file=published,
            msg_file=msg,
        )
        key = assessment_key(store.con, request)
        with progress_bar("Assessing") as progress:
            result = build_assessment(store, request, progress)
        saved = result.save(get_settings().workspace / "assessments")
        # kept for `cspkit report assessment` with the same options, which then need not build it again
        keep_if_unchanged(kept_folder(get_settings().workspace), key, store.con, request, result)
    if figures:
        with err_console.status("Drawing the figures for the evidence page..."):
            drawn = prepare_figures(saved)
        typer.echo(f"Drew {drawn} figures for the web evidence page.", err=True)
    _emit(result, output_format, out)
    typer.echo(f"Assessment saved to {saved}", err=True)


def _emit(result: Assessment, output_format: str, out: Path | None) -> None:
    if output_format == "json":
        text = result.to_json()
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    elif output_format == "csv":
        if out:
            for path in write_csvs(result, out):
                typer.echo(f"Wrote {path}", err=True)
        else:
            result.tables["rates"].to_csv(sys.stdout, index=False)
    elif output_format == "xlsx":
        typer.echo(f"Wrote {write_xlsx(result, out)}", err=True)
    else:
        _print_tables(result)


def _print_tables(result: Assessment) -> None:
    rates = result.tables["rates"]
    comparators = list(dict.fromkeys(rates["comparator"]))
    table = Table(title=f"Rates per 1,000 residents: {result.area.name}, {result.period.label()}", title_justify="left")
    table.add_column("Crime group")
    for name in comparators:
        table.add_column(name, justify="right")
    for group, rows in rates.groupby("crime_group", sort=False):
        cells = []
        for name in comparators:
            match = rows[rows["comparator"] == name]
            if match.empty:
                cells.append("")
                continue
            row = match.iloc[0]
            text = f"{row['rate']:.1f}" if row["rate"] == row["rate"] else "n/a"
            if row["comparator_kind"] != "area" and row["significance_95"] in MARKS:
                text += f" {MARKS[row['significance_95']]}"
            cells.append(text)
        table.add_row(f"[bold]{group}[/]" if group == ALL_CRIME else group, *cells)
    console.print(table)
    console.print("▲/▼/●: the area's rate is significantly higher / lower than / similar to that comparator (95%).")
    for section in ("overview", "comparison", "direction_of_travel", "year_to_date", "places"):
        for text in result.statements_for(section):
            console.print(f"• {plain(text)}", highlight=False)
    if result.caveats:
        console.print("\n[bold]Data-quality caveats[/]")
        for text in result.caveats:
            console.print(f"[yellow]![/] {plain(text)}", highlight=False)


def _list_areas(store) -> None:
    areas = list_areas(store.con)
    if not areas:
        raise CspkitError("No areas are known: load a geography lookup first (cspkit load lookup FILE).")
    table = Table(title="Areas that can be assessed")
    for column in ("Name", "ONS code", "Level"):
        table.add_column(column)
    for item in areas:
        table.add_row(plain(item.name), plain(item.code), LEVEL_NAMES.get(item.level, item.level))
    console.print(table)
