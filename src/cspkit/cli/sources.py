"""``cspkit sources``: where each source of evidence is published and how to load it."""

from __future__ import annotations

import typer

from cspkit.cli.console import console


def sources(
    plain: bool = typer.Option(False, "--plain", help="Plain text without colour, for copying into notes."),
) -> None:
    """List the public sources cspkit reads: where to download each, which file and year, how to load it.

    The same list, with the steps in order, is in docs/your-own-data.md.
    """
    from cspkit.sources.catalogue import SOURCES

    for number, source in enumerate(SOURCES, start=1):
        lines = [
            f"{number}. {source.title} ({source.needed_for})",
            f"   Published by {source.publisher}: {source.url}",
            f"   Download: {source.download}",
            f"   Which one: {source.vintage}",
            f"   Load, e.g.: {source.command}",
        ]
        text = "\n".join(lines)
        if plain:
            typer.echo(text + "\n")
        else:
            console.print(f"[bold]{lines[0]}[/]", highlight=False, markup=True, soft_wrap=True)
            console.print("\n".join(lines[1:]) + "\n", highlight=False, markup=False, soft_wrap=True)
    message = ("Then: cspkit status (what is loaded and its data-quality flags), cspkit assess --list-areas, "
               "cspkit assess --area NAME --period START..END. Real data goes to $CSPKIT_HOME/evidence.duckdb; "
               "the demo keeps its own store (cspkit --demo ...).")
    if plain:
        typer.echo(message)
    else:
        console.print(message, highlight=False, markup=False, soft_wrap=True)
