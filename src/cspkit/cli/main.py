"""Entry point of the ``cspkit`` command: registers each command group's module."""

from __future__ import annotations

import os

import typer

from cspkit.cli import assess, console, demo, load, priorities, report, serve, status, survey

app = typer.Typer(
    name="cspkit",
    help="Evidence, strategic assessment, priorities and plans for Community Safety Partnerships.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.command("demo")(demo.demo)
app.command("load")(load.load)
app.command("assess")(assess.assess)
app.command("status")(status.status)
app.command("serve")(serve.serve)
app.add_typer(priorities.app, name="priorities")
app.add_typer(survey.app, name="survey")
app.add_typer(report.app, name="report")


@app.callback()
def main(
    debug: bool = typer.Option(False, "--debug", help="Show the stack trace of an unexpected error (for reports)."),
) -> None:
    """Evidence, strategic assessment, priorities and plans for Community Safety Partnerships."""
    if debug:
        os.environ[console.DEBUG_VARIABLE] = "1"


if __name__ == "__main__":  # pragma: no cover
    app()
