"""The work behind ``cspkit report assessment`` (imported only when it runs, so start-up stays quick)."""

from __future__ import annotations

import getpass
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import typer

from cspkit.assess import extract
from cspkit.assess.assessment import Assessment
from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.harm import harm_by_crime_type
from cspkit.assess.kept import assessment_key, keep_if_unchanged, kept_assessment, kept_folder
from cspkit.assess.period import parse_period
from cspkit.cli.console import err_console, plain, progress_bar, user_errors
from cspkit.cli.demo import demo_context_written
from cspkit.cli.report_records import compare_records, demo_exports, read_records
from cspkit.config import get_settings
from cspkit.errors import CspkitError
from cspkit.priorities.candidates import Candidate, evidence_for, load_candidates
from cspkit.priorities.consultation import public_expectation, summarise_survey
from cspkit.priorities.evidence import CandidateEvidence
from cspkit.priorities.from_assessment import evidence_from_assessment
from cspkit.priorities.ranking import Ranking, score_candidates
from cspkit.priorities.scores import read_scores
from cspkit.priorities.sessions import input_file, record_session
from cspkit.priorities.survey import SurveyResponses, read_survey
from cspkit.priorities.template import load_template
from cspkit.reports import figure_cache
from cspkit.reports.analyst_text import AnalystText, sync_analyst_text
from cspkit.reports.assessment import Cover, assessment_document, commentary_parts
from cspkit.reports.assessment.compose import WRITTEN_BY_PEOPLE
from cspkit.reports.assessment.inputs import SurveyNote
from cspkit.reports.assessment.wording import date_in_words
from cspkit.reports.document import Document
from cspkit.reports.writers import FORMATS, write_all
from cspkit.store import Store, open_store
from cspkit.web.evidence.library import FIGURES as ASSESSMENT_FIGURES
from cspkit.web.evidence.library import assessments_folder

#: Figures drawn for a report, kept by the hash of their data, so a rebuild redraws only what changed.
FIGURE_CACHE = ".figures"


def run(
    area: str,
    period: str,
    formats: str,
    out: Path | None,
    template_name: str,
    scores_files: list[Path],
    candidates_file: Path | None,
    survey_file: Path | None,
    published: Path | None,
    msg: Path | None,
    benchmark: Path | None,
    peers: Path | None,
    demo: bool,
    casework_file: Path | None,
    projects_file: Path | None,
    marking: str,
    version: str,
    logo: Path | None,
    top: int,
    record: bool,
    by: str,
    reassess: bool = False,
    status: str = "",
    owner: str = "",
    contact: str = "",
    approved_by: str = "",
) -> None:
    """Build the assessment, rank its priorities and write the report in each format asked for."""
    demo = demo or get_settings().demo  # `cspkit --demo report ...` also uses the demo's context files
    with user_errors():
        wanted = _formats(formats)
        if demo:
            context = demo_context_written()
            scores_files = scores_files or [context["scores"]]
            survey_file = survey_file or context["survey"]
            published = published or context["published"]
            msg = msg or context["msg"]
            casework_file, projects_file = demo_exports(casework_file, projects_file)
        request = AssessmentRequest(
            area=area,
            period=parse_period(period),
            published_file=published,
            msg_file=msg,
            benchmarks_file=benchmark,
            peers_file=peers,
        )
        if logo is not None and not logo.is_file():
            raise CspkitError(f"{logo}: no such logo file.")
        template = load_template(template_name)
        candidates = load_candidates(candidates_file)
        names = [c.name for c in candidates]
        entries = [entry for path in scores_files for entry in read_scores(path, template, names)]
        records = read_records(casework_file, projects_file)
        started = time.perf_counter()
        with open_store() as store:
            key, kept = assessment_key(store.con, request), kept_folder(get_settings().workspace)
            result = None if reassess else kept_assessment(kept, key)
            if result is None:
                with progress_bar("Assessing") as progress:
                    result = build_assessment(store, request, progress)
                keep_if_unchanged(kept, key, store.con, request, result)
                _step("Assessed", started)
            else:
                _note(
                    f"Reused the assessment made on {date_in_words(result.created_at)}: the evidence loaded, the "
                    "options and cspkit are as they were (--reassess builds it again)"
                )
            started = time.perf_counter()
            harm, label = harm_by_crime_type(store.con)
            evidence = evidence_for(candidates, evidence_from_assessment(result, candidates, harm, label))
            survey = None
            if survey_file is not None:
                responses = read_survey(survey_file)
                evidence = with_survey(evidence, candidates, survey_file, responses)
                survey = SurveyNote.of(responses)
            ranking = score_candidates(template, evidence, entries)
            session = _record(store, ranking, result, scores_files, by) if record else None
            boundaries = lsoa_boundaries(store.con, list(result.table("lsoas")["lsoa_code"]))
            counts = lsoa_counts(store.con, result)
            records = compare_records(store.con, result, records)
            _step(f"Ranked the priorities ({len(ranking.ranked)} of {len(ranking.candidates)} ranked)", started)
        folder = out if out is not None else get_settings().workspace / "reports" / result.identifier
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        # work (each priority's facts...) is done once for the commentary file and the composition
        options = {"ranking": ranking, "boundaries": boundaries, "lsoa_counts": counts, "top": top, "work": {}}
        commentary = folder / f"{result.identifier}-commentary.md"
        analyst = sync_analyst_text(commentary, commentary_parts(result, records=records, edited_in=commentary,
                                                                 **options))
        cover = Cover(
            marking=marking,
            version=version,
            logo=logo.read_bytes() if logo else None,
            logo_type=_logo_type(logo) if logo else "",
            status=status,
            owner=owner,
            contact=contact,
            approved_by=approved_by,
        )
        hits, misses = figure_cache.stats()
        # What `cspkit assess` drew for the evidence page, from the same data, is not drawn again.
        drawn_by_assess = assessments_folder() / result.identifier / ASSESSMENT_FIGURES
        paths = [folder / f"{result.identifier}-strategic-assessment.{fmt}" for fmt in wanted]
        with figure_cache.use_folder(folder / FIGURE_CACHE, also=[drawn_by_assess]):
            document = figure_cache.compose_in_parallel(
                lambda: assessment_document(
                    result,
                    analyst=analyst,
                    session_id=session,
                    cover=cover,
                    records=records,
                    survey=survey,
                    **options,
                ),
                meanwhile=_pdf_ahead(paths),
                given=Document.with_figures,
            )
        reused = figure_cache.stats()[0] - hits
        drawn = figure_cache.stats()[1] - misses
        _step(
            f"Composed the report ({len(document.figures())} figures: {drawn} drawn, {reused} drawn before from "
            "the same data, by the last build or by cspkit assess)",
            started,
        )
        started = time.perf_counter()
        written = write_all(
            document,
            paths,
            done=lambda path, seconds: _note(f"  Wrote {path.suffix.lstrip('.').upper()} after {seconds:.1f} s"),
            keep_unchanged=True,
            unchanged=lambda path: _note(f"  Kept {path.suffix.lstrip('.').upper()}: what it shows has not changed"),
        )
        _step("Wrote the files", started)
    _tell(analyst, session)
    from cspkit.reports.style import font_fallback_note

    if (font_note := font_fallback_note()) is not None:
        err_console.print(f"[yellow]Warning:[/] {plain(font_note)}", highlight=False, soft_wrap=True)
    for path in written:
        typer.echo(str(path))


def with_survey(
    evidence: list[CandidateEvidence],
    candidates: list[Candidate],
    survey_file: Path,
    responses: SurveyResponses | None = None,
) -> list[CandidateEvidence]:
    """Each candidate's public expectation from a consultation survey, where the evidence lacks it
    (``responses``: the survey already read, so it is read once)."""
    responses = responses if responses is not None else read_survey(survey_file)
    shares = public_expectation(summarise_survey(responses), candidates)
    return [
        replace(item, public_expectation=shares[item.name])
        if shares.get(item.name) is not None and item.public_expectation is None
        else item
        for item in evidence
    ]


def _pdf_ahead(paths: list[Path]):
    """While figures are drawn, the PDF's chapters are laid out, each once its own figures are drawn
    (when a PDF is wanted)."""
    pdf = next((path for path in paths if path.suffix == ".pdf"), None)
    if pdf is None:
        return None
    from cspkit.reports.writers.pdf import lay_out_ahead

    return lambda planned: lay_out_ahead(planned, pdf)


def _logo_type(path: Path) -> str:
    kinds = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
    if path.suffix.lower() not in kinds:
        raise CspkitError(f"{path}: a logo must be a PNG, JPEG or SVG file.")
    return kinds[path.suffix.lower()]


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
    extract.register_members(con, {"area": list(result.table("lsoas")["lsoa_code"])})
    return extract.lsoa_counts(con, "area", result.period)


def _formats(text: str) -> list[str]:
    wanted = list(dict.fromkeys(part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown or not wanted:
        raise CspkitError(f"Reports can be written as {', '.join(FORMATS)}; not {', '.join(unknown) or 'nothing'}.")
    return wanted


def _record(store: Store, ranking: Ranking, result: Assessment, scores_files: list[Path], by: str) -> int:
    inputs = [input_file("scores", path) for path in scores_files]
    return record_session(
        store,
        ranking,
        scored_by=by or _user(),
        inputs=inputs,
        note=f"strategic assessment report {result.identifier}",
        reuse_unchanged=True,  # a rebuild after editing the commentary is not a new scoring session
    )


def _tell(analyst: AnalystText, session: int | None) -> None:
    """What happened to the commentary file, so the analyst knows where their words are."""
    if analyst.created:
        _note(f"Started your commentary in {analyst.path}: edit it and run this again.")
    else:
        _note(
            f"Used your commentary in {analyst.path} ({_count(len(analyst.kept), 'part')} you edited kept, "
            f"{len(analyst.refreshed)} refreshed, {len(analyst.added)} added)."
        )
    empty = [analyst.sections[part].title for part in WRITTEN_BY_PEOPLE
             if part in analyst.sections and not analyst.text(part).strip()]
    if empty:
        _note(f"The report says Draft until you write: {'; '.join(empty)}.")
    if analyst.outdated:
        _note(f"Check: the figures behind {', '.join(analyst.outdated)} have changed since you edited them.")
    if session is not None:
        _note(f"Priorities recorded as scoring session {session} (cspkit priorities sessions).")


def _step(what: str, started: float) -> None:
    _note(f"{what} in {time.perf_counter() - started:.1f} s")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"


def _note(text: str) -> None:
    """One message on standard error, never wrapped mid-path."""
    err_console.print(text, highlight=False, markup=False, soft_wrap=True)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
