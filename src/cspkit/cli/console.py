"""Shared console, progress bars and error reporting for every command.

Light on purpose: every command imports it, so it must not import pandas, the store or the stats,
nor even rich (about a third of the start-up of `cspkit --help`): the consoles below create their
rich Console the first time they are used.
"""

from __future__ import annotations

import os
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

DEBUG_VARIABLE = "CSPKIT_TRACEBACKS"
"""Set (by ``cspkit --debug``) to let unexpected errors show their stack trace."""


def debugging() -> bool:
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every failure into a message and exit code 1, never a stack trace (unless ``--debug``).

    A :class:`CspkitError` already names the file, line and problem. A full disk or a store that
    cannot be written names the store. Anything else is a fault in cspkit: say so, say what to do,
    and keep the details for ``--debug``.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except CspkitError as exc:
        _fail(str(exc))
    except Exception as exc:
        if debugging():
            raise
        from cspkit.store.connection import store_problem  # duckdb: only when something failed

        problem = store_problem(exc)
        if problem is not None:
            _fail(str(problem))
        if isinstance(exc, OSError) and exc.filename:
            _fail(f"{exc.filename}: {exc.strerror or exc}. Check the file exists and you may read it.")
        first = str(exc).splitlines()[0] if str(exc) else ""
        _fail(
            f"cspkit stopped on an unexpected problem ({type(exc).__name__}: {first}). Nothing was changed. "
            " Run the command again with --debug (cspkit --debug ...) to see the details, "
            "and report them."
        )


def plain(value: object) -> str:
    """Text from the user's files (a name, a cell such as ONS's "[x]") safe to print inside markup.

    rich reads square brackets as styling: unescaped, "[x]" vanished from a message, a folder
    "b[final]" was named "b", and a "[/x]" ended the command in a traceback.
    """
    from rich.markup import escape

    return escape(str(value))


def _fail(message: str) -> None:
    err_console.print(f"[bold red]Error:[/] {plain(message)}", highlight=False, soft_wrap=True, markup=True)
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
