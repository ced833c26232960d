"""``cspkit demo``: write a fictional partnership in the real download layouts, load it, show it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cspkit.cli.console import console, err_console, user_errors
from cspkit.config import get_settings
from cspkit.demo.geography import FORCE_NAME
from cspkit.demo.loading import LOADERS, load_demo
from cspkit.demo.partnership import write_demo
from cspkit.store import open_store
from cspkit.store.loads import LoadReport
from cspkit.store.quality import QualityReport, assess_quality

KIND_LABELS = {
    "lookup": "Geography lookup",
    "boundaries": "Boundaries",
    "population": "Population",
    "deprivation": "Deprivation",
    "police_uk": "police.uk crime, outcomes, searches",
    "home_office": "Home Office recorded crime",
    "indicators": "Partner indicators",
    "ethnicity": "Census ethnic groups",
}


@contextmanager
def _load_progress() -> Iterator:
    """One progress bar per kind of evidence; yields ``progress_for(kind)`` for :func:`load_demo`."""
    with Progress(
        TextColumn("[bold]{task.description:<30}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
    ) as bar:

        def progress_for(kind: str):
            task = bar.add_task(KIND_LABELS[kind], total=None)

            def update(done: int, total: int, label: str) -> None:
                bar.update(task, completed=done, total=total)

            return update

        yield progress_for


def loaded_table(reports: list[LoadReport]) -> Table:
    """What each loader wrote: kind, files and rows."""
    table = Table(title="Loaded into the evidence store")
    table.add_column("Evidence")
    table.add_column("Files", justify="right")
    table.add_column("Rows", justify="right")
    for kind, report in zip(LOADERS, reports, strict=True):
        table.add_row(KIND_LABELS[kind], f"{len(report.files):,}", f"{report.rows:,}")
    return table


def quality_table(report: QualityReport) -> Table:
    """The data-quality flags of the loaded police.uk files, one line each."""
    table = Table(title="Data-quality flags (police.uk files)")
    table.add_column("Flag")
    table.add_column("Files")
    table.add_column("Month")
    table.add_column("What to know", overflow="fold")
    for flag in report.flags:
        table.add_row(flag.flag, flag.kind, f"{flag.month:%Y-%m}" if flag.month else "all", flag.message)
    return table


def demo(
    out: Path | None = typer.Option(None, "--out", help="Folder for the demo files [default: $CSPKIT_HOME/demo]."),
    seed: int = typer.Option(0, help="Seed of the generator: the same seed always writes the same files."),
) -> None:
    """Generate a fictional partnership in the exact police.uk, ONS and Home Office layouts, and load it.

    Everything is invented (the force, its districts, people and crimes), so cspkit can be tried
    end to end without downloading anything. Running it again replaces the demo data loaded before.
    """
    folder = out if out is not None else get_settings().home / "demo"
    with user_errors():
        with err_console.status(f"Writing three years of evidence for {FORCE_NAME} (fictional)..."):
            files = write_demo(folder, seed=seed)
        console.print(f"Wrote the demo files to [bold]{folder}[/] (seed {seed}).", highlight=False)
        with open_store() as store:
            with _load_progress() as progress_for:
                reports = load_demo(store, files, progress_for=progress_for)
            quality = assess_quality(store.con)
    console.print(loaded_table(reports))
    for report in reports:
        for warning in report.warnings:
            console.print(f"[yellow]Warning:[/] {warning}", highlight=False)
    console.print(quality_table(quality))
    for note in quality.notes:
        console.print(f"[dim]{note}[/]", highlight=False)
