"""Entry point of the ``cspkit`` command: registers each command group's module."""

from __future__ import annotations

import typer

from cspkit.cli import load

app = typer.Typer(
    name="cspkit",
    help="Evidence, strategic assessment, priorities and plans for Community Safety Partnerships.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.command("load")(load.load)


if __name__ == "__main__":  # pragma: no cover
    app()
