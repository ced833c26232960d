"""The command line answers at once: ``--help`` imports none of the heavy libraries, and each
command's module loads only what its work needs, when it starts that work."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import typer.main

from cspkit.cli import report
from cspkit.cli.main import app

HEAVY = ("pandas", "numpy", "scipy", "matplotlib", "django", "duckdb", "pydantic", "weasyprint", "esda")

# Runs `--help` of each command given (as JSON argument lists) in one fresh process, and reports the
# heavy modules loaded after each: modules only accumulate, so the first command listing one is the
# one that imported it.
PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from cspkit.cli.main import app
found = {{}}
for arguments in json.loads(sys.argv[1]):
    with redirect_stdout(io.StringIO()):
        try:
            app([*arguments, "--help"], prog_name="cspkit")
        except SystemExit:
            pass
    found[" ".join(arguments)] = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps(found), file=sys.stderr)
"""


def command_paths() -> list[list[str]]:
    """``[]``, every group and every command of the app."""
    paths = []

    def walk(command, prefix: list[str]) -> None:
        paths.append(prefix)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


def heavy_modules_imported(paths: list[list[str]]) -> dict[str, list[str]]:
    """Command -> heavy modules loaded once its ``--help`` (and those before it) had run."""
    result = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), json.dumps(paths)],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_cspkit_help_imports_no_heavy_library() -> None:
    assert heavy_modules_imported([[]]) == {"": []}


def test_no_group_or_command_help_imports_a_heavy_library() -> None:
    found = heavy_modules_imported(command_paths()[1:])
    assert len(found) >= 15  # every command of the app was tried
    assert {command: modules for command, modules in found.items() if modules} == {}


def test_cspkit_help_takes_little_processor_time() -> None:
    """CPU seconds, not wall-clock ones, so a busy machine does not fail it. The 0.3 s target is
    measured by ``python -m bench startup``; this catches the kind of regression that importing
    pandas or the statistics at start-up would be (about 0.5 s and more)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "cspkit.cli.main", "--help"], capture_output=True, check=True, timeout=60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 0.45, f"cspkit --help used {cpu:.2f} s of processor time"


def test_the_report_commands_defaults_are_the_report_writers_own() -> None:
    """Written out in the command so its --help need not import the writers; kept equal here."""
    from cspkit.reports.assessment import TOP_PRIORITIES
    from cspkit.reports.writers import FORMATS

    assert report.FORMATS == FORMATS
    assert report.TOP_PRIORITIES == TOP_PRIORITIES
