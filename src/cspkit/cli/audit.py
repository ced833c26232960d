"""``cspkit audit``: anchor the personal-data audit log outside the database, and check it.

The log's hash chain shows a changed or removed event, except the newest: cut off the end and
every link left is intact. ``cspkit audit anchor`` prints the chain's head (how many events, the
newest hash) to keep elsewhere; ``cspkit audit verify --anchor COUNT:HASH`` later says whether any
event up to that head was removed or changed.
"""

from __future__ import annotations

import os

import typer

from cspkit.cli.console import console, user_errors
from cspkit.errors import CspkitError

app = typer.Typer(help="The personal-data audit log: record its head elsewhere, and check it.", no_args_is_help=True)


def _django() -> None:
    from cspkit.config import get_settings  # heavy (pydantic): only when a command runs

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.web.settings")
    get_settings().home.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@app.command()
def anchor() -> None:
    """Print the log's head (COUNT:HASH): keep it outside this server, e.g. with the backups."""
    with user_errors():
        _django()
        from cspkit.web.audit.personal import chain_head

        head = chain_head()
    console.print(str(head), soft_wrap=True)
    console.print(f"{head.count:,} events. Later, 'cspkit audit verify --anchor {head}' checks them.", soft_wrap=True)


@app.command()
def verify(
    anchor: str = typer.Option(None, "--anchor", help="A head printed earlier by 'cspkit audit anchor' (COUNT:HASH)."),
) -> None:
    """Check the log's hash chain; with --anchor, also that no event up to that head was removed."""
    with user_errors():
        _django()
        from cspkit.web.audit.personal import ChainHead, anchor_problem, chain_head, verify_chain

        try:
            head = ChainHead.parse(anchor) if anchor is not None else None
        except ValueError as exc:
            raise CspkitError(str(exc)) from None
        broken = verify_chain()
        if broken is not None:
            raise CspkitError(
                f"The audit log's chain breaks at event {broken}: it or an event before it was changed or removed."
            )
        if head is not None:
            problem = anchor_problem(head)
            if problem is not None:
                raise CspkitError(problem)
        now = chain_head()
    if head is not None:
        console.print(f"The {head.count:,} events up to the anchor are all there and unchanged.", soft_wrap=True)
    console.print(f"The audit log's chain is intact: {now.count:,} events, head {now}.", soft_wrap=True)
