"""Entry point of the ``cspkit`` command: registers each command group's module.

Every ``cspkit`` command imports this module and, through it, every module in ``cspkit.cli``, so
they must all import quickly: ``cspkit --help`` answers in under 0.3 s and each command starts its
work within 0.6 s (``python -m bench startup`` measures it; ``tests/cli/test_startup.py`` fails
when ``cspkit --help`` imports pandas, numpy, scipy, matplotlib, duckdb, pydantic or Django).

To add a command:

1. Write ``cspkit/cli/<name>.py``. At its top import only the standard library, ``typer``,
   ``rich`` and ``cspkit.cli.console`` / ``cspkit.errors``. Import everything else (the store,
   pandas, the assessment, the web app, ``cspkit.config``) inside the function that uses it,
   under ``starting(...)`` so people see at once that it has begun::

       def users(...) -> None:
           \"\"\"What ``cspkit users`` does.\"\"\"
           with user_errors(), starting("Reading the users…"):
               from cspkit.web.accounts.models import User  # heavy: only when run

   Types used only in annotations go under ``if TYPE_CHECKING:``.
2. Register it below with one line: ``app.command("name")(module.function)`` for a single command,
   or ``app.add_typer(module.app, name="name")`` for a group of sub-commands.
"""

from __future__ import annotations

import os

import typer

from cspkit.cli import assess, casework, console, demo, load, priorities, report, serve, sources, status, survey, users
from cspkit.cli import audit as audit_commands
from cspkit.cli import commissioning as commissioning_commands
from cspkit.cli.fast_typer import skip_validators_for_missing_values

skip_validators_for_missing_values()

app = typer.Typer(
    name="cspkit",
    help="Evidence, strategic assessment, priorities and plans for Community Safety Partnerships.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich's help formatter alone costs 0.1-0.2 s at every start-up
)

app.command("demo")(demo.demo)
app.command("load")(load.load)
app.command("assess")(assess.assess)
app.command("status")(status.status)
app.command("sources")(sources.sources)
app.command("serve")(serve.serve)
app.command("remind")(casework.remind)
app.command("retention")(casework.retention)
app.command("subject-access")(casework.subject_access)
app.add_typer(priorities.app, name="priorities")
app.add_typer(survey.app, name="survey")
app.add_typer(report.app, name="report")
app.add_typer(users.app, name="users")
app.add_typer(casework.app, name="casework")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(commissioning_commands.app, name="commissioning")


@app.callback()
def main(
    use_demo: bool = typer.Option(
        False, "--demo", help="Work on the demo's own store ($CSPKIT_HOME/demo), not your real data."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the stack trace of an unexpected error (for reports)."),
) -> None:
    """Evidence, strategic assessment, priorities and plans for Community Safety Partnerships."""
    if use_demo:
        from cspkit.config import get_settings

        get_settings().demo = True
    if debug:
        os.environ[console.DEBUG_VARIABLE] = "1"


if __name__ == "__main__":  # pragma: no cover
    app()
