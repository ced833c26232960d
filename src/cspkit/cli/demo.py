"""``cspkit demo``: write a fictional partnership in the real download layouts, load it, show it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cspkit.cli.console import console, err_console, plain, starting, user_errors

if TYPE_CHECKING:
    from rich.table import Table

    from cspkit.store.loads import LoadReport
    from cspkit.store.quality import QualityReport

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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description:<30}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console.rich,
        disable=not err_console.is_terminal,
    ) as bar:

        def progress_for(kind: str):
            task = bar.add_task(KIND_LABELS[kind], total=None)

            def update(done: int, total: int, label: str) -> None:
                bar.update(task, completed=done, total=total)

            return update

        yield progress_for


def default_demo_folder() -> Path:
    """Where ``cspkit demo`` writes its files unless told otherwise (and where --demo looks for them)."""
    from cspkit.config import get_settings

    return get_settings().home / "demo"


def demo_context(folder: Path) -> dict[str, Path]:
    """What a real partnership brings to its assessment besides the evidence store, as the demo writes it."""
    return {
        "scores": folder / "priorities" / "panel-scores.csv",
        "survey": folder / "priorities" / "consultation-survey.csv",
        "published": folder / "national" / "csp-crime-rates.csv",
        "msg": folder / "national" / "most-similar-group.csv",
    }


def demo_context_written() -> dict[str, Path]:
    """The demo's context files as ``cspkit demo`` wrote them; a clear error when it has not been run."""
    from cspkit.errors import CspkitError

    context = demo_context(default_demo_folder())
    missing = [path for path in context.values() if not path.is_file()]
    if missing:
        raise CspkitError(f"--demo needs the demo's files, and {missing[0]} is not there: run cspkit demo first.")
    return context


def write_demo_priorities(folder: Path, seed: int) -> None:
    """The panel's completed scoring sheet and the consultation survey export, so the demo ranks its priorities."""
    from cspkit.priorities.demo_panel import write_demo_panel_scores
    from cspkit.priorities.survey_demo import write_demo_survey

    context = demo_context(folder)
    write_demo_panel_scores(context["scores"], seed=seed)
    write_demo_survey(context["survey"], seed=seed + 2024)


def loaded_table(reports: list[LoadReport]) -> Table:
    """What each loader wrote: kind, files and rows."""
    from rich.table import Table

    from cspkit.demo.loading import LOADERS

    table = Table(title="Loaded into the evidence store")
    table.add_column("Evidence")
    table.add_column("Files", justify="right")
    table.add_column("Rows", justify="right")
    for kind, report in zip(LOADERS, reports, strict=True):
        table.add_row(KIND_LABELS[kind], f"{len(report.files):,}", f"{report.rows:,}")
    return table


def quality_table(report: QualityReport) -> Table:
    """The data-quality flags of the loaded police.uk files, one line each."""
    from rich.table import Table

    table = Table(title="Data-quality flags (police.uk files)")
    table.add_column("Flag")
    table.add_column("Files")
    table.add_column("Month")
    table.add_column("What to know", overflow="fold")
    for flag in report.flags:
        table.add_row(flag.flag, flag.kind, f"{flag.month:%Y-%m}" if flag.month else "all", plain(flag.message))
    return table


def demo(
    out: Path | None = typer.Option(None, "--out", help="Folder for the demo files [default: $CSPKIT_HOME/demo]."),
    seed: int = typer.Option(0, help="Seed of the generator: the same seed always writes the same files."),
) -> None:
    """Generate a fictional partnership in the exact police.uk, ONS and Home Office layouts, and load it.

    Everything is invented (the force, its districts, people and crimes), so cspkit can be tried
    end to end without downloading anything. Running it again replaces the demo data loaded before.
    The demo has a store of its own ($CSPKIT_HOME/demo): use it with `cspkit --demo <command>`.
    """
    with user_errors(), starting("Starting the demo…"):
        from cspkit.config import get_settings
        from cspkit.demo.geography import FORCE_NAME
        from cspkit.demo.loading import load_demo
        from cspkit.demo.partnership import write_demo
        from cspkit.store import open_store
        from cspkit.store.quality import assess_quality
    settings = get_settings().model_copy(update={"demo": True})  # the demo's own store, never real data's
    folder = out if out is not None else default_demo_folder()
    with user_errors():
        with err_console.status(f"Writing three years of evidence for {FORCE_NAME} (fictional)..."):
            files = write_demo(folder, seed=seed)
            write_demo_priorities(folder, seed)
        console.print(f"Wrote the demo files to [bold]{plain(folder)}[/] (seed {seed}).", highlight=False)
        with open_store(settings.store_path) as store:
            with _load_progress() as progress_for:
                reports = load_demo(store, files, progress_for=progress_for)
            quality = assess_quality(store.con)
    console.print(loaded_table(reports))
    for report in reports:
        for warning in report.warnings:
            console.print(f"[yellow]Warning:[/] {plain(warning)}", highlight=False)
    console.print(quality_table(quality))
    for note in quality.notes:
        console.print(f"[dim]{plain(note)}[/]", highlight=False)
    console.print(
        f"The demo has its own evidence store, {settings.store_path}, apart from your real data. "
        "Use it by adding --demo after cspkit, e.g.\n  cspkit --demo assess --area Hartbury --period 2025-10..2026-09",
        highlight=False,
        soft_wrap=True,
    )
