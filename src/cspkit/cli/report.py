"""``cspkit report ...``: finished reports as HTML, PDF, Word and Excel files."""

from __future__ import annotations

from pathlib import Path

import typer

from cspkit.cli.console import starting, user_errors

#: Written out here so --help need not import the report writers (tests/cli/test_startup.py keeps them equal).
FORMATS = ("html", "pdf", "docx", "xlsx")
TOP_PRIORITIES = 6

app = typer.Typer(help="Write finished reports as HTML, PDF, Word and Excel.", no_args_is_help=True)


@app.command("assessment")
def assessment(
    area: str = typer.Option(..., "--area", "-a", help="Area name or ONS code (a CSP, district or force area)."),
    period: str = typer.Option(..., "--period", "-p", help="START..END in months (2022-01..2022-12), 2022/23 or 2022."),
    formats: str = typer.Option(
        ",".join(FORMATS), "--format", "-f", help="Formats to write, separated by commas: html, pdf, docx, xlsx."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for the files [default: $CSPKIT_HOME/reports/<assessment>]."
    ),
    template_name: str = typer.Option(
        "morile-style", "--template", "-t", help="Scoring template for the priorities (shipped name or a file)."
    ),
    scores_files: list[Path] = typer.Option(
        [], "--scores", "-s", help="People's scores for the priorities (CSV or YAML); repeatable."
    ),
    candidates_file: Path | None = typer.Option(
        None, "--candidates", help="Candidates file (YAML); default: cspkit's."
    ),
    survey_file: Path | None = typer.Option(
        None, "--survey", help="Consultation survey export: fills public expectation."
    ),
    published: Path | None = typer.Option(
        None, "--published", help="Published crime rates by area (ONS/Home Office table): region, England and Wales."
    ),
    msg: Path | None = typer.Option(None, "--msg", help="Most Similar Group list (codes or names), with --published."),
    benchmark: Path | None = typer.Option(
        None, "--benchmark", help="CSV of published rates: benchmark, crime_group, rate_per_1000."
    ),
    peers: Path | None = typer.Option(None, "--peers", help="File listing peer areas (ONS codes or names)."),
    demo: bool = typer.Option(
        False,
        "--demo",
        help="Use the demo's panel scores, survey and national context "
        "(written by cspkit demo) for any of these not given.",
    ),
    casework_file: Path | None = typer.Option(
        None,
        "--casework",
        help="Casework counts from the web app (cspkit casework export-counts): adds "
        "the section 'ASB casework and powers'.",
    ),
    projects_file: Path | None = typer.Option(
        None,
        "--projects",
        help="Commissioned projects (cspkit commissioning export-projects): adds the "
        "section 'Commissioned projects by priority and place'.",
    ),
    marking: str = typer.Option("OFFICIAL", "--marking", help="Protective marking printed on the cover and pages."),
    version: str = typer.Option("1.0", "--version-label", help="The report's version, printed on the cover."),
    logo: Path | None = typer.Option(None, "--logo", help="The partnership's logo (PNG, JPEG or SVG) for the cover."),
    status: str = typer.Option(
        "", "--status", help="The report's status on its details page, e.g. Final. While the commentary still lacks "
        "the local context it says Draft, with what is still to be written, whatever this says."),
    owner: str = typer.Option("", "--owner", help="Who wrote or owns the report, for its details page."),
    contact: str = typer.Option("", "--contact", help="Who to contact about the report, for its details page."),
    approved_by: str = typer.Option("", "--approved-by", help="The body that approves the report, e.g. the board."),
    top: int = typer.Option(TOP_PRIORITIES, "--top", min=0, help="How many priorities get a page of their own."),
    record: bool = typer.Option(
        True, "--record/--no-record", help="Record the priorities' scoring session in the evidence store."
    ),
    by: str = typer.Option("", "--by", help="Who is running this (default: your user name)."),
    reassess: bool = typer.Option(
        False,
        "--reassess",
        help="Build the assessment again even though the evidence loaded, the options and "
        "cspkit are as they were at the last run (it is reused then).",
    ),
) -> None:
    """The strategic assessment of an area as a report, with its priorities and your commentary.

    Your words go in <identifier>-commentary.md beside the report: edit it and run the command again;
    cspkit keeps every part you changed and refreshes the rest.
    """
    options = dict(locals())
    with user_errors(), starting("Starting the report…"):
        from cspkit.cli.report_assessment import run
    run(**options)
