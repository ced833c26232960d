"""Shared console, progress bars and error reporting for every command.

Light on purpose: every command imports it, so it must not import pandas, the store or the stats.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cspkit.errors import CspkitError

console = Console()
err_console = Console(stderr=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a :class:`CspkitError` into a one-line message and exit code 1, not a stack trace."""
    try:
        yield
    except CspkitError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None


@contextmanager
def progress_bar(description: str) -> Iterator:
    """A progress bar; yields a ``progress(done, total, label)`` callback for loaders."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[label]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
        disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task(description, total=None, label="")

        def update(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, label=label)

        yield update


@contextmanager
def starting(message: str) -> Iterator[None]:
    """Say at once what is starting, while the heavy libraries a command needs are imported.

    A spinner on a terminal (nothing when output is piped); close it before a progress bar opens.
    """
    with err_console.status(message):
        yield
