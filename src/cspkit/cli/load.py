"""``cspkit load <kind> PATH...``: read evidence files into the store, checked on the way in."""

from __future__ import annotations

import importlib
from enum import StrEnum
from pathlib import Path

import typer

from cspkit.cli.console import console, plain, progress_bar, starting, user_errors


class Kind(StrEnum):
    police_uk = "police-uk"
    home_office = "home-office"
    lookup = "lookup"
    population = "population"
    boundaries = "boundaries"
    deprivation = "deprivation"
    indicators = "indicators"
    harm = "harm"
    ethnicity = "ethnicity"


def loader_for(kind: Kind):
    """The ``load`` function of ``cspkit.store.loaders.<kind>``."""
    module = importlib.import_module(f"cspkit.store.loaders.{kind.name}")
    return module.load


def load(
    kind: Kind = typer.Argument(..., help="What the files hold."),
    paths: list[Path] = typer.Argument(..., help="Files, folders or .zip archives to load."),
    year: int | None = typer.Option(None, help="Population: the mid-year of the estimates."),
    level: str | None = typer.Option(
        None, help="Population and boundaries: the geography level (lsoa, ward, lad, csp, pfa)."
    ),
    vintage: str | None = typer.Option(None, help="Boundaries and lookups: the year of the codes."),
) -> None:
    """Load evidence files into the store. A failed load changes nothing; loading again replaces."""
    options = {k: v for k, v in {"year": year, "level": level, "vintage": vintage}.items() if v is not None}
    with user_errors(), starting(f"Loading {kind.value}…"):
        from cspkit.store import open_store

        load_files = loader_for(kind)
    with user_errors(), open_store() as store, progress_bar(f"Loading {kind.value}") as progress:
        report = load_files(store, paths, progress=progress, **options)
    derived = f" ({report.stored:,} rows stored)" if report.stored != report.rows else ""
    console.print(
        f"Loaded [bold]{report.rows:,}[/] rows of {kind.value} from {len(report.files):,} file(s){derived}."
    )
    for note in report.notes:
        console.print(plain(note), highlight=False, soft_wrap=True)
    for warning in report.warnings:
        console.print(f"[yellow]Warning:[/] {plain(warning)}", highlight=False)
