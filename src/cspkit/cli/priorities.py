"""``cspkit priorities ...``: scoring templates, scoring sheets, ranked priorities and past sessions."""

from __future__ import annotations

import csv
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from cspkit.cli.console import console, err_console, plain, progress_bar, starting, user_errors
from cspkit.errors import CspkitError

if TYPE_CHECKING:
    from cspkit.priorities.candidates import Candidate
    from cspkit.priorities.evidence import CandidateEvidence
    from cspkit.priorities.ranking import Ranking
    from cspkit.priorities.scores import ScoreEntry

# cspkit.priorities, the store and the assessment are imported inside the commands that use them,
# so that `cspkit priorities --help` answers at once.

app = typer.Typer(help="Score candidate priorities with a template, the evidence and people's scores.",
                  no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


TEMPLATE_OPTION = typer.Option("morile-style", "--template", "-t",
                               help="A shipped template (morile-style, impact-likelihood-4x4) or a template file.")
CANDIDATES_OPTION = typer.Option(None, "--candidates", help="Candidates file (YAML); default: cspkit's list.")


@app.command("templates")
def templates() -> None:
    """List the scoring templates that come with cspkit."""
    from cspkit.priorities.template import load_template, shipped_template_names

    with user_errors():
        for name in shipped_template_names():
            template = load_template(name)
            console.print(f"[bold]{name}[/]: {template.title}", highlight=False)
            console.print(f"  {template.notice}", highlight=False, soft_wrap=True)


@app.command("template")
def template(
    name: str = typer.Argument(..., help="The shipped template to copy."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write it here to edit (default: print)."),
) -> None:
    """Copy a shipped template so you can edit it, then score with --template YOUR_FILE."""
    from cspkit.priorities.template import shipped_template_names, shipped_template_path

    with user_errors():
        if name not in shipped_template_names():
            raise CspkitError(f"No shipped template '{name}' ({', '.join(shipped_template_names())}).")
        text = shipped_template_path(name).read_text(encoding="utf-8")
        if output is None:
            sys.stdout.write(text)
            return
        _refuse_overwrite(output)
        output.write_text(text, encoding="utf-8")
        err_console.print(f"Wrote {output}. Edit it, then: cspkit priorities score --template {output}")


@app.command("sheet")
def sheet(
    output: Path = typer.Option(..., "--output", "-o", help="The scoring sheet to write (CSV)."),
    template_name: str = TEMPLATE_OPTION,
    candidates_file: Path | None = CANDIDATES_OPTION,
    scorer: str = typer.Option("", "--scorer", help="Fill in the scorer's name on every row."),
) -> None:
    """Write a blank scoring sheet: one row per candidate and dimension; fill in level and confidence."""
    from cspkit.priorities.candidates import load_candidates
    from cspkit.priorities.scores import SCORE_COLUMNS
    from cspkit.priorities.template import load_template

    with user_errors():
        scoring = load_template(template_name)
        candidates = load_candidates(candidates_file)
        _refuse_overwrite(output)
        with open(output, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow([*SCORE_COLUMNS, "question", "levels", "set from evidence if left blank"])
            for candidate in candidates:
                for dimension in scoring.dimensions.values():
                    levels = "; ".join(f"{s.level} {s.label}" for s in dimension.scale)
                    automatic = f"yes ({dimension.evidence.measure})" if dimension.evidence else "no"
                    writer.writerow([scorer, candidate.name, dimension.key, "", "", "", dimension.question, levels,
                                     automatic])
        err_console.print(f"Wrote {output}: {len(candidates)} candidates x {len(scoring.dimensions)} dimensions. "
                          f"Confidence is one of: {', '.join(scoring.confidence_levels)}.")


@app.command("score")
def score(
    template_name: str = TEMPLATE_OPTION,
    evidence_file: Path | None = typer.Option(
        None, "--evidence", "-e", help="Evidence per candidate (CSV or JSON); its rows are the candidates."),
    candidates_file: Path | None = CANDIDATES_OPTION,
    scores_files: list[Path] = typer.Option([], "--scores", "-s", help="People's scores (CSV or YAML); repeatable."),
    area: str | None = typer.Option(None, "--area", "-a", help="Fill the evidence from an assessment of this area."),
    period: str | None = typer.Option(None, "--period", "-p", help="The assessment's period, e.g. 2022-01..2022-11."),
    survey_file: Path | None = typer.Option(
        None, "--survey", help="Consultation survey export: fills public expectation where the evidence lacks it."),
    by: str = typer.Option("", "--by", help="Who is running this session (default: your user name)."),
    note: str | None = typer.Option(None, "--note", help="A note kept with the session."),
    record: bool = typer.Option(True, "--record/--no-record", help="Record the session in the evidence store."),
    output_format: Format = typer.Option(Format.table, "--format", "-f"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (needed for xlsx)."),
) -> None:
    """Score and rank the candidate priorities, explain each place and check it against ±20% weights."""
    with user_errors(), starting("Starting…"):
        from cspkit.priorities.candidates import Candidate, evidence_for, load_candidates
        from cspkit.priorities.evidence import read_evidence
        from cspkit.priorities.ranking import score_candidates
        from cspkit.priorities.scores import read_scores
        from cspkit.priorities.sessions import input_file, record_session
        from cspkit.priorities.template import load_template
        from cspkit.store import open_store
    with user_errors():
        if output_format is Format.xlsx and output is None:
            raise CspkitError("Excel output needs a file: add --output priorities.xlsx")
        scoring = load_template(template_name)
        inputs = []
        evidence = read_evidence(evidence_file) if evidence_file else []
        if evidence_file:
            inputs.append(input_file("evidence", evidence_file))
        if area or period:
            if not (area and period) or evidence_file:
                raise CspkitError("Give --area with --period (and no --evidence) to score from an assessment.")
            evidence = _evidence_from_assessment(area, period, load_candidates(candidates_file))
        if candidates_file is not None or not evidence:
            candidates = load_candidates(candidates_file)
            if candidates_file is not None:
                inputs.append(input_file("candidates", candidates_file))
        else:
            candidates = [Candidate(e.name, e.crime_types) for e in evidence]
        evidence = evidence_for(candidates, evidence)
        if survey_file is not None:
            evidence = _with_survey(evidence, candidates, survey_file)
            inputs.append(input_file("survey", survey_file))
        entries = []
        for path in scores_files:
            entries.extend(read_scores(path, scoring, [c.name for c in candidates]))
            inputs.append(input_file("scores", path))
        _check_no_scorer_twice(entries)
        ranking = score_candidates(scoring, evidence, entries)
        session_id = None
        if record:
            with open_store() as store:
                session_id = record_session(store, ranking, scored_by=by or _user(), inputs=inputs, note=note)
        _emit(ranking, output_format, output)
        if session_id is not None:
            err_console.print(f"Recorded as scoring session {session_id} (cspkit priorities sessions).")


def _evidence_from_assessment(area: str, period: str, candidates: list[Candidate]) -> list:
    """Assess the area, then take each candidate's evidence from the assessment."""
    from cspkit.assess.build import AssessmentRequest, build_assessment
    from cspkit.assess.harm import harm_by_crime_type
    from cspkit.assess.period import parse_period
    from cspkit.priorities.from_assessment import evidence_from_assessment
    from cspkit.store import open_store

    with open_store() as store, progress_bar("Assessing") as progress:
        assessment = build_assessment(store, AssessmentRequest(area=area, period=parse_period(period)), progress)
        harm, label = harm_by_crime_type(store.con)
    return evidence_from_assessment(assessment, candidates, harm, label)


@app.command("sessions")
def sessions() -> None:
    """List recorded scoring sessions, newest first."""
    from rich.table import Table as RichTable

    with user_errors(), starting("Reading the evidence store…"):
        from cspkit.priorities.sessions import list_sessions
        from cspkit.store import open_store
    with user_errors(), open_store() as store:
        found = list_sessions(store)
    if not found:
        console.print("No scoring sessions recorded yet.")
        return
    table = RichTable("session", "when", "by", "template", "checksum", "scorers", "ranked", "note")
    for s in found:
        table.add_row(str(s.session_id), f"{s.scored_at:%Y-%m-%d %H:%M}", s.scored_by, s.template_name,
                      s.template_sha256[:12], ", ".join(s.scorers) or "-", f"{s.ranked} of {s.candidates}",
                      s.note or "")
    console.print(table)


def _with_survey(evidence: list[CandidateEvidence], candidates: list[Candidate],
                 survey_file: Path) -> list[CandidateEvidence]:
    from cspkit.priorities.consultation import public_expectation, summarise_survey
    from cspkit.priorities.survey import read_survey

    summary = summarise_survey(read_survey(survey_file))
    shares = public_expectation(summary, candidates)
    filled = []
    for item in evidence:
        share = shares.get(item.name)
        if share is not None and item.public_expectation is None:
            item = replace(item, public_expectation=share)
        filled.append(item)
    unmatched = [q.question for q in summary.questions if not any(c.matches(q.question) for c in candidates)]
    if unmatched:
        err_console.print(f"[yellow]Warning:[/] survey questions matching no candidate: {plain(', '.join(unmatched))} "
                          "(add them as survey_labels in the candidates file).", highlight=False)
    return filled


def _check_no_scorer_twice(entries: list[ScoreEntry]) -> None:
    seen = set()
    for entry in entries:
        key = (entry.scorer.casefold(), entry.candidate, entry.dimension)
        if key in seen:
            raise CspkitError(f"{entry.scorer} scored {entry.dimension} for {entry.candidate} in two scores files.")
        seen.add(key)


def _emit(ranking: Ranking, output_format: Format, output: Path | None) -> None:
    from cspkit.priorities.export import evidence_table, ranking_json, ranking_tables, write_csv, write_json, write_xlsx

    if output_format is Format.xlsx:
        write_xlsx([*ranking_tables(ranking), evidence_table(ranking)], output)
        err_console.print(f"Wrote {output}.")
        return
    if output_format is Format.table:
        _print_ranking(ranking)
        return
    with open_output(output) as stream:
        if output_format is Format.csv:
            write_csv(ranking_tables(ranking)[0], stream)
        else:
            write_json(ranking_json(ranking), stream)


def _print_ranking(ranking: Ranking) -> None:
    from rich.table import Table as RichTable

    from cspkit.priorities.explain import number

    template = ranking.template
    console.print(f"[bold]{template.title}[/]", highlight=False)
    console.print(f"[dim]{template.notice}[/]", highlight=False)
    table = RichTable("rank", "candidate", "score", *(g.label for g in template.groups), "confidence", "why",
                      show_lines=True)
    for c in ranking.candidates:
        score = "-" if c.score is None else number(c.score) + (f" ({c.band})" if c.band else "")
        table.add_row("-" if c.rank is None else str(c.rank), plain(c.name), score,
                      *("-" if c.group_scores[g.key] is None else number(c.group_scores[g.key])
                        for g in template.groups),
                      c.confidence or "-", plain(c.explanation))
    console.print(table)
    if ranking.sensitivity.stable:
        console.print(f"The order holds when any one weight moves by {ranking.sensitivity.step:.0%}.")
    else:
        changed = sorted({ch.target for ch in ranking.sensitivity.changes if ch.order_changed})
        console.print(f"The order changes when one of these weights moves by {ranking.sensitivity.step:.0%}: "
                      f"{', '.join(changed)}.", highlight=False)


@contextmanager
def open_output(output: Path | None) -> Iterator[IO[str]]:
    """The file to write CSV or JSON to, or standard output when no file is given."""
    if output is None:
        yield sys.stdout
        return
    with open(output, "w", newline="", encoding="utf-8") as stream:
        yield stream
    err_console.print(f"Wrote {output}.")


def _refuse_overwrite(path: Path) -> None:
    if path.exists():
        raise CspkitError(f"{path} already exists; choose another name or delete it first.")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
