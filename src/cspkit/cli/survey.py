"""``cspkit survey ...``: summarise a consultation survey export; write a demo survey."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cspkit.cli.console import console, err_console, plain, starting, user_errors
from cspkit.cli.priorities import Format, open_output
from cspkit.errors import CspkitError

if TYPE_CHECKING:
    from cspkit.priorities.consultation import SurveySummary

app = typer.Typer(help="Summarise public consultation surveys.", no_args_is_help=True)


class Base(StrEnum):
    answered = "answered"
    respondents = "respondents"


@app.command("summarise")
def summarise(
    path: Path = typer.Argument(..., help="Survey export (.csv or .xlsx): one row per respondent."),
    id_column: str | None = typer.Option(None, "--id-column", help="Respondent id column (found if not given)."),
    questions: list[str] = typer.Option([], "--question", "-q", help="A 1-5 question column; repeatable."),
    texts: list[str] = typer.Option([], "--text", help="A free-text column; repeatable."),
    themes_file: Path | None = typer.Option(None, "--themes", help="Themes file (YAML); default: cspkit's list."),
    no_themes: bool = typer.Option(False, "--no-themes", help="Do not tally free text."),
    base: Base = typer.Option(Base.answered, "--base",
                              help="Percentages of those who answered each question, or of all respondents."),
    output_format: Format = typer.Option(Format.table, "--format", "-f"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (needed for xlsx)."),
) -> None:
    """Share of answers at each level per question, mean, share answering 4-5 (95% CI), ranking, themes."""
    with user_errors(), starting("Reading the survey…"):
        from cspkit.priorities.consultation import summarise_survey
        from cspkit.priorities.survey import read_survey
        from cspkit.priorities.themes import load_themes
    with user_errors():
        if output_format is Format.xlsx and output is None:
            raise CspkitError("Excel output needs a file: add --output survey.xlsx")
        responses = read_survey(path, id_column=id_column, questions=questions or None, text_columns=texts or None)
        themes = None if no_themes else load_themes(themes_file)
        summary = summarise_survey(responses, base=base.value, themes=themes)
        _emit(summary, output_format, output)


@app.command("demo")
def demo(
    output: Path = typer.Argument(..., help="Where to write the demo survey (CSV)."),
    respondents: int = typer.Option(240, "--respondents", min=1),
    seed: int = typer.Option(2024, "--seed"),
) -> None:
    """Write a fictional survey export (Microsoft Forms style) to try the commands on."""
    with user_errors():
        from cspkit.priorities.survey_demo import write_demo_survey

        if output.exists():
            raise CspkitError(f"{output} already exists; choose another name or delete it first.")
        write_demo_survey(output, respondents=respondents, seed=seed)
    err_console.print(f"Wrote {output}: {respondents} fictional respondents. Try: cspkit survey summarise {output}")


def _emit(summary: SurveySummary, output_format: Format, output: Path | None) -> None:
    from cspkit.priorities.export import survey_json, survey_tables, write_csv, write_json, write_xlsx

    if output_format is Format.xlsx:
        write_xlsx(survey_tables(summary), output)
        err_console.print(f"Wrote {output}.")
        return
    if output_format is Format.table:
        _print_summary(summary)
        return
    with open_output(output) as stream:
        if output_format is Format.csv:
            write_csv(survey_tables(summary)[0], stream)
        else:
            write_json(survey_json(summary), stream)


def _print_summary(summary: SurveySummary) -> None:
    from rich.table import Table as RichTable

    base = "all respondents" if summary.base == "respondents" else "those who answered"
    console.print(f"[bold]{summary.respondents:,} respondents[/]; shares at each level are of {base}.",
                  highlight=False)
    levels = summary.questions[0].levels if summary.questions else ()
    top = f"{levels[-2]}-{levels[-1]}" if levels else "4-5"
    table = RichTable("rank", "question", *(str(lv) for lv in levels), "mean", f"% {top} (95% CI)", "answered")
    for q in summary.questions:
        cells = [f"{p:.1f}% ({n})" if p is not None else "-" for p, n in zip(q.percents, q.counts, strict=True)]
        share = "-" if q.top_two_share is None else (
            f"{100 * q.top_two_share:.1f}% ({100 * q.top_two_lower:.1f}-{100 * q.top_two_upper:.1f})")
        table.add_row("-" if q.rank is None else str(q.rank), plain(q.question), *cells,
                      "-" if q.mean is None else f"{q.mean:.2f}", share, f"{q.answered:,}")
    console.print(table)
    if summary.themes is not None and summary.themes.commenters:
        themes = RichTable("theme", "respondents", f"% of {summary.themes.commenters:,} who commented")
        for t in summary.themes.counts:
            if t.respondents:
                themes.add_row(plain(t.theme), f"{t.respondents:,}", f"{100 * t.share:.1f}%")
        themes.add_row("(no theme: read these)", f"{summary.themes.unmatched:,}",
                       f"{100 * summary.themes.unmatched / summary.themes.commenters:.1f}%")
        console.print(themes)
