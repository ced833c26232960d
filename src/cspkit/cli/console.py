"""Shared console, progress bars and error reporting for every command."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cspkit.errors import CspkitError
from cspkit.store.connection import store_problem

console = Console()
err_console = Console(stderr=True)

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


def _fail(message: str) -> None:
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True, markup=True)
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
