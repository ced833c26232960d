"""``cspkit commissioning ...``: the partnership's commissioned projects for the strategic assessment."""

from __future__ import annotations

from pathlib import Path

import typer

from cspkit.cli.casework import export_target, web_partnership
from cspkit.cli.console import console, plain, user_errors

app = typer.Typer(help="Commissioning: projects for the strategic assessment.", no_args_is_help=True)


@app.command("export-projects")
def export_projects(
    partnership: str = typer.Option(None, "--partnership", help="The partnership's name (default: the only one)."),
    out: Path = typer.Option(None, "--out", "-o", help="CSV to write [default: $CSPKIT_HOME/exports/projects.csv]."),
) -> None:
    """Each project with provider, priority, places, dates, budget, spend, funding and outputs: the
    file `cspkit report assessment --projects` reads."""
    with user_errors():
        found = web_partnership(partnership)
        from cspkit.web.commissioning.projects_export import projects_csv

        path = export_target(out, "projects.csv")
        path.write_text(projects_csv(found), encoding="utf-8")
        console.print(f"Wrote {plain(path)}", highlight=False, soft_wrap=True)
