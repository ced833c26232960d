"""Shared console, progress bars and error reporting for every command.

Light on purpose: every command imports it, so it must not import pandas, the store or the stats,
nor even rich (about a third of the start-up of `cspkit --help`): the consoles below create their
rich Console the first time they are used.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from cspkit.errors import CspkitError

if TYPE_CHECKING:
    from rich.console import Console


class LazyConsole:
    """A rich ``Console`` made on first use; every attribute is the console's own.

    Pass ``.rich`` where rich itself wants a Console (``Progress(console=err_console.rich)``).
    """

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def rich(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich, name)


console = LazyConsole()
err_console = LazyConsole(stderr=True)


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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[label]}"),
        TimeElapsedColumn(),
        console=err_console.rich,
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
