"""The "ASB casework and powers" section of the board report, built only from
:func:`cspkit.web.cases.counts.casework_counts`: counts, never people. The strategic assessment
gets the same counts through a file (:mod:`cspkit.web.cases.counts_export`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cspkit.casework.counts import display
from cspkit.web.cases.counts import CaseworkCounts, casework_counts


@dataclass(frozen=True)
class CountRow:
    label: str
    values: tuple[str, ...]


def _financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def casework_rows(partnership, starts: date, ends: date) -> tuple[tuple[str, ...], list[CountRow], int]:
    """Rows for the quarter and the financial year to date; rows that are zero in both are left out."""
    periods: list[CaseworkCounts] = [
        casework_counts(partnership, starts, ends),
        casework_counts(partnership, _financial_year_start(starts), ends),
    ]
    rows: list[CountRow] = []

    def add(label: str, values: list[int | None]) -> None:
        if any(v != 0 for v in values):
            rows.append(CountRow(label, tuple(display(v) for v in values)))

    add("Cases opened", [p.cases_opened for p in periods])
    add("Cases closed", [p.cases_closed for p in periods])
    add("Cases open at the end of the period", [p.open_at_end for p in periods])
    for power in periods[0].interventions:
        add(power, [p.interventions[power] for p in periods])
    add("Breaches recorded", [p.breaches for p in periods])
    for level in ("high", "medium", "standard"):
        add(f"Risk assessments: {level}", [p.risk_levels[level] for p in periods])
    add("Repeat victims", [p.repeat_victims for p in periods])
    add("ASB Case Review applications", [p.case_review_applications for p in periods])
    add("... threshold met", [p.case_reviews_threshold_met for p in periods])
    add("... leading to recommendations", [p.case_reviews_with_recommendations for p in periods])
    return ("This quarter", "Year to date"), rows, periods[0].smallest_shown
