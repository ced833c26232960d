"""The report command's cover options reach the cover: every option of `cspkit report assessment`
is a parameter of the function that builds the report (the command passes them all on by name)."""

from __future__ import annotations

import inspect

from typer.testing import CliRunner

from cspkit.cli import report_assessment
from cspkit.cli.main import app
from cspkit.cli.report import assessment


def test_every_option_of_the_command_is_taken_by_the_build():
    options = set(inspect.signature(assessment).parameters)
    assert {"status", "owner", "contact", "approved_by"} <= options
    assert options <= set(inspect.signature(report_assessment.run).parameters)


def test_the_details_page_options_are_offered():
    shown = CliRunner().invoke(app, ["report", "assessment", "--help"], terminal_width=200).output
    for option in ("--status", "--owner", "--contact", "--approved-by"):
        assert option in shown
