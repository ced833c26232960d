"""Rankings and survey summaries as tables (for CSV, Excel and the screen) and as JSON.

Tables keep numbers as numbers, so an analyst's spreadsheet can sum and chart them;
percentages are 0-100 and say so in their headings.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cspkit.priorities.consultation import SurveySummary
from cspkit.priorities.ranking import Ranking

PERCENT = "0.00"


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    formats: dict[str, str] | None = None  # Excel number format by column


def ranking_tables(ranking: Ranking) -> list[Table]:
    """Ranking (one row per candidate), Dimensions (the evidence and levels behind each score),
    Sensitivity (each weight moved), Template (what was used)."""
    template = ranking.template
    groups = [g.label for g in template.groups]
    ranking_rows = []
    for c in ranking.candidates:
        low, high = c.rank_range or (None, None)
        ranking_rows.append((c.rank, c.name, c.score, c.band, *(c.group_scores[g.key] for g in template.groups),
                             c.confidence, low, high, len(c.disagreements), c.explanation))
    dimension_rows = []
    for c in ranking.candidates:
        for d in c.dimensions:
            entries = d.agreement.entries if d.agreement else ()
            dimension_rows.append((
                c.name, template.group(d.group).label, d.label, d.level, d.level_label, d.value, d.source,
                d.confidence, d.evidence.reason if d.evidence else None,
                "; ".join(f"{e.scorer}: {e.level}" + (f" ({e.confidence})" if e.confidence else "") for e in entries)
                or None,
                "yes" if d.disagreement else None,
            ))
    sensitivity_rows = [
        (change.target, f"{change.factor - 1:+.0%}", "yes" if change.order_changed else "no",
         "; ".join(f"{name} {before} -> {after}" for name, before, after in change.moves) or None)
        for change in ranking.sensitivity.changes
    ]
    template_rows = [("name", template.name), ("title", template.title), ("notice", template.notice),
                     ("file", template.source), ("sha256", template.sha256), ("combine", template.combine),
                     ("scorers", ", ".join(ranking.scorers) or None)]
    return [
        Table("Ranking", ("rank", "candidate", "score", "band", *groups, "confidence", "best rank (±weights)",
                          "worst rank (±weights)", "disagreements", "why"), tuple(ranking_rows)),
        Table("Dimensions", ("candidate", "group", "dimension", "level", "level label", "value", "source",
                             "confidence", "evidence", "scorers", "disagreement"), tuple(dimension_rows)),
        Table("Sensitivity", ("weight", "change", "order changed", "moves"), tuple(sensitivity_rows)),
        Table("Template", ("setting", "value"), tuple(template_rows)),
    ]


def evidence_table(ranking: Ranking) -> Table:
    """The evidence each candidate was scored on, as a person would read it."""
    rows = []
    for c in ranking.candidates:
        e = c.evidence
        rows.append((c.name, "; ".join(e.crime_types) or None, e.count, e.rate_per_1000, e.change_pct,
                     e.change_verdict, e.trend_verdict, e.harm_weighted_count, e.harm_scheme_label,
                     None if e.public_expectation is None else 100 * e.public_expectation, e.notes or None))
    return Table("Evidence", ("candidate", "crime types", "count", "rate per 1,000", "change %", "change verdict",
                              "trend", "harm-weighted count", "harm index", "public expectation % (4-5)", "notes"),
                 tuple(rows), {"public expectation % (4-5)": PERCENT})


def survey_tables(summary: SurveySummary) -> list[Table]:
    """Summary (Stockton-style counts and shares per question, mean, top-two share with CI) and Themes."""
    levels = summary.questions[0].levels if summary.questions else tuple(range(summary.scale[0], summary.scale[1] + 1))
    base = "respondents" if summary.base == "respondents" else "answers"
    level_label = f"{levels[-2]}-{levels[-1]}"
    ci = f"{summary.confidence:.0%}"
    columns = ("rank", "question", "respondents", "answered", "no answer", *(f"n {lv}" for lv in levels),
               *(f"% {lv} (of {base})" for lv in levels), "mean", f"n {level_label}", f"% {level_label}",
               f"% {level_label} lower {ci}", f"% {level_label} upper {ci}")
    rows = []
    for q in summary.questions:
        rows.append((q.rank, q.question, q.respondents, q.answered, q.no_answer, *q.counts, *q.percents, q.mean,
                     q.top_two, *(None if v is None else 100 * v for v in (q.top_two_share, q.top_two_lower,
                                                                             q.top_two_upper))))
    formats = {c: PERCENT for c in columns if c.startswith("%")} | {"mean": "0.00"}
    tables = [Table("Summary", columns, tuple(rows), formats)]
    if summary.themes is not None:
        tally = summary.themes
        theme_rows = [(t.theme, t.respondents, 100 * t.share) for t in tally.counts]
        theme_rows.append(("(no theme: read these)", tally.unmatched,
                           100 * tally.unmatched / tally.commenters if tally.commenters else None))
        tables.append(Table("Themes", ("theme", "respondents", f"% of the {tally.commenters} who commented"),
                            tuple(theme_rows), {f"% of the {tally.commenters} who commented": PERCENT}))
    return tables


def ranking_json(ranking: Ranking) -> dict[str, Any]:
    template = ranking.template
    return {
        "template": {"name": template.name, "title": template.title, "notice": template.notice,
                     "source": template.source, "sha256": template.sha256},
        "scorers": list(ranking.scorers),
        "order_stable": ranking.sensitivity.stable,
        "sensitivity_step": ranking.sensitivity.step,
        "candidates": [
            {
                "name": c.name, "rank": c.rank, "score": c.score, "band": c.band, "confidence": c.confidence,
                "rank_range": list(c.rank_range) if c.rank_range else None,
                "group_scores": dict(c.group_scores), "explanation": c.explanation,
                "evidence": c.evidence.to_dict(),
                "dimensions": [
                    {"key": d.key, "label": d.label, "group": d.group, "level": d.level, "level_label": d.level_label,
                     "value": d.value, "source": d.source, "confidence": d.confidence,
                     "evidence": None if d.evidence is None else {
                         "measure": d.evidence.measure, "value": d.evidence.value, "level": d.evidence.level,
                         "reason": d.evidence.reason},
                     "scores": [{"scorer": e.scorer, "level": e.level, "confidence": e.confidence,
                                 "comment": e.comment} for e in (d.agreement.entries if d.agreement else ())],
                     "disagreement": d.disagreement}
                    for d in c.dimensions
                ],
            }
            for c in ranking.candidates
        ],
        "sensitivity": [{"weight": ch.target, "factor": ch.factor,
                         "moves": [{"candidate": n, "from": b, "to": a} for n, b, a in ch.moves]}
                        for ch in ranking.sensitivity.changes],
    }


def survey_json(summary: SurveySummary) -> dict[str, Any]:
    return {
        "source": summary.source,
        "respondents": summary.respondents,
        "scale": list(summary.scale),
        "base": summary.base,
        "confidence": summary.confidence,
        "questions": [
            {"rank": q.rank, "question": q.question, "text": q.text, "respondents": q.respondents,
             "answered": q.answered, "counts": dict(zip(map(str, q.levels), q.counts, strict=True)),
             "percents": dict(zip(map(str, q.levels), q.percents, strict=True)), "mean": q.mean,
             "top_two": q.top_two, "top_two_share": q.top_two_share,
             "top_two_ci": [q.top_two_lower, q.top_two_upper]}
            for q in summary.questions
        ],
        "themes": None if summary.themes is None else {
            "commenters": summary.themes.commenters,
            "unmatched": summary.themes.unmatched,
            "counts": [{"theme": t.theme, "respondents": t.respondents, "share": t.share}
                       for t in summary.themes.counts],
        },
    }


def write_json(data: dict[str, Any], stream: IO[str]) -> None:
    json.dump(data, stream, indent=2, default=str)
    stream.write("\n")


def write_csv(table: Table, stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:  # ten significant figures: exact enough, without binary noise like 2.0833333333333335
        writer.writerow([f"{v:.10g}" if isinstance(v, float) else v for v in row])


def write_xlsx(tables: Sequence[Table], path: str | Path) -> Path:
    """One sheet per table, headings in bold, numbers stored as numbers with a sensible format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for index, column in enumerate(table.columns, start=1):
            fmt = (table.formats or {}).get(column)
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = fmt
        sheet.freeze_panes = "A2"
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target

