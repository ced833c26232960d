"""``cspkit report ...``: finished reports as HTML, PDF, Word and Excel files."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cspkit.cli.console import err_console, progress_bar, starting, user_errors
from cspkit.errors import CspkitError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from cspkit.assess.assessment import Assessment
    from cspkit.priorities.ranking import Ranking
    from cspkit.reports.analyst_text import AnalystText
    from cspkit.store import Store

app = typer.Typer(help="Write finished reports as HTML, PDF, Word and Excel.", no_args_is_help=True)

#: The formats a report can be written in; the same as ``cspkit.reports.writers.FORMATS`` (a test
#: checks), written out here so that ``--help`` need not import the report writers.
FORMATS = ("html", "pdf", "docx", "xlsx")
#: Pages of their own for the top priorities; ``cspkit.reports.assessment.TOP_PRIORITIES`` (tested).
TOP_PRIORITIES = 6


@app.command("assessment")
def assessment(
    area: str = typer.Option(..., "--area", "-a", help="Area name or ONS code (a CSP, district or force area)."),
    period: str = typer.Option(..., "--period", "-p", help="START..END in months (2022-01..2022-12), 2022/23 or 2022."),
    formats: str = typer.Option(",".join(FORMATS), "--format", "-f",
                                help="Formats to write, separated by commas: html, pdf, docx, xlsx."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Folder for the files [default: $CSPKIT_HOME/reports/<assessment>]."),
    template_name: str = typer.Option("morile-style", "--template", "-t",
                                      help="Scoring template for the priorities (shipped name or a file)."),
    scores_files: list[Path] = typer.Option([], "--scores", "-s",
                                            help="People's scores for the priorities (CSV or YAML); repeatable."),
    candidates_file: Path | None = typer.Option(None, "--candidates",
                                                help="Candidates file (YAML); default: cspkit's."),
    top: int = typer.Option(TOP_PRIORITIES, "--top", min=0, help="How many priorities get a page of their own."),
    record: bool = typer.Option(True, "--record/--no-record",
                                help="Record the priorities' scoring session in the evidence store."),
    by: str = typer.Option("", "--by", help="Who is running this (default: your user name)."),
) -> None:
    """The strategic assessment of an area as a report, with its priorities and your commentary.

    Your words go in <identifier>-commentary.md beside the report: edit it and run the command again;
    cspkit keeps every part you changed and refreshes the rest.
    """
    with user_errors():
        wanted = _formats(formats)
    with user_errors(), starting("Starting the report…"):
        from cspkit.assess.build import AssessmentRequest, build_assessment
        from cspkit.assess.harm import harm_by_crime_type
        from cspkit.assess.period import parse_period
        from cspkit.config import get_settings
        from cspkit.priorities.candidates import evidence_for, load_candidates
        from cspkit.priorities.from_assessment import evidence_from_assessment
        from cspkit.priorities.ranking import score_candidates
        from cspkit.priorities.scores import read_scores
        from cspkit.priorities.template import load_template
        from cspkit.reports.analyst_text import sync_analyst_text
        from cspkit.reports.assessment import assessment_document, commentary_parts
        from cspkit.reports.writers import write
        from cspkit.store import open_store
    with user_errors():
        request = AssessmentRequest(area=area, period=parse_period(period))
        template = load_template(template_name)
        candidates = load_candidates(candidates_file)
        names = [c.name for c in candidates]
        entries = [entry for path in scores_files for entry in read_scores(path, template, names)]
        with open_store() as store:
            with progress_bar("Assessing") as progress:
                result = build_assessment(store, request, progress)
            harm, label = harm_by_crime_type(store.con)
            evidence = evidence_for(candidates, evidence_from_assessment(result, candidates, harm, label))
            ranking = score_candidates(template, evidence, entries)
            session = _record(store, ranking, result, scores_files, by) if record else None
            boundaries = lsoa_boundaries(store.con, list(result.table("lsoas")["lsoa_code"]))
            counts = lsoa_counts(store.con, result)
        folder = out if out is not None else get_settings().workspace / "reports" / result.identifier
        folder.mkdir(parents=True, exist_ok=True)
        options = {"ranking": ranking, "boundaries": boundaries, "lsoa_counts": counts, "top": top}
        analyst = sync_analyst_text(folder / f"{result.identifier}-commentary.md",
                                    commentary_parts(result, **options))
        document = assessment_document(result, analyst=analyst, session_id=session, **options)
        written = []
        with progress_bar("Writing") as progress:
            for done, fmt in enumerate(wanted):
                progress(done, len(wanted), fmt)
                written.append(write(document, folder / f"{result.identifier}-strategic-assessment.{fmt}"))
            progress(len(wanted), len(wanted), "done")
    _tell(analyst, session)
    from cspkit.reports.style import font_fallback_note

    if (font_note := font_fallback_note()) is not None:
        err_console.print(f"[yellow]Warning:[/] {font_note}", highlight=False, soft_wrap=True)
    for path in written:
        typer.echo(str(path))


def lsoa_boundaries(con: duckdb.DuckDBPyConnection, codes: list[str]) -> dict[str, bytes]:
    """LSOA code -> boundary (WKB, newest vintage) for the maps; empty when none are loaded."""
    rows = con.execute(
        "SELECT code, arg_max(geometry, vintage) FROM boundaries WHERE level = 'lsoa' "
        "AND code IN (SELECT unnest(?::VARCHAR[])) GROUP BY code",
        [codes],
    ).fetchall()
    return {code: bytes(geometry) for code, geometry in rows}


def lsoa_counts(con: duckdb.DuckDBPyConnection, result: Assessment) -> pd.DataFrame:
    """The area's records per LSOA and crime type over the period, for each priority's map."""
    from cspkit.assess import extract

    extract.register_members(con, {"area": list(result.table("lsoas")["lsoa_code"])})
    return extract.lsoa_counts(con, "area", result.period)


def _formats(text: str) -> list[str]:
    wanted = list(dict.fromkeys(part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown or not wanted:
        raise CspkitError(f"Reports can be written as {', '.join(FORMATS)}; not {', '.join(unknown) or 'nothing'}.")
    return wanted


def _record(store: Store, ranking: Ranking, result: Assessment, scores_files: list[Path], by: str) -> int:
    from cspkit.priorities.sessions import input_file, record_session

    inputs = [input_file("scores", path) for path in scores_files]
    return record_session(store, ranking, scored_by=by or _user(), inputs=inputs,
                          note=f"strategic assessment report {result.identifier}")


def _tell(analyst: AnalystText, session: int | None) -> None:
    """What happened to the commentary file, so the analyst knows where their words are."""
    if analyst.created:
        _note(f"Started your commentary in {analyst.path}: edit it and run this again.")
    else:
        _note(f"Used your commentary in {analyst.path} ({len(analyst.kept)} part(s) you edited kept, "
              f"{len(analyst.refreshed)} refreshed, {len(analyst.added)} added).")
    if analyst.outdated:
        _note(f"Check: the figures behind {', '.join(analyst.outdated)} have changed since you edited them.")
    if session is not None:
        _note(f"Priorities recorded as scoring session {session} (cspkit priorities sessions).")


def _note(text: str) -> None:
    """One message on standard error, never wrapped mid-path."""
    err_console.print(text, highlight=False, markup=False, soft_wrap=True)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
